-- "An endpoint failing for 3 days in a row is DISABLED": a streak of failures is a run of failed
-- attempts without a long silence between them. failing_since alone never ended but by a success,
-- so an endpoint whose deliveries were given up after an outage, then quiet for days, was disabled
-- by the first failure of its next event. last_failed_at dates the streak's last failure; a failure
-- of an enabled endpoint after a silence longer than aval.webhooks.give-up-after (24 h) starts a new
-- streak (DeliveryRepository.FAILING). A streak under way keeps going: its last failure is taken to
-- be the endpoint's last update, which a failure writes.
alter table webhook_endpoint add column last_failed_at timestamptz;

update webhook_endpoint set last_failed_at = updated_at where failing_since is not null;
