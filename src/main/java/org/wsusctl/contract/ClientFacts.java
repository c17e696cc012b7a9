package org.wsusctl.contract;

import java.util.List;

/**
 * Section {@code wsus.clients}: the computers WSUS knows whose last status report is older than the asked number
 * of days, and for the first {@code max_probe} of them (oldest first) what DNS, ping and TCP 135/445/5985 say
 * (wsus-catalog.md 7). The classification is the runner's.
 */
public final class ClientFacts {
    public static final Field<Long> TOTAL = Field.nullableInteger("total");
    public static final Field<Long> STALE = Field.nullableInteger("stale");
    public static final Field<String> NAME = Field.string("name");
    /** ISO-8601 UTC; null when the client never reported (LastReportedStatusTime is DateTime.MinValue). */
    public static final Field<String> LAST_REPORTED_UTC = Field.nullableString("lastReportedUtc");
    public static final Field<String> WSUS_IP = Field.string("wsusIp");
    public static final Field<List<String>> DNS_IPS = Field.strings("dnsIps");
    public static final Field<Boolean> ICMP = Field.bool("icmp");
    public static final Field<Boolean> TCP = Field.bool("tcp");
    public static final Shape CLIENT = new Shape(NAME, LAST_REPORTED_UTC, WSUS_IP, DNS_IPS, ICMP, TCP);
    public static final Field<List<Facts>> CLIENTS = Field.objects("clients", CLIENT);

    public static final Section SECTION = new Section("wsus.clients", "facts.wsus.clients", new Shape(
            ApiFacts.TOOLS, ApiFacts.CONNECTED, ApiFacts.ERROR, TOTAL, STALE, CLIENTS));

    private ClientFacts() { }
}
