#!/usr/bin/env python3
"""template.yaml as AWS reads it: transformed by the AWS SAM translator (the code CloudFormation's
AWS::Serverless transform runs; it comes with cfn-lint), then checked for what a production deploy
needs. Run: python3 scripts/template_test.py (in `make test`).

The translator runs offline here: managed policy names are not looked up, and CodeUri is replaced
by an S3 location as `sam package` does."""
import copy
import functools
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

# Every AWS call each function makes, read from its code path (handlers in functions/*/src/main, the adapters
# in shared/.../aws/, SnapStart priming), as (IAM action, resource): its role must grant exactly these.
# A call through AnsweredLocally.dynamoDb or SesPriming.clientAnsweredLocally (priming's dry
# runs) reaches no AWS endpoint and needs nothing. IAM actions per API call:
# https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html (a
# TransactWriteItems is authorised per item: Put as PutItem, ConditionCheck as ConditionCheckItem),
# https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html.
# Lambda itself uses the function's role for the stream (AWSLambdaDynamoDBExecutionRole) and for on-failure
# destinations (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html), so those
# sqs:SendMessage grants are listed too.
BOOKING_MAIL = {
    # SesMailSender.send: SESv2 SendEmail of raw MIME, through the configuration set; SES authorises it
    # as ses:SendRawEmail, ses:SendEmail is the SESv2 action's own name.
    ("ses:SendEmail", "ses:identity/*"), ("ses:SendEmail", "ses:configuration-set/${MailConfigurationSet}"),
    ("ses:SendRawEmail", "ses:identity/*"), ("ses:SendRawEmail", "ses:configuration-set/${MailConfigurationSet}"),
    # SesPriming.identityRead: priming's GetEmailIdentity of the sender's domain.
    ("ses:GetEmailIdentity", "ses:identity/${SenderDomain}"),
    # SecretsManagerSigningKey.read: the link-signing key, once per container.
    ("secretsmanager:GetSecretValue", "LinkSigningSecret"),
}
EXPECTED_ACTIONS = {
    # DynamoDbBookingRepository.create: TransactWriteItems of Puts (booking, reference, idempotency key);
    # findIdempotencyRecord/findById: GetItem; priming: readTable (GetItem), transactTable (ConditionCheck);
    # DynamoDbLimitCounter (bookings per source): UpdateItem.
    "SubmitBookingFunction": {("dynamodb:PutItem", "BookingTable"), ("dynamodb:GetItem", "BookingTable"),
                              ("dynamodb:ConditionCheckItem", "BookingTable"), ("dynamodb:UpdateItem", "BookingTable")},
    # DynamoDbNotificationStore (claim, markSent, release, markFailed, markNotification): UpdateItem;
    # priming readTable: GetItem; the stream batch's on-failure destination.
    "NotifyCoordinatorFunction": {("dynamodb:UpdateItem", "BookingTable"), ("dynamodb:GetItem", "BookingTable"),
                                  ("sqs:SendMessage", "NotificationFailureQueue")} | BOOKING_MAIL,
    # DynamoDbOverviewRows.record: UpdateItem of OverviewTable; priming readTable/refusedUpdate on
    # OverviewTable; OverviewBackfill (rebuild): submittedBetween, Query of byNode; on-failure destination.
    "OverviewRowsFunction": {("dynamodb:UpdateItem", "OverviewTable"), ("dynamodb:GetItem", "OverviewTable"),
                             ("dynamodb:Query", "BookingTable/index/byNode"),
                             ("sqs:SendMessage", "OverviewRowsFailureQueue")},
    # CaseService and VisitorService through DynamoDbBookingCaseRepository: load (GetItem), save (UpdateItem).
    "ManageBookingFunction": {("dynamodb:GetItem", "BookingTable"), ("dynamodb:UpdateItem", "BookingTable")} | BOOKING_MAIL,
    # DynamoDbConsoleStore: sessionActive/load (GetItem), issueSignIn/startSession/claim/audit (PutItem),
    # consumeSignIn (UpdateItem), endSession (DeleteItem), ofNode (Query of byNode), overviewRows
    # (DynamoDbOverviewRows.between: BatchGetItem of OverviewTable).
    "ConsoleFunction": {("dynamodb:GetItem", "BookingTable"), ("dynamodb:PutItem", "BookingTable"),
                        ("dynamodb:UpdateItem", "BookingTable"), ("dynamodb:DeleteItem", "BookingTable"),
                        ("dynamodb:Query", "BookingTable/index/byNode"),
                        ("dynamodb:BatchGetItem", "OverviewTable")} | BOOKING_MAIL,
    # FollowUpService: due (Query of dueWork), load (GetItem), save (UpdateItem), claimOnce (PutItem),
    # releaseOnce (DeleteItem), NationalDigest.submittedSince (Query of byNode), NotificationService's store
    # (UpdateItem); priming readTable/refusedUpdate; the asynchronous invocation's on-failure destination.
    "FollowUpFunction": {("dynamodb:GetItem", "BookingTable"), ("dynamodb:UpdateItem", "BookingTable"),
                         ("dynamodb:PutItem", "BookingTable"), ("dynamodb:DeleteItem", "BookingTable"),
                         ("dynamodb:Query", "BookingTable/index/dueWork"), ("dynamodb:Query", "BookingTable/index/byNode"),
                         ("sqs:SendMessage", "FollowUpDeadLetterQueue")} | BOOKING_MAIL,
    # MailDeliveryService: claimOnce (PutItem of ONCE#), load (GetItem), save (UpdateItem), releaseOnce
    # (DeleteItem); priming readTable; the asynchronous invocation's on-failure destination.
    "MailEventsFunction": {("dynamodb:GetItem", "BookingTable"), ("dynamodb:UpdateItem", "BookingTable"),
                           ("dynamodb:PutItem", "BookingTable"), ("dynamodb:DeleteItem", "BookingTable"),
                           ("sqs:SendMessage", "MailEventsFailureQueue")} | BOOKING_MAIL,
}
# AWS managed policies: logs (AWSLambdaBasicExecutionRole), X-Ray (Tracing: Active), the stream's reads.
BASE_MANAGED = ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"]
STREAM_MANAGED = "arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole"
# Retain (not RetainExceptOnCreate) only with a reason: deletion protection refuses the delete a rolled-back
# creation would make (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#ddb-deletion-protection),
# and the tables' names are generated, so a retry makes new ones beside the empty orphans.
RETAINED_ON_CREATE = {"BookingTable": "deletion protection", "OverviewTable": "deletion protection"}
# SAM gives every published version Retain (an alias or a canary may still point at the previous one); a
# version goes with its function, so a rolled-back creation leaves none behind.
RETAINED_TYPES = {"AWS::Lambda::Version": "SAM's AutoPublishAlias versions, deleted with their function"}


