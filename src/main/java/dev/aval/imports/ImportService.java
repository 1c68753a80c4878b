package dev.aval.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import dev.aval.credit.ImportMode;
import dev.aval.imports.ImportRepository.Failure;
import dev.aval.imports.ImportRepository.Job;
import dev.aval.platform.Cursor;
import dev.aval.platform.Idempotency;
import dev.aval.platform.Ids;
import dev.aval.platform.Page;
import dev.aval.platform.Problem.FieldError;
import dev.aval.platform.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Uploads become stored files and QUEUED jobs; the history and failed rows are read back here. */
@ApplicationScoped
public class ImportService {

    /** The CSV template: the header and one example row (the API's and the console's download). */
    public static final String TEMPLATE = "documentType,document,email,creditLimit,tolerance\r\n"
            + "CPF,123.456.789-09,compras@cliente.com.br,1500.00,0.1000\r\n";

    private static final int ERROR_PAGE = 1000;
    private static final String LOCATION = "/v1/distributors/%s/credit-accounts/imports/%s";
    private static final String POST = "POST";
    /** api.md "Imports": at most this many jobs QUEUED or RUNNING per distributor. */
    static final int MAX_ACTIVE = 3;
    /** What a refused upload is told to wait: about what a mid-sized job takes. */
    static final int RETRY_AFTER_SECONDS = 30;

    @Inject
    ImportRepository repository;

    @Inject
    ImportStore store;

    @Inject
    ImportQueue queue;

    @Inject
    Idempotency idempotency;

    @Inject
    ImportConfig config;

    /**
     * A raw {@code text/csv} body, streamed into the database (413 past the limit): 202 with the
     * QUEUED import and its Location. With an {@code Idempotency-Key} ({@code key}, scoped by
     * {@code path}), at most one job per key: see {@link #acceptOnce}.
     */
    public Uni<Response> upload(
            String distributorId,
            ImportMode mode,
            boolean dryRun,
            InputStream body,
            String key,
            String path,
            String actor) {
        if (key == null) {
            return accept(distributorId, mode, dryRun, null, actor, id -> store.save(id, body))
                    .map(view -> accepted(distributorId, view));
        }
        return acceptOnce(
                distributorId,
                mode,
                dryRun,
                null,
                key,
                path,
                actor,
                () -> Uni.createFrom().item(body));
    }

    /** A multipart file that quarkus-rest streamed to a temporary file, copied into the database. */
    public Uni<ImportView> upload(
            String distributorId, ImportMode mode, boolean dryRun, String fileName, Path uploaded, String actor) {
        return accept(distributorId, mode, dryRun, fileName, actor, id -> store.save(id, uploaded));
    }

