-- Several replicas: the instance holding an import job (queued there or running) refreshes its
-- heartbeat_at; a QUEUED/RUNNING job whose heartbeat is older than aval.import.lease is an
-- orphan, claimed by exactly one live instance (resumed if its file is there, else FAILED).
alter table credit_import add column heartbeat_at timestamptz;
update credit_import set heartbeat_at = coalesce(finished_at, started_at, created_at);
alter table credit_import alter column heartbeat_at set not null;
-- the orphan sweep: unfinished jobs by heartbeat (replaces the start-up index on status)
drop index credit_import_unfinished;
create index credit_import_heartbeat on credit_import (heartbeat_at) where status in ('QUEUED', 'RUNNING');
