"""Session fixtures: one strict build of the real site, shared by every site and browser test."""

import fcntl
import shutil

import pytest
from helpers import ROOT, mkdocs_build


@pytest.fixture(scope="session")
def site(tmp_path_factory, worker_id):
    """Build the real site once, strictly, into a temporary folder; return that folder.

    The pytest-xdist workers of one run share it: the first to get here builds it while the
    others wait on a lock, then all read the same folder (no test writes to it). A failed build
    fails every worker's tests with the build's own message."""
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    site_dir, done, failed = shared / "site", shared / "site.built", shared / "site.failed"
    with open(shared / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists() and not failed.exists():
            result = mkdocs_build(ROOT / "mkdocs.yml", site_dir)
            if result.returncode == 0:
                done.touch()
            else:
                failed.write_text(result.stderr[-6000:], encoding="utf-8")
    if failed.exists():
        pytest.fail(f"strict build failed:\n{failed.read_text(encoding='utf-8')}", pytrace=False)
    return site_dir


@pytest.fixture
def fixture_site(tmp_path):
    """Copy a tiny site from tests/fixtures/sites/NAME into tmp_path and return a builder."""

    def make(name):
        target = tmp_path / name
        shutil.copytree(ROOT / "tests" / "fixtures" / "sites" / name, target)
        return target

    return make
