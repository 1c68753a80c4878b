-- invoice.overdue (events.md) is recorded once by a periodic scan when an OPEN invoice becomes
-- overdue: the scan stores the due date it announced, so an invoice is announced once per due
-- date. A postponement to a date that is not overdue makes it news again when that date passes too;
-- one to a date still overdue carries the announcement over (InvoiceService.postpone).
alter table credit_invoice add column overdue_announced_due date;

-- What the scan reads each run: OPEN invoices not yet announced at their due date, by due date (the
-- scan looks only at those due before today, so not-yet-due invoices cost it nothing).
create index credit_invoice_overdue_unannounced on credit_invoice (due_date, distributor_id)
    where status = 'OPEN' and overdue_announced_due is distinct from due_date;

-- Invoices already overdue before this release are not news: the first scan would otherwise
-- announce every old debt at once. (The grace days are the distributor's, as the rule reads them.)
update credit_invoice i
   set overdue_announced_due = i.due_date
  from distributor d
 where d.id = i.distributor_id and i.status = 'OPEN'
   and i.due_date + d.overdue_grace_days < (now() at time zone 'America/Sao_Paulo')::date;
