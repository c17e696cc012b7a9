package org.wsusctl.sim.model;

import java.util.Map;
import org.wsusctl.sim.SimScriptException;

/**
 * The Java model of one shipped script: a fact section reads the server and returns its facts; a fix changes the
 * server and returns what the real script prints ({@code wsusctl.fix/2}). Models never decide a verdict.
 */
@FunctionalInterface
interface ScriptHandler {
    Map<String, Object> run(WsusServer server, ScriptArgs args) throws SimScriptException;
}
