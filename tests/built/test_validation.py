"""A strict build refuses broken links and anchors and names the file that has them."""

import pytest
from helpers import fixture_pages, mkdocs_build, variant_project


@pytest.mark.parametrize(
    "fixture,file,target",
    [
        ("broken-link", "other.md", "missing-page.md"),
        ("broken-anchor", "index.md", "#opioids"),
    ],
)
def test_strict_build_fails_and_names_the_file(tmp_path, fixture, file, target):
    config = variant_project(tmp_path, fixture_pages(fixture))
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert file in result.stderr and target in result.stderr


def test_fixture_pages_build_once_the_link_is_mended(tmp_path):
    pages = fixture_pages("broken-anchor")
    pages["index.md"] = pages["index.md"].replace("#opioids", "#opiates")
    result = mkdocs_build(variant_project(tmp_path, pages), tmp_path / "site")
    assert result.returncode == 0, result.stderr
