package dev.aval.credit;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.aval.platform.Idempotency;

/**
 * What every keyed write of credit (place, adjust and capture a hold; pay and credit an invoice)
 * takes besides its body: the required Idempotency-Key and the path its first answer is kept
 * under. The service checks the key and replays that answer.
 */
class KeyedWrite {

    static final String KEY_DESCRIPTION = "Required. Same key + same body replays the first answer "
            + "(Idempotent-Replayed: true); kept at least 24 h per (distributor, method, path).";

    @Parameter(in = ParameterIn.HEADER, required = true, description = KEY_DESCRIPTION)
    @HeaderParam(Idempotency.HEADER)
    String key;

    @Context
    UriInfo uri;

    /** The Idempotency-Key as sent (null or blank when missing: the service answers 400). */
    String key() {
        return key;
    }

    /** The request's path, under which the key and its answer are kept. */
    String path() {
        return uri.getPath();
    }
}
