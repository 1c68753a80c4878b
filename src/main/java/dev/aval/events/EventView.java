package dev.aval.events;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

/** One change event, with CloudEvents 1.0 attribute names: the feed's item and a webhook's body. */
@Schema(name = "Event", description = "A change event (CloudEvents 1.0 attribute names, JSON).")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventView(
        @Schema(description = "Always 1.0.", example = "1.0")
        String specversion,

        @Schema(description = "Unique; also the webhook-id header of its deliveries.")
        String id,

        @Schema(example = "customer.status_changed") String type,
        @Schema(example = "/v1/distributors/acme") String source,

        @Schema(description = "The customer document, or the account, hold, invoice or import id.")
        String subject,

        Instant time,

        @Schema(description = "Per distributor, strictly increasing in commit order (absent only on webhook.test).")
        Long sequence,

        @Schema(
                type = SchemaType.OBJECT,
                description = "The resource as the API answers it after the change, "
                        + "plus the change's reason and actor when it has them.")
        @JsonRawValue
        String data) {

    static final String SPEC_VERSION = "1.0";

    static String source(String distributorId) {
        return "/v1/distributors/" + distributorId;
    }
}
