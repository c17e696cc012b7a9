package org.wsusctl.contract;

/**
 * Section {@code iis.pool}: one application pool as the IIS provider shows it (wsus-catalog.md 2.1, 2.2, 2.4).
 * When the pool does not exist, {@code exists} is false and the rest null.
 */
public final class IisPoolFacts {
    public static final Field<String> POOL = Field.string("pool");
    public static final Field<Boolean> EXISTS = Field.bool("exists");
    /** Get-WebAppPoolState's value: Started, Stopped, Starting, Stopping. */
    public static final Field<String> STATE = Field.nullableString("state");
    public static final Field<Long> PRIVATE_MEMORY_KB = Field.nullableInteger("privateMemoryKb");
    public static final Field<Long> QUEUE_LENGTH = Field.nullableInteger("queueLength");
    public static final Field<Double> IDLE_TIMEOUT_MIN = Field.nullableNumber("idleTimeoutMin");
    public static final Field<Boolean> PINGING_ENABLED = Field.nullableBool("pingingEnabled");
    public static final Field<Double> PERIODIC_RESTART_MIN = Field.nullableNumber("periodicRestartMin");
    public static final Field<Long> VIRTUAL_MEMORY_KB = Field.nullableInteger("virtualMemoryKb");
    public static final Field<Boolean> RAPID_FAIL_PROTECTION = Field.nullableBool("rapidFailProtection");
    public static final Field<Long> RAPID_FAIL_MAX_CRASHES = Field.nullableInteger("rapidFailMaxCrashes");
    public static final Field<Double> RAPID_FAIL_INTERVAL_MIN = Field.nullableNumber("rapidFailIntervalMin");
    public static final Field<String> LOAD_BALANCER_CAPABILITIES = Field.nullableString("loadBalancerCapabilities");

    public static final Section SECTION = new Section("iis.pool", "facts.iis.pool", new Shape(POOL, EXISTS, STATE,
            PRIVATE_MEMORY_KB, QUEUE_LENGTH, IDLE_TIMEOUT_MIN, PINGING_ENABLED, PERIODIC_RESTART_MIN,
            VIRTUAL_MEMORY_KB, RAPID_FAIL_PROTECTION, RAPID_FAIL_MAX_CRASHES, RAPID_FAIL_INTERVAL_MIN,
            LOAD_BALANCER_CAPABILITIES));

    private IisPoolFacts() { }
}
