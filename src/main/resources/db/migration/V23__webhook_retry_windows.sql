-- A delivery's retry window (events.md: retried for 24 h, then FAILED) now starts at its first
-- attempt, not when it was created: a delivery that waited behind an earlier one of its subject
-- (in order per endpoint and subject) no longer finds its 24 h spent before it was ever sent. The
-- retry schedule (5 s, 30 s, 2 min, …) counts the attempts of the current window, which a manual
-- retry or an endpoint's re-enabling opens anew; attempts keeps counting every attempt.
alter table webhook_delivery add column window_attempts int not null default 0;
-- deliveries being retried now keep their place in the schedule
update webhook_delivery set window_attempts = attempts where status = 'PENDING' and attempts > 0;
