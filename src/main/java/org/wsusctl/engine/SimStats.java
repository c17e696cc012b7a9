package org.wsusctl.engine;

/** For a simulated host: WinRM HTTP requests it answered and changes fixes made to it during the run. */
public record SimStats(long requests, long changes) { }
