"""Session fixtures: one strict build of the real site, shared by every site and browser test."""

import shutil

import pytest
from helpers import ROOT, mkdocs_build


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """Build the real site once, strictly, into a temporary folder; return that folder."""
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT / "mkdocs.yml", site_dir)
    if result.returncode != 0:
        pytest.fail(f"strict build failed:\n{result.stderr[-6000:]}", pytrace=False)
    return site_dir


@pytest.fixture
def fixture_site(tmp_path):
    """Copy a tiny site from tests/fixtures/sites/NAME into tmp_path and return a builder."""

    def make(name):
        target = tmp_path / name
        shutil.copytree(ROOT / "tests" / "fixtures" / "sites" / name, target)
        return target

    return make
