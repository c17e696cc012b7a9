package org.wsusctl.modules;

import java.util.List;

/** A unit of WSUS/IIS/SQL knowledge, named as in design.md (e.g. {@code iis.apppool.state}). */
public sealed interface WsusModule permits CheckModule, ActionModule {

    String name();

    /** One line: what it checks or does. */
    String summary();

    /** The troubleshooting-article symptom it answers. */
    String symptom();

    List<ArgSpec> args();

    FixPolicy fixPolicy();

    /** Where this module sits in the catalog's dependency order (its fixes run in their own phases). */
    Phase phase();
}
