package dev.aval.distributor;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.aval.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DistributorService {

    /** The outcome of a PUT: the distributor, and whether it was created. */
    public record Saved(DistributorView distributor, boolean created) {
    }

    @WithTransaction
    public Uni<Saved> put(String id, DistributorRequest request) {
        Instant now = Instant.now();
        return Distributor.<Distributor> findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .chain(existing -> {
                    if (existing != null) {
                        existing.apply(request, now);
                        return Uni.createFrom().item(new Saved(DistributorView.of(existing), false));
                    }
                    Distributor created = Distributor.create(id, request, now);
                    return created.<Distributor> persist().map(d -> new Saved(DistributorView.of(d), true));
                });
    }

    @WithSession
    public Uni<DistributorView> get(String id) {
        return Distributor.<Distributor> findById(id).map(d -> {
            if (d == null) {
                throw ProblemException.notFound("DISTRIBUTOR_NOT_FOUND", "distributor '" + id + "' does not exist");
            }
            return DistributorView.of(d);
        });
    }
}
