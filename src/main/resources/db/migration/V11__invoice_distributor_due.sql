-- The distributor-wide invoice list (GET /v1/distributors/{d}/invoices, collections) pages one
-- distributor's invoices oldest due date first, by (due_date, id). credit_invoice reached its
-- distributor only through credit_account, so no index could serve that order: each page sorted
-- every invoice of the distributor. The distributor is copied onto the invoice (an account never
-- changes distributor, an invoice never changes account), and a foreign key on
-- (distributor_id, account_id) keeps the copy equal to the account's.

-- credit_account_list (distributor_id, id) becomes unique — it is, id being the key — so that the
-- foreign key can reference it: the same columns, no further index to write.
drop index credit_account_list;
create unique index credit_account_list on credit_account (distributor_id, id);

alter table credit_invoice add column distributor_id varchar(64);
update credit_invoice i set distributor_id = a.distributor_id from credit_account a where a.id = i.account_id;
alter table credit_invoice
    alter column distributor_id set not null,
    add constraint credit_invoice_account_distributor foreign key (distributor_id, account_id)
        references credit_account (distributor_id, id);
create index credit_invoice_due on credit_invoice (distributor_id, due_date, id);

-- Expand step (docs/operations.md, "Migrations with several replicas"): during a rolling update the
-- previous release's pods still insert invoices without the column; their account's distributor is
-- filled in for them. This release always writes it, so the trigger never fires for it; drop it in
-- the next contract step, once no pod of the previous release can run.
create function credit_invoice_distributor() returns trigger
    language plpgsql as $$
begin
    select a.distributor_id into new.distributor_id from credit_account a where a.id = new.account_id;
    return new;
end
$$;
create trigger credit_invoice_distributor before insert on credit_invoice
    for each row when (new.distributor_id is null) execute function credit_invoice_distributor();
