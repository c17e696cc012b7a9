package org.wsusctl.remote;

/** What one command on a host returned. */
public record PsOutput(int exitCode, String stdout, String stderr) { }
