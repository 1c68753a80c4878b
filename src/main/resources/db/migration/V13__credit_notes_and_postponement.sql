-- Credit notes and postponement (issue 11, domain.md §4).
--
-- 1. credit_invoice.credited_amount: what credit notes took off the invoice (goods returned, a
--    discount). What is owed on an invoice is amount - paid_amount - credited_amount; it is never
--    negative (a credit note is at most the unpaid rest), and an invoice nothing is owed on is PAID.
-- 2. credit_note: one row per credit note, append-only, written with the invoice and the account
--    under the account's lock (dev.aval.credit.InvoiceRepository).
-- Postponement needs no column: it moves due_date, and writes an INVOICE_POSTPONED statement entry.

alter table credit_invoice add column credited_amount numeric(19,2) not null default 0
    check (credited_amount >= 0);
-- V3's "paid_amount <= amount" (an unnamed check, hence found by what it says) becomes "paid + credited <= amount"
do $$
declare
    name text;
begin
    for name in select conname from pg_constraint
                 where conrelid = 'credit_invoice'::regclass and contype = 'c'
                   and pg_get_constraintdef(oid) like '%paid_amount <= amount%' loop
        execute format('alter table credit_invoice drop constraint %I', name);
    end loop;
end
$$;
alter table credit_invoice add constraint credit_invoice_owed_check
    check (paid_amount >= 0 and paid_amount + credited_amount <= amount);

create table credit_note (
    id              uuid          primary key,
    distributor_id  varchar(64)   not null,
    account_id      uuid          not null,
    invoice_id      uuid          not null references credit_invoice (id),
    amount          numeric(19,2) not null check (amount > 0),
    reason          varchar(500),
    reference       varchar(200),
    actor           varchar(64)   not null,
    created_at      timestamptz   not null,
    foreign key (distributor_id, account_id) references credit_account (distributor_id, id)
);
create index credit_note_invoice on credit_note (invoice_id, id);
