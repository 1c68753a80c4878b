package dev.aval.events;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
        name = "EventPage",
        description = "Events oldest first. Pass nextAfter as ?after= to read on; "
                + "it is the last event's sequence, or the newest sequence examined when the page is not full.")
public record FeedView(List<EventView> items, long nextAfter) {}
