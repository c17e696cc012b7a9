package org.wsusctl.modules;

import org.wsusctl.remote.UnitResult;

/** Words for the results of the service fixes (the {@code services.start} script). */
final class Services {
    private Services() { }

    /**
     * Reasons the scripts print: {@code disabled} (a Disabled service is never started: someone chose that),
     * {@code still_not_running} (it was started and is not running now: WsusService without its database stops
     * again, event 507).
     */
    static String describe(UnitResult.Fix r) {
        String what = FixMessages.changes(r.before(), r.after());
        return switch (r.outcome()) {
            case CHANGED -> "started: " + what;
            case UNCHANGED -> "nothing to start" + (r.detail().isEmpty() ? "" : " (" + r.detail() + ")");
            case REFUSED -> "disabled, not started (enable it deliberately): " + r.detail();
            case FAILED -> "did not stay up after its start: " + r.detail()
                    + " (see the event log; WsusService stops without its database, event 507)";
        };
    }
}
