-- The delivery workers' claim takes the first due deliveries in (next_attempt_at, sequence) order.
-- The index had next_attempt_at alone, and a group's fan-out gives all its deliveries the same
-- next_attempt_at, so each claim read and sorted every due delivery of the backlog's first groups
-- (57 ms a claim of 32 behind 18,000 pending deliveries: the drain slowed as the backlog grew).
-- In the claim's own order the scan stops at the first deliveries that qualify.
drop index webhook_delivery_due;
create index webhook_delivery_due on webhook_delivery (next_attempt_at, sequence) where status = 'PENDING';
-- Room in each page for a claim's update (lease, attempts) to stay on its page (HOT): no new entry in
-- every index per claim, whose dead predecessors the next claims would read past.
alter table webhook_delivery set (fillfactor = 60);
