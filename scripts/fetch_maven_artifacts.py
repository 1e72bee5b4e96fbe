#!/usr/bin/env python3
"""Puts the artifacts the build and `make test` take from Maven Central into the local Maven repository,
sixteen downloads at a time, each checked against the SHA-256 that .mvn/central-artifacts.sha256 gives.

Why: Maven 3.8 downloads one file after another. On a fresh machine (an empty ~/.m2) `make test` waited
about 150 s on those downloads, the cores mostly idle (the first build alone 110 s instead of 20); the same
782 files (117 MB) take about 4 s here. Nothing depends on it: a file this does not fetch (not listed, the
network down, a checksum that does not match) Maven downloads itself and checks, only slower. So a stale
list costs time, never a wrong build.

Usage:
  scripts/fetch_maven_artifacts.py                 fetch what the local repository lacks
  scripts/fetch_maven_artifacts.py --update REPO   write the list from REPO, a local repository that one
                                                   `make test` filled from empty, with this script off:
      FETCH_MAVEN_ARTIFACTS=0 MVN="mvn -B -q -Dmaven.repo.local=$PWD/target/fresh-m2" make test
      scripts/fetch_maven_artifacts.py --update target/fresh-m2

The local repository: -Dmaven.repo.local in $MVN, else <localRepository> of ~/.m2/settings.xml, else
~/.m2/repository. The remote: $MAVEN_CENTRAL_URL (default Maven Central). FETCH_MAVEN_ARTIFACTS=0 turns it off.
"""
import concurrent.futures
import hashlib
import http.client
import os
import re
import ssl
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / ".mvn" / "central-artifacts.sha256"
CENTRAL = "https://repo.maven.apache.org/maven2"
OWN_GROUP = "se/smartcitysweden/"
PARALLEL = 16


def local_repository(environ=os.environ, home=Path.home()):
    flag = re.search(r"-Dmaven\.repo\.local=(\S+)", environ.get("MVN", ""))
    if flag:
        return Path(flag.group(1)).expanduser()
    settings = home / ".m2" / "settings.xml"
    if settings.is_file():
        found = re.search(r"<localRepository>\s*([^<]+?)\s*</localRepository>", settings.read_text(encoding="utf-8"))
        if found:
            return Path(found.group(1).replace("${user.home}", str(home))).expanduser()
    return home / ".m2" / "repository"


def read_list(path=LIST):
    """[(sha256, relative path)] of the list file (sha256sum's format)."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            entries.append((digest, name.strip()))
    return entries


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def mark_from_central(target):
    """Maven's own record that the file came from the repository named central (what it writes when it
    downloads one), so that it takes the file as it would its own download."""
    marker = target.parent / "_remote.repositories"
    line = f"{target.name}>central="
    lines = marker.read_text(encoding="utf-8").splitlines() if marker.is_file() else [
        "#NOTE: This is a Maven Resolver internal implementation file, its format can be changed without prior notice."]
    if line not in lines:
        marker.write_text("\n".join(lines + [line]) + "\n", encoding="utf-8")


# Each thread keeps one connection open (keep-alive): a connection per file took a name lookup and a TLS
# handshake each, 72 s for the list here, and the resolver refused some lookups when sixteen came at once.
TLS = ssl.create_default_context()


class Connections:
    """One connection to central per thread (keep-alive), all of them closed at the end."""

    def __init__(self, central):
        self.url = urllib.parse.urlsplit(central)
        self.local = threading.local()
        self.opened = []  # list.append is atomic

    def current(self):
        if getattr(self.local, "connection", None) is None:
            if self.url.scheme == "https":
                connection = http.client.HTTPSConnection(self.url.netloc, timeout=60, context=TLS)
            else:
                connection = http.client.HTTPConnection(self.url.netloc, timeout=60)
            self.local.connection = connection
            self.opened.append(connection)
        return self.local.connection

    def get(self, name):
        """The file's bytes (the connection opened again once if the server had closed it)."""
        for attempt in (1, 2):
            connection = self.current()
            try:
                connection.request("GET", f"{self.url.path}/{name}", headers={"User-Agent": "fetch_maven_artifacts.py"})
                response = connection.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                self.local.connection = None
                if attempt == 2:
                    raise
                continue
            if response.status != 200:
                raise OSError(f"HTTP {response.status}")
            return data

    def close(self):
        for connection in self.opened:
            connection.close()


def fetch_one(connections, repo, digest, name):
    """Downloads one file to a temporary name beside its place, checks it, and moves it there. None or why not."""
    target = repo / name
    try:
        data = connections.get(name)
    except (OSError, http.client.HTTPException) as e:
        return f"{name}: {e}"
    got = hashlib.sha256(data).hexdigest()
    if got != digest:
        return f"{name}: SHA-256 {got}, the list says {digest}; left to Maven"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, part = tempfile.mkstemp(dir=target.parent, prefix=".fetch-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(part, target)
    except OSError as e:
        return f"{name}: {e}"
    return None


def fetch(entries, repo, central=CENTRAL, parallel=PARALLEL, out=sys.stderr):
    """Fetches every listed file the repository lacks. Returns (fetched, problems)."""
    missing = [(d, n) for d, n in entries if not (repo / n).is_file()]
    if not missing:
        return 0, []
    started = time.monotonic()
    problems, fetched = [], []
    connections = Connections(central)
    with concurrent.futures.ThreadPoolExecutor(max_workers=parallel) as pool:
        for name, problem in pool.map(lambda e: (e[1], fetch_one(connections, repo, *e)), missing):
            (problems.append(problem) if problem else fetched.append(name))
    connections.close()
    for name in fetched:  # one thread writes Maven's records
        mark_from_central(repo / name)
    print(f"fetched {len(fetched)} of {len(missing)} missing Maven artifacts into {repo} "
          f"in {time.monotonic() - started:.1f} s", file=out)
    for problem in problems[:10]:
        print(f"  not fetched (Maven will): {problem}", file=out)
    return len(fetched), problems


def update(repo, path=LIST):
    """Writes the list: every jar and POM in repo but the project's own."""
    names = sorted(str(p.relative_to(repo)) for p in repo.rglob("*")
                   if p.is_file() and p.suffix in (".jar", ".pom") and not str(p.relative_to(repo)).startswith(OWN_GROUP))
    path.write_text("".join(f"{sha256(repo / n)}  {n}\n" for n in names), encoding="utf-8")
    print(f"wrote {len(names)} artifacts to {path}")


def main(argv):
    if len(argv) == 3 and argv[1] == "--update":
        update(Path(argv[2]))
        return 0
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    if os.environ.get("FETCH_MAVEN_ARTIFACTS", "1") == "0":
        return 0
    try:
        fetch(read_list(), local_repository(), os.environ.get("MAVEN_CENTRAL_URL", CENTRAL).rstrip("/"))
    except Exception as e:  # noqa: BLE001 - never the reason a build fails: Maven fetches what is missing
        print(f"fetching Maven's artifacts failed ({e!r}); Maven fetches them itself", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
