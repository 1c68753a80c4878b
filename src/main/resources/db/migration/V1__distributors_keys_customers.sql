-- Tenants, their API keys, customers and the append-only status history.

create table distributor (
    id                              varchar(64)  primary key,
    name                            varchar(200) not null,
    pending_customers_can_purchase  boolean      not null default true,
    block_credit_when_overdue       boolean      not null default true,
    overdue_grace_days              integer      not null default 3 check (overdue_grace_days between 0 and 30),
    created_at                      timestamptz  not null,
    updated_at                      timestamptz  not null
);

create table api_key (
    id              uuid         primary key,
    distributor_id  varchar(64)  not null references distributor (id),
    name            varchar(200) not null,
    role            varchar(16)  not null check (role in ('INTEGRATION', 'CHECKOUT', 'READ_ONLY')),
    key_hash        varchar(64)    not null unique,
    key_prefix      varchar(16)  not null,
    created_at      timestamptz  not null,
    revoked_at      timestamptz
);
create index api_key_distributor on api_key (distributor_id, id);

create table customer (
    id                  uuid         primary key,
    distributor_id      varchar(64)  not null references distributor (id),
    document            varchar(32)  not null,
    document_type       varchar(8)   not null check (document_type in ('CPF', 'CNPJ', 'OTHER')),
    status              varchar(3)   not null check (status in ('PEN', 'APV', 'RPV')),
    status_reason       varchar(500),
    status_occurred_at  timestamptz  not null,
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null,
    constraint customer_document unique (distributor_id, document)
);
-- the list filtered by status, in cursor (id) order
create index customer_status on customer (distributor_id, status, id);

create table customer_status_change (
    id              uuid         primary key,
    customer_id     uuid         not null references customer (id),
    from_status     varchar(3),
    to_status       varchar(3)   not null,
    reason          varchar(500),
    occurred_at     timestamptz  not null,
    recorded_at     timestamptz  not null,
    actor           varchar(64)  not null
);
create index customer_status_change_customer on customer_status_change (customer_id, id);
