package dev.aval.platform;

import jakarta.ws.rs.core.Response;

/** Builds problem+json responses; used by mappers and filters alike. */
public final class Problems {

    private Problems() {}

    public static Response response(ProblemException e) {
        Response.ResponseBuilder builder =
                Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(e.toProblem());
        e.headers().forEach(builder::header);
        return builder.build();
    }
}