class _NoManagedPolicies:
    def load(self):
        return {}


@functools.lru_cache(maxsize=None)
def _parsed_source():
    return yaml_parse((ROOT / "template.yaml").read_text())


def source():
    """template.yaml as a fresh dict each time (the tests change what they get); parsed once, since parsing is
    most of this file's time (pure-Python YAML: about 0.2 s a parse, asked for some thirty times)."""
    return copy.deepcopy(_parsed_source())


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


def resource_name(resource):
    """A policy statement's resource, short: GetAtt X.Arn and Ref X as X, ${X.Arn} as X, SES ARNs as ses:..."""
    if isinstance(resource, dict):
        if "Fn::GetAtt" in resource:
            return resource["Fn::GetAtt"][0]
        if "Ref" in resource:
            return resource["Ref"]
        if "Fn::Sub" in resource:
            text = resource["Fn::Sub"] if isinstance(resource["Fn::Sub"], str) else resource["Fn::Sub"][0]
            text = text.replace("arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:", "ses:")
            return re.sub(r"\$\{(\w+)\.Arn\}", r"\1", text)
        return json.dumps(resource, sort_keys=True)
    return resource


def granted(template, role_id):
    """(action, resource) pairs a role grants: its inline policies and the stack's managed policies it uses."""
    role = template["Resources"][role_id]["Properties"]
    found = [s for policy in role.get("Policies", []) for s in policy["PolicyDocument"]["Statement"]]
    for arn in role.get("ManagedPolicyArns", []):
        if isinstance(arn, dict) and "Ref" in arn:
            found += template["Resources"][arn["Ref"]]["Properties"]["PolicyDocument"]["Statement"]
    pairs = set()
    for statement in found:
        assert statement["Effect"] == "Allow", statement
        for action in as_list(statement["Action"]):
            for resource in as_list(statement["Resource"]):
                pairs.add((action, resource_name(resource)))
    return pairs


