package dev.aval.distributor;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.platform.Caller;
import dev.aval.platform.ProblemException;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DistributorService {

    /** The outcome of a PUT: the distributor, and whether it was created. */
    public record Saved(DistributorView distributor, boolean created) {}

    @Inject
    DistributorRepository distributors;

    @Inject
    Clock clock;

    /** Creates the distributor (defaults for omitted settings) or updates it (omitted settings keep their value). */
    public Uni<Saved> put(String id, DistributorRequest request, String actor) {
        return distributors.put(id, request, clock.instant().truncatedTo(ChronoUnit.MICROS), actor);
    }

    /** {@link #put(String, DistributorRequest, String)} by the service itself (demo data). */
    public Uni<Saved> put(String id, DistributorRequest request) {
        return put(id, request, Caller.SYSTEM.actor());
    }

    public Uni<DistributorView> get(String id) {
        return distributors.find(id).map(d -> {
            if (d == null) {
                throw ProblemException.notFound("DISTRIBUTOR_NOT_FOUND", "distributor '" + id + "' does not exist");
            }
            return d;
        });
    }

    /** The distributor, or null when it does not exist. */
    Uni<DistributorView> find(String id) {
        return distributors.find(id);
    }
}
