package org.wsusctl.sim.model;

import java.util.Map;
import org.wsusctl.sim.SimScriptException;

/** The Java model of one shipped script: reads (and, for fixes, changes) the server, returns what it prints. */
@FunctionalInterface
interface ScriptHandler {
    Map<String, Object> run(WsusServer server, ScriptArgs args) throws SimScriptException;
}
