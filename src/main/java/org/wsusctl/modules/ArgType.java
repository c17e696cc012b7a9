package org.wsusctl.modules;

/** The type a module argument takes. */
public enum ArgType {
    STRING, INT, BOOL, STRING_LIST
}
