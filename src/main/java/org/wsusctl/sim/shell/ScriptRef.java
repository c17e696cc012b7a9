package org.wsusctl.sim.shell;

/** A shipped wsusctl script found in a batch, known by its header line only. */
public record ScriptRef(String id, boolean mutating) { }
