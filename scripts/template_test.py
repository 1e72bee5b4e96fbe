#!/usr/bin/env python3
"""template.yaml as AWS reads it: transformed by the AWS SAM translator (the code CloudFormation's
AWS::Serverless transform runs; it comes with cfn-lint), then checked for what a production deploy
needs. Run: python3 scripts/template_test.py (in `make test`).

The translator runs offline here: managed policy names are not looked up, and CodeUri is replaced
by an S3 location as `sam package` does."""
import copy
import json
import logging
import os
import re
import subprocess
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("AWS_DEFAULT_REGION", "eu-north-1")
logging.disable(logging.WARNING)  # the translator's own notices about its feature toggles and metrics

try:
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse
except ImportError:  # pragma: no cover
    sys.exit("the AWS SAM translator is needed: pip install cfn-lint (it brings aws-sam-translator)")

RELEASE = "0123456789abcdef0123"
FUNCTIONS = ["SubmitBookingFunction", "NotifyCoordinatorFunction", "ManageBookingFunction",
             "FollowUpFunction", "MailEventsFunction", "ConsoleFunction", "OverviewRowsFunction"]
# Functions fed by the booking table's stream, with their on-failure queue.
STREAM_FUNCTIONS = {"NotifyCoordinatorFunction": "NotificationFailureQueue", "OverviewRowsFunction": "OverviewRowsFailureQueue"}
MAILING_FUNCTIONS = ["NotifyCoordinatorFunction", "ManageBookingFunction", "FollowUpFunction", "MailEventsFunction",
                     "ConsoleFunction"]


class _NoManagedPolicies:
    def load(self):
        return {}


def source():
    return yaml_parse((ROOT / "template.yaml").read_text())


def translate(**parameters):
    template = source()
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = f"s3://artifacts/{logical_id}.zip"
    parameters.setdefault("Release", RELEASE)
    return transform(template, parameters, _NoManagedPolicies())


def of_type(template, resource_type):
    return {k: v for k, v in template["Resources"].items() if v["Type"] == resource_type}


def versions(template):
    return sorted(k for k, v in template["Resources"].items() if v["Type"] == "AWS::Lambda::Version")


def statements(template):
    """Every IAM statement of the stack's own roles and managed policies."""
    found = []
    for logical_id, resource in template["Resources"].items():
        properties = resource.get("Properties", {})
        if resource["Type"] == "AWS::IAM::Role":
            for policy in properties.get("Policies", []):
                found += [(logical_id, s) for s in policy["PolicyDocument"]["Statement"]]
        if resource["Type"] == "AWS::IAM::ManagedPolicy":
            found += [(logical_id, s) for s in properties["PolicyDocument"]["Statement"]]
    return found


def as_list(value):
    return value if isinstance(value, list) else [value]


class TransformedTemplateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = translate()
        cls.resources = cls.out["Resources"]

    def function(self, logical_id):
        return self.resources[logical_id]["Properties"]

    def test_every_function_is_here(self):
        self.assertEqual(sorted(FUNCTIONS), sorted(of_type(self.out, "AWS::Lambda::Function")))

    def test_no_function_is_given_key_variables(self):
        # Under SnapStart Lambda gives container credentials only; the code picks them (AwsClients).
        for name in FUNCTIONS:
            variables = self.function(name).get("Environment", {}).get("Variables", {})
            for forbidden in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
                self.assertNotIn(forbidden, variables, name)
            self.assertEqual({"ApplyOn": "PublishedVersions"}, self.function(name)["SnapStart"], name)

    def test_a_changed_configuration_publishes_new_versions_and_an_unchanged_one_none(self):
        first = versions(self.out)
        self.assertEqual(len(FUNCTIONS), len(first))
        self.assertEqual(first, versions(translate()), "the same release publishes nothing")
        # What SAM alone does: a changed parameter leaves the version (and the alias) where it was.
        self.assertEqual(first, versions(translate(SenderAddress="visits@example.org")))
        changed = versions(translate(Release="fedcba9876543210fedc"))
        self.assertTrue(set(first).isdisjoint(changed), (first, changed))
        source_template = source()
        for name in FUNCTIONS:
            self.assertEqual({"Ref": "Release"}, source_template["Resources"][name]["Properties"]["AutoPublishCodeSha256"])

    def test_the_release_hash_follows_the_configuration(self):
        build = ROOT / "events"  # any folder of files stands for a build here
        hash_of = lambda overrides: subprocess.run([str(ROOT / "scripts/release-hash.sh"), str(build), overrides],
                                                   check=True, capture_output=True, text=True).stdout.strip()
        a, b = hash_of("Stage=prod CoordinatorDirectory=x"), hash_of("Stage=prod CoordinatorDirectory=y")
        self.assertRegex(a, r"^[0-9a-f]{64}$")
        self.assertNotEqual(a[:10], b[:10], "SAM names versions after the first 10 characters")
        self.assertEqual(a, hash_of("Stage=prod CoordinatorDirectory=x"))

    def test_failed_asynchronous_runs_are_parked(self):
        configs = {v["Properties"]["FunctionName"]["Ref"]: v["Properties"]
                   for v in of_type(self.out, "AWS::Lambda::EventInvokeConfig").values()}
        for name, queue in (("FollowUpFunction", "FollowUpDeadLetterQueue"), ("MailEventsFunction", "MailEventsFailureQueue")):
            config = configs[name]
            self.assertEqual("live", config["Qualifier"], name)
            self.assertEqual({"Fn::GetAtt": [queue, "Arn"]}, config["DestinationConfig"]["OnFailure"]["Destination"])
            self.assertLessEqual(config["MaximumRetryAttempts"], 2)

    def test_schedules_have_stack_unique_names_and_a_dead_letter_queue(self):
        schedules = of_type(self.out, "AWS::Scheduler::Schedule")
        self.assertEqual(2, len(schedules))
        for schedule in schedules.values():
            name = schedule["Properties"]["Name"]
            self.assertIn("${AWS::StackName}", name["Fn::Sub"])
            target = schedule["Properties"]["Target"]
            self.assertIn("DeadLetterConfig", target)
            self.assertEqual({"Ref": "FollowUpFunctionAliaslive"}, target["Arn"], "schedules invoke the alias")

    def test_iam_has_no_wildcard_actions_and_ses_is_scoped(self):
        found = statements(self.out)
        self.assertTrue(found)
        for owner, statement in found:
            for action in as_list(statement["Action"]):
                self.assertNotIn("*", action, f"{owner}: {action}")
            if any(a.startswith("ses:") for a in as_list(statement["Action"])):
                for resource in as_list(statement["Resource"]):
                    self.assertNotEqual("*", resource, owner)
            if any(a.startswith("ses:Send") for a in as_list(statement["Action"])):
                self.assertEqual({"Ref": "SenderAddress"}, statement["Condition"]["StringEquals"]["ses:FromAddress"])
        follow_up = [s for o, s in found if o == "FollowUpFunctionRole"]
        self.assertIn("dynamodb:DeleteItem", [a for s in follow_up for a in as_list(s["Action"])])
        for name in MAILING_FUNCTIONS:
            role = self.resources[f"{name}Role"]["Properties"]
            self.assertIn({"Ref": "BookingMailPolicy"}, role["ManagedPolicyArns"], name)

    def test_the_console_reads_bookings_through_the_node_index_and_never_scans(self):
        console = [s for o, s in statements(self.out) if o == "ConsoleFunctionRole"]
        actions = [a for s in console for a in as_list(s["Action"])]
        self.assertNotIn("dynamodb:Scan", actions)
        # Every request reads its session's item, sign-out deletes it.
        self.assertTrue({"dynamodb:GetItem", "dynamodb:DeleteItem"} <= set(actions), actions)
        for statement in console:
            if "dynamodb:Query" in as_list(statement["Action"]):
                self.assertEqual([{"Fn::Sub": "${BookingTable.Arn}/index/byNode"}], as_list(statement["Resource"]))
        # Every /console route invokes the console's live alias, and the console serves nothing else.
        paths = self.resources["BookingApi"]["Properties"]["Body"]["paths"]
        for path, methods in paths.items():
            for method, operation in methods.items():
                uri = operation["x-amazon-apigateway-integration"]["uri"]["Fn::Sub"]
                self.assertEqual(path.startswith("/console"), "${ConsoleFunctionAliaslive}" in uri, f"{method} {path}")
        self.assertIn("/console/sign-in/{token}", paths)

    def test_stream_functions_retry_a_bounded_number_of_times_bisect_and_park_what_still_fails(self):
        mappings = {m["Properties"]["FunctionName"]["Ref"]: m["Properties"]
                    for m in of_type(self.out, "AWS::Lambda::EventSourceMapping").values()}
        alarms = [a["Properties"] for a in of_type(self.out, "AWS::CloudWatch::Alarm").values()]
        for name, queue in STREAM_FUNCTIONS.items():
            mapping = mappings[f"{name}Aliaslive"]
            self.assertEqual({"Fn::GetAtt": ["BookingTable", "StreamArn"]}, mapping["EventSourceArn"], name)
            self.assertTrue(mapping["BisectBatchOnFunctionError"], name)
            self.assertLessEqual(mapping["MaximumRetryAttempts"], 10, name)
            self.assertEqual(["ReportBatchItemFailures"], mapping["FunctionResponseTypes"], name)
            self.assertEqual({"Fn::GetAtt": [queue, "Arn"]}, mapping["DestinationConfig"]["OnFailure"]["Destination"], name)
            self.assertTrue(any(a["MetricName"] == "IteratorAge" and name in json.dumps(a["Dimensions"]) for a in alarms), name)
            self.assertTrue(any(a["MetricName"] == "ApproximateNumberOfMessagesVisible" and queue in json.dumps(a["Dimensions"])
                                for a in alarms), queue)

    def test_overview_rows_follow_the_bookings_only_and_may_write_nothing_but_the_rows(self):
        mapping = self.resources["OverviewRowsFunctionBookingChanges"]["Properties"]
        pattern = json.loads(mapping["FilterCriteria"]["Filters"][0]["Pattern"])
        self.assertEqual(["INSERT", "MODIFY"], pattern["eventName"], "a removed booking keeps its row")
        self.assertEqual({"NewImage": {"type": {"S": ["booking"]}}}, pattern["dynamodb"], "never its own overview items")
        self.assertEqual(1, len(mapping["FilterCriteria"]["Filters"]))
        role = [s for o, s in statements(self.out) if o == "OverviewRowsFunctionRole"]
        granted = {(a, json.dumps(s["Resource"])) for s in role for a in as_list(s["Action"])}
        table, by_node = json.dumps({"Fn::GetAtt": ["OverviewTable", "Arn"]}), json.dumps({"Fn::Sub": "${BookingTable.Arn}/index/byNode"})
        queue = json.dumps({"Fn::GetAtt": ["OverviewRowsFailureQueue", "Arn"]})
        # It writes its own table only: nothing of the booking table but the rebuild's index reads.
        self.assertEqual({("dynamodb:UpdateItem", table), ("dynamodb:GetItem", table), ("dynamodb:Query", by_node),
                          ("sqs:SendMessage", queue)}, granted)
        # The rows' table has no stream: its writes never reach the booking stream's consumers.
        self.assertNotIn("StreamSpecification", self.resources["OverviewTable"]["Properties"])
        role_properties = self.resources["OverviewRowsFunctionRole"]["Properties"]
        self.assertNotIn({"Ref": "BookingMailPolicy"}, role_properties.get("ManagedPolicyArns", []), "it sends no mail")
        # The console reads the rows (BatchGetItem on their table, and only there).
        console = [s for o, s in statements(self.out) if o == "ConsoleFunctionRole"]
        batch_gets = {json.dumps(s["Resource"]) for s in console for a in as_list(s["Action"]) if a == "dynamodb:BatchGetItem"}
        self.assertEqual({table}, batch_gets)

    def test_mail_goes_through_a_configuration_set_that_suppresses_bounces_and_reports_them(self):
        config_set = self.resources["MailConfigurationSet"]["Properties"]
        self.assertEqual(["BOUNCE", "COMPLAINT"], config_set["SuppressionOptions"]["SuppressedReasons"])
        self.assertTrue(config_set["ReputationOptions"]["ReputationMetricsEnabled"])
        destination = self.resources["MailEventsDestination"]["Properties"]["EventDestination"]
        self.assertEqual(["bounce", "complaint"], destination["MatchingEventTypes"])
        self.assertIn("EventBridgeDestination", destination)
        for name in MAILING_FUNCTIONS:
            variables = self.function(name)["Environment"]["Variables"]
            self.assertEqual({"Ref": "MailConfigurationSet"}, variables["SES_CONFIGURATION_SET"], name)
        rules = of_type(self.out, "AWS::Events::Rule")
        patterns = [r["Properties"]["EventPattern"] for r in rules.values()]
        self.assertTrue(any(p["source"] == ["aws.ses"] for p in patterns), patterns)
        identity = self.resources["SenderIdentity"]
        self.assertEqual("CreatesSenderIdentity", identity["Condition"])
        self.assertIn("MailFromAttributes", json.dumps(identity["Properties"]))

    def test_alarms_watch_every_failure_and_go_to_the_topic(self):
        alarms = of_type(self.out, "AWS::CloudWatch::Alarm")
        for alarm in alarms.values():
            self.assertEqual([{"Ref": "AlarmTopic"}], alarm["Properties"]["AlarmActions"])
        watched = {(a["Properties"]["Namespace"], a["Properties"]["MetricName"], json.dumps(a["Properties"].get("Dimensions", [])))
                   for a in alarms.values()}
        for name in FUNCTIONS:
            for metric in ("Errors", "Throttles"):
                self.assertTrue(any(ns == "AWS/Lambda" and m == metric and name in d for ns, m, d in watched), (name, metric))
        for queue in of_type(self.out, "AWS::SQS::Queue"):
            self.assertTrue(any(m == "ApproximateNumberOfMessagesVisible" and queue in d for _, m, d in watched), queue)
        for namespace, metric in (("AWS/Lambda", "IteratorAge"), ("AWS/ApiGateway", "5xx"), ("AWS/ApiGateway", "Latency"),
                                  ("AWS/SES", "Reputation.BounceRate"), ("AWS/SES", "Reputation.ComplaintRate"),
                                  ("SmartCitySweden/Booking", "MailRejected"), ("SmartCitySweden/Booking", "SesSendingPaused"),
                                  ("SmartCitySweden/Booking", "UnreadableRecords"),
                                  ("SmartCitySweden/Booking", "OverviewRowTooLarge")):
            self.assertTrue(any(ns == namespace and m == metric for ns, m, _ in watched), metric)
        metric_names = set(re.findall(r"\b([A-Z][A-Za-z]+)\b", (ROOT / "shared/src/main/java/se/smartcitysweden/booking/observability/Metrics.java").read_text()))
        for ns, m, _ in watched:
            if ns == "SmartCitySweden/Booking":
                self.assertIn(m, metric_names, "an alarm on a metric the code never emits")
        self.assertIn("AWS::CloudWatch::Dashboard", {r["Type"] for r in self.resources.values()})

    def test_logs_are_json_kept_for_a_set_time_and_traced(self):
        for name in FUNCTIONS:
            properties = self.function(name)
            self.assertEqual("JSON", properties["LoggingConfig"]["LogFormat"], name)
            group = properties["LoggingConfig"]["LogGroup"]["Ref"]
            self.assertEqual({"Ref": "LogRetentionDays"}, self.resources[group]["Properties"]["RetentionInDays"])
            self.assertEqual({"Mode": "Active"}, properties["TracingConfig"], name)

    def test_new_versions_are_deployed_gradually_with_alarms(self):
        groups = of_type(self.out, "AWS::CodeDeploy::DeploymentGroup")
        self.assertEqual(len(FUNCTIONS), len(groups))
        for group in groups.values():
            self.assertTrue(group["Properties"]["AlarmConfiguration"]["Enabled"])
            self.assertTrue(group["Properties"]["AlarmConfiguration"]["Alarms"])

    def test_state_survives_the_stack(self):
        for name in ("BookingTable", "OverviewTable"):
            table = self.resources[name]
            self.assertEqual("Retain", table["DeletionPolicy"], name)
            self.assertEqual("Retain", table["UpdateReplacePolicy"], name)
            self.assertTrue(table["Properties"]["DeletionProtectionEnabled"], name)
            self.assertTrue(table["Properties"]["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"], name)
        for name in ("LinkSigningSecret", "SenderIdentity"):
            self.assertEqual("Retain", self.resources[name]["DeletionPolicy"], name)
            self.assertEqual("Retain", self.resources[name]["UpdateReplacePolicy"], name)

    def test_the_custom_domain_and_the_form_host_are_conditional(self):
        for name, condition in (("ApiDomain", "HasCustomDomain"), ("ApiDomainMapping", "HasCustomDomain"),
                                ("ApiDomainRecord", "HasHostedZone"), ("ApiCertificate", "CreatesCertificate"),
                                ("FormBucket", "HostsForm"), ("FormDistribution", "HostsForm")):
            self.assertEqual(condition, self.resources[name]["Condition"], name)
        headers = self.resources["FormResponseHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
        for header in ("ContentSecurityPolicy", "StrictTransportSecurity", "ContentTypeOptions", "ReferrerPolicy"):
            self.assertIn(header, headers)
        origin = self.resources["FormDistribution"]["Properties"]["DistributionConfig"]["Origins"][0]
        self.assertIn("OriginAccessControlId", origin)
        self.assertIn("FormScriptUrl", self.out["Outputs"])

    def test_cors_lists_the_site_origins_and_the_form_host(self):
        body = self.resources["BookingApi"]["Properties"]["Body"]
        cors = body["x-amazon-apigateway-cors"]["Fn::If"]
        self.assertEqual("HostsForm", cors[0])
        for branch in cors[1:]:
            # a list made at deploy time, and the other settings kept
            self.assertIn("Fn::Split", branch["allowOrigins"])
            self.assertEqual(["location", "retry-after"], branch["exposeHeaders"])
        self.assertIn("FormDistribution.DomainName", json.dumps(cors[1]))

    def test_links_use_the_custom_domain_when_there_is_one(self):
        variable = json.dumps(self.function("NotifyCoordinatorFunction")["Environment"]["Variables"]["PUBLIC_BASE_URL"])
        self.assertIn("HasCustomDomain", variable)
        self.assertIn("https://${CustomDomainName}", variable)

    def test_production_refuses_example_org(self):
        rule = source()["Rules"]["ProductionHasRealSender"]
        self.assertEqual({"Fn::Equals": [{"Ref": "Stage"}, "prod"]}, rule["RuleCondition"])
        self.assertIn("example.org", json.dumps(rule["Assertions"]))
        parameters = source()["Parameters"]
        for name in ("SenderDomain", "SenderAddress"):
            pattern = parameters[name]["AllowedPattern"]
            self.assertRegex("smartcitysweden.com" if name == "SenderDomain" else "bookings@smartcitysweden.com", pattern)
            self.assertNotRegex("Bookings <x@y>", pattern)


class SamBuildTest(unittest.TestCase):
    def test_every_function_has_a_makefile_build_target(self):
        template = source()
        for name, resource in template["Resources"].items():
            if resource["Type"] != "AWS::Serverless::Function":
                continue
            self.assertEqual("makefile", resource["Metadata"]["BuildMethod"], name)
            self.assertEqual(".", resource["Properties"]["CodeUri"], name)
            dry_run = subprocess.run(["make", "-n", f"build-{name}", "ARTIFACTS_DIR=/tmp/sam-artifacts"],
                                     cwd=ROOT, capture_output=True, text=True)
            self.assertEqual(0, dry_run.returncode, dry_run.stderr)
            self.assertIn("/tmp/sam-artifacts/lib", dry_run.stdout)

    def test_samconfig_has_dev_and_prod(self):
        import tomllib
        config = tomllib.loads((ROOT / "samconfig.toml").read_text())
        for env in ("dev", "prod"):
            overrides = config[env]["deploy"]["parameters"]["parameter_overrides"]
            self.assertIn("Stage=" + env, overrides)
            self.assertNotIn("Release=", overrides, "the deploy script computes it")
        self.assertNotIn("example.org", config["prod"]["deploy"]["parameters"]["parameter_overrides"])


if __name__ == "__main__":
    unittest.main(verbosity=1)
