package org.wsusctl.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.api.LoggerComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.RootLoggerComponentBuilder;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Log configuration for the command line, set in code so no file on the class path can send logs to
 * stdout (stdout carries progress and reports that scripts parse). Console logs go to stderr: WARN by
 * default, {@code -v} INFO and {@code -vv} DEBUG for wsusctl's own packages, while the libraries under it
 * (CXF, httpclient, winrm4j) stay at WARN unless {@code -vvv}. {@code --log-file} receives everything at
 * DEBUG whatever the verbosity. java.util.logging (CXF and SAAJ use it) is routed into log4j as well.
 */
public final class Logging {
    static final String OWN = "org.wsusctl";
    /**
     * SAAJ's FactoryFinder warns through JUL, twice per JVM, that it uses a deprecated service lookup: harmless
     * and not actionable by a user, so kept quiet unless {@code -vvv}.
     */
    static final String SAAJ = "javax.xml.soap";
    /** Loggers that would write credentials; kept off. */
    static final List<String> SECRET_BEARING_LOGGERS = List.of("org.apache.http.headers", "org.apache.http.wire");
    private static final String CONSOLE = "stderr";
    /** Log messages carry what hosts sent: controls, bidi overrides and zero-width characters are replaced. */
    static final String SAFE_MSG = "%replace{%msg}{" + org.wsusctl.config.TerminalText.UNSAFE_REGEX + "}{\uFFFD}";
    private static final String FILE = "file";
    /** Netty's logger for a notification a stopped event loop refused ({@code DefaultPromise}'s). */
    static final String NETTY_REJECTED = "io.netty.util.concurrent.DefaultPromise.rejectedExecution";

    private Logging() {
    }

