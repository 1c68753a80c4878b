-- Bulk CSV imports of credit accounts: one row per job, one row per failed CSV record.
-- A job's progress (processed_rows and the counts) commits in the same transaction as the
-- accounts of its chunk, so a restart resumes after the last committed chunk, exactly once.

create table credit_import (
    id              uuid          primary key,
    distributor_id  varchar(64)   not null references distributor (id),
    mode            varchar(6)    not null check (mode in ('CREATE', 'UPDATE', 'UPSERT')),
    dry_run         boolean       not null,
    file_name       varchar(255),
    file_size       bigint        not null,
    status          varchar(9)    not null check (status in ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
    failure_reason  varchar(500),
    -- the header as uploaded and its delimiter, to write the failed rows back in the same shape
    header          text[],
    delimiter       varchar(1),
    total_rows      integer,
    processed_rows  integer       not null default 0,
    created_count   integer       not null default 0,
    updated_count   integer       not null default 0,
    unchanged_count integer       not null default 0,
    failed_count    integer       not null default 0,
    actor           varchar(64)   not null,
    created_at      timestamptz   not null,
    started_at      timestamptz,
    finished_at     timestamptz
);
-- history newest first (ids are UUIDv7, time ordered)
create index credit_import_history on credit_import (distributor_id, id desc);
-- jobs to resume at start-up
create index credit_import_unfinished on credit_import (status) where status in ('QUEUED', 'RUNNING');

create table credit_import_error (
    import_id  uuid     not null references credit_import (id),
    line       integer  not null,
    document   varchar(200),
    fields     text[]   not null,
    messages   text[]   not null,
    -- the record's values as uploaded
    record     text[]   not null,
    primary key (import_id, line)
);
