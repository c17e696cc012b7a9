package org.wsusctl.inventory;

import org.wsusctl.config.SourcePos;

/**
 * Something about the inventory that does not stop wsusctl but that the operator should read: an Ansible
 * setting wsusctl does not apply, a vars file that matches nothing, hosts left out of WinRM runs.
 */
public record InventoryWarning(SourcePos pos, String message) {

    /** {@code file:line:col: warning: message}, like the errors. */
    public String format() {
        return pos + ": warning: " + message;
    }
}
