#!/usr/bin/env python3
"""The README's deploy (scripts/deploy.sh dev) as far as it runs without AWS: sam build's Makefile targets,
the built template it writes, the Release hash, and that template transformed with the dev parameters.
Run after `mvn install` (in `make test`): MVN=... python3 scripts/built_template_test.py

sam build (BuildMethod: makefile) copies the repository without .git and .aws-sam into a scratch directory and
runs `make --makefile Makefile build-<LogicalId>` there with ARTIFACTS_DIR in the environment
(aws-lambda-builders, workflows/custom_make). This test does the same in a scratch copy rather than in the
repository: a target that needs .git or a path outside the repository fails here as it fails under sam, and
the worktree's target/ directories are left as the build made them. The copy keeps target/, as sam's does (less
the test reports and scratch files that tests running at the same time write, and the browser tests' packages).

Measured on this 2-core machine after `mvn install`: one target (mvn package -pl <function> -am, shade and
ProGuard) took 28-47 s, all seven 263 s; this test 26-31 s (2026-11; ProGuard and Maven's JVM have run C1-only
since, about half that CPU time). So one function is built fully; the others run their target with
MVN=true: Make still runs their whole recipe (the Maven command line must name their module; mkdir and cp of
the jar `mvn install` left in the copy's target/ happen for real), only Maven itself is skipped.

sam build then writes .aws-sam/build/template.yaml: the template with each function's CodeUri replaced by its
artifact directory (relative to the built template) and Metadata.SamResourceId added (samcli/lib/build/
app_builder.py update_template, ResourceMetadataNormalizer); Metadata.BuildMethod stays. sam deploy packages
each CodeUri directory as a zip in S3 (done here by naming an S3 key after the directory's contents) and
CloudFormation transforms the template: the SAM translator here."""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile
from pathlib import Path

import yaml

sys.dont_write_bytecode = True  # no scripts/__pycache__ from the import below
from template_test import ROOT, _NoManagedPolicies, samconfig, sam_parameter_overrides, source, transform, yaml_parse

MVN = os.environ.get("MVN", "mvn -B -q")
BUILT_FULLY = "SubmitBookingFunction"


def _not_copied(directory, names):
    """What sam build leaves out (.git, .aws-sam), and what no build target reads but tests running at the same
    time (scripts/test.sh) write and delete: test reports, failsafe's and surefire's scratch files, the browser
    tests' packages and screenshots."""
    relative = Path(directory).relative_to(ROOT).as_posix()
    left_out = {".git", ".aws-sam"}
    if Path(directory).name == "target":
        left_out |= {"surefire", "surefire-reports", "failsafe-reports"}
    if relative == "web":
        left_out |= {"node_modules", "build"}
    if relative == ".":
        left_out |= {"target"}  # target/make-test: this run's logs
    return [n for n in names if n in left_out]


def functions():
    return {k: v for k, v in source()["Resources"].items() if v["Type"] == "AWS::Serverless::Function"}


def module_of(handler):
    """The function module whose sources hold the handler class (functions/<module>/src/main/java/...)."""
    path = handler.split("::")[0].replace(".", "/") + ".java"
    found = [p.relative_to(ROOT).parts[1] for p in ROOT.glob(f"functions/*/src/main/java/{path}")]
    assert len(found) == 1, (handler, found)
    return found[0]


def s3_key(artifact):
    digest = hashlib.md5()
    for f in sorted(p for p in artifact.rglob("*") if p.is_file()):
        digest.update(f.relative_to(artifact).as_posix().encode() + f.read_bytes())
    return f"scs-visit-booking-dev/{digest.hexdigest()}"


def release_hash(build, overrides):
    return subprocess.run([str(ROOT / "scripts/release-hash.sh"), str(build), overrides],
                          check=True, capture_output=True, text=True).stdout.strip()


class BuiltTemplateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        scratch, cls.build = Path(cls.tmp.name, "scratch"), Path(cls.tmp.name, "build")
        shutil.copytree(ROOT, scratch, symlinks=True, ignore=_not_copied)
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
        cls.runs = {}
        for name in functions():
            artifacts = cls.build / name
            artifacts.mkdir(parents=True)
            cls.runs[name] = subprocess.run(
                ["make", "--makefile", str(scratch / "Makefile"), f"build-{name}",
                 f"MVN={MVN if name == BUILT_FULLY else 'true'}"],
                cwd=scratch, env={**env, "ARTIFACTS_DIR": str(artifacts)}, capture_output=True, text=True)
        # The built template, as sam build writes it.
        template = source()
        for name, resource in template["Resources"].items():
            if name in cls.runs:
                resource["Properties"]["CodeUri"] = name
                resource.setdefault("Metadata", {})["SamResourceId"] = name
        cls.built = template
        (cls.build / "template.yaml").write_text(yaml.safe_dump(template, sort_keys=False))
        # scripts/deploy.sh dev: the overrides of [dev.deploy.parameters], then Release from the build.
        cls.overrides = samconfig()["dev"]["deploy"]["parameters"]["parameter_overrides"]
        cls.release = release_hash(cls.build, cls.overrides)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_every_target_puts_its_function_jar_with_the_handler_in_lib(self):
        for name, resource in functions().items():
            with self.subTest(name):
                run = self.runs[name]
                self.assertEqual(0, run.returncode, f"make build-{name}:\n{run.stdout}{run.stderr}")
                module = module_of(resource["Properties"]["Handler"])
                self.assertIn(f"package -DskipTests -pl functions/{module} -am", run.stdout, name)
                jar = self.build / name / "lib" / f"{module}-lambda.jar"
                self.assertEqual([jar], list((self.build / name).rglob("*.jar")), name)
                handler_class = resource["Properties"]["Handler"].split("::")[0].replace(".", "/") + ".class"
                with zipfile.ZipFile(jar) as z:
                    self.assertIn(handler_class, z.namelist(), name)

    def test_the_built_template_transforms_with_the_dev_parameters_and_points_at_the_artifacts(self):
        written = yaml_parse((self.build / "template.yaml").read_text())
        self.assertEqual(self.built, written)
        # sam deploy: sam package uploads each CodeUri directory, then CloudFormation transforms.
        keys = {}
        for name, resource in written["Resources"].items():
            if resource["Type"] == "AWS::Serverless::Function":
                self.assertEqual("makefile", resource["Metadata"]["BuildMethod"], name)
                keys[name] = s3_key(self.build / resource["Properties"]["CodeUri"])
                resource["Properties"]["CodeUri"] = f"s3://artifacts/{keys[name]}"
        self.assertEqual(len(keys), len(set(keys.values())), "every function has its own artifact")
        parameters = sam_parameter_overrides(f"{self.overrides} Release={self.release}")
        out = transform(written, parameters, _NoManagedPolicies())
        for name, key in keys.items():
            self.assertEqual("AWS::Lambda::Function", out["Resources"][name]["Type"], name)
            self.assertEqual({"S3Bucket": "artifacts", "S3Key": key}, out["Resources"][name]["Properties"]["Code"], name)

    def test_the_release_hash_of_the_build_is_a_valid_release_and_stable(self):
        self.assertRegex(self.release, source()["Parameters"]["Release"]["AllowedPattern"])
        self.assertRegex(self.release, r"^[0-9a-f]{64}$")
        self.assertEqual(self.release, release_hash(self.build, self.overrides))

    def test_check_tools_deploy_needs_sam_but_not_the_emulator_nor_the_linter(self):
        with tempfile.TemporaryDirectory() as stubs:
            path = [d for d in os.environ["PATH"].split(":")
                    if d and not any(Path(d, t).exists() for t in ("moto_server", "cfn-lint"))]
            for tool in ("java", "mvn"):
                os.symlink(shutil.which(tool), Path(stubs, tool))
            os.symlink(sys.executable, Path(stubs, "python3"))
            env = {**os.environ, "PATH": ":".join([stubs] + path)}
            check = lambda: subprocess.run([str(ROOT / "scripts/check-tools.sh"), "--deploy"], env=env,
                                           capture_output=True, text=True)
            without_sam = check()
            self.assertNotEqual(0, without_sam.returncode)
            self.assertIn("missing: sam", without_sam.stderr)
            Path(stubs, "sam").write_text("#!/bin/sh\nexit 0\n")
            Path(stubs, "sam").chmod(0o755)
            passed = check()
            self.assertEqual(0, passed.returncode, passed.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=1)
