-- Eligibility's credit figures for a snapshot an instance may keep (issue 14): V12's figures at
-- `at` (the same rules: credit_reserved, credit_overdue, the holders) plus `changes_at`, the next
-- instant at which the clock alone changes them — the first ACTIVE hold passing its expiresAt (it
-- stops being reserved), or, when the document is not overdue, the first OPEN invoice of the
-- document passing its due date + grace days (midnight in Sao Paulo, as credit_overdue dates it).
-- Null when no clock change is pending; an overdue document stays overdue until an invoice
-- changes, which is an event. A cached snapshot is used only before `changes_at`.
create type eligibility_figures as (
    reserved      numeric(19,2),
    overdue       boolean,
    holder_emails text[],
    changes_at    timestamptz
);

create function eligibility_figures(account uuid, overdue_grace_days integer, at timestamptz) returns eligibility_figures
    language plpgsql stable as $$
declare
    figures     eligibility_figures;
    next_expiry timestamptz;
    first_due   date;
begin
    figures.reserved := credit_reserved(account, at);
    figures.overdue := credit_overdue(account, overdue_grace_days, at);
    select array_agg(ho.email) into figures.holder_emails
      from credit_account_holder ho where ho.account_id = account;
    select min(h.expires_at) into next_expiry
      from credit_hold h where h.account_id = account and h.status = 'ACTIVE' and h.expires_at > at;
    if not figures.overdue then
        select min(i.due_date) into first_due
          from credit_account mine
          join credit_account a on a.distributor_id = mine.distributor_id and a.document = mine.document
          join credit_invoice i on i.account_id = a.id
         where mine.id = account and i.status = 'OPEN';
    end if;
    figures.changes_at := least(next_expiry,
                                (first_due + overdue_grace_days + 1)::timestamp at time zone 'America/Sao_Paulo');
    return figures;
end
$$;
