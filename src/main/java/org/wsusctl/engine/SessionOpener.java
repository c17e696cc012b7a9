package org.wsusctl.engine;

import org.wsusctl.remote.ProbeSession;
import org.wsusctl.remote.RemoteShell;

/**
 * Wraps a freshly opened shell into the session a host run works with. The engine picks it ({@code ProbeSession::new}
 * for audit, {@code FixSession::new} for apply), so audit code never names the raw shell at all.
 */
@FunctionalInterface
interface SessionOpener<S extends ProbeSession> {
    S open(RemoteShell shell, boolean batch);
}
