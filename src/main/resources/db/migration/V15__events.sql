-- Change events (an outbox written in each change's own transaction), their per-distributor
-- sequence, and webhook endpoints with one delivery row per (endpoint, event). events.md.

-- An event is inserted with sequence NULL by the transaction that makes the change; the
-- sequencer (one instance at a time) numbers committed events per distributor, so the feed,
-- which returns only numbered events, never skips one that commits later.
create table event (
    id             uuid primary key,
    distributor_id text        not null,
    type           text        not null,
    subject        text        not null,
    time           timestamptz not null,
    -- json, not jsonb: the resource's fields keep the order the API answers them in
    data           json        not null,
    -- insertion order inside a transaction (ties between events of one commit); never shown
    position       bigserial   not null,
    sequence       bigint,
    -- set only for webhook.test: the one endpoint it goes to; never numbered, never in the feed
    endpoint_id    uuid
);
create unique index event_feed on event (distributor_id, sequence) where sequence is not null;
create index event_unsequenced on event (position) where sequence is null and endpoint_id is null;
create index event_time on event (time);

-- The sequencer's own counter per distributor (written by it alone, under its advisory lock),
-- and how far the retention purge has deleted: a feed read from before that is 410.
create table event_sequence (
    distributor_id text primary key,
    last           bigint not null default 0,
    purged_through bigint not null default 0
);

create table webhook_endpoint (
    id                  uuid primary key,
    distributor_id      text        not null,
    url                 text        not null,
    -- null: every type
    types               text[],
    description         text,
    status              text        not null check (status in ('ENABLED', 'DISABLED')),
    secret              text        not null,
    -- after a rotation the previous secret still signs, alongside, until it expires
    previous_secret     text,
    previous_expires_at timestamptz,
    -- the first failure of the current streak of failures (null after a success)
    failing_since       timestamptz,
    disabled_at         timestamptz,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);
create index webhook_endpoint_distributor on webhook_endpoint (distributor_id, id);

create table webhook_delivery (
    id                   uuid primary key,
    endpoint_id          uuid        not null references webhook_endpoint (id) on delete cascade,
    event_id             uuid        not null references event (id) on delete cascade,
    subject              text        not null,
    -- the event's sequence: order among the deliveries of one (endpoint, subject); null for tests
    sequence             bigint,
    type                 text        not null,
    status               text        not null check (status in ('PENDING', 'SUCCEEDED', 'FAILED')),
    attempts             int         not null default 0,
    last_response_status int,
    last_error           text,
    next_attempt_at      timestamptz not null,
    -- the current retry window began here (creation, a manual retry or the endpoint's enabling)
    retry_since          timestamptz not null,
    -- an attempt in progress: no other instance takes the delivery before lease_until
    lease_until          timestamptz,
    claimed_by           text,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    unique (endpoint_id, event_id)
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'PENDING';
create index webhook_delivery_subject on webhook_delivery (endpoint_id, subject, sequence) where status = 'PENDING';
create index webhook_delivery_log on webhook_delivery (endpoint_id, id);
create index webhook_delivery_event on webhook_delivery (event_id);

-- Time-ordered ids (UUID version 7, RFC 9562) for rows made in SQL (deliveries fanned out by the
-- sequencer), like the application's own Ids.newId().
create function aval_uuid7() returns uuid language sql volatile as $$
    select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                  placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
                  from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
$$;
