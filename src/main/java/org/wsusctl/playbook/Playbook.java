package org.wsusctl.playbook;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** A loaded, validated playbook. */
public record Playbook(
        Path source,
        String name,
        String hosts,
        Optional<Serial> serial,
        OptionalInt maxFailPercentage,
        Map<String, Object> vars,
        List<Step> steps,
        List<Step> handlers) { }
