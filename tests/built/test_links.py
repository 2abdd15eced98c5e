"""The offline link check: every internal link and #anchor in the built site resolves."""

import shutil
import subprocess

import pytest
from helpers import ROOT
from sitecheck import broken_links

LINKINATOR = ROOT / "node_modules" / ".bin" / "linkinator"
# linkinator serves the folder on localhost; every other absolute URL (the deployed
# site_url, PubMed, DOI) is left to the weekly external-link workflow.
OWN_PAGES_ONLY = r"^https?://(?!localhost)"


def linkinator(site_dir):
    """Run linkinator over a built site folder, checking fragments; return the finished process."""
    if not LINKINATOR.exists():
        pytest.fail("linkinator is not installed: run `make test` (it runs `npm ci`)", pytrace=False)
    return subprocess.run(
        [str(LINKINATOR), str(site_dir), "--recurse", "--check-fragments", "--skip", OWN_PAGES_ONLY, "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def damaged_site(site, tmp_path):
    """A copy of the built site whose About page gains one broken link and one broken anchor."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "about" / "index.html"
    bad = '<a href="../safety/#no-such-anchor">x</a> <a href="../no-such-page/">y</a></article>'
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", bad, 1), encoding="utf-8")
    return copy


def test_built_site_passes_linkinator(site):
    result = linkinator(site)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_linkinator_catches_a_missing_page(damaged_site):
    result = linkinator(damaged_site)
    assert result.returncode != 0
    assert "no-such-page" in result.stdout


def test_every_internal_link_and_anchor_resolves(site):
    assert broken_links(site) == []


def test_anchor_check_catches_a_missing_page_and_anchor(damaged_site):
    assert broken_links(damaged_site) == [
        ("about/index.html", "../safety/#no-such-anchor", "no such anchor"),
        ("about/index.html", "../no-such-page/", "no such file"),
    ]
