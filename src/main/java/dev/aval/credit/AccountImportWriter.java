package dev.aval.credit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.platform.DocumentType;
import dev.aval.platform.EventLog;
import dev.aval.platform.EventType;
import dev.aval.platform.Ids;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Applies validated CSV rows to credit accounts with set-based SQL: the one place where an
 * import writes {@code credit_account} and {@code credit_statement_entry}. The caller owns the
 * transaction (so a job's progress commits with its rows) and guarantees that the documents of
 * one call are distinct.
 * <p>
 * Per row: CREATE opens an account (statement OPENED, amount = the opening limit); UPDATE
 * changes email, documentType, creditLimit and tolerance of the OPEN account of the document
 * (LIMIT_CHANGED / TOLERANCE_CHANGED entries, {@code version + 1}); identical values are
 * UNCHANGED (no entry, no version bump). {@code outstanding} is never touched.
 * <p>
 * Each applied row appends its event in the same transaction, all of a call's with one statement
 * ({@link EventLog#appendAll}): {@code credit_account.opened} or {@code credit_account.updated},
 * data the account as the API answers it after the change, reason {@code import:<id>}, actor the
 * import's. A dry run and an UNCHANGED row append nothing.
 */
@ApplicationScoped
public class AccountImportWriter {

    /** What happened (or, in a dry run, would happen) to one row. */
    public enum Result {
        CREATED,
        UPDATED,
        UNCHANGED,
        FAILED
    }

    /**
     * One validated row.
     *
     * @param documentTypeGiven false when the file left documentType blank (inferred): an
     *                          update then keeps the account's type
     * @param tolerance         null when the file left it blank: 0.0000 on create, kept on update
     */
    public record Row(
            int line,
            DocumentType documentType,
            boolean documentTypeGiven,
            String document,
            String email,
            BigDecimal creditLimit,
            BigDecimal tolerance) {}

    /** The outcome of one row; {@code field}/{@code message} only when FAILED. */
    public record Outcome(int line, Result result, String field, String message) {

        static Outcome of(Row row, Result result) {
            return new Outcome(row.line(), result, null, null);
        }

        static Outcome failed(Row row, String field, String message) {
            return new Outcome(row.line(), Result.FAILED, field, message);
        }
    }

    /** Who applies which rows how. */
    public record Batch(String distributorId, ImportMode mode, boolean dryRun, UUID importId, String actor) {

        String reference() {
            return "import:" + importId;
        }
    }

    /** A concurrent writer opened an account between our read and our insert: retry row by row. */
    public static final class ConcurrentChange extends RuntimeException {
        ConcurrentChange(String message) {
            super(message, null, false, false);
        }
    }

    /*
     * One index lookup per document, whatever the planner believes: an account table that grew
     * inside one import still has "empty table" statistics, and a plain join then scans every
     * account of the distributor once per document (seconds per chunk). LIMIT 1 keeps the
     * lateral subquery from being flattened into such a join. Documents are sorted, so the locks
     * of existing accounts are taken in document order (and INSERT_ACCOUNTS inserts new ones in
     * document order too): two imports over the same documents cannot deadlock.
     */
    private static final String OPEN_ACCOUNTS = """
            select a.id, a.document, a.document_type, a.email, a.credit_limit, a.tolerance, a.outstanding
              from (select distinct unnest($2::text[]) as document order by 1) as d
             cross join lateral (
                   select * from credit_account a
                    where a.distributor_id = $1 and a.document = d.document and a.status = 'OPEN'
                    limit 1 %s) as a
            """;

    private static final String OPEN_ACCOUNTS_UNLOCKED = OPEN_ACCOUNTS.formatted("");
    private static final String OPEN_ACCOUNTS_LOCKED = OPEN_ACCOUNTS.formatted("for update");

    /** Fresh statistics for the tables an import grows, so every later plan uses the indexes. */
    private static final String ANALYZE = "analyze credit_account, credit_statement_entry";

    /**
     * New accounts start at version 1, like those the API opens. Inserted in document order: two
     * imports opening the same new documents wait on each other in one direction, never both.
     */
    private static final String INSERT_ACCOUNTS = """
            insert into credit_account (id, distributor_id, document, document_type, email, status,
                                        credit_limit, tolerance, outstanding, version, created_at, updated_at)
            select u.id, $1, u.document, u.document_type, u.email, 'OPEN', u.credit_limit, u.tolerance, 0, 1, $2, $2
              from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[]::numeric[], $8::text[]::numeric[])
                   as u (id, document, document_type, email, credit_limit, tolerance)
             order by u.document
            on conflict (distributor_id, document) where status = 'OPEN' do nothing
            """;

    /** Answers the accounts as they are after the update, with their reserved at $1, for their events. */
    private static final String UPDATE_ACCOUNTS =
            """
            update credit_account a
               set email = u.email, document_type = u.document_type, credit_limit = u.credit_limit,
                   tolerance = u.tolerance, version = a.version + 1, updated_at = $1
              from unnest($2::uuid[], $3::text[], $4::text[], $5::text[]::numeric[], $6::text[]::numeric[])
                   as u (id, email, document_type, credit_limit, tolerance)
             where a.id = u.id and a.status = 'OPEN'
            returning\s""" + AccountRepository.COLUMNS + ", credit_reserved(a.id, $1) as reserved";

    /**
     * reserved at the import's now ({@code credit_reserved}, V12, its one definition); an account the
     * import just opened has none, so its OPENED entry skips the look-up.
     */
    static final String RESERVED_AFTER = "credit_reserved(u.account_id, $3)";

    /** Dated like every statement entry ({@code credit_entry_at}, V12; see StatementWriter). */
    private static final String OCCURRED_AT = "credit_entry_at(u.account_id, $3)";

    private static final String INSERT_STATEMENT = """
            insert into credit_statement_entry (id, account_id, type, amount, outstanding_after, reserved_after,
                                                reference, reason, actor, occurred_at)
            select u.id, u.account_id, u.type, u.amount, u.outstanding,
                   case when u.type = 'OPENED' then 0 else %s end, $1, u.reason, $2,
                   case when u.type = 'OPENED' then $3 else %s end
              from unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[]::numeric[], $8::text[], $9::text[]::numeric[])
                   as u (id, account_id, type, amount, reason, outstanding)
            """.formatted(RESERVED_AFTER, OCCURRED_AT);

    private record Existing(
            UUID id,
            DocumentType documentType,
            String email,
            BigDecimal creditLimit,
            BigDecimal tolerance,
            BigDecimal outstanding) {}

    private static final class Plan {
        /** The unit of work's now, read once the accounts are locked. */
        final Instant now;

        final List<Outcome> outcomes = new ArrayList<>();
        /** The accounts the rows change, in row order: their events' order. */
        final List<UUID> changed = new ArrayList<>();
        /** The accounts the rows open, as they are once inserted. */
        final Map<UUID, CreditAccount> opened = new HashMap<>();

        final Columns inserts = new Columns(6);
        final Columns updates = new Columns(5);
        final Columns entries = new Columns(6);

        Plan(Instant now) {
            this.now = now;
        }
    }

    /** Column-wise arrays for one unnest(). */
    private static final class Columns {
        final List<List<Object>> columns = new ArrayList<>();

        Columns(int width) {
            for (int i = 0; i < width; i++) {
                columns.add(new ArrayList<>());
            }
        }

        void add(Object... values) {
            for (int i = 0; i < values.length; i++) {
                columns.get(i).add(values[i]);
            }
        }

        int size() {
            return columns.get(0).size();
        }

        boolean isEmpty() {
            return size() == 0;
        }

        Object array(int i) {
            List<Object> column = columns.get(i);
            Object first = column.get(0);
            return first instanceof UUID ? column.toArray(new UUID[0]) : column.toArray(new String[0]);
        }

        void into(Tuple tuple) {
            for (int i = 0; i < columns.size(); i++) {
                tuple.addValue(array(i));
            }
        }
    }

    /**
     * Applies the rows inside the caller's transaction and returns one outcome per row, in
     * input order. In a dry run nothing is written and nothing is locked.
     *
     * @throws ConcurrentChange (as a failed Uni) when another writer opened one of the
     *                          accounts meanwhile; the caller rolls back and retries row by row
     */
    @Inject
    EventLog events;

    public Uni<List<Outcome>> apply(SqlConnection tx, Batch batch, List<Row> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] documents = rows.stream().map(Row::document).toArray(String[]::new);
        return tx.preparedQuery(batch.dryRun() ? OPEN_ACCOUNTS_UNLOCKED : OPEN_ACCOUNTS_LOCKED)
                .execute(Tuple.of(batch.distributorId(), documents))
                // the time is read once the accounts are locked, as the ledger reads it: a chunk that
                // waited on a hold is dated after that hold's entry
                .map(found -> plan(batch, rows, existing(found), CreditAccountService.now()))
                .call(plan -> batch.dryRun() ? Uni.createFrom().voidItem() : write(tx, batch, plan))
                .map(plan -> plan.outcomes);
    }

    /**
     * Refreshes the planner's statistics of the account tables; call it (outside any
     * transaction) as an import makes them grow, e.g. each time the rows written grow twofold.
     */
    public Uni<Void> refreshStatistics(io.vertx.mutiny.sqlclient.Pool pool) {
        return pool.query(ANALYZE).execute().replaceWithVoid();
    }

    private static Map<String, Existing> existing(RowSet<io.vertx.mutiny.sqlclient.Row> found) {
        Map<String, Existing> byDocument = new HashMap<>();
        for (io.vertx.mutiny.sqlclient.Row r : found) {
            byDocument.put(
                    r.getString("document"),
                    new Existing(
                            r.getUUID("id"),
                            DocumentType.valueOf(r.getString("document_type")),
                            r.getString("email"),
                            r.getBigDecimal("credit_limit"),
                            r.getBigDecimal("tolerance"),
                            r.getBigDecimal("outstanding")));
        }
        return byDocument;
    }

    private static Plan plan(Batch batch, List<Row> rows, Map<String, Existing> existing, Instant now) {
        Plan plan = new Plan(now);
        for (Row row : rows) {
            Existing account = existing.get(row.document());
            if (account == null) {
                if (batch.mode() == ImportMode.UPDATE) {
                    plan.outcomes.add(Outcome.failed(row, "document", "no open credit account for this document"));
                } else {
                    planCreate(plan, batch, row, now);
                }
            } else if (batch.mode() == ImportMode.CREATE) {
                plan.outcomes.add(
                        Outcome.failed(row, "document", "an open credit account already exists for this document"));
            } else {
                planUpdate(plan, row, account);
            }
        }
        return plan;
    }

    private static void planCreate(Plan plan, Batch batch, Row row, Instant now) {
        UUID id = Ids.newId();
        BigDecimal limit = money(row.creditLimit());
        BigDecimal tolerance = rate(row.tolerance() == null ? BigDecimal.ZERO : row.tolerance());
        plan.changed.add(id);
        plan.opened.put(
                id,
                new CreditAccount(
                        id,
                        batch.distributorId(),
                        row.document(),
                        row.documentType(),
                        row.email(),
                        AccountStatus.OPEN,
                        limit,
                        tolerance,
                        Money.ZERO,
                        1,
                        now,
                        now,
                        null));
        plan.inserts.add(
                id,
                row.document(),
                row.documentType().name(),
                row.email(),
                limit.toPlainString(),
                tolerance.toPlainString());
        plan.entries.add(
                Ids.newId(),
                id,
                "OPENED",
                limit.toPlainString(),
                "opened by import: creditLimit " + limit.toPlainString() + ", tolerance " + tolerance.toPlainString(),
                "0.00");
        plan.outcomes.add(Outcome.of(row, Result.CREATED));
    }

    private static void planUpdate(Plan plan, Row row, Existing account) {
        DocumentType type = row.documentTypeGiven() ? row.documentType() : account.documentType();
        BigDecimal limit = money(row.creditLimit());
        BigDecimal tolerance = row.tolerance() == null ? account.tolerance() : rate(row.tolerance());
        boolean limitChanged = limit.compareTo(account.creditLimit()) != 0;
        boolean toleranceChanged = tolerance.compareTo(account.tolerance()) != 0;
        boolean changed = limitChanged
                || toleranceChanged
                || type != account.documentType()
                || !Objects.equals(row.email(), account.email());
        if (!changed) {
            plan.outcomes.add(Outcome.of(row, Result.UNCHANGED));
            return;
        }
        plan.changed.add(account.id());
        plan.updates.add(
                account.id(),
                row.email(),
                type.name(),
                limit.toPlainString(),
                rate(tolerance).toPlainString());
        if (limitChanged) {
            BigDecimal old = money(account.creditLimit());
            plan.entries.add(
                    Ids.newId(),
                    account.id(),
                    "LIMIT_CHANGED",
                    limit.subtract(old).toPlainString(),
                    "creditLimit " + old.toPlainString() + " → " + limit.toPlainString(),
                    money(account.outstanding()).toPlainString());
        }
        if (toleranceChanged) {
            plan.entries.add(
                    Ids.newId(),
                    account.id(),
                    "TOLERANCE_CHANGED",
                    "0.00",
                    "tolerance " + rate(account.tolerance()).toPlainString() + " → "
                            + rate(tolerance).toPlainString(),
                    money(account.outstanding()).toPlainString());
        }
        plan.outcomes.add(Outcome.of(row, Result.UPDATED));
    }

    private Uni<Void> write(SqlConnection tx, Batch batch, Plan plan) {
        Instant instant = plan.now;
        OffsetDateTime now = instant.atOffset(ZoneOffset.UTC);
        Uni<Void> inserted = Uni.createFrom().voidItem();
        if (!plan.inserts.isEmpty()) {
            Tuple insert = Tuple.of(batch.distributorId(), now);
            plan.inserts.into(insert);
            int expected = plan.inserts.size();
            inserted = tx.preparedQuery(INSERT_ACCOUNTS)
                    .execute(insert)
                    .invoke(result -> {
                        if (result.rowCount() != expected) {
                            throw new ConcurrentChange("another writer opened " + (expected - result.rowCount())
                                    + " of these accounts meanwhile");
                        }
                    })
                    .replaceWithVoid();
        }
        Uni<Void> entries = Uni.createFrom().voidItem();
        if (!plan.entries.isEmpty()) {
            Tuple tuple = Tuple.of(batch.reference(), batch.actor(), now);
            plan.entries.into(tuple);
            entries = tx.preparedQuery(INSERT_STATEMENT).execute(tuple).replaceWithVoid();
        }
        if (plan.updates.isEmpty()) {
            // every event is known before any write: the statements are pipelined, and the events'
            // JSON is written (deferred) once the inserts are on their way
            return Uni.combine()
                    .all()
                    .unis(
                            inserted,
                            entries,
                            Uni.createFrom()
                                    .deferred(() ->
                                            events.appendAll(tx, events(batch, plan, List.of(), Map.of(), instant))))
                    .discardItems();
        }
        // an update's event carries the account as the update left it
        Tuple update = Tuple.of(now);
        plan.updates.into(update);
        Uni<List<AccountRepository.Found>> updated =
                tx.preparedQuery(UPDATE_ACCOUNTS).execute(update).map(AccountRepository::founds);
        return Uni.combine()
                .all()
                .unis(inserted, updated, entries)
                .with((ignored, accounts, alsoIgnored) -> accounts)
                .chain(accounts -> AccountRepository.holders(
                                tx, accounts.stream().map(f -> f.account().id()).toList())
                        .chain(holders -> events.appendAll(tx, events(batch, plan, accounts, holders, instant))));
    }

    /** One event per applied row, in row order: the account as the API answers it after the row. */
    private static List<EventLog.Event> events(
            Batch batch,
            Plan plan,
            List<AccountRepository.Found> updated,
            Map<UUID, List<HolderView>> holders,
            Instant now) {
        Map<UUID, AccountRepository.Found> byId = new HashMap<>(updated.size() * 2);
        updated.forEach(f -> byId.put(f.account().id(), f));
        List<EventLog.Event> list = new ArrayList<>(plan.changed.size());
        for (UUID id : plan.changed) {
            CreditAccount opened = plan.opened.get(id);
            AccountView view;
            EventType type;
            if (opened != null) {
                view = AccountView.of(opened, List.of(), Money.ZERO);
                type = EventType.CREDIT_ACCOUNT_OPENED;
            } else {
                AccountRepository.Found f = byId.get(id);
                view = AccountView.of(f.account(), holders.getOrDefault(id, List.of()), f.reserved());
                type = EventType.CREDIT_ACCOUNT_UPDATED;
            }
            list.add(new EventLog.Event(
                    batch.distributorId(), type, id.toString(), view, batch.reference(), batch.actor(), now));
        }
        return list;
    }

    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    private static BigDecimal rate(BigDecimal tolerance) {
        return tolerance.setScale(4, RoundingMode.UNNECESSARY);
    }
}