    /** The same, answered as the API does, with an optional {@code Idempotency-Key}. */
    public Uni<Response> upload(
            String distributorId,
            ImportMode mode,
            boolean dryRun,
            String fileName,
            Path uploaded,
            String key,
            String path,
            String actor) {
        if (key == null) {
            return upload(distributorId, mode, dryRun, fileName, uploaded, actor)
                    .map(view -> accepted(distributorId, view));
        }
        return acceptOnce(
                distributorId,
                mode,
                dryRun,
                fileName,
                key,
                path,
                actor,
                () -> Uni.createFrom()
                        .item(() -> {
                            try {
                                return Files.newInputStream(uploaded);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        })
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    /**
     * An upload with an Idempotency-Key (api.md "Imports"), through
     * {@link Idempotency#runStreamed}: the key is claimed before a byte is read (a concurrent
     * upload with it: 409 at once); the file is streamed into the database and hashed (SHA-256) on
     * the way, never held in memory; the job is created in the transaction that stores the 202 and
     * the hash of (mode, dryRun, file), so the two commit together. A retry with the key has its
     * file hashed, not stored: the same query and bytes replay that 202, anything else is 422
     * IDEMPOTENCY_KEY_REUSED.
     */
    private Uni<Response> acceptOnce(
            String distributorId,
            ImportMode mode,
            boolean dryRun,
            String fileName,
            String key,
            String path,
            String actor,
            Supplier<Uni<InputStream>> open) {
        UUID id = Ids.newId();
        String name = fileName(fileName);
        long max = config.maxFileSize().asLongValue();
        return idempotency
                .runStreamed(
                        distributorId,
                        POST,
                        path,
                        key,
                        () -> roomInQueue(distributorId).chain(open::get).chain(in -> {
                            DigestInputStream digesting = new DigestInputStream(in, UploadDigest.sha256());
                            return store.save(id, digesting)
                                    .map(size -> new Idempotency.Streamed<>(
                                            request(mode, dryRun, UploadDigest.hex(digesting)), size));
                        }),
                        () -> open.get()
                                .chain(in -> UploadDigest.of(in, max))
                                .map(sha256 -> request(mode, dryRun, sha256)),
                        (tx, size) -> repository
                                .insert(tx, id, distributorId, mode, dryRun, name, size, actor, MAX_ACTIVE)
                                .onFailure(ImportRepository.QueueFull.class)
                                .transform(e -> queueFull())
                                .map(job -> accepted(distributorId, job.view())))
                .onFailure()
                .call(() -> store.delete(id))
                .invoke(response -> {
                    if (!"true".equals(response.getHeaderString(Idempotency.REPLAYED))) {
                        queued(id, distributorId, mode, dryRun, actor);
                    }
                });
    }

    /** What a retry must repeat to be replayed: the query and the file's bytes. */
    private static Object request(ImportMode mode, boolean dryRun, String sha256) {
        return Map.of("mode", mode.name(), "dryRun", dryRun, "sha256", sha256);
    }

    /**
     * Refused at once when the distributor already has {@value #MAX_ACTIVE} jobs waiting or
     * running, before a byte of the file is read; counted again, one upload at a time, when the
     * job is created.
     */
    private Uni<ImportView> accept(
            String distributorId,
            ImportMode mode,
            boolean dryRun,
            String fileName,
            String actor,
            Function<UUID, Uni<Long>> keep) {
        UUID id = Ids.newId();
        String name = fileName(fileName);
        return roomInQueue(distributorId)
                .chain(() -> keep.apply(id))
                .chain(size -> repository
                        .insert(id, distributorId, mode, dryRun, name, size, actor, MAX_ACTIVE)
                        .onFailure()
                        .call(() -> store.delete(id)))
                .onFailure(ImportRepository.QueueFull.class)
                .transform(e -> queueFull())
                .invoke(job -> queued(id, distributorId, mode, dryRun, actor))
                .map(Job::view);
    }

    /** Refuses at once (429) when the distributor already has its most jobs waiting or running. */
    private Uni<Void> roomInQueue(String distributorId) {
        return repository
                .active(distributorId)
                .invoke(active -> {
                    if (active >= MAX_ACTIVE) {
                        throw queueFull();
                    }
                })
                .replaceWithVoid();
    }

    private void queued(UUID id, String distributorId, ImportMode mode, boolean dryRun, String actor) {
        Log.infof(
                "import %s queued for distributor %s: %s%s by %s",
                id, distributorId, mode, dryRun ? " (dry run)" : "", actor);
        queue.kick();
    }

    /** The uploaded file's name as stored: its last 255 characters, control characters (NUL too) as '_'. */
    private static String fileName(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return null;
        }
        String tail = fileName.length() > 255 ? fileName.substring(fileName.length() - 255) : fileName;
        if (Character.isLowSurrogate(tail.charAt(0))) {
            tail = tail.substring(1); // the cut split a character: none of it is kept
        }
        return tail.codePoints()
                .map(c -> Character.isISOControl(c) ? '_' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    /** 202 with the QUEUED import and, as Location, where to follow it. */
    private static Response accepted(String distributorId, ImportView view) {
        return Response.accepted(view)
                .location(URI.create(LOCATION.formatted(distributorId, view.id())))
                .build();
    }

    public Uni<ImportView> get(String distributorId, String importId) {
        return job(distributorId, importId).map(Job::view);
    }

    public Uni<Page<ImportView>> history(String distributorId, Integer limit, String cursor) {
        int size = Cursor.limit(limit);
        UUID before = Cursor.decodeId(cursor);
        return repository
                .history(distributorId, before, size + 1)
                .map(rows -> Page.of(rows, size, j -> j.id().toString(), Job::view));
    }

    public Uni<Page<ImportErrorView>> errors(String distributorId, String importId, Integer limit, String cursor) {
        int size = Cursor.limit(limit);
        int after = afterLine(cursor);
        return job(distributorId, importId)
                .chain(job -> repository.failures(job.id(), after, size + 1))
                .map(rows -> Page.of(
                        rows,
                        size,
                        f -> Integer.toString(f.line()),
                        f -> new ImportErrorView(f.line(), f.document(), f.errors())));
    }

    /**
     * The failed rows as a CSV ready to fix and upload again: the header as uploaded plus
     * {@code error} (the row's messages joined by {@code "; "}, no line breaks, as api.md
     * specifies), the same delimiter, one line per failed row with its values as uploaded.
     * Streamed page by page, so a million failed rows never sit in memory.
     */
    public Uni<Multi<String>> errorsCsv(String distributorId, String importId) {
        return errorsCsv(distributorId, importId, Function.identity());
    }

    /** {@link #errorsCsv(String, String)} with each message said by {@code say} (the console's pt-BR). */
    public Uni<Multi<String>> errorsCsv(String distributorId, String importId, Function<String, String> say) {
        return job(distributorId, importId).map(job -> {
            char delimiter = job.delimiter() != null ? job.delimiter() : ',';
            List<String> uploaded = job.header() != null
                    ? job.header()
                    : List.of("documentType", "document", "email", "creditLimit", "tolerance");
            int width = uploaded.size();
            // the columns as uploaded but an 'error' one (a failed-rows file sent back): one 'error', today's
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                if (!uploaded.get(i).strip().equalsIgnoreCase(CsvFile.ERROR_COLUMN)) {
                    kept.add(i);
                }
            }
            List<String> header =
                    new ArrayList<>(kept.stream().map(uploaded::get).toList());
            header.add(CsvFile.ERROR_COLUMN);
            CSVFormat format =
                    CSVFormat.RFC4180.builder().setDelimiter(delimiter).get();
            Multi<String> rows = Multi.createBy()
                    .repeating()
                    .uni(
                            () -> new AtomicInteger(0),
                            after -> repository
                                    .failures(job.id(), after.get(), ERROR_PAGE)
                                    .invoke(page -> {
                                        if (!page.isEmpty()) {
                                            after.set(page.get(page.size() - 1).line());
                                        }
                                    }))
                    .until(List::isEmpty)
                    .onItem()
                    .transform(page -> {
                        StringBuilder sb = new StringBuilder();
                        for (Failure f : page) {
                            sb.append(line(format, neutralised(withError(f, width, kept, say))));
                        }
                        return sb.toString();
                    });
            return Multi.createBy()
                    .concatenating()
                    .streams(Multi.createFrom().item(line(format, neutralised(header))), rows);
        });
    }

    /** No cell of the file may run as a formula when a spreadsheet opens it (api.md, "Imports"). */
    private static List<String> neutralised(List<String> cells) {
        return cells.stream().map(SpreadsheetCells::neutralised).toList();
    }

    private static List<String> withError(Failure f, int width, List<Integer> kept, Function<String, String> say) {
        List<String> values = new ArrayList<>(f.record());
        while (values.size() < width) {
            values.add("");
        }
        List<String> row = new ArrayList<>(kept.stream().map(values::get).toList());
        StringBuilder error = new StringBuilder();
        for (FieldError e : f.errors()) {
            if (!error.isEmpty()) {
                error.append("; ");
            }
            error.append(say.apply(e.message()));
        }
        row.add(error.toString().replaceAll("[\\r\\n]+", " "));
        return row;
    }

    private static String line(CSVFormat format, List<String> values) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            printer.printRecord(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private Uni<Job> job(String distributorId, String importId) {
        UUID id;
        try {
            id = UUID.fromString(importId);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(notFound(importId));
        }
        return repository.find(distributorId, id).map(job -> {
            if (job == null) {
                throw notFound(importId);
            }
            return job;
        });
    }

    private static int afterLine(String cursor) {
        String position = Cursor.decode(cursor);
        if (position == null) {
            return 0;
        }
        try {
            return Integer.parseInt(position);
        } catch (NumberFormatException e) {
            throw ProblemException.validation("cursor", "is not a cursor returned by this list");
        }
    }

    private static ProblemException queueFull() {
        return new ProblemException(
                429,
                "IMPORT_QUEUE_FULL",
                "Too many imports",
                "this distributor already has " + MAX_ACTIVE
                        + " imports queued or running; send this one when one ends",
                List.of(),
                java.util.Map.of("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)));
    }

    private static ProblemException notFound(String importId) {
        return ProblemException.notFound("IMPORT_NOT_FOUND", "no import " + importId + " in this distributor");
    }
}
