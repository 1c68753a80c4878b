/**
 * Change events for integrators (events.md): the sequencer that numbers the outbox's events per
 * distributor in commit order, the feed that replays them ({@code GET …/events}), their purge
 * after the retention, and webhooks — endpoints, signed deliveries claimed by one instance at a
 * time, retries, the delivery log. Features append events with {@code platform.EventLog} in
 * their own transactions; this package owns the {@code event}, {@code event_sequence},
 * {@code webhook_endpoint} and {@code webhook_delivery} tables after that.
 */
package dev.aval.events;
