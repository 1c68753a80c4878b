-- "An endpoint failing for 3 days in a row is DISABLED": a streak of failures is a run of failed
-- attempts without a long silence between them. failing_since alone never ended but by a success,
-- so an endpoint whose deliveries were given up after an outage, then quiet for days, was disabled
-- by the first failure of its next event. last_failed_at dates the streak's last failure; a failure
-- after a silence longer than twice the longest retry delay starts a new streak
-- (DeliveryRepository.FAILING). Null (streaks recorded before this) reads as failing_since.
alter table webhook_endpoint add column last_failed_at timestamptz;
