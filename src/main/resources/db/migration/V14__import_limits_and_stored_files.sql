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
