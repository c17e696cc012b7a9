# wsusctl: thin wrapper over Maven. Needs only a JDK (17+) and Maven.
MVN ?= mvn -B -ntp -q
JAR := target/wsusctl.jar
WSUSCTL := java -jar $(JAR)

.PHONY: build demo test bench interop clean

# The runnable jar; rebuilt when sources change.
$(JAR): pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) -DskipTests package

build: $(JAR)

# Every test: unit, simulator end-to-end over winrm4j.
test:
	$(MVN) verify

# The main job: audit, apply, audit again on the simulated lab fleet.
demo: $(JAR)
	@./scripts/demo.sh

clean:
	$(MVN) clean

# ---------------------------------------------------------------- bench (issue 5; owned by the bench branch)
# Fleet-scale benchmark: a full wsus-health.yml audit of 100 and 1000 simulated hosts, simulator and audit in
# separate JVMs; prints wall time, hosts/s, WinRM requests and PowerShell invocations per host, CPU, heap, RSS
# and the ratio to the floor, and records them in BENCHMARKS.md. A few minutes; not part of `make test`.
bench: $(JAR)
	@./scripts/bench.sh
