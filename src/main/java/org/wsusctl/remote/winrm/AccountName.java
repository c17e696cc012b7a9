package org.wsusctl.remote.winrm;

/**
 * A Windows account name split the way winrm4j wants it: {@code CORP\svc-wsus} becomes domain
 * {@code CORP}, user {@code svc-wsus}; {@code svc@corp.example} and {@code svc} have no domain part
 * (a UPN carries its realm itself).
 */
record AccountName(String domain, String user) {

    static AccountName parse(String account) {
        int slash = account.indexOf('\\');
        if (slash > 0 && slash < account.length() - 1) {
            return new AccountName(account.substring(0, slash), account.substring(slash + 1));
        }
        return new AccountName(null, account);
    }
}
