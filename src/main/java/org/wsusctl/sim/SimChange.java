package org.wsusctl.sim;

import java.time.Instant;
import java.util.Map;

/** One change a fix made to a simulated server: the record an audit must leave empty. */
public record SimChange(Instant at, String scriptId, String what, Map<String, Object> before,
        Map<String, Object> after) { }
