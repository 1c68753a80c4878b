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

    /** The key id of {@link #warmup}'s callers. API key ids are UUIDs: no key can have it. */
    public static final String WARMUP_KEY_ID = "warmup";

    /**
     * The service calling itself before it is ready (eligibility's warm-up) as a CHECKOUT key of
     * {@code distributorId} would: same checks, same code, answers not counted as checkout's.
     */
    public static Caller warmup(String distributorId) {
        return new Caller(WARMUP_KEY_ID, distributorId, Role.CHECKOUT, false);
    }

    public boolean warmup() {
        return WARMUP_KEY_ID.equals(keyId);
    }

    public boolean may(Permission permission) {
        return admin || permission != Permission.ADMIN && role != null && role.grants(permission);
    }

    public String actor() {
        return keyId;
    }
}
