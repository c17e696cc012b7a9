package org.wsusctl.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One sub-command of {@code wsusctl}. */
interface Command {

    String name();

    /** The argument synopsis after the command name, e.g. {@code -i INVENTORY PLAYBOOK...}. */
    String synopsis();

    String description();

    Options options();

    /** Runs the command and returns the process exit code. */
    int run(CommandLine line) throws Exception;
}
