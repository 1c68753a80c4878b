package dev.aval.events;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.aval.platform.Access;
import dev.aval.platform.Cursor;
import dev.aval.platform.EventType;
import dev.aval.platform.Permission;
import dev.aval.platform.ProblemException;
import io.smallrye.mutiny.Uni;

@Path("/v1/distributors/{distributorId}/events")
@Tag(name = "Events", description = "The change feed: every change of the distributor, in commit order, replayable.")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    @Inject
    EventService service;

    @Inject
    EventsConfig config;

    @GET
    @Access(Permission.EVENTS)
    @Operation(
            operationId = "listEvents",
            summary = "Read the change feed after a sequence number, oldest first",
            description = "Reading from 0 replays every event still kept. With wait (e.g. PT20S) an empty answer "
                    + "waits for the next events (answered at the latest shortly before aval.http.request-timeout).")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (after, types, limit, wait)")
    @APIResponse(
            responseCode = "410",
            description = "EVENTS_EXPIRED: events after this sequence were deleted " + "(retention); read from 0")
    public Uni<FeedView> list(
            @PathParam("distributorId") String distributorId,
            @Parameter(
                            description = "The last sequence already read (nextAfter of the previous page); default 0",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            format = "int64",
                                            minimum = "0",
                                            defaultValue = "0"))
                    @QueryParam("after")
                    String after,
            @Parameter(description = "Comma-separated event types, e.g. customer.status_changed,hold.placed")
                    @QueryParam("types")
                    String types,
            @Parameter(
                            description = "1-500, default 50",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "500"))
                    @QueryParam("limit")
                    Integer limit,
            @Parameter(description = "ISO-8601 duration to wait for events when none is there yet, at most PT20S")
                    @QueryParam("wait")
                    String wait) {
        return service.feed(
                distributorId,
                new EventService.FeedRequest(after(after), types(types), Cursor.limit(limit), wait(wait)));
    }

    private static long after(String raw) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            long after = Long.parseLong(raw.strip());
            if (after >= 0) {
                return after;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ProblemException.validation("after", "must be a sequence number (0 or more)");
    }

    private static Set<EventType> types(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String name : raw.split(",")) {
            EventType type = EventType.ofWireName(name.strip());
            if (type == null || type == EventType.WEBHOOK_TEST) {
                throw ProblemException.validation("types", "unknown event type '" + name.strip() + "'");
            }
            types.add(type);
        }
        return types;
    }

    private Duration wait(String raw) {
        if (raw == null || raw.isBlank()) {
            return Duration.ZERO;
        }
        try {
            Duration wait = Duration.parse(raw.strip());
            if (!wait.isNegative() && wait.compareTo(config.maxWait()) <= 0) {
                return wait;
            }
        } catch (DateTimeParseException e) {
            // below
        }
        throw ProblemException.validation("wait", "must be an ISO-8601 duration from PT0S to " + config.maxWait());
    }
}
