#!/usr/bin/env python3
"""Tests of scripts/fetch_maven_artifacts.py against a local HTTP server standing in for Maven Central, and of
its list (.mvn/central-artifacts.sha256) against the POMs. Run: python3 scripts/fetch_maven_artifacts_test.py"""
import hashlib
import http.server
import io
import re
import sys
import tempfile
import threading
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fetch_maven_artifacts as fetcher  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NS = {"m": "http://maven.apache.org/POM/4.0.0"}


class Central:
    """A folder served over HTTP on a free port, counting the paths asked for."""

    def __init__(self, folder):
        asked = self.asked = []

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(folder), **kwargs)

            def do_GET(self):
                asked.append(self.path.lstrip("/"))
                super().do_GET()

            def log_message(self, *args):
                pass

        Handler.protocol_version = "HTTP/1.1"  # keep-alive, as the script uses it
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def sha(data):
    return hashlib.sha256(data).hexdigest()


class FetchTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        base = Path(self.dir.name)
        self.central_dir, self.repo = base / "central", base / "repo"
        self.files = {
            "g/a/1.0/a-1.0.jar": b"jar of a",
            "g/a/1.0/a-1.0.pom": b"<project/>",
            "g/b/2.0/b-2.0.jar": b"what central has",
            "g/d/4.0/d-4.0.jar": b"already here",
        }
        for name, data in self.files.items():
            (self.central_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (self.central_dir / name).write_bytes(data)
        (self.repo / "g/d/4.0").mkdir(parents=True)
        (self.repo / "g/d/4.0/d-4.0.jar").write_bytes(b"already here")
        self.central = Central(self.central_dir)
        # the list: a's two files, b's jar with another checksum, c's jar that central lacks, d's jar already here
        self.entries = [
            (sha(b"jar of a"), "g/a/1.0/a-1.0.jar"),
            (sha(b"<project/>"), "g/a/1.0/a-1.0.pom"),
            (sha(b"what the list expects"), "g/b/2.0/b-2.0.jar"),
            (sha(b"nowhere"), "g/c/3.0/c-3.0.jar"),
            (sha(b"already here"), "g/d/4.0/d-4.0.jar"),
        ]

    def tearDown(self):
        self.central.close()
        self.dir.cleanup()

    def fetch(self):
        return fetcher.fetch(self.entries, self.repo, self.central.url, parallel=2, out=io.StringIO())

    def test_fetches_what_is_missing_and_checks_it(self):
        fetched, problems = self.fetch()
        self.assertEqual(2, fetched)
        self.assertEqual(b"jar of a", (self.repo / "g/a/1.0/a-1.0.jar").read_bytes())
        self.assertEqual(b"<project/>", (self.repo / "g/a/1.0/a-1.0.pom").read_bytes())
        # a checksum that does not match and a file central lacks are left to Maven, not written
        self.assertFalse((self.repo / "g/b/2.0/b-2.0.jar").exists())
        self.assertFalse((self.repo / "g/c/3.0").exists() and any((self.repo / "g/c/3.0").iterdir()))
        self.assertEqual(2, len(problems))
        self.assertIn("SHA-256", next(p for p in problems if p.startswith("g/b/")))
        self.assertIn("404", next(p for p in problems if p.startswith("g/c/")))
        # what the repository has is not asked for again
        self.assertNotIn("g/d/4.0/d-4.0.jar", self.central.asked)
        # nothing half-written stays behind
        self.assertEqual([], [p for p in self.repo.rglob(".fetch-*")])

    def test_records_the_files_as_from_central_as_maven_does(self):
        self.fetch()
        marker = (self.repo / "g/a/1.0/_remote.repositories").read_text().splitlines()
        self.assertIn("a-1.0.jar>central=", marker)
        self.assertIn("a-1.0.pom>central=", marker)
        self.assertFalse((self.repo / "g/b/2.0/_remote.repositories").exists())

    def test_a_second_run_asks_only_for_what_is_still_missing(self):
        self.fetch()
        self.central.asked.clear()
        fetched, problems = self.fetch()
        self.assertEqual(0, fetched)
        self.assertEqual(["g/b/2.0/b-2.0.jar", "g/c/3.0/c-3.0.jar"], sorted(self.central.asked))
        marker = (self.repo / "g/a/1.0/_remote.repositories").read_text().splitlines()
        self.assertEqual(1, marker.count("a-1.0.jar>central="))

    def test_an_unreachable_central_fetches_nothing_and_does_not_fail(self):
        self.central.close()
        fetched, problems = fetcher.fetch(self.entries, self.repo, self.central.url, parallel=2, out=io.StringIO())
        self.assertEqual(0, fetched)
        self.assertEqual(4, len(problems))


class LocalRepositoryTest(unittest.TestCase):
    def test_where_maven_puts_it(self):
        with tempfile.TemporaryDirectory() as home:
            home = Path(home)
            self.assertEqual(home / ".m2/repository", fetcher.local_repository({}, home))
            self.assertEqual(Path("/tmp/r"), fetcher.local_repository({"MVN": "mvn -B -Dmaven.repo.local=/tmp/r -q"}, home))
            (home / ".m2").mkdir()
            (home / ".m2/settings.xml").write_text(
                "<settings><localRepository>${user.home}/maven-repo</localRepository></settings>")
            self.assertEqual(home / "maven-repo", fetcher.local_repository({"MVN": "mvn -B"}, home))


class ListTest(unittest.TestCase):
    """The list is well formed and holds what the POMs name: a version moved in a POM without the list
    written again makes Maven download the new one itself, slowly; this says so."""

    entries = fetcher.read_list()
    names = {name for _, name in entries}

    def test_well_formed(self):
        layout = re.compile(r"^[\w.\-]+(/[\w.\-]+)*/([\w.\-]+)/([\w.\-]+)/\2-\3(-[\w.\-]+)?\.(jar|pom)$")
        for digest, name in self.entries:
            self.assertRegex(digest, r"^[0-9a-f]{64}$", name)
            self.assertRegex(name, layout)
            self.assertFalse(name.startswith(fetcher.OWN_GROUP), name)
        self.assertEqual(sorted(self.names), [name for _, name in self.entries], "sorted, each once")

    def test_holds_every_plugin_and_dependency_the_poms_pin(self):
        root_properties = properties(ET.parse(ROOT / "pom.xml").getroot())
        missing = []
        for pom in [ROOT / "pom.xml", *ROOT.glob("*/pom.xml"), *ROOT.glob("functions/*/pom.xml")]:
            project = ET.parse(pom).getroot()
            values = {**root_properties, **properties(project)}
            for element in project.iter():
                if element.tag.split("}")[-1] not in ("plugin", "dependency"):
                    continue
                group, artifact, version = (element.findtext(f"m:{t}", "", NS) for t in ("groupId", "artifactId", "version"))
                group = group or "org.apache.maven.plugins"
                version = re.sub(r"\$\{([^}]+)\}", lambda m: values.get(m.group(1), m.group(0)), version)
                if not version or "$" in version or group.startswith("se.smartcitysweden"):
                    continue
                name = f"{group.replace('.', '/')}/{artifact}/{version}/{artifact}-{version}.pom"
                if name not in self.names:
                    missing.append(f"{pom.relative_to(ROOT)}: {group}:{artifact}:{version}")
        self.assertEqual([], missing, "named in a POM, not in .mvn/central-artifacts.sha256 "
                                      "(write it again: scripts/fetch_maven_artifacts.py, its --update)")


def properties(project):
    block = project.find("m:properties", NS)
    return {} if block is None else {e.tag.split("}")[-1]: (e.text or "").strip() for e in block}


if __name__ == "__main__":
    unittest.main()
