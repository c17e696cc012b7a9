package org.wsusctl.modules;

/** Words shared by the checks that read the WSUS API. */
final class ApiTools {
    /** The UpdateServices module did not load: name the cause, not PowerShell's localized text. */
    static final String MISSING = "WSUS API tools not installed: the UpdateServices PowerShell module did not load"
            + " (install the WSUS role's management tools: Install-WindowsFeature UpdateServices-API)";

    private ApiTools() { }
}
