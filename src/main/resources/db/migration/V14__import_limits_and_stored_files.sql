-- Imports that cost a bounded amount of memory (issue 15).
-- The documents met so far in one import's file, to refuse a document met twice: kept here
-- rather than in the JVM, so a 50 MiB file of unique documents costs no heap, and a job taken
-- over by another instance still knows what the file held before. Written with each chunk, in
-- the chunk's transaction; deleted when the job ends.
create table credit_import_document (
    import_id  uuid         not null,
    document   varchar(32)  not null,
    primary key (import_id, document)
);

-- At most 3 imports QUEUED or RUNNING per distributor: counted at each upload.
create index credit_import_active on credit_import (distributor_id) where status in ('QUEUED', 'RUNNING');

-- Uploaded files, kept where every instance reads them: a job survives the loss of the instance
-- that accepted it (a rollout, a scale-down) and any instance runs or resumes it. A file is
-- stored in chunks of ~1 MiB as the upload streams, read back in order, and deleted when its job
-- ends. Chunks are stored uncompressed: CSV would compress, but pglz would cost more CPU per
-- upload than the space is worth for files that live minutes.
create table credit_import_file (
    import_id  uuid         not null,
    seq        integer      not null,
    data       bytea        not null,
    stored_at  timestamptz  not null default now(),
    primary key (import_id, seq)
);
alter table credit_import_file alter column data set storage external;

-- Jobs are taken from the database by any instance, fairly across distributors: turn_at is when
-- a job last got a turn (was claimed); the distributor whose latest turn is oldest goes first.
-- A job is free when its heartbeat is older than the lease; a QUEUED job is free from the start,
-- and a job handed over (shutdown, a turn ending) gets '-infinity'.
alter table credit_import add column turn_at timestamptz;
