-- Credit's rules, each written once (issue 11 item 5), and what the hold path needs to run in a
-- couple of statements after the account lock (item 6).
--
-- 1. held: the sum of the uncaptured rest (amount - captured_amount) of the account's holds stored
--    as ACTIVE, kept on the account row by a trigger on credit_hold, whoever writes the hold. The
--    account's row is what a hold locks, so under that lock the column is exact and costs no scan
--    of the account's holds (the hot account summed 7,000-10,000 of them per hold before).
-- 2. credit_reserved(account, at): "reserved" = held minus the ACTIVE holds already past their
--    expiresAt at `at` (not yet swept; an index range of usually no row). The one definition every
--    reader uses: holds, accounts, eligibility, imports.
-- 3. credit_overdue(account, grace, at): the document has an OPEN invoice whose due date + grace
--    days is before `at`'s date in Sao Paulo (domain.md §4), for eligibility and the hold alike.
-- 4. credit_entry_at(account, not_before, nth): when the account's next statement entry is dated:
--    `not_before` (the unit of work's now), but strictly after the account's last entry (nth - 1
--    microseconds more for the nth entry of one statement), so "oldest first" is the order the
--    movements were applied in, even when instances' clocks differ a little.
-- 5. credit_hold.distributor_id (copied from the account, kept equal by a foreign key, like V11's
--    invoices) for the distributor-wide hold list and the one-hold-per-order rule.
-- Every function takes the time as a parameter: "now" is the service's clock, never the database's.

alter table credit_account add column held numeric(19,2) not null default 0;
update credit_account a
   set held = s.held
  from (select account_id, sum(amount - coalesce(captured_amount, 0)) as held
          from credit_hold where status = 'ACTIVE' group by account_id) s
 where s.account_id = a.id;

create function credit_hold_held() returns trigger
    language plpgsql as $$
declare
    delta numeric(19,2) := 0;
begin
    if tg_op in ('UPDATE', 'DELETE') and old.status = 'ACTIVE' then
        delta := delta - (old.amount - coalesce(old.captured_amount, 0));
    end if;
    if tg_op in ('INSERT', 'UPDATE') and new.status = 'ACTIVE' then
        delta := delta + (new.amount - coalesce(new.captured_amount, 0));
    end if;
    if delta <> 0 then
        update credit_account set held = held + delta where id = coalesce(new.account_id, old.account_id);
    end if;
    return null;
end
$$;
create trigger credit_hold_held after insert or update or delete on credit_hold
    for each row execute function credit_hold_held();

-- the range of ACTIVE holds past expiresAt, index-only (partial captures subtract their captured part)
drop index credit_hold_active;
create index credit_hold_active on credit_hold (account_id, expires_at) include (amount, captured_amount)
    where status = 'ACTIVE';

create function credit_reserved(account uuid, at timestamptz) returns numeric
    language plpgsql stable as $$
declare
    reserved numeric(19,2);
begin
    select a.held - coalesce((select sum(h.amount - coalesce(h.captured_amount, 0))
                                from credit_hold h
                               where h.account_id = account and h.status = 'ACTIVE' and h.expires_at <= at), 0)
      into reserved
      from credit_account a where a.id = account;
    return coalesce(reserved, 0);
end
$$;

create function credit_overdue(account uuid, overdue_grace_days integer, at timestamptz) returns boolean
    language sql stable as $$
    select exists (
        select 1
          from credit_account mine
          join credit_account a on a.distributor_id = mine.distributor_id and a.document = mine.document
          join credit_invoice i on i.account_id = a.id
         where mine.id = account and i.status = 'OPEN'
           and i.due_date + overdue_grace_days < (at at time zone 'America/Sao_Paulo')::date)
$$;

create function credit_entry_at(account uuid, not_before timestamptz, nth integer default 1) returns timestamptz
    language sql stable as $$
    select greatest(not_before, (select max(e.occurred_at) + interval '1 microsecond' from credit_statement_entry e
                                  where e.account_id = account))
           + (nth - 1) * interval '1 microsecond'
$$;

-- Eligibility's figures at the service's time (V6/V8 read the database's now()).
create function eligibility_credit(account uuid, overdue_grace_days integer, at timestamptz) returns eligibility_credit
    language plpgsql stable as $$
declare
    figures eligibility_credit;
begin
    figures.reserved := credit_reserved(account, at);
    figures.overdue := credit_overdue(account, overdue_grace_days, at);
    select array_agg(ho.email) into figures.holder_emails
      from credit_account_holder ho where ho.account_id = account;
    return figures;
end
$$;
-- the previous release's pods still call the two-argument form during a rolling update
create or replace function eligibility_credit(account uuid, overdue_grace_days integer) returns eligibility_credit
    language sql stable as $$
    select eligibility_credit(account, overdue_grace_days, now())
$$;

alter table credit_hold add column distributor_id varchar(64);
update credit_hold h set distributor_id = a.distributor_id from credit_account a where a.id = h.account_id;
alter table credit_hold
    alter column distributor_id set not null,
    add constraint credit_hold_account_distributor foreign key (distributor_id, account_id)
        references credit_account (distributor_id, id);
-- GET /v1/distributors/{d}/holds?orderId=, newest first; and "one ACTIVE or CAPTURED hold per order"
create index credit_hold_distributor on credit_hold (distributor_id, id);
create index credit_hold_order on credit_hold (distributor_id, order_id, id);
-- as in V11: the previous release's pods insert holds without the column during a rolling update
create function credit_hold_distributor() returns trigger
    language plpgsql as $$
begin
    select a.distributor_id into new.distributor_id from credit_account a where a.id = new.account_id;
    return new;
end
$$;
create trigger credit_hold_distributor before insert on credit_hold
    for each row when (new.distributor_id is null) execute function credit_hold_distributor();
