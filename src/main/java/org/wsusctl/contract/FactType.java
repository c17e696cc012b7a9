package org.wsusctl.contract;

/**
 * The JSON types a fact can have, and the PowerShell cast that produces each ({@code [string]}, {@code [int64]},
 * ...). Scripts mark every fact with its cast (or a {@code Get-Nullable*} call for a fact that may be null), so a
 * test can hold each script's facts against the declared ones.
 */
public enum FactType {
    STRING("string"),
    INT("int64"),
    DOUBLE("double"),
    BOOL("bool"),
    STRING_LIST("string[]"),
    OBJECT_LIST("object[]");

    private final String powerShell;

    FactType(String powerShell) {
        this.powerShell = powerShell;
    }

    /** The PowerShell type name of the cast ({@code [int64]}) or of the {@code Get-Nullable} helper suffix. */
    public String powerShell() {
        return powerShell;
    }
}
