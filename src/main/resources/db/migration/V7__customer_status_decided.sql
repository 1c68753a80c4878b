-- A registration is not a decision: a customer created by registration is PEN with no decision
-- yet (status_decided false), so the distributor's first decision applies whatever its
-- occurredAt — even one decided before the registration arrived. Rows from earlier versions
-- keep the ordering they had.
alter table customer add column status_decided boolean not null default true;
