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

# ---- interop (owned by the interop work; issue 7) ---------------------------------------------
# Independent WinRM clients against `wsusctl simulate`: Debian's pywinrm 0.3.0 (run_cmd/run_ps) and
# Ansible's winrm connection (raw tasks) run the shipped check scripts and smoke commands, and must get
# what a Windows host would give them. Installs python3-winrm and ansible with apt-get if missing.
interop: $(JAR)
	@./scripts/interop.sh