def sam_parameter_overrides(text):
    """parameter_overrides as the SAM CLI reads them (samcli/cli/types.py, CfnParameterOverridesType with
    _generate_match_regex and _unquote_wrapped_quotes): Key=Value pairs split at spaces, a value in single
    or double quotes may hold spaces and the other quote."""
    value = r"""(\"(?:\\.|[^\"\\]+)*\"|'(?:\\.|[^'\\]+)*'|(?:\\.|[^ \"\\]+)+)"""
    pattern = r"(?:(?: )([A-Za-z0-9\"']+)=" + value + ")"

    def unquote(v):
        if v and (v[0] == v[-1] == '"' or v[0] == v[-1] == "'"):
            v = v[1:-1]
        return v.replace("\\ ", " ").replace('\\"', '"').replace("\\'", "'")
    return {unquote(k): unquote(v) for k, v in re.findall(pattern, " " + text.strip())}


def samconfig():
    import tomllib
    return tomllib.loads((ROOT / "samconfig.toml").read_text())


# The samconfig sections the README's commands read: scripts/deploy.sh dev|prod (sam deploy --config-env)
# and `sam sync --config-env dev` (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-cli-config.html:
# a command reads [<env>.<command>.parameters], then [<env>.global.parameters]). No prod sync: sync is for development.
SAMCONFIG_SECTIONS = [("dev", "deploy"), ("dev", "sync"), ("prod", "deploy")]


def overrides(env, command):
    config = samconfig()[env]
    for section in (command, "global"):
        text = config.get(section, {}).get("parameters", {}).get("parameter_overrides")
        if text is not None:
            return sam_parameter_overrides(text)
    return {}


def parameter_values(given):
    """Every template parameter's value: its Default, or what is given."""
    values = {name: p["Default"] for name, p in source()["Parameters"].items() if "Default" in p}
    values.update(given)
    return values


def rule_value(node, values):
    """A Rules section expression, evaluated (the rule functions this template uses:
    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html)."""
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return [rule_value(n, values) for n in node]
    (function, argument), = node.items()
    if function == "Ref":
        return values[argument]
    if function == "Fn::Equals":
        a, b = rule_value(argument, values)
        return a == b
    if function == "Fn::Not":
        return not rule_value(argument[0], values)
    if function == "Fn::And":
        return all(rule_value(argument, values))
    if function == "Fn::Or":
        return any(rule_value(argument, values))
    if function == "Fn::Contains":
        within, item = rule_value(argument, values)
        return item in within
    raise AssertionError(f"a rule function the test does not evaluate: {function}")


