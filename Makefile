# The project's commands. `make run` starts the whole system locally; `make test` runs every test.
# Each target does its own set-up (it builds what it needs and starts the local AWS emulator).
MVN ?= mvn -B -q

.PHONY: build test unit-test lint run bench bench-cost clean

build:
	scripts/check-tools.sh
	$(MVN) install -DskipTests

## Every test: the template lint, unit and integration tests against moto_server, browser tests.
test:
	scripts/check-tools.sh --browser
	cfn-lint template.yaml
	$(MVN) install
	$(MVN) -pl local-runtime dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
	web/test.sh

## Unit tests only (no emulator needed).
unit-test:
	$(MVN) install -DskipITs

lint:
	cfn-lint template.yaml

## The whole system on this machine: API on :3000, Lambda Invoke API on :3001, moto on :5000.
run:
	scripts/check-tools.sh
	local-runtime/run.sh

## The submit function's cold start; writes BENCHMARKS.md.
bench:
	scripts/check-tools.sh
	benchmarks/run.sh

## How the scheduled follow-up's cost grows with the table; writes BENCHMARKS.md.
bench-cost:
	scripts/check-tools.sh
	benchmarks/cost.sh

clean:
	$(MVN) clean
