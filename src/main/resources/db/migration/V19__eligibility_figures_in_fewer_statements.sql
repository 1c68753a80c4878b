-- V18's eligibility_figures ran five statements per OPEN account (reserved, overdue, holders, the
-- next hold expiry, the first open due date): a cache miss with every credit check cost PostgreSQL
-- ~118 µs on the benchmark machine (docs/benchmarks.md "With the snapshot cache"). The first open due
-- date answers both "overdue" and "until when", so it is read once; the rest share one statement.
-- "Overdue" keeps one home: credit_overdue_from states the rule (domain.md §4), credit_overdue (the
-- hold's check) applies it to the document's first open due date, like eligibility does.

-- The earliest due date of the document's OPEN invoices, over all its accounts (closed ones too).
create function credit_first_open_due(account uuid) returns date
    language plpgsql stable as $$
begin
    return (select min(i.due_date)
              from credit_account mine
              join credit_account a on a.distributor_id = mine.distributor_id and a.document = mine.document
              join credit_invoice i on i.account_id = a.id
             where mine.id = account and i.status = 'OPEN');
end
$$;

-- Overdue: an OPEN invoice whose due date + grace days is before `at`'s date in Sao Paulo.
create function credit_overdue_from(first_open_due date, overdue_grace_days integer, at timestamptz) returns boolean
    language sql stable as $$
    select coalesce(first_open_due + overdue_grace_days < (at at time zone 'America/Sao_Paulo')::date, false)
$$;

create or replace function credit_overdue(account uuid, overdue_grace_days integer, at timestamptz) returns boolean
    language plpgsql stable as $$
begin
    return credit_overdue_from(credit_first_open_due(account), overdue_grace_days, at);
end
$$;

create or replace function eligibility_figures(account uuid, overdue_grace_days integer, at timestamptz)
    returns eligibility_figures
    language plpgsql stable as $$
declare
    figures     eligibility_figures;
    first_due   date;
    next_expiry timestamptz;
begin
    select credit_reserved(account, at),
           credit_first_open_due(account),
           (select min(h.expires_at) from credit_hold h
             where h.account_id = account and h.status = 'ACTIVE' and h.expires_at > at),
           (select array_agg(ho.email) from credit_account_holder ho where ho.account_id = account)
      into figures.reserved, first_due, next_expiry, figures.holder_emails;
    figures.overdue := credit_overdue_from(first_due, overdue_grace_days, at);
    figures.changes_at := least(next_expiry,
                                case when not figures.overdue
                                     then (first_due + overdue_grace_days + 1)::timestamp at time zone 'America/Sao_Paulo'
                                end);
    return figures;
end
$$;
