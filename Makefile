# wsusctl: thin wrapper over Maven. Needs only a JDK (17+) and Maven.
MVN ?= mvn -B -ntp -q
JAR := target/wsusctl.jar
JSA := target/wsusctl.jsa
WSUSCTL := java -jar $(JAR)

.PHONY: build demo test bench interop inventory-diff clean

# The runnable jar; rebuilt when sources change.
$(JAR): pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) -DskipTests package

build: $(JAR) $(JSA)

# ---- start-up (issue 15): the class-data-sharing archive bin/wsusctl runs with -------------------------------
# One training JVM (cli/CdsTraining) with -XX:ArchiveClassesAtExit runs the command lines of
# tools/cds/training.args: validate, then an audit of the two simulated hosts of tools/cds/training.yml
# (in-process, real WinRM over loopback), so the archive holds what real runs load. Rebuilt whenever the jar
# changes; a stale one is ignored by the JVM anyway. The archive belongs to the JDK that wrote it and to the jar
# at this absolute path (Java 17 records it; a moved checkout runs without it until
# `rm target/wsusctl.jsa; make build`): build with the java bin/wsusctl uses (JAVA_HOME or the PATH's).
# A training run that fails stops the build (something real is broken); a JVM that cannot write archives
# (no base CDS archive, an old JDK) only leaves a note: bin/wsusctl runs without one. About 10 CPU s.
JAVA := $(if $(JAVA_HOME),$(JAVA_HOME)/bin/java,java)

$(JSA): $(JAR) tools/cds/training.yml tools/cds/training.args
	@rm -f $@ $@.tmp target/cds/probe.jsa; mkdir -p target/cds
	@if ! $(JAVA) -XX:ArchiveClassesAtExit=target/cds/probe.jsa -version >target/cds/probe.log 2>&1; then \
	  echo "make: this JVM cannot write a CDS archive (target/cds/probe.log); bin/wsusctl runs without one"; \
	elif WSUSCTL_CDS_TRAINING_PASSWORD=cds-training-only $(JAVA) -XX:ArchiveClassesAtExit=$@.tmp \
	    '-Xlog:cds*=off' '-Xlog:cds*=warning:file=target/cds/dump.log' \
	    -cp $(CURDIR)/$(JAR) org.wsusctl.cli.CdsTraining tools/cds/training.args >target/cds/training.log 2>&1; then \
	  if [ -s $@.tmp ]; then mv $@.tmp $@; \
	  else rm -f $@.tmp; echo "make: this JVM wrote no CDS archive (target/cds/dump.log); bin/wsusctl runs without one"; fi; \
	else \
	  cat target/cds/training.log >&2; rm -f $@.tmp; echo "make: the CDS training run failed (log above)" >&2; exit 1; \
	fi; rm -f target/cds/probe.jsa

# Every test: unit and end-to-end (winrm4j into the simulator), then every shipped PowerShell script and
# every text the tool sends parsed with the tree-sitter PowerShell grammar (node + npm). The HTML report
# is rendered in headless Chromium (installed from Debian if missing).
# On a machine with neither (a JDK and Maven only), those two checks say they were skipped.
RENDER := $(shell if command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" = 0 ]; then echo true; else echo false; fi)

test:
	@[ "$(RENDER)" = true ] || echo "make test: skipping the Chromium render check (no chromium, not root to install it)"
	$(MVN) verify -Dwsusctl.render=$(RENDER)
	@./scripts/test-summary.sh
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
	  ./scripts/check-ps-syntax.sh && ./scripts/check-ps-syntax.sh target/ps-sent/*.ps1; \
	else echo "make test: skipping the PowerShell syntax check (needs node and npm)"; fi
	@if dpkg -s python3-winrm ansible >/dev/null 2>&1 || [ "$$(id -u)" = 0 ]; then $(MAKE) --no-print-directory interop; \
	else echo "make test: skipping make interop (python3-winrm and ansible missing, not root to install them)"; fi
	@./scripts/inventory-diff.sh
	@# Maven rebuilt the jar, so an archive from an earlier `make build` no longer matches it and bin/wsusctl would
	@# start slower, in silence: write it again (only where there was one; a clean clone's CI has none).
	@if [ -f $(JSA) ]; then $(MAKE) --no-print-directory $(JSA); fi

# The main job: audit, apply, audit again on the simulated lab fleet.
demo: $(JAR) $(JSA)
	@./scripts/demo.sh

clean:
	$(MVN) clean

# ---- interop (owned by the interop work; issue 7) ---------------------------------------------
# Independent WinRM clients against `wsusctl simulate`: Debian's pywinrm 0.3.0 (run_cmd/run_ps) and
# Ansible's winrm connection (raw tasks) run the shipped check scripts and smoke commands, and must get
# what a Windows host would give them. Installs python3-winrm and ansible with apt-get if missing.
interop: $(JAR)
	@./scripts/interop.sh

# The inventory differential test (issue 13): the corpus under src/test/resources/inventory-corpus loaded by
# ansible-inventory (and Ansible's pattern and winrm code) and by wsusctl, compared. Part of make test.
inventory-diff: $(JAR)
	@./scripts/inventory-diff.sh

# ---------------------------------------------------------------- bench (issue 5; owned by the bench branch)
# Fleet-scale benchmark: a full wsus-health.yml audit of 100 and 1000 simulated hosts, simulator and audit in
# separate JVMs; prints wall time, hosts/s, WinRM requests and PowerShell invocations per host, CPU, heap, RSS
# and the ratio to the floor, and records them in BENCHMARKS.md. Also (issue 15): Ansible side by side at 100
# hosts (installs Debian's ansible and python3-winrm if missing, as interop does), a one-host audit, forks 500
# on 1000 hosts, and the realistic host-side costs batched and not. A few minutes; not part of `make test`.
bench: $(JAR) $(JSA)
	@./scripts/bench.sh
