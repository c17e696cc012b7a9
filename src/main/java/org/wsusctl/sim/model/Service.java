package org.wsusctl.sim.model;

/** One Windows service of a simulated server, as Win32_Service shows it (State and StartMode). */
final class Service {
    final String name;
    String state;
    String startMode;

    Service(String name, String simulateValue) {
        this.name = name;
        this.state = "Disabled".equals(simulateValue) ? "Stopped" : simulateValue;
        this.startMode = "Disabled".equals(simulateValue) ? "Disabled" : "Auto";
    }

    boolean running() {
        return "Running".equals(state);
    }

    boolean disabled() {
        return "Disabled".equals(startMode);
    }

    /** The service in the simulate schema: Running, Stopped or Disabled. */
    String simulateValue() {
        return disabled() ? "Disabled" : state;
    }
}
