package org.wsusctl.sim.model;

/**
 * One Windows service of a simulated server, as Win32_Service shows it (State and StartMode). A {@code Failing}
 * service is installed and Stopped, and every start fails: the process exits at once, as a service with a
 * broken configuration or a corrupt database does (the service control manager reports error 1067, "The
 * process terminated unexpectedly"; Microsoft's "Troubleshoot service startup" guidance).
 */
final class Service {
    final String name;
    String state;
    String startMode;
    final boolean failsToStart;
    /** When a started service will stop by itself (WsusService without its database), else null. */
    java.time.Instant stopsAt;

    Service(String name, String simulateValue) {
        this.name = name;
        this.failsToStart = "Failing".equals(simulateValue);
        this.state = "Disabled".equals(simulateValue) || failsToStart ? "Stopped" : simulateValue;
        this.startMode = "Disabled".equals(simulateValue) ? "Disabled" : "Auto";
    }

    boolean running() {
        return "Running".equals(state);
    }

    boolean disabled() {
        return "Disabled".equals(startMode);
    }

    /** The service in the simulate schema: Running, Stopped, Disabled or Failing. */
    String simulateValue() {
        return disabled() ? "Disabled" : failsToStart && !running() ? "Failing" : state;
    }
}
