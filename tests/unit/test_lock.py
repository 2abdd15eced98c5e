"""The supply chain is pinned: every package in the running venv is in the hashed lock, and
every GitHub Action is pinned to a full commit SHA with its release tag in a comment."""

import importlib.metadata
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "test.txt"
BUILD_LOCK = ROOT / "requirements" / "build.txt"
WORKFLOWS = ROOT / ".github" / "workflows"

REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?:\s*;.*)?$")
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}\b")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<value>[^\s#]+)(?P<rest>.*)$")
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
TAG_COMMENT = re.compile(r"^\s+#\s*v\d+(?:\.\d+)*\s*$")


def normalize(name):
    """PEP 503 name: runs of -, _ and . become one -, lower case."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_lock(text):
    """{normalized name: (version, number of sha256 hashes)} from pip-compile output."""
    joined = re.sub(r"\\\n", " ", text)
    locked = {}
    for line in joined.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        head, _, options = line.partition(" ")
        match = REQUIREMENT.match(head)
        if not match:
            raise ValueError(f"not an exact pin: {line!r}")
        locked[normalize(match[1])] = (match[2], len(HASH.findall(options)))
    return locked


def lock_problems(installed, locked):
    """Installed {name: version} checked against parse_lock output; one message per problem."""
    problems = []
    for name, version in sorted(installed.items()):
        key = normalize(name)
        if key not in locked:
            problems.append(f"{name} {version} is installed but not in the lock")
            continue
        pinned, hashes = locked[key]
        if pinned != version:
            problems.append(f"{name} {version} is installed but the lock pins {pinned}")
        if hashes == 0:
            problems.append(f"{name} has no --hash in the lock")
    return problems


def action_pins(text):
    """(value, rest of line) for every `uses:` line of a workflow."""
    return [(m["value"].strip("'\""), m["rest"]) for m in map(USES_LINE.match, text.splitlines()) if m]


def pin_problems(text):
    """One message per `uses:` that is not owner/repo@<40-hex SHA> # vX[.Y.Z]."""
    problems = []
    for value, rest in action_pins(text):
        if value.startswith("./"):
            continue  # an action in this repository: pinned by the commit that holds it
        if not PINNED.match(value):
            problems.append(f"{value}: not pinned to a full 40-hex commit SHA")
        elif not TAG_COMMENT.match(rest):
            problems.append(f"{value}: no `# vX.Y.Z` tag comment after the SHA")
    return problems


def workflow_uses(data):
    """Every `uses` value in a parsed workflow (steps, and jobs that call a workflow)."""
    found = []
    for job in (data.get("jobs") or {}).values():
        if "uses" in job:
            found.append(job["uses"])
        found += [step["uses"] for step in job.get("steps") or [] if "uses" in step]
    return found


def installed_distributions():
    return {dist.metadata["Name"]: dist.version for dist in importlib.metadata.distributions()}


def test_every_installed_package_is_locked_with_a_hash():
    assert sys.prefix != sys.base_prefix, "run the tests in the locked venv (.venv, made by `make deps`)"
    installed = installed_distributions()
    assert len(installed) > 20, installed
    problems = lock_problems(installed, parse_lock(LOCK.read_text(encoding="utf-8")))
    assert not problems, "\n".join(problems) + "\nRun `make deps` (or `make lock` after editing requirements/*.in)."


def test_every_locked_package_has_a_hash():
    for path in (LOCK, BUILD_LOCK):
        locked = parse_lock(path.read_text(encoding="utf-8"))
        assert len(locked) > 20, path
        assert [name for name, (_, hashes) in locked.items() if hashes == 0] == [], path


def test_build_lock_agrees_with_test_lock():
    build = parse_lock(BUILD_LOCK.read_text(encoding="utf-8"))
    test = parse_lock(LOCK.read_text(encoding="utf-8"))
    assert {name: test.get(name, (None,))[0] for name in build} == {name: v for name, (v, _) in build.items()}


def test_locks_name_no_machine_local_index_or_path():
    paths = sorted((ROOT / "requirements").glob("*.txt"))
    assert paths, "no lock files in requirements/"
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for marker in ("--index-url", "--extra-index-url", "--find-links", "--trusted-host", "://"):
            assert marker not in text, f"{path.name} contains {marker!r}"
        assert not re.search(r"(?m)^\s*/|\s/(?:opt|tmp|home|root|work|usr)/", text), path.name


def test_every_action_is_pinned_to_a_commit_with_its_tag():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert files, "no workflow files"
    total = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        # The line scan must see every `uses` that YAML sees (no flow-style step hides one).
        assert Counter(value for value, _ in action_pins(text)) == Counter(workflow_uses(yaml.safe_load(text))), path
        assert pin_problems(text) == [], f"{path.name}: {pin_problems(text)}"
        total += len(action_pins(text))
    assert total >= 5


def test_every_checkout_drops_its_credentials():
    checkouts = 0
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values():
            for step in job.get("steps") or []:
                if step.get("uses", "").startswith("actions/checkout@"):
                    checkouts += 1
                    assert (step.get("with") or {}).get("persist-credentials") is False, path.name
    assert checkouts, "no workflow checks out the repository"


# The helpers above, on made-up text: they must find what is wrong.

MADE_UP_LOCK = """\
#    pip-compile --generate-hashes
alpha==1.0 \\
    --hash=sha256:{a} \\
    --hash=sha256:{b}
    # via -r requirements/test.in
Beta_Pkg==2.1 ; python_version >= "3.8"
gamma==3.0 \\
    --hash=sha256:{a}
""".format(a="a" * 64, b="b" * 64)


def test_parse_lock_reads_pins_and_counts_hashes():
    assert parse_lock(MADE_UP_LOCK) == {"alpha": ("1.0", 2), "beta-pkg": ("2.1", 0), "gamma": ("3.0", 1)}


def test_parse_lock_refuses_a_loose_requirement():
    try:
        parse_lock("delta>=1.0\n")
    except ValueError as error:
        assert "delta>=1.0" in str(error)
    else:
        raise AssertionError("a range was accepted as a pin")


def test_lock_problems_names_unlocked_unhashed_and_mismatched_packages():
    locked = parse_lock(MADE_UP_LOCK)
    assert lock_problems({"alpha": "1.0", "GAMMA": "3.0"}, locked) == []
    assert lock_problems({"Alpha": "1.1", "beta.pkg": "2.1", "epsilon": "0.1"}, locked) == [
        "Alpha 1.1 is installed but the lock pins 1.0",
        "beta.pkg has no --hash in the lock",
        "epsilon 0.1 is installed but not in the lock",
    ]


def test_pin_problems_finds_tags_short_shas_and_missing_comments():
    sha = "0123456789abcdef0123456789abcdef01234567"
    made_up = f"""\
jobs:
  a:
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@0123456 # v5
      - uses: actions/cache@{sha}
      - uses: actions/cache@{sha} # the cache
      - name: good
        uses: actions/deploy-pages@{sha} # v5.0.0
      - uses: "owner/repo/sub/dir@{sha}"  # v2
      - uses: ./.github/actions/local
"""
    assert pin_problems(made_up) == [
        "actions/checkout@v4: not pinned to a full 40-hex commit SHA",
        "actions/setup-python@0123456: not pinned to a full 40-hex commit SHA",
        f"actions/cache@{sha}: no `# vX.Y.Z` tag comment after the SHA",
        f"actions/cache@{sha}: no `# vX.Y.Z` tag comment after the SHA",
    ]
    assert len(action_pins(made_up)) == len(workflow_uses(yaml.safe_load(made_up))) == 7
