package org.wsusctl.sim;

import java.time.Instant;
import java.util.List;

/**
 * One HTTP request a simulated host answered.
 *
 * @param at when it arrived
 * @param action the WS-Management action's short name ({@code Create}, {@code Command}, {@code Receive},
 *               {@code Send}, {@code Signal}, {@code Delete}), {@code Unauthorized} for a request refused with
 *               401, {@code Invalid} for one that was not a readable SOAP envelope
 * @param scripts the wsusctl script ids a {@code Command} carried, in order
 * @param mutating any of those scripts is a mutating one
 */
public record SimRequest(Instant at, String action, List<String> scripts, boolean mutating) {
    public SimRequest {
        scripts = List.copyOf(scripts);
    }
}
