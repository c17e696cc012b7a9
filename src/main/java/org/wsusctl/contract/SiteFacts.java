package org.wsusctl.contract;

import java.util.List;

/**
 * Section {@code iis.site}: the IIS site WSUS installed itself in, found by {@code IISTargetWebSiteIndex} of the WSUS
 * Setup registry key (by ID, never by name: "Default Web Site" is localized; wsus-catalog.md 0.5, 3.1, P6), and its
 * {@code Selfupdate} virtual directory (3.3). When WSUS is not installed or no site has that ID, {@code exists} is
 * false and the rest null or empty. Reading sites needs WAS; the runtime state also needs W3SVC, so a state that
 * could not be read is null with the provider's error.
 */
public final class SiteFacts {
    public static final Field<Boolean> EXISTS = Field.bool("exists");
    public static final Field<String> NAME = Field.nullableString("name");
    /** The site's runtime state: Started, Stopped, Starting, Stopping, Unknown; null when it could not be read. */
    public static final Field<String> STATE = Field.nullableString("state");
    public static final Field<String> STATE_ERROR = Field.nullableString("stateError");
    /** {@code <protocol> <bindingInformation>}, e.g. {@code http *:8530:} or {@code https *:8531:}. */
    public static final Field<List<String>> BINDINGS = Field.strings("bindings");
    /** A {@code Selfupdate} virtual directory or application exists under the site; null when there is no site. */
    public static final Field<Boolean> SELFUPDATE_EXISTS = Field.nullableBool("selfupdateExists");
    public static final Field<String> SELFUPDATE_PATH = Field.nullableString("selfupdatePath");

    public static final Section SECTION = new Section("iis.site", "facts.iis.site", new Shape(EXISTS, NAME, STATE,
            STATE_ERROR, BINDINGS, SELFUPDATE_EXISTS, SELFUPDATE_PATH));

    private SiteFacts() { }
}
