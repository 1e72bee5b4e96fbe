# The project's commands. `make run` starts the whole system locally; `make test` runs every test.
# Each target does its own set-up (it builds what it needs and starts the local AWS emulator).
MVN ?= mvn -B -q
# Maven Central's artifacts the build takes, sixteen downloads at a time (Maven 3.8 fetches one after another).
FETCH_ARTIFACTS = MVN='$(MVN)' python3 scripts/fetch_maven_artifacts.py

.PHONY: build test unit-test lint template-test run bench bench-cost bench-e2e bench-overview bench-priming deploy-dev deploy-prod deploy-form clean

build:
	scripts/check-tools.sh
	$(FETCH_ARTIFACTS)
	$(MVN) install -DskipTests

## Every test: the template and API contract lints, unit and integration tests against moto_server, browser tests
## (scripts/test.sh runs the independent parts at once; logs in target/make-test/).
test:
	MVN='$(MVN)' scripts/test.sh

## Unit tests only (no emulator needed, no deployment jars).
unit-test:
	$(FETCH_ARTIFACTS)
	$(MVN) -T 2 install -DskipITs -DskipLambdaJars

lint:
	cfn-lint template.yaml
	api/lint.sh

## The template as AWS reads it: the SAM transform and the settings production needs.
template-test:
	python3 scripts/template_test.py

## The whole system on this machine: API on :3000, Lambda Invoke API on :3001, moto on :5000.
run:
	scripts/check-tools.sh
	$(FETCH_ARTIFACTS)
	local-runtime/run.sh

## Every function's cold start under Lambda's runtime client, paired with a floor (then the submit harness); writes BENCHMARKS.md.
bench:
	scripts/check-tools.sh
	$(FETCH_ARTIFACTS)
	benchmarks/run.sh

## How the scheduled follow-up's cost grows with the table; writes BENCHMARKS.md.
bench-cost:
	scripts/check-tools.sh
	$(FETCH_ARTIFACTS)
	benchmarks/cost.sh

## Submit to both e-mails in the local stack: p50/p90/p99 over 100 bookings, one at a time and 4 clients at once; writes BENCHMARKS.md.
bench-e2e:
	scripts/check-tools.sh
	$(FETCH_ARTIFACTS)
	benchmarks/e2e.sh

## How complete each function's SnapStart priming is: first invocation after priming over a warm one; writes BENCHMARKS.md.
bench-priming:
	scripts/check-tools.sh
	$(FETCH_ARTIFACTS)
	benchmarks/priming.sh

## The national overview's reads and build for a busy year (5,000 bookings); writes BENCHMARKS.md.
bench-overview:
	scripts/check-tools.sh
	$(FETCH_ARTIFACTS)
	benchmarks/overview.sh

clean:
	$(MVN) clean

## Deploy to AWS with the SAM CLI (README "Deploy to AWS"); needs AWS credentials.
deploy-dev:
	scripts/deploy.sh dev

deploy-prod:
	scripts/deploy.sh prod

## Upload the form's static files to the stack's bucket (HostForm=true): make deploy-form STACK=scs-visit-booking
deploy-form:
	scripts/deploy-form.sh $(STACK)

# `sam build` (BuildMethod: makefile) runs `make build-<LogicalId>` in a copy of the repository
# with ARTIFACTS_DIR set: each target builds its function's shaded jar with Maven and puts it in
# lib/, where Lambda's Java runtime puts it on the class path. scripts/built_template_test.py runs them
# (in `make test`).
FUNCTION_MODULE_SubmitBookingFunction = submit-booking
FUNCTION_MODULE_NotifyCoordinatorFunction = notify-coordinator
FUNCTION_MODULE_ManageBookingFunction = manage-booking
FUNCTION_MODULE_FollowUpFunction = follow-up
FUNCTION_MODULE_MailEventsFunction = mail-events
FUNCTION_MODULE_ConsoleFunction = console
FUNCTION_MODULE_OverviewRowsFunction = overview-rows
SAM_FUNCTIONS = SubmitBookingFunction NotifyCoordinatorFunction ManageBookingFunction FollowUpFunction MailEventsFunction ConsoleFunction OverviewRowsFunction

$(addprefix build-,$(SAM_FUNCTIONS)): build-%:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it)" >&2; exit 1; }
	$(MVN) package -DskipTests -pl functions/$(FUNCTION_MODULE_$*) -am
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/$(FUNCTION_MODULE_$*)/target/$(FUNCTION_MODULE_$*)-lambda.jar "$(ARTIFACTS_DIR)/lib/"
