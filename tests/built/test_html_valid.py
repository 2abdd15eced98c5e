"""Every built page is valid HTML for the W3C Nu checker (vnu-jar from package.json, run with Java).

One Java process checks all pages at once (starting the checker costs more than checking).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# A short run: Java's quick compiler only (half the CPU time of the default), with the larger
# thread stack the checker's schema needs when compiled that way.
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-Xss16m"]


def nu_errors(files):
    """(file, line, message) for every error the Nu checker finds in the given HTML files."""
    java = shutil.which("java")
    if not java:
        pytest.fail("java is missing: run `make test`, which installs Debian's default-jre-headless", pytrace=False)
    if not VNU.is_file():
        pytest.fail(f"{VNU.relative_to(ROOT)} is missing: run `make test` (npm ci installs vnu-jar)", pytrace=False)
    done = subprocess.run(
        [java, *JAVA_OPTIONS, "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
    )
    try:
        messages = json.loads(done.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(
            f"the Nu checker gave no report (exit {done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}",
            pytrace=False,
        )
    return [
        (m.get("url", "").removeprefix("file:"), m.get("lastLine"), m["message"])
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


BAD_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>x</title></head>
<body>
<input type="checkbox" autocomplete="off">
</body></html>
"""


def test_every_built_page_is_valid_html(site, tmp_path):
    """All pages in one run, with a page known to be invalid (line 4) as the negative twin."""
    bad = tmp_path / "bad.html"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    errors = nu_errors([*pages, bad])
    twin = [(line, message) for file, line, message in errors if Path(file) == bad]
    assert len(twin) == 1 and twin[0][0] == 4 and "autocomplete" in twin[0][1], (
        f"the checker missed the known error: {errors}"
    )
    report = [
        f"{Path(file).relative_to(site)}:{line}: {message}" for file, line, message in errors if Path(file) != bad
    ]
    assert not report, "the Nu HTML checker found errors:\n" + "\n".join(report)
