package org.wsusctl.cli;

/** Bad command-line options (exit 5). The message says what is wrong and how to get help. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