    /**
     * Makes {@code --log-file} ready before log4j opens it: its directories exist, a new file is created
     * readable by its owner only (a debug log names hosts, accounts and what was changed, like the journal),
     * and it can be appended to. Without this a bad path gave log4j's own 54-line stack trace and a run
     * that went on without its log.
     *
     * @throws IOException saying why the file cannot be the log
     */
    public static void prepareLogFile(Path file) throws java.io.IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        if (!java.nio.file.Files.exists(file)
                && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            try {
                java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // created meanwhile: appended to as it is
            }
        }
        if (java.nio.file.Files.isRegularFile(file)) {
            try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.APPEND)) {
                java.util.Objects.requireNonNull(ch);
            }
        }
    }

    /**
     * Replaces the whole log4j configuration. Call first thing in {@code main}, before anything logs.
     *
     * @param verbosity the number of {@code -v} flags
     * @param logFile where {@code --log-file} asked for a DEBUG log, appended to
     */
    public static void configure(int verbosity, Optional<Path> logFile) {
        JulBridge.install();
        Level own = verbosity <= 0 ? Level.WARN : verbosity == 1 ? Level.INFO : Level.DEBUG;
        Level libs = verbosity >= 3 ? Level.DEBUG : Level.WARN;
        Level saaj = verbosity >= 3 ? Level.DEBUG : Level.ERROR;
        boolean file = logFile.isPresent();

        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setConfigurationName("wsusctl");
        // log4j's own status messages would print stack traces; the log file is checked before (prepareLogFile).
        b.setStatusLevel(Level.OFF);
        // Main shuts log4j down itself before exiting; a JVM hook would race with it and complain.
        b.setShutdownHook("disable");
        AppenderComponentBuilder console = b.newAppender(CONSOLE, "Console")
                .addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
                // follow: write to whatever System.err is at the time, so a redirected stderr is honoured
                .addAttribute("follow", true)
                .add(b.newLayout("PatternLayout")
                        .addAttribute("pattern", "%-5level %c{1}: " + SAFE_MSG + "%n")
                        .addAttribute("alwaysWriteExceptions", verbosity >= 2));
        b.add(console);
        if (file) {
            b.add(b.newAppender(FILE, "File")
                    .addAttribute("fileName", logFile.get().toAbsolutePath().toString())
                    .addAttribute("append", true)
                    .addAttribute("filePermissions", "rw-------")
                    .add(b.newLayout("PatternLayout")
                            .addAttribute("pattern", "%d{ISO8601_OFFSET_DATE_TIME_HHCMM} %-5level [%t] %c: " + SAFE_MSG + "%n")));
        }
        Level fileLevel = Level.DEBUG;
        LoggerComponentBuilder ownLogger = b.newLogger(OWN, file ? fileLevel : own)
                .addAttribute("additivity", false)
                .add(b.newAppenderRef(CONSOLE).addAttribute("level", own));
        LoggerComponentBuilder saajLogger = b.newLogger(SAAJ, saaj)
                .addAttribute("additivity", false)
                .add(b.newAppenderRef(CONSOLE).addAttribute("level", saaj));
        RootLoggerComponentBuilder root = b.newRootLogger(file ? fileLevel : libs)
                .add(b.newAppenderRef(CONSOLE).addAttribute("level", libs));
        if (file) {
            ownLogger.add(b.newAppenderRef(FILE).addAttribute("level", fileLevel));
            root.add(b.newAppenderRef(FILE).addAttribute("level", fileLevel));
        }
        // CXF logs every failed WinRM call at WARN ("Interceptor ... has thrown exception, unwinding now")
        // before wsusctl classifies it into a clear host message: noise on the console, kept in the log file.
        b.add(consoleAtMost(b, "org.apache.cxf", saaj, file, fileLevel));
        // The simulator's in-process KDC (Apache Kerby) logs a refused or unknown login at WARN ("Can't get the
        // client entry"): the login's refusal already reaches the report as the host's message.
        b.add(consoleAtMost(b, "org.apache.kerby", saaj, file, fileLevel));
        // Netty logs at ERROR when a simulated fleet stops while a delayed answer (its latency timer) is still due
        // and the notification can no longer run: nothing a user can act on, and the run's results are complete.
        b.add(consoleAtMost(b, NETTY_REJECTED, verbosity >= 3 ? Level.DEBUG : Level.OFF, file, fileLevel));
        // The HTTP client's header and wire logs show the Authorization header (Basic: the password in
        // base64; NTLM: a crackable response), so they are never written, whatever -v or --log-file say.
        for (String secretBearing : SECRET_BEARING_LOGGERS) {
            b.add(b.newLogger(secretBearing, Level.OFF).addAttribute("additivity", false));
        }
        b.add(ownLogger);
        b.add(saajLogger);
        b.add(root);
        BuiltConfiguration config = b.build();
        // The first configuration of the process starts log4j with it directly, so log4j2.xml (the fallback
        // until now) is never read: ~50 ms of a short command. Later calls (tests, in-process runs) replace it.
        if (Configurator.initialize(config).getConfiguration() != config) {
            Configurator.reconfigure(config);
        }
    }

    /**
     * Shuts logging down before the JVM exits: java.util.logging's bridge first, then log4j. In the other order
     * (or leaving JUL to its own exit hook) closing the bridge asks log4j for its context, which is gone by then,
     * so log4j started a new one from log4j2.xml inside the exit hook: ~0.14 s of every command's wall time.
     */
    public static void shutdown() {
        java.util.logging.LogManager.getLogManager().reset();
        org.apache.logging.log4j.LogManager.shutdown();
    }

    /** Sends java.util.logging records to log4j when the JVM was not started with log4j's JUL LogManager. */
    /**
     * A library's logger that reaches the console only from {@code consoleLevel} on, and the log file (when there
     * is one) in full: its noise stays off the console and its detail stays in the file.
     */
    private static LoggerComponentBuilder consoleAtMost(ConfigurationBuilder<BuiltConfiguration> b, String name,
                                                        Level consoleLevel, boolean file, Level fileLevel) {
        LoggerComponentBuilder logger = b.newLogger(name, file ? fileLevel : consoleLevel)
                .addAttribute("additivity", false)
                .add(b.newAppenderRef(CONSOLE).addAttribute("level", consoleLevel));
        if (file) {
            logger.add(b.newAppenderRef(FILE).addAttribute("level", fileLevel));
        }
        return logger;
    }

    private static final class JulBridge {
        private static boolean installed;

        static synchronized void install() {
            if (installed) {
                return;
            }
            installed = true;
            if (java.util.logging.LogManager.getLogManager().getClass().getName()
                    .equals("org.apache.logging.log4j.jul.LogManager")) {
                return; // -Djava.util.logging.manager already routes JUL into log4j
            }
            // Removes JUL's own ConsoleHandler (which would print twice) and lets log4j's levels decide.
            org.apache.logging.log4j.jul.Log4jBridgeHandler.install(true, null, true);
        }
    }
}
