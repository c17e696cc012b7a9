/**
 * What travels between wsusctl and a WSUS host, in one home: the result-line framing, the schema ids, the
 * name rules values are checked against, the fix outcome words, and the fact sections every check script
 * prints (names and types). The runner parses with it, the simulator produces with it, and the PowerShell
 * preamble receives its constants from it (see {@code PsInvocation}); nothing here depends on anything else of
 * wsusctl, so the simulator may use it as a Windows host would "use" the wire format.
 */
package org.wsusctl.contract;
