package org.wsusctl.remote;

/**
 * Phantom type marking what a script may do. Audit code only ever holds {@link ReadOnly} scripts and a
 * {@link ProbeSession}, which accepts nothing else: dry run is a property of the types, not of an if.
 */
public sealed interface ScriptKind permits ScriptKind.ReadOnly, ScriptKind.Mutating {

    /** A check: reads state, never changes it. Header {@code # wsusctl-script: <id> read-only}. */
    final class ReadOnly implements ScriptKind {
        private ReadOnly() { }
    }

    /** A fix or action: changes the host. Header {@code # wsusctl-script: <id> mutating}. */
    final class Mutating implements ScriptKind {
        private Mutating() { }
    }
}
