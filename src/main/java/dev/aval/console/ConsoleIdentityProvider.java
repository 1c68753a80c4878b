package dev.aval.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns Quarkus's session cookie (form authentication restores its principal on every request)
 * back into a console user, read from the users table each time: a disabled user, a reset
 * password, a sign-out or a session past its absolute timeout is refused from the next request on.
 */
@ApplicationScoped
public class ConsoleIdentityProvider implements IdentityProvider<TrustedAuthenticationRequest> {

    static final String USER = "aval.console.user";

    @Inject
    ConsoleUserService users;

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        SessionPrincipal session = SessionPrincipal.parse(request.getPrincipal());
        if (session == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException());
        }
        return users.sessionUser(session.userId(), session.signedInAt()).map(user -> {
            if (user == null) {
                throw new AuthenticationFailedException();
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(request.getPrincipal()))
                    .addRole(user.role().name())
                    .addAttribute(USER, user)
                    .build();
        });
    }
}
