#!/usr/bin/env bash
# PostgreSQL alone: V18's eligibility_figures (five statements, kept here as figures_v18) against the
# current one (V19), the same 5,000 OPEN accounts (a hold and an open invoice each), pgbench -M
# prepared, 2 clients, 15 s each, twice; then the accounts row alone as a baseline.
#   bash bench/eligibility/figures-v18-v19.sh   (after ./mvnw package)
PG_PORT=55451 APP_PORT=8451
source "$(dirname "$0")/../lib.sh"
trap cleanup EXIT
ensure_tools; start_pg; start_app; stop_app
psql_do <<'SQL'
insert into distributor (id, name, created_at, updated_at) values ('cmp', 'cmp', now(), now());
create table acc as select gen_random_uuid() as id, 'cmp'::text as d, lpad(i::text, 11, '0') as doc, i from generate_series(1, 5000) i;
insert into credit_account (id, distributor_id, document, document_type, email, status, credit_limit, tolerance, outstanding, created_at, updated_at)
  select id, d, doc, 'CPF', 'compras@cliente.com.br', 'OPEN', 5000, 0.1, 700, now(), now() from acc;
create temp table h as select gen_random_uuid() as id, id as account_id, d from acc;
insert into credit_hold (id, account_id, distributor_id, order_id, amount, status, expires_at, actor, created_at, updated_at)
  select id, account_id, d, 'o-' || id, 300, 'ACTIVE', now() + interval '7 days', 'b', now(), now() from h;
insert into credit_invoice (id, account_id, distributor_id, hold_id, order_id, installment, installments, amount, status, due_date, created_at, updated_at)
  select gen_random_uuid(), account_id, d, id, 'inv', 1, 1, 700, 'OPEN', current_date + 30, now(), now() from h;
alter table acc add primary key (i);
analyze;
create function figures_v18(account uuid, overdue_grace_days integer, at timestamptz) returns eligibility_figures
    language plpgsql stable as $$
declare
    figures     eligibility_figures;
    next_expiry timestamptz;
    first_due   date;
begin
    figures.reserved := credit_reserved(account, at);
    figures.overdue := exists (select 1 from credit_account mine
          join credit_account a on a.distributor_id = mine.distributor_id and a.document = mine.document
          join credit_invoice i on i.account_id = a.id
         where mine.id = account and i.status = 'OPEN'
           and i.due_date + overdue_grace_days < (at at time zone 'America/Sao_Paulo')::date);
    select array_agg(ho.email) into figures.holder_emails from credit_account_holder ho where ho.account_id = account;
    select min(h.expires_at) into next_expiry from credit_hold h where h.account_id = account and h.status = 'ACTIVE' and h.expires_at > at;
    if not figures.overdue then
        select min(i.due_date) into first_due from credit_account mine
          join credit_account a on a.distributor_id = mine.distributor_id and a.document = mine.document
          join credit_invoice i on i.account_id = a.id where mine.id = account and i.status = 'OPEN';
    end if;
    figures.changes_at := least(next_expiry, (first_due + overdue_grace_days + 1)::timestamp at time zone 'America/Sao_Paulo');
    return figures;
end $$;
SQL
for f in figures_v18 eligibility_figures figures_v18 eligibility_figures; do
  printf '\\set i random(1, 5000)\nselect %s(id, 3, now()) from acc where i = :i;\n' "$f" > $PG_DIR/pgcmp-$f.sql
  tps=$("$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c 2 -j 2 -T 15 -f $PG_DIR/pgcmp-$f.sql postgres 2>&1 | awk '/^tps/ {printf "%.0f", $3}')
  echo "$f: $tps tps (2 clients, 15 s)"
done
echo "baseline (the row alone):"
printf '\\set i random(1, 5000)\nselect id from acc where i = :i;\n' > $PG_DIR/pgcmp-base.sql
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c 2 -j 2 -T 15 -f $PG_DIR/pgcmp-base.sql postgres 2>&1 | awk '/^tps/ {printf "%.0f tps\n", $3}'
