-- Eligibility's credit figures of one OPEN account, in a function so that the eligibility
-- statement stays a two-table index lookup (customer, credit_account) and PostgreSQL prepares
-- these three look-ups only for an account that exists: a subquery in the statement itself is
-- initialised on every execution, even when never run (it doubled the statement's cost).
--   reserved:      sum of the ACTIVE holds not yet expired (an expired one no longer reserves)
--   overdue:       an OPEN invoice whose due date + the distributor's grace days is before today
--                  in São Paulo (domain.md §4)
--   holder_emails: the extra holders' emails, null when there are none
create type eligibility_credit as (reserved numeric(19,2), overdue boolean, holder_emails varchar(254)[]);

create function eligibility_credit(account uuid, overdue_grace_days integer) returns eligibility_credit
    language plpgsql stable as $$
declare
    figures eligibility_credit;
begin
    select coalesce(sum(h.amount), 0) into figures.reserved
      from credit_hold h
     where h.account_id = account and h.status = 'ACTIVE' and h.expires_at > now();
    figures.overdue := exists (
        select 1 from credit_invoice i
         where i.account_id = account and i.status = 'OPEN'
           and i.due_date + overdue_grace_days < (now() at time zone 'America/Sao_Paulo')::date);
    select array_agg(ho.email) into figures.holder_emails
      from credit_account_holder ho where ho.account_id = account;
    return figures;
end
$$;
