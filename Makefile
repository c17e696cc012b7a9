# wsusctl: thin wrapper over Maven. Needs only a JDK (17+) and Maven.
MVN ?= mvn -B -ntp -q
JAR := target/wsusctl.jar
WSUSCTL := java -jar $(JAR)

.PHONY: build demo test bench interop clean

# The runnable jar; rebuilt when sources change.
$(JAR): pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) -DskipTests package

build: $(JAR)

# Every test: unit and end-to-end (winrm4j into the simulator), then every shipped PowerShell script and
# every text the tool sends parsed with the tree-sitter PowerShell grammar (node + npm). The HTML report
# is rendered in headless Chromium (installed from Debian if missing).
test:
	$(MVN) verify -Dwsusctl.render=true
	./scripts/check-ps-syntax.sh
	./scripts/check-ps-syntax.sh target/ps-sent/*.ps1

# The main job: audit, apply, audit again on the simulated lab fleet.
demo: $(JAR)
	@./scripts/demo.sh

clean:
	$(MVN) clean