def refused_by(values):
    """Names of the template's Rules the values fail (CloudFormation refuses the deploy)."""
    refused = []
    for name, rule in source().get("Rules", {}).items():
        if "RuleCondition" in rule and not rule_value(rule["RuleCondition"], values):
            continue
        if not all(rule_value(a["Assert"], values) for a in rule["Assertions"]):
            refused.append(name)
    return refused


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
        # A schedule's name is 1 to 64 characters
        # (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html): one made from
        # the stack's name breaks stacks whose names pass 45 characters, and SAM's default (the logical id)
        # is the same in every stack of the account and region. OmitName lets CloudFormation generate a
        # unique name (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-schedulev2.html).
        schedules = of_type(self.out, "AWS::Scheduler::Schedule")
        self.assertEqual(2, len(schedules))
        for logical_id, schedule in schedules.items():
            self.assertNotIn("Name", schedule["Properties"], logical_id)
            target = schedule["Properties"]["Target"]
            self.assertIn("DeadLetterConfig", target)
            self.assertEqual({"Ref": "FollowUpFunctionAliaslive"}, target["Arn"], "schedules invoke the alias")

    def test_every_role_grants_exactly_the_calls_its_function_makes(self):
        # Least privilege, and no missing grant: a missing action fails at run time only, on that path
        # (https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege).
        for name in FUNCTIONS:
            role = f"{name}Role"
            self.assertEqual({"Fn::GetAtt": [role, "Arn"]}, self.function(name)["Role"], name)
            actual = granted(self.out, role)
            expected = EXPECTED_ACTIONS[name]
            self.assertEqual(set(), expected - actual, f"{name}: missing grants")
            self.assertEqual(set(), actual - expected, f"{name}: grants its code never uses")
            managed = [a for a in self.resources[role]["Properties"]["ManagedPolicyArns"] if isinstance(a, str)]
            self.assertEqual(sorted(BASE_MANAGED + ([STREAM_MANAGED] if name in STREAM_FUNCTIONS else [])), sorted(managed), name)

    def test_alarm_topics_are_under_a_key_cloudwatch_may_use(self):
        # CloudWatch cannot publish to a topic encrypted with the AWS managed key alias/aws/sns: the topic's
        # key must be a customer managed key whose policy lets cloudwatch.amazonaws.com use it
        # (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
        topics = {action["Ref"] for alarm in of_type(self.out, "AWS::CloudWatch::Alarm").values()
                  for action in alarm["Properties"]["AlarmActions"]}
        self.assertTrue(topics)
        policies = of_type(self.out, "AWS::SNS::TopicPolicy").values()
        for topic in topics:
            key = self.resources[topic]["Properties"].get("KmsMasterKeyId")
            self.assertNotEqual("alias/aws/sns", key, topic)
            self.assertIsInstance(key, dict, f"{topic}: a key of this stack")
            key_resource = self.resources[resource_name(key)]
            self.assertEqual("AWS::KMS::Key", key_resource["Type"])
            self.assertTrue(key_resource["Properties"]["EnableKeyRotation"], topic)
            grants = [s for s in key_resource["Properties"]["KeyPolicy"]["Statement"]
                      if s["Effect"] == "Allow" and s.get("Principal", {}).get("Service") == "cloudwatch.amazonaws.com"]
            self.assertTrue(grants, f"{topic}: the key's policy does not admit cloudwatch.amazonaws.com")
            actions = {a for s in grants for a in as_list(s["Action"])}
            self.assertTrue({"kms:Decrypt", "kms:GenerateDataKey*"} <= actions, actions)
            for s in grants:
                self.assertEqual({"Ref": "AWS::AccountId"}, s["Condition"]["StringEquals"]["aws:SourceAccount"])
            # and the topic's policy lets this account's alarms publish
            self.assertTrue(any({"Ref": topic} in p["Properties"]["Topics"] and any(
                s["Principal"].get("Service") == "cloudwatch.amazonaws.com" and "sns:Publish" in as_list(s["Action"])
                for s in p["Properties"]["PolicyDocument"]["Statement"]) for p in policies), topic)

    def test_eventbridge_may_park_what_its_rules_cannot_deliver(self):
        # EventBridge sends a rule target's undeliverable events to its dead-letter queue under the queue's
        # policy, which must admit events.amazonaws.com for that rule
        # (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-event-delivery.html#eb-rule-dlq).
        policies = of_type(self.out, "AWS::SQS::QueuePolicy").values()
        dead_letter_queues = 0
        for rule_id, rule in of_type(self.out, "AWS::Events::Rule").items():
            for target in rule["Properties"]["Targets"]:
                if "DeadLetterConfig" not in target:
                    continue
                dead_letter_queues += 1
                queue = resource_name(target["DeadLetterConfig"]["Arn"])
                admitted = [s for p in policies if {"Ref": queue} in p["Properties"]["Queues"]
                            for s in p["Properties"]["PolicyDocument"]["Statement"]
                            if s["Effect"] == "Allow" and s["Principal"].get("Service") == "events.amazonaws.com"
                            and "sqs:SendMessage" in as_list(s["Action"])
                            and s.get("Condition", {}).get("ArnEquals", {}).get("aws:SourceArn") == {"Fn::GetAtt": [rule_id, "Arn"]}]
                self.assertTrue(admitted, f"{queue} admits no events.amazonaws.com for {rule_id}")
        self.assertEqual(1, dead_letter_queues)

    def test_scheduler_may_park_what_it_cannot_deliver(self):
        # EventBridge Scheduler sends to a schedule's dead-letter queue with the schedule's execution role
        # (https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html), not a queue policy.
        for logical_id, schedule in of_type(self.out, "AWS::Scheduler::Schedule").items():
            target = schedule["Properties"]["Target"]
            role = resource_name(target["RoleArn"])
            queue = resource_name(target["DeadLetterConfig"]["Arn"])
            self.assertIn(("sqs:SendMessage", queue), granted(self.out, role), logical_id)

    def test_lambda_keeps_its_report_lines(self):
        # SystemLogLevel WARN drops the platform's START and REPORT lines (duration, memory used, SnapStart
        # restore time); INFO keeps them (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html).
        for name in FUNCTIONS:
            self.assertEqual("INFO", self.function(name)["LoggingConfig"]["SystemLogLevel"], name)

    def test_every_mail_links_a_privacy_notice_that_is_served(self):
        # The API serves no privacy.html: the form host's, or PrivacyUrl, which a Rule then requires
        # (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html).
        for name in FUNCTIONS:
            variable = self.function(name)["Environment"]["Variables"]["PRIVACY_URL"]
            self.assertEqual(["HasPrivacyUrl", {"Ref": "PrivacyUrl"}], variable["Fn::If"][:2], name)
            otherwise = variable["Fn::If"][2]["Fn::If"]
            self.assertEqual("HostsForm", otherwise[0])
            self.assertEqual({"Fn::Sub": "https://${FormDistribution.DomainName}/privacy.html"}, otherwise[1])
        self.assertTrue(refused_by(parameter_values({"HostForm": "false", "PrivacyUrl": ""})))
        self.assertFalse(refused_by(parameter_values({"HostForm": "true", "PrivacyUrl": ""})))
        self.assertFalse(refused_by(parameter_values({"HostForm": "false", "PrivacyUrl": "https://smartcitysweden.com/p"})))

    def test_without_a_release_versions_follow_the_code_as_sam_alone_names_them(self):
        # Release's empty default (sam sync, a bare sam deploy): SAM hashes the function's properties, the
        # code's location among them (AutoPublishCodeSha256 of "" is no hash), so new code still publishes.
        def built(code, **parameters):
            template = source()
            for logical_id, resource in template["Resources"].items():
                if resource["Type"] == "AWS::Serverless::Function":
                    resource["Properties"]["CodeUri"] = f"s3://artifacts/{logical_id}-{code}.zip"
            return versions(transform(template, parameters, _NoManagedPolicies()))
        first = built("a")
        self.assertEqual(first, built("a"))
        self.assertTrue(set(first).isdisjoint(built("b")), "new code publishes new versions")
        self.assertEqual("", source()["Parameters"]["Release"]["Default"])
        self.assertRegex("", source()["Parameters"]["Release"]["AllowedPattern"])
        self.assertRegex(RELEASE, source()["Parameters"]["Release"]["AllowedPattern"])

    def test_iam_has_no_wildcard_actions_and_ses_is_scoped(self):
        found = statements(self.out)
        self.assertTrue(found)
        for owner, statement in found:
            for action in as_list(statement["Action"]):
                self.assertNotIn("*", action, f"{owner}: {action}")
            if any(a.startswith("ses:") for a in as_list(statement["Action"])):
                for resource in as_list(statement["Resource"]):
                    self.assertNotEqual("*", resource, owner)
                    # identity/* is the one wildcard, for sends only and only with the sender fixed by ses:FromAddress.
                    if resource_name(resource).endswith("identity/*"):
                        self.assertTrue(all(a.startswith("ses:Send") for a in as_list(statement["Action"])), owner)
                        self.assertEqual({"Ref": "SenderAddress"}, statement["Condition"]["StringEquals"]["ses:FromAddress"])
            if any(a.startswith("ses:Send") for a in as_list(statement["Action"])):
                self.assertEqual({"Ref": "SenderAddress"}, statement["Condition"]["StringEquals"]["ses:FromAddress"])
                # In the SES sandbox a send is authorised against the verified recipients' identities too, so
                # a policy naming only the sender's identity is refused
                # (https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html, note on the sandbox).
                self.assertIn("ses:identity/*", [resource_name(r) for r in as_list(statement["Resource"])], owner)
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
        # Deliveries too: the booking's timeline shows each mail delivered.
        self.assertEqual(["bounce", "complaint", "delivery"], destination["MatchingEventTypes"])
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
        for name in ("LinkSigningSecret", "SenderIdentity", "FormBucket"):
            self.assertEqual("RetainExceptOnCreate", self.resources[name]["DeletionPolicy"], name)
            self.assertEqual("Retain", self.resources[name]["UpdateReplacePolicy"], name)

    def test_a_rolled_back_first_deploy_leaves_nothing_that_stops_the_retry(self):
        # Retain keeps a resource even when the deploy that created it rolls back; RetainExceptOnCreate
        # deletes it then and retains it otherwise
        # (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html).
        # A retained SES identity makes the retry fail (it exists), a retained secret is an orphan.
        for logical_id, resource in self.resources.items():
            if resource.get("DeletionPolicy") == "Retain" and resource["Type"] not in RETAINED_TYPES:
                self.assertIn(logical_id, RETAINED_ON_CREATE, f"{logical_id}: Retain without a reason (use RetainExceptOnCreate)")
        for logical_id in RETAINED_ON_CREATE:
            self.assertEqual("Retain", self.resources[logical_id]["DeletionPolicy"], logical_id)

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

    def test_every_parameter_without_a_default_is_given_wherever_the_readme_deploys(self):
        # sam deploy and sam sync read parameter_overrides from their own section of samconfig.toml
        # (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-cli-config.html)
        # and stop on a parameter with neither a value nor a Default.
        required = [name for name, p in source()["Parameters"].items() if "Default" not in p]
        for env, command in SAMCONFIG_SECTIONS:
            given = overrides(env, command)
            for name in required:
                self.assertIn(name, given, f"[{env}.{command}.parameters] does not give {name}")
        self.assertEqual(overrides("dev", "deploy"), overrides("dev", "sync"), "sam sync deploys what deploy.sh deploys")

    def test_samconfig_passes_every_rule_and_the_defaults_do_not_in_prod(self):
        # CloudFormation refuses a deploy whose parameters fail a Rule's assertion
        # (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html).
        for env, command in SAMCONFIG_SECTIONS:
            self.assertEqual([], refused_by(parameter_values(overrides(env, command))), f"{env}.{command}")
        refused = refused_by(parameter_values({"Stage": "prod", "HostForm": "true"}))
        self.assertIn("ProductionHasRealSender", refused)
        self.assertIn("ProductionHasRealCoordinators", refused)
        # Rules have no substring test: only the placeholder directory itself is refused, so the prod
        # directory is checked here, address by address.
        prod = json.loads(overrides("prod", "deploy")["CoordinatorDirectory"])
        from itertools import chain
        addresses = list(chain.from_iterable(prod["nodes"].values())) + prod["nationalOffice"]
        self.assertEqual({"stockholm", "goteborg", "malmo", "borlange", "linkoping", "umea"}, set(prod["nodes"]))
        for address in addresses:
            self.assertRegex(address, r"^[^@\s]+@[a-z0-9.-]+$")
            self.assertFalse(address.endswith("example.org"), address)

    def test_deploying_needs_only_the_deploy_tools_and_the_form_upload_fails_loudly(self):
        self.assertIn("scripts/check-tools.sh --deploy", (ROOT / "scripts/deploy.sh").read_text())
        check = (ROOT / "scripts/check-tools.sh").read_text()
        deploy_part = check.split('if [ "$mode" = "--deploy" ]; then', 1)[1].split("else", 1)[0]
        self.assertIn("need sam", deploy_part)
        self.assertNotIn("moto_server", deploy_part)
        # A stack without the distribution's output: the upload must not report success.
        import tempfile
        with tempfile.TemporaryDirectory() as stubs:
            for tool, body in (("aws", 'case "$*" in *FormDistributionId*|*list-distributions*) echo None;; *) echo value;; esac'),
                               ("mvn", "exit 0")):
                path = Path(stubs) / tool
                path.write_text("#!/bin/sh\n" + body + "\n")
                path.chmod(0o755)
            run = subprocess.run([str(ROOT / "scripts/deploy-form.sh"), "some-stack"], capture_output=True, text=True,
                                 env={**os.environ, "PATH": f"{stubs}:{os.environ['PATH']}"})
            self.assertNotEqual(0, run.returncode, run.stdout)
            self.assertNotIn("uploaded", run.stdout)

    def test_samconfig_has_dev_and_prod(self):
        import tomllib
        config = tomllib.loads((ROOT / "samconfig.toml").read_text())
        for env in ("dev", "prod"):
            overrides = config[env]["deploy"]["parameters"]["parameter_overrides"]
            self.assertIn("Stage=" + env, overrides)
            self.assertNotIn("Release=", overrides, "the deploy script computes it")
        self.assertNotIn("example.org", config["prod"]["deploy"]["parameters"]["parameter_overrides"])

