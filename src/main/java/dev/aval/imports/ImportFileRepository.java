package dev.aval.imports;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of uploaded files ({@code credit_import_file}): chunks of ~1 MiB written as an upload
 * streams, read back one by one in order, deleted when the job ends (with the job's end, in
 * {@link ImportRepository}) or, for an upload that never became a job, by the sweep.
 */
@ApplicationScoped
class ImportFileRepository {

    private static final String STORE = "insert into credit_import_file (import_id, seq, data) values ($1, $2, $3)";
    private static final String CHUNK = "select data from credit_import_file where import_id = $1 and seq = $2";
    private static final String DELETE = "delete from credit_import_file where import_id = $1";
    /** What is stored of a file: its chunks and bytes. */
    private static final String SIZE = """
            select count(*) as chunks, coalesce(sum(octet_length(data)), 0) as bytes
              from credit_import_file where import_id = $1""";
    /**
     * Files of no waiting or running job, older than the grace: an upload cut off before its job
     * was created (its instance stopped), or a job that ended without its file being deleted.
     */
    private static final String SWEEP = """
            delete from credit_import_file where import_id in (
                select f.import_id from credit_import_file f
                 where f.seq = 0 and f.stored_at < now() - $1 * interval '1 millisecond'
                   and not exists (select 1 from credit_import i
                                    where i.id = f.import_id and i.status in ('QUEUED', 'RUNNING')))""";

    /** What is stored of one file. */
    record Size(int chunks, long bytes) {}

    @Inject
    Pool pool;

    Uni<Void> store(UUID importId, int seq, byte[] data) {
        return pool.preparedQuery(STORE)
                .execute(Tuple.of(importId, seq, io.vertx.core.buffer.Buffer.buffer(data)))
                .replaceWithVoid();
    }

    /** Chunk {@code seq} of the file (from 0), or null past its end. */
    Uni<byte[]> chunk(UUID importId, int seq) {
        return pool.preparedQuery(CHUNK).execute(Tuple.of(importId, seq)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            return it.hasNext() ? it.next().getBuffer("data").getBytes() : null;
        });
    }

    Uni<Size> size(UUID importId) {
        return pool.preparedQuery(SIZE).execute(Tuple.of(importId)).map(rows -> {
            Row r = rows.iterator().next();
            return new Size(r.getInteger("chunks"), r.getLong("bytes"));
        });
    }

    Uni<Void> delete(UUID importId) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(importId)).replaceWithVoid();
    }

    /** Deletes the files left without a waiting or running job for longer than {@code grace}; how many chunks. */
    Uni<Integer> sweep(Duration grace) {
        return pool.preparedQuery(SWEEP).execute(Tuple.of(grace.toMillis())).map(rows -> rows.rowCount());
    }
}
