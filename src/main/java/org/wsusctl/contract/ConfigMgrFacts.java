package org.wsusctl.contract;

/**
 * Section {@code configmgr}: whether this WSUS is a Configuration Manager software update point, from the registry
 * keys ConfigMgr's WSUS Control Manager (the SUP component that runs on the WSUS server and logs WSUSCtrl.log)
 * creates: the SMS_EXECUTIVE thread key, the way Microsoft's jonasatgit/scriptrepo
 * {@code Test-ConfigMgrTlsConfiguration.ps1} detects a SUP, and its tracing key, whose TraceFileName is the
 * WSUSCtrl.log on this host (Microsoft's Configuration Manager log-files reference). wsus-catalog.md 8.
 */
public final class ConfigMgrFacts {
    /** {@code HKLM:\SOFTWARE\Microsoft\SMS\Components\SMS_EXECUTIVE\Threads\SMS_WSUS_CONTROL_MANAGER} exists. */
    public static final Field<Boolean> CONTROL_MANAGER = Field.bool("controlManager");
    /** {@code HKLM:\SOFTWARE\Microsoft\SMS\Tracing\SMS_WSUS_CONTROL_MANAGER} exists. */
    public static final Field<Boolean> TRACING = Field.bool("tracing");
    /** That tracing key's TraceFileName (WSUSCtrl.log); null without it. */
    public static final Field<String> LOG_FILE = Field.nullableString("logFile");

    public static final Section SECTION = new Section("configmgr", "facts.configmgr", new Shape(CONTROL_MANAGER,
            TRACING, LOG_FILE));

    private ConfigMgrFacts() { }
}
