-- "An APV customer with an overdue invoice cannot use credit" (domain.md §1): the customer, not
-- the account — an overdue invoice of a CLOSED account of the same document (its OPEN invoices
-- stay payable) blocks the new OPEN account's credit too. Same signature and figures as V6; the
-- overdue look-up now goes through the document's accounts (credit_account_document, then
-- credit_invoice_open_due for each: one account in the usual case).
create or replace function eligibility_credit(account uuid, overdue_grace_days integer) returns eligibility_credit
    language plpgsql stable as $$
declare
    figures eligibility_credit;
begin
    select coalesce(sum(h.amount), 0) into figures.reserved
      from credit_hold h
     where h.account_id = account and h.status = 'ACTIVE' and h.expires_at > now();
    figures.overdue := exists (
        select 1
          from credit_account mine
          join credit_account a on a.distributor_id = mine.distributor_id and a.document = mine.document
          join credit_invoice i on i.account_id = a.id
         where mine.id = account and i.status = 'OPEN'
           and i.due_date + overdue_grace_days < (now() at time zone 'America/Sao_Paulo')::date);
    select array_agg(ho.email) into figures.holder_emails
      from credit_account_holder ho where ho.account_id = account;
    return figures;
end
$$;
