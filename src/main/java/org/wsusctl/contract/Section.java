package org.wsusctl.contract;

import java.util.List;

/**
 * One source of facts on a host (the WSUS registry, the service manager, IIS, SQL, the WSUS API, an HTTP probe,
 * the event logs), gathered by one read-only script that prints only facts of this shape, never a verdict.
 *
 * @param id the section's name in reports and errors, e.g. {@code iis.pool}
 * @param scriptId the shipped script that gathers it, e.g. {@code facts.iis.pool}
 */
public record Section(String id, String scriptId, Shape shape) {

    public List<Field<?>> fields() {
        return shape.fields();
    }

    @Override
    public String toString() {
        return id;
    }
}
