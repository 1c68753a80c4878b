package dev.aval.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.validation.Validator;

import dev.aval.credit.AccountImportWriter;
import dev.aval.credit.AccountImportWriter.Outcome;
import dev.aval.credit.AccountImportWriter.Result;
import dev.aval.imports.ImportRepository.Failure;
import dev.aval.imports.ImportRepository.Job;
import dev.aval.imports.ImportRepository.Progress;
import dev.aval.imports.ImportRepository.TakenOver;
import dev.aval.platform.Problem.FieldError;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Runs import jobs, one at a time, on its own thread (file reading is blocking I/O; database
 * work goes through the reactive {@code Pool} and is awaited here, never on the event loop).
 * <p>
 * A job streams its file twice: once to count records (and reject a malformed file before
 * changing anything), then in chunks of {@code aval.import.chunk-size} records. Each chunk is
 * applied in ONE transaction that also advances {@code processed_rows}; a restart skips the
 * records already committed and continues, so no row is applied twice. A chunk whose
 * transaction fails is retried row by row, so good rows still land and the bad one becomes a
 * row error.
 */
@ApplicationScoped
class ImportRunner {

    private static final FieldError DUPLICATE = new FieldError("document", "appears more than once in this file");

    @Inject
    ImportRepository repository;
    @Inject
    ImportStore store;
    @Inject
    ImportConfig config;
    @Inject
    AccountImportWriter writer;
    @Inject
    Pool pool;
    @Inject
    Validator validator;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "aval-import");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    /** One CSV record on its way: a valid row, or its errors. */
    private record Item(CsvFile.Record record, AccountImportWriter.Row row, RowValidator.Invalid invalid) {
    }

    void onStart(@Observes StartupEvent event) {
        repository.unfinished().subscribe().with(ids -> {
            for (UUID id : ids) {
                if (config.resumeOnStart()) {
                    Log.infof("resuming import %s interrupted by a restart", id);
                    submit(id);
                } else {
                    repository.finish(id, ImportStatus.FAILED, "interrupted by a restart of the service; upload the file again")
                            .subscribe().with(ok -> Log.infof("import %s marked FAILED after a restart", id),
                                    e -> Log.errorf("could not mark import %s FAILED: %s", id, e.toString()));
                }
            }
        }, e -> Log.errorf("could not look for interrupted imports: %s", e.toString()));
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void submit(UUID importId) {
        executor.execute(() -> run(importId));
    }

    private void run(UUID id) {
        Job job = repository.find(id).await().indefinitely();
        if (job == null || job.status() == ImportStatus.COMPLETED || job.status() == ImportStatus.FAILED) {
            return;
        }
        try {
            Path file = store.pathOf(id);
            if (!Files.isReadable(file)) {
                fail(id, "the uploaded file is no longer available; upload it again");
                return;
            }
            if (!repository.start(id).await().indefinitely()) {
                return;
            }
            CsvFile.Shape shape = CsvFile.detect(file);
            int total = job.totalRows() != null ? job.totalRows() : count(file, shape);
            if (job.totalRows() == null) {
                repository.shape(id, shape.header(), shape.delimiter(), total).await().indefinitely();
            }
            if (process(job, file, shape)) {
                repository.finish(id, ImportStatus.COMPLETED, null).await().indefinitely();
                store.delete(id);
                Job done = repository.find(id).await().indefinitely();
                Log.infof("import %s COMPLETED: %d rows, %d created, %d updated, %d unchanged, %d failed", id,
                        done.processedRows(), done.createdCount(), done.updatedCount(), done.unchangedCount(),
                        done.failedCount());
            }
        } catch (CsvFile.Unreadable e) {
            fail(id, e.getMessage());
        } catch (TakenOver e) {
            Log.warnf("import %s stopped here: %s", id, e.getMessage());
        } catch (Exception e) {
            if (stopping) {
                Log.infof("import %s interrupted by shutdown; it resumes at the next start", id);
                return;
            }
            Log.errorf(e, "import %s stopped unexpectedly", id);
            fail(id, "the import stopped unexpectedly (" + e.getClass().getSimpleName() + "); upload the file again");
        }
    }

    private void fail(UUID id, String reason) {
        Log.warnf("import %s FAILED: %s", id, reason);
        try {
            repository.finish(id, ImportStatus.FAILED, reason).await().indefinitely();
            store.delete(id);
        } catch (RuntimeException e) {
            Log.errorf("could not mark import %s FAILED (it stays RUNNING and resumes at the next start): %s", id, e);
        }
    }

    private static int count(Path file, CsvFile.Shape shape) throws Exception {
        int n = 0;
        try (CsvFile csv = CsvFile.open(file, shape)) {
            while (csv.next() != null) {
                n++;
            }
        }
        return n;
    }

    /** Returns false when stopped by a shutdown (the job resumes at the next start). */
    private boolean process(Job job, Path file, CsvFile.Shape shape) throws Exception {
        RowValidator rows = new RowValidator(shape, validator);
        SeenDocuments seen = new SeenDocuments();
        AccountImportWriter.Batch batch = new AccountImportWriter.Batch(job.distributorId(),
                AccountImportWriter.Mode.valueOf(job.mode().name()), job.dryRun(), job.id(), job.actor());
        int chunkSize = Math.max(1, config.chunkSize());
        try (CsvFile csv = CsvFile.open(file, shape)) {
            int processed = job.processedRows();
            for (int i = 0; i < processed; i++) {
                // already committed before a restart: only remember their documents
                classify(csv.next(), rows, seen);
            }
            List<Item> chunk = new ArrayList<>(chunkSize);
            // statistics refreshed each time the job's writes double, so plans follow the growth
            int analyzeAt = Math.max(processed * 2, 1000);
            CsvFile.Record record;
            while ((record = csv.next()) != null) {
                chunk.add(classify(record, rows, seen));
                if (chunk.size() == chunkSize) {
                    if (stopping) {
                        return false;
                    }
                    processed = apply(batch, chunk, processed);
                    chunk.clear();
                    if (!job.dryRun() && processed >= analyzeAt) {
                        writer.refreshStatistics(pool).await().indefinitely();
                        analyzeAt *= 2;
                    }
                }
            }
            if (!chunk.isEmpty()) {
                apply(batch, chunk, processed);
            }
        }
        return true;
    }

    private static Item classify(CsvFile.Record record, RowValidator rows, SeenDocuments seen) {
        Object checked = rows.validate(record);
        if (checked instanceof AccountImportWriter.Row row) {
            if (!seen.add(row.document())) {
                return new Item(record, null, new RowValidator.Invalid(record.line(), row.document(), List.of(DUPLICATE)));
            }
            return new Item(record, row, null);
        }
        return new Item(record, null, (RowValidator.Invalid) checked);
    }

    /** Applies one chunk exactly once; on failure, row by row. Returns the new processed count. */
    private int apply(AccountImportWriter.Batch batch, List<Item> chunk, int processed) {
        try {
            commit(batch, chunk, processed).await().indefinitely();
        } catch (TakenOver e) {
            throw e;
        } catch (RuntimeException e) {
            if (stopping) {
                throw e;
            }
            Log.warnf("import %s: chunk after row %d failed (%s); retrying row by row", batch.importId(), processed,
                    e.toString());
            int p = processed;
            for (Item item : chunk) {
                try {
                    commit(batch, List.of(item), p).await().indefinitely();
                } catch (TakenOver t) {
                    throw t;
                } catch (RuntimeException rowFailure) {
                    if (stopping) {
                        throw rowFailure;
                    }
                    Failure failure = new Failure(item.record().line(),
                            item.row() != null ? item.row().document() : item.invalid().document(),
                            List.of(new FieldError("record", "could not be applied: " + reason(rowFailure))),
                            item.record().values());
                    int position = p;
                    pool.withTransaction(tx -> repository.lockProgress(tx, batch.importId(), position)
                            .chain(() -> repository.record(tx, batch.importId(), new Progress(1, 0, 0, 0, List.of(failure)))))
                            .await().indefinitely();
                }
                p++;
            }
        }
        return processed + chunk.size();
    }

    /** One transaction: guard the job's position, apply the valid rows, record outcomes and progress. */
    private Uni<Void> commit(AccountImportWriter.Batch batch, List<Item> items, int processed) {
        List<AccountImportWriter.Row> valid = new ArrayList<>(items.size());
        for (Item item : items) {
            if (item.row() != null) {
                valid.add(item.row());
            }
        }
        return pool.withTransaction(tx -> repository.lockProgress(tx, batch.importId(), processed)
                .chain(() -> writer.apply(tx, batch, valid))
                .chain(outcomes -> repository.record(tx, batch.importId(), progress(items, outcomes))));
    }

    private static Progress progress(List<Item> items, List<Outcome> outcomes) {
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        List<Failure> failures = new ArrayList<>();
        int next = 0;
        for (Item item : items) {
            if (item.invalid() != null) {
                failures.add(new Failure(item.record().line(), item.invalid().document(), item.invalid().errors(),
                        item.record().values()));
                continue;
            }
            Outcome outcome = outcomes.get(next++);
            if (outcome.result() == Result.CREATED) {
                created++;
            } else if (outcome.result() == Result.UPDATED) {
                updated++;
            } else if (outcome.result() == Result.UNCHANGED) {
                unchanged++;
            } else {
                failures.add(new Failure(item.record().line(), item.row().document(),
                        List.of(new FieldError(outcome.field(), outcome.message())), item.record().values()));
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
