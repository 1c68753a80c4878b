package dev.aval.imports;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.credit.AccountImportWriter;
import dev.aval.credit.AccountImportWriter.Outcome;
import dev.aval.credit.AccountImportWriter.Result;
import dev.aval.imports.ChunkReader.Item;
import dev.aval.imports.ImportRepository.Failure;
import dev.aval.imports.ImportRepository.Progress;
import dev.aval.imports.ImportRepository.TakenOver;
import dev.aval.platform.Problem.FieldError;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Writes a chunk and the job's progress in ONE transaction, guarded by the job's position so a
 * chunk is applied exactly once; a chunk a row breaks is retried row by row, so good rows still
 * land and the bad one becomes a row error. A failure of the database itself
 * ({@link TransientFailure}) is retried with a bounded backoff, never turned into row errors.
 */
@ApplicationScoped
class ChunkCommitter {

    /** Backoff while the database is away: 0.25 s doubling up to 5 s, 8 retries (about half a minute). */
    private static final Duration RETRY_FIRST = Duration.ofMillis(250);

    private static final Duration RETRY_MAX = Duration.ofSeconds(5);
    private static final int RETRIES = 8;

    @Inject
    ImportRepository repository;

    @Inject
    AccountImportWriter writer;

    private volatile boolean stopping;

    /** At shutdown: failures are passed on at once instead of retried, and no longer blamed on rows. */
    void stop() {
        stopping = true;
    }

    /**
     * Database work of a job that outlives a blip: while the failure is {@link TransientFailure
     * transient} it is run again (afresh: {@code work} builds a new statement or transaction)
     * with a bounded backoff; past that, or at shutdown, the failure is passed on. A chunk whose
     * commit landed although its answer was lost is not applied twice: its retry meets the
     * job's position guard ({@link TakenOver}) and the job resumes after what committed.
     */
    <T> Uni<T> retrying(UUID id, Supplier<Uni<? extends T>> work) {
        return Uni.createFrom()
                .<T>deferred(work)
                .onFailure(e -> !stopping && TransientFailure.is(e))
                .invoke(e -> Log.warnf("import %s: the database failed (%s); retrying", id, e.toString()))
                .onFailure(e -> !stopping && TransientFailure.is(e))
                .retry()
                .withBackOff(RETRY_FIRST, RETRY_MAX)
                .atMost(RETRIES);
    }

    /** Refreshes the planner statistics of the tables the writer grows. */
    Uni<Void> refreshStatistics() {
        return repository.refreshStatistics(writer);
    }

    /**
     * Applies one chunk exactly once; when a row breaks it, row by row. A transient database
     * failure is retried as the chunk, never turned into row errors. Completes with the new
     * processed count.
     */
    Uni<Integer> apply(AccountImportWriter.Batch batch, List<Item> chunk, int processed) {
        return commit(batch, chunk, processed)
                .onFailure(this::rowsAtFault)
                .recoverWithUni(e -> {
                    Log.warnf(
                            "import %s: chunk after row %d failed (%s); retrying row by row",
                            batch.importId(), processed, e.toString());
                    return Multi.createFrom()
                            .range(0, chunk.size())
                            .onItem()
                            .transformToUniAndConcatenate(i -> applyRow(batch, chunk.get(i), processed + i))
                            .onItem()
                            .ignoreAsUni();
                })
                .replaceWith(processed + chunk.size());
    }

    /** One row in its own transaction; when the row itself makes that fail, the row is recorded as failed. */
    private Uni<Void> applyRow(AccountImportWriter.Batch batch, Item item, int position) {
        return commit(batch, List.of(item), position)
                .onFailure(this::rowsAtFault)
                .recoverWithUni(rowFailure -> {
                    Failure failure = new Failure(
                            item.record().line(),
                            item.row() != null
                                    ? item.row().document()
                                    : item.invalid().document(),
                            List.of(new FieldError("record", "could not be applied: " + reason(rowFailure))),
                            item.record().values());
                    Progress progress = new Progress(1, 0, 0, 0, List.of(failure));
                    // the row's document is met all the same: a later duplicate of it is still a row error
                    return retrying(
                            batch.importId(),
                            () -> repository.inTransaction(tx -> repository
                                    .lockProgress(tx, batch.importId(), position)
                                    .chain(() -> repository.meet(
                                            tx, batch.importId(), ChunkReader.metDocuments(List.of(item))))
                                    .chain(() -> repository.record(tx, batch.importId(), progress))));
                });
    }

    /** A failed transaction that the rows may explain: not a takeover, a shutdown, nor the database away. */
    private boolean rowsAtFault(Throwable e) {
        return !(e instanceof TakenOver) && !stopping && !TransientFailure.is(e);
    }

    /**
     * One transaction: guard the job's position, register the documents the chunk meets (a
     * document met before is a row error), apply the valid rows, record outcomes and progress.
     * The rows go to the writer in document order, which is the order it inserts new accounts
     * in: two imports opening the same new documents (A, B in one file, B, A in the other) on two
     * instances then wait on each other in one direction instead of deadlocking.
     */
    private Uni<Void> commit(AccountImportWriter.Batch batch, List<Item> items, int processed) {
        Set<String> met = ChunkReader.metDocuments(items);
        return retrying(
                batch.importId(),
                () -> repository.inTransaction(tx -> repository
                        .lockProgress(tx, batch.importId(), processed)
                        .chain(() -> repository.meet(tx, batch.importId(), met))
                        .map(fresh -> ChunkReader.withDuplicates(items, fresh))
                        .chain(checked -> writer.apply(tx, batch, valid(checked))
                                .chain(outcomes ->
                                        repository.record(tx, batch.importId(), progress(checked, outcomes))))));
    }

    private static List<AccountImportWriter.Row> valid(List<Item> items) {
        List<AccountImportWriter.Row> valid = new ArrayList<>(items.size());
        for (Item item : items) {
            if (item.row() != null) {
                valid.add(item.row());
            }
        }
        valid.sort(Comparator.comparing(AccountImportWriter.Row::document));
        return valid;
    }

    /** The chunk's counts and failed rows; {@code outcomes} are matched to their records by line. */
    static Progress progress(List<Item> items, List<Outcome> outcomes) {
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        List<Failure> failures = new ArrayList<>();
        Map<Integer, Outcome> byLine = new HashMap<>(outcomes.size() * 2);
        outcomes.forEach(outcome -> byLine.put(outcome.line(), outcome));
        for (Item item : items) {
            if (item.invalid() != null) {
                failures.add(new Failure(
                        item.record().line(),
                        item.invalid().document(),
                        item.invalid().errors(),
                        item.record().values()));
                continue;
            }
            Outcome outcome = byLine.get(item.record().line());
            if (outcome.result() == Result.CREATED) {
                created++;
            } else if (outcome.result() == Result.UPDATED) {
                updated++;
            } else if (outcome.result() == Result.UNCHANGED) {
                unchanged++;
            } else {
                failures.add(new Failure(
                        item.record().line(),
                        item.row().document(),
                        List.of(new FieldError(outcome.field(), outcome.message())),
                        item.record().values()));
            }
        }
        return new Progress(items.size(), created, updated, unchanged, failures);
    }

    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
