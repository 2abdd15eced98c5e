"""Bad input in references.bib, data/titration.yml or a page stops the real build, loudly.

Unit tests check every message in detail; these check that the message reaches a maintainer
running `mkdocs build`, and that nothing is built when it fails.
"""

import pytest
from helpers import mkdocs_build, page_path, variant_project

PAGE = (
    "# Home\n\nLDN is a small dose {{ cite('younger2009') }}.\n\n{{ dose_form_picker() }}\n\n"
    "{{ dose_table('standard') }}\n\n{{ references() }}\n"
)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture edit: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def duplicate_entry(project):
    bib = project / "references.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index("@article{younger2009")
    bib.write_text(text + "\n" + text[start : text.index("\n}", start) + 2], encoding="utf-8")


def break_braces(project):
    edit(project / "references.bib", "@article{younger2009,", "@article{younger2009,\n  note = {unclosed,")


def dose_too_high(project):
    edit(project / "data" / "titration.yml", 'dose: "4 mg"}', 'dose: "45 mg"}')


def dose_without_unit(project):
    edit(project / "data" / "titration.yml", 'dose: "1.5 mg"}', 'dose: "1.5"}')


def unknown_cite(project):
    edit(project / "docs" / "index.md", "cite('younger2009')", "cite('younger2099')")


def unknown_schedule(project):
    edit(project / "docs" / "index.md", "dose_table('standard')", "dose_table('standrd')")


@pytest.mark.parametrize(
    "damage,expected",
    [
        (duplicate_entry, ["references.bib", "younger2009", "duplicate"]),
        (break_braces, ["references.bib", "younger2009"]),
        (dose_too_high, ["titration.yml", "standard", "45"]),
        (dose_without_unit, ["titration.yml", "standard", "unit"]),
        (unknown_cite, ["index.md", "younger2099"]),
        (unknown_schedule, ["index.md", "standrd"]),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_bad_input_stops_the_build_and_says_where(tmp_path, damage, expected):
    config = variant_project(tmp_path, {"index.md": PAGE})
    damage(tmp_path)
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    for word in expected:
        assert word in result.stderr, f"{word!r} missing from:\n{result.stderr[-3000:]}"
    assert not page_path(tmp_path / "site", "/").exists(), "a half-built page was written"


def test_the_undamaged_variant_builds(tmp_path):
    result = mkdocs_build(variant_project(tmp_path, {"index.md": PAGE}), tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    html = page_path(tmp_path / "site", "/").read_text(encoding="utf-8")
    assert 'href="#ref-younger2009"' in html and 'id="ref-younger2009"' in html
