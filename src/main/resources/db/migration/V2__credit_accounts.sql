-- Credit accounts (independent of the customer base), extra holders, and the append-only
-- statement (ledger). Holds, invoices and idempotency come in V3; imports in V4.

create table credit_account (
    id              uuid          primary key,
    distributor_id  varchar(64)   not null references distributor (id),
    document        varchar(32)   not null,
    document_type   varchar(8)    not null check (document_type in ('CPF', 'CNPJ', 'OTHER')),
    email           varchar(254)  not null,
    status          varchar(6)    not null check (status in ('OPEN', 'CLOSED')),
    credit_limit    numeric(19,2) not null check (credit_limit >= 0),
    tolerance       numeric(5,4)  not null check (tolerance between 0 and 1),
    -- captured − paid − cancelled invoice amounts; changed only under this row's lock
    outstanding     numeric(19,2) not null default 0,
    version         bigint        not null default 0,
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null,
    closed_at       timestamptz
);
-- at most one OPEN account per (distributor, document); closed ones are kept for history
create unique index credit_account_open_document on credit_account (distributor_id, document) where status = 'OPEN';
create index credit_account_document on credit_account (distributor_id, document, id);
create index credit_account_email on credit_account (distributor_id, lower(email), id);
create index credit_account_list on credit_account (distributor_id, id);

create table credit_account_holder (
    id          uuid          primary key,
    account_id  uuid          not null references credit_account (id),
    email       varchar(254)  not null,
    created_at  timestamptz   not null
);
create unique index credit_account_holder_email on credit_account_holder (account_id, lower(email));

create table credit_statement_entry (
    id                 uuid          primary key,
    account_id         uuid          not null references credit_account (id),
    -- OPENED, LIMIT_CHANGED, TOLERANCE_CHANGED, HOLD_PLACED, HOLD_RELEASED, HOLD_EXPIRED,
    -- HOLD_CAPTURED, INVOICE_PAID, INVOICE_CANCELLED, CLOSED
    type               varchar(24)   not null,
    amount             numeric(19,2) not null,
    outstanding_after  numeric(19,2) not null,
    reserved_after     numeric(19,2) not null,
    reference          varchar(200),
    reason             varchar(500),
    actor              varchar(64)   not null,
    occurred_at        timestamptz   not null
);
create index credit_statement_account on credit_statement_entry (account_id, occurred_at, id);
