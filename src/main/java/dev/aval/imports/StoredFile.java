package dev.aval.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A stored upload read back as a stream, chunk after chunk, the next chunk fetched while the
 * current one is parsed (two chunks in memory at most). Reading blocks until a chunk arrives: it
 * is the import's file I/O, done on the import's own threads, never on an event loop. The stream
 * checks that it read the whole file: fewer bytes than uploaded means the file is gone
 * ({@link Missing}: the job fails, "upload it again"); a database that does not answer is
 * {@link Unavailable} (the job pauses and is resumed, like any transient failure).
 */
final class StoredFile extends InputStream {

    /** The stored file is not (or no longer) all there. */
    static final class Missing extends IOException {
        Missing(String message) {
            super(message);
        }
    }

    /** The database did not give a chunk back: transient, the job resumes once it answers. */
    static final class Unavailable extends IOException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ImportFileRepository files;
    private final UUID importId;
    private final long size;
    private final Duration timeout;
    private byte[] current = new byte[0];
    private int position;
    private int seq;
    private long read;
    private CompletableFuture<byte[]> ahead;

    StoredFile(ImportFileRepository files, UUID importId, long size, Duration timeout) {
        this.files = files;
        this.importId = importId;
        this.size = size;
        this.timeout = timeout;
    }

    @Override
    public int read() throws IOException {
        if (!available(1)) {
            return -1;
        }
        return current[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!available(length)) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public void close() {
        if (ahead != null) {
            ahead.cancel(false);
            ahead = null;
        }
    }

    /** True when bytes are there to read, fetching the next chunk when the current one is used up. */
    private boolean available(int wanted) throws IOException {
        while (position == current.length) {
            if (read == size) {
                return false;
            }
            CompletableFuture<byte[]> next = ahead != null ? ahead : fetch(seq);
            ahead = null;
            byte[] chunk = get(next);
            if (chunk == null || chunk.length == 0) {
                throw new Missing("the uploaded file is no longer stored (" + read + " of " + size
                        + " bytes found); upload it again");
            }
            seq++;
            read += chunk.length;
            current = chunk;
            position = 0;
            if (read < size) {
                ahead = fetch(seq);
            }
        }
        return true;
    }

    private CompletableFuture<byte[]> fetch(int chunk) {
        return files.chunk(importId, chunk)
                .onFailure(TransientFailure::is)
                .retry()
                .withBackOff(Duration.ofMillis(250), Duration.ofSeconds(5))
                .atMost(8)
                .subscribeAsCompletionStage();
    }

    private byte[] get(CompletableFuture<byte[]> chunk) throws IOException {
        try {
            return chunk.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading import " + importId);
        } catch (TimeoutException e) {
            throw new Unavailable("chunk " + seq + " of import " + importId + " not read in " + timeout, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (TransientFailure.is(cause)) {
                throw new Unavailable("chunk " + seq + " of import " + importId + " could not be read", cause);
            }
            throw new IOException("chunk " + seq + " of import " + importId + " could not be read: " + cause, cause);
        }
    }
}
