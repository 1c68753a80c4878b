package dev.aval.events;

import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.platform.AvalConfig;
import dev.aval.platform.EventType;
import dev.aval.platform.ProblemException;
import io.smallrye.mutiny.Uni;

/** The feed: numbered events oldest first, optionally waiting for the next ones (long polling). */
@ApplicationScoped
public class EventService {

    /** A feed request, checked: {@code types} null for all, {@code longPoll} zero for none. */
    record FeedRequest(long after, Set<EventType> types, int limit, Duration longPoll) {}

    /** Without a notification (say the listening connection is being re-opened), a long poll looks again this often. */
    private static final Duration RECHECK = Duration.ofSeconds(1);
    /** A long poll answers this long before the request deadline would answer 503. */
    private static final Duration DEADLINE_MARGIN = Duration.ofSeconds(1);

    @Inject
    EventQuery events;

    @Inject
    EventSignals signals;

    @Inject
    AvalConfig avalConfig;

    Uni<FeedView> feed(String distributorId, FeedRequest request) {
        String[] types = request.types() == null
                ? null
                : request.types().stream().map(EventType::wireName).toArray(String[]::new);
        long deadline = System.nanoTime() + longestWait(request.longPoll()).toNanos();
        return read(distributorId, request, types, deadline);
    }

    private Uni<FeedView> read(String distributorId, FeedRequest request, String[] types, long deadline) {
        return events.page(distributorId, request.after(), types, request.limit())
                .chain(page -> {
                    if (request.after() > 0 && request.after() < page.purgedThrough()) {
                        throw new ProblemException(
                                410,
                                "EVENTS_EXPIRED",
                                "Gone",
                                "events after " + request.after()
                                        + " are past the retention and were deleted (up to " + page.purgedThrough()
                                        + "); read from 0 to replay what is kept");
                    }
                    long left = deadline - System.nanoTime();
                    if (page.items().isEmpty() && left > 0) {
                        Duration pause = Duration.ofNanos(Math.min(left, RECHECK.toNanos()));
                        return signals.sequenced(distributorId, pause)
                                .chain(() -> read(distributorId, request, types, deadline));
                    }
                    long nextAfter = page.items().size() == request.limit()
                            ? page.items().get(page.items().size() - 1).sequence()
                            : Math.max(request.after(), page.last());
                    return Uni.createFrom().item(new FeedView(page.items(), nextAfter));
                });
    }

    /** The wait asked for, kept inside the request deadline ({@code aval.http.request-timeout}). */
    private Duration longestWait(Duration wait) {
        Duration deadline = avalConfig.http().requestTimeout();
        if (wait.isZero() || deadline.isZero()) {
            return wait;
        }
        Duration cap = deadline.minus(DEADLINE_MARGIN);
        return wait.compareTo(cap) > 0 ? (cap.isNegative() ? Duration.ZERO : cap) : wait;
    }
}