class ApiContractRoutesTest(unittest.TestCase):
    """api/openapi.yaml and template.yaml name the same HTTP routes: every HttpApi event of a function
    (method + path) is an operation of the contract, and every operation of the contract is a route."""

    HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}

    @staticmethod
    def template_routes():
        routes = {}
        for name, resource in source()["Resources"].items():
            if resource.get("Type") != "AWS::Serverless::Function":
                continue
            for event in (resource.get("Properties", {}).get("Events") or {}).values():
                if event.get("Type") == "HttpApi":
                    props = event.get("Properties") or {}
                    routes[(props.get("Method", "ANY").upper(), props.get("Path", "$default"))] = name
        return routes

    @classmethod
    def contract_routes(cls):
        import yaml
        contract = yaml.safe_load((ROOT / "api" / "openapi.yaml").read_text())
        return {(method.upper(), path) for path, item in contract["paths"].items()
                for method in item if method in cls.HTTP_METHODS}

    def test_every_route_is_in_the_contract(self):
        routes = self.template_routes()
        self.assertTrue(routes, "template.yaml has no HttpApi routes")
        contract = self.contract_routes()
        missing = sorted(f"{method} {path} ({function})" for (method, path), function in routes.items()
                         if (method, path) not in contract)
        self.assertEqual([], missing, "routes of template.yaml missing from api/openapi.yaml")

    def test_every_operation_of_the_contract_is_a_route(self):
        routes = self.template_routes()
        extra = sorted(f"{method} {path}" for method, path in self.contract_routes() if (method, path) not in routes)
        self.assertEqual([], extra, "operations of api/openapi.yaml that template.yaml does not route")


if __name__ == "__main__":
    unittest.main(verbosity=1)
