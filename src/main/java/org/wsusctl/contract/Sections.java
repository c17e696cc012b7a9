package org.wsusctl.contract;

import java.util.List;
import java.util.Optional;

/**
 * Every fact section, in the order a host's facts are gathered within one PowerShell process: the registry and
 * the service manager first, then IIS (which cannot be read while WAS is down, so its errors are judged against
 * the service facts), then what depends on IIS and SQL; the health monitor's events (which an opt-in wsusutil
 * checkhealth writes) before the evidence that quotes the event logs.
 */
public final class Sections {
    public static final List<Section> ALL = List.of(HostFacts.SECTION, ConfigMgrFacts.SECTION, ServiceFacts.SECTION,
            SiteFacts.SECTION, IisPoolFacts.SECTION, HttpFacts.SECTION, SqlFacts.SECTION, SusdbFacts.SECTION,
            SyncFacts.SECTION, ClientFacts.SECTION, HealthFacts.SECTION, EvidenceFacts.SECTION);

    private Sections() { }

    public static Optional<Section> byScript(String scriptId) {
        return ALL.stream().filter(s -> s.scriptId().equals(scriptId)).findFirst();
    }

    /** The gathering position of a section. */
    public static int order(Section s) {
        int i = ALL.indexOf(s);
        if (i < 0) {
            throw new IllegalArgumentException("unknown section " + s.id());
        }
        return i;
    }
}
