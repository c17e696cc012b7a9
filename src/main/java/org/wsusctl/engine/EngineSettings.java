package org.wsusctl.engine;

import java.time.Duration;

/**
 * How a run is carried out.
 *
 * @param forks hosts worked on in parallel (WinRM is I/O-bound, so many)
 * @param hostDeadline the most one host may take; past it the host's shell is torn down
 * @param batch all checks of a host in one PowerShell process ({@code false} = {@code --no-batch})
 * @param failFast apply: stop starting hosts after the first failure
 */
public record EngineSettings(int forks, Duration hostDeadline, boolean batch, boolean failFast) {
    public static final int DEFAULT_FORKS = 50;
    public static final Duration DEFAULT_HOST_DEADLINE = Duration.ofMinutes(5);

    public EngineSettings {
        if (forks < 1) {
            throw new IllegalArgumentException("forks must be at least 1");
        }
    }

    public static EngineSettings defaults() {
        return new EngineSettings(DEFAULT_FORKS, DEFAULT_HOST_DEADLINE, true, false);
    }
}
