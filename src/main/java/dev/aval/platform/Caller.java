package dev.aval.platform;

/**
 * Who is calling: the admin key, or one distributor's key with its role.
 *
 * @param keyId the API key's id ("admin" for the platform admin key); recorded as the actor
 */
public record Caller(String keyId, String distributorId, Role role, boolean admin) {

    public static final Caller ADMIN = new Caller("admin", null, null, true);
    /** The service itself (scheduled jobs, start-up). */
    public static final Caller SYSTEM = new Caller("system", null, null, true);

    public boolean may(Permission permission) {
        return admin || permission != Permission.ADMIN && role != null && role.grants(permission);
    }

    public String actor() {
        return keyId;
    }
}
