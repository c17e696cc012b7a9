package org.wsusctl.modules;

/**
 * Where a fix runs in apply, whatever order the playbook lists its steps in: the catalog's dependency order
 * (wsus-catalog.md 1, 4.1 and 2): SQL, WAS and W3SVC first; the WSUS site (it starts only under WAS and W3SVC);
 * the SQL rights (they need SQL); pool configuration before the pool is started (a start applies it); the pool;
 * WsusService; then what proves or uses the rest (a synchronization last, with approval only).
 */
public enum Phase {
    SERVICES,
    SITE,
    SQL_RIGHTS,
    POOL_CONFIG,
    POOL_START,
    WSUS_SERVICE,
    PROOF,
    SYNC,
    EVIDENCE
}
