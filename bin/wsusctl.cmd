@echo off
rem wsusctl launcher for Windows (cmd.exe): the twin of bin/wsusctl. Runs target\wsusctl.jar (one level up
rem from this file's folder) with the class-data-sharing archive target\wsusctl.jsa when there is one, C1 only
rem and the serial collector (see bin/wsusctl for why).
rem
rem   JAVA_HOME          the JDK or JRE to use (default: java on the PATH); Java 17 or later
rem   WSUSCTL_JAVA_OPTS  more JVM options, after the launcher's own (so they win); plain options only:
rem                      cmd would act on & | < > in them
rem
rem A missing, stale or foreign archive is ignored in silence (-Xshare:auto). An archive belongs to the OS,
rem JDK and jar path that wrote it: one from Linux does nothing here. Arguments go to wsusctl as typed (%*),
rem its exit code is this script's. Ctrl-C reaches java itself (the console sends it to every process);
rem cmd may then ask "Terminate batch job (Y/N)?" after wsusctl has already stopped in order.
rem Not tested on Windows by this project's CI (bin/wsusctl is, by LauncherIT): kept deliberately simple.
setlocal
for %%I in ("%~dp0..") do set "WSUSCTL_ROOT=%%~fI"
set "WSUSCTL_JAR=%WSUSCTL_ROOT%\target\wsusctl.jar"
set "WSUSCTL_JSA=%WSUSCTL_ROOT%\target\wsusctl.jsa"
rem A goto, not a parenthesised block: a path like "C:\Program Files (x86)\..." would end the block early.
if not exist "%WSUSCTL_JAR%" goto nojar
set "WSUSCTL_JAVA=java"
if defined JAVA_HOME set "WSUSCTL_JAVA=%JAVA_HOME%\bin\java.exe"
"%WSUSCTL_JAVA%" "-XX:SharedArchiveFile=%WSUSCTL_JSA%" -Xshare:auto "-Xlog:cds*=off" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC %WSUSCTL_JAVA_OPTS% -jar "%WSUSCTL_JAR%" %*
exit /b %ERRORLEVEL%

:nojar
echo wsusctl: "%WSUSCTL_JAR%" not found: build it (mvn package) in "%WSUSCTL_ROOT%" 1>&2
exit /b 250
