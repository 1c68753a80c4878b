-- Holds (pre-authorisations), invoices (captured credit, in installments) and the stored
-- answers of Idempotency-Key requests. V2's tables are unchanged.

create table credit_hold (
    id               uuid          primary key,
    account_id       uuid          not null references credit_account (id),
    order_id         varchar(100)  not null,
    amount           numeric(19,2) not null check (amount > 0),
    captured_amount  numeric(19,2) check (captured_amount >= 0),
    -- ACTIVE past expires_at counts as EXPIRED everywhere until the sweeper stores it
    status           varchar(8)    not null check (status in ('ACTIVE', 'CAPTURED', 'RELEASED', 'EXPIRED')),
    expires_at       timestamptz   not null,
    actor            varchar(64)   not null,
    created_at       timestamptz   not null,
    updated_at       timestamptz   not null
);
create index credit_hold_account on credit_hold (account_id, id);
-- reserved = SUM(amount) of these rows with expires_at > now(): an index-only sum per account
create index credit_hold_active on credit_hold (account_id, expires_at) include (amount) where status = 'ACTIVE';
-- the sweeper's scan
create index credit_hold_expiring on credit_hold (expires_at) where status = 'ACTIVE';

create table credit_invoice (
    id            uuid          primary key,
    account_id    uuid          not null references credit_account (id),
    hold_id       uuid          not null references credit_hold (id),
    order_id      varchar(100)  not null,
    installment   integer       not null check (installment between 1 and 12),
    installments  integer       not null check (installments between 1 and 12),
    amount        numeric(19,2) not null check (amount > 0),
    paid_amount   numeric(19,2) not null default 0 check (paid_amount >= 0 and paid_amount <= amount),
    status        varchar(9)    not null check (status in ('OPEN', 'PAID', 'CANCELLED')),
    due_date      date          not null,
    created_at    timestamptz   not null,
    updated_at    timestamptz   not null,
    paid_at       timestamptz
);
create index credit_invoice_account on credit_invoice (account_id, id);
create index credit_invoice_hold on credit_invoice (hold_id, installment);
-- "has an overdue OPEN invoice" (eligibility) reads only this small index
create index credit_invoice_open_due on credit_invoice (account_id, due_date) where status = 'OPEN';

-- One row per (distributor, method, path, key): claimed (status null) while in flight, then the
-- first answer. Purged after the retention period.
create table idempotency_key (
    distributor_id  varchar(64)   not null,
    method          varchar(8)    not null,
    path            varchar(500)  not null,
    idem_key        varchar(255)  not null,
    request_hash    varchar(64)   not null,
    status          integer,
    content_type    varchar(100),
    body            text,
    location        varchar(500),
    created_at      timestamptz   not null,
    completed_at    timestamptz,
    primary key (distributor_id, method, path, idem_key)
);
create index idempotency_key_created on idempotency_key (created_at);
