-- Events are stored one row per append (per change's transaction and distributor), not one row per
-- event: a status batch of 1,000 items or an import chunk was 1,000 outbox rows, each inserted with
-- four index entries and rewritten by the sequencer when numbered (~15 µs of PostgreSQL an event,
-- 40% of a status item). Now it is one row holding the events in arrays, numbered as a range by one
-- update; the feed, the eligibility cache's reader and the webhook fan-out expand it with unnest.
-- Each event keeps its own id, type, subject, time and data, and its own number:
-- last_sequence - n + i for the i-th (from 1).
create table event_group (
    -- the group's first event's id
    id             uuid          primary key,
    distributor_id text          not null,
    -- the first event's time: what the retention purge and the sequencer's lag go by
    time           timestamptz   not null,
    n              int           not null check (n > 0),
    ids            uuid[]        not null,
    types          text[]        not null,
    subjects       text[]        not null,
    times          timestamptz[] not null,
    -- each a JSON object: the resource as the API answers it, its fields in the API's order
    data           text[]        not null,
    -- insertion order, between the groups of one commit too; never shown
    position       bigserial     not null,
    -- null until numbered; then the number of the group's last event
    last_sequence  bigint,
    -- set only for webhook.test: the one endpoint it goes to; never numbered, never in the feed
    endpoint_id    uuid,
    check (cardinality(ids) = n and cardinality(types) = n and cardinality(subjects) = n
           and cardinality(times) = n and cardinality(data) = n)
);
-- A large group is stored out of line uncompressed: pglz would cost more CPU than the row saves.
alter table event_group
    alter column ids set storage external,
    alter column types set storage external,
    alter column subjects set storage external,
    alter column times set storage external,
    alter column data set storage external;
create unique index event_group_feed on event_group (distributor_id, last_sequence) where last_sequence is not null;
create index event_group_unsequenced on event_group (position) where last_sequence is null and endpoint_id is null;
create index event_group_time on event_group (time);

-- The events there are, each a group of one, with their numbers and their order.
insert into event_group (id, distributor_id, time, n, ids, types, subjects, times, data, position, last_sequence,
                         endpoint_id)
select id, distributor_id, time, 1, array[id], array[type], array[subject], array[time], array[data::text],
       position, sequence, endpoint_id
  from event;
select setval(pg_get_serial_sequence('event_group', 'position'), (select coalesce(max(position), 0) + 1 from event),
              false);

-- A delivery carries its event's time and data (copied when it is fanned out), so a claim reads no
-- group: a group of 1,000 events would otherwise be read whole for each of its deliveries.
alter table webhook_delivery
    add column group_id uuid,
    add column time     timestamptz,
    add column data     text;
update webhook_delivery d set group_id = e.id, time = e.time, data = e.data::text from event e where e.id = d.event_id;
alter table webhook_delivery
    alter column group_id set not null,
    alter column time set not null,
    alter column data set not null,
    drop constraint webhook_delivery_event_id_fkey,
    add constraint webhook_delivery_group_fkey foreign key (group_id) references event_group (id) on delete cascade;
drop index webhook_delivery_event;
create index webhook_delivery_group on webhook_delivery (group_id);

drop table event;
