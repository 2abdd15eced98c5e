"""A second guide, for a made-up medicine, is built by the same engine with no engine edit.

examples/taper-guide/ has its own pages, bibliography, URLs and a taper schedule in tablets that
goes down to a stop. It points at the engine (macros/, hooks/, overrides/) through its mkdocs.yml
only. Built here in strict mode, it must come out whole, and nothing of this guide's medicine may
leak into it from the engine.
"""

import re

import pytest
from bs4 import BeautifulSoup
from helpers import ROOT, mkdocs_build, page_path

EXAMPLE = ROOT / "examples" / "taper-guide"
OUR_MEDICINE = re.compile(r"ldn|naltrexon|fibromyalg", re.I)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("example") / "site"
    result = mkdocs_build(EXAMPLE / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


@pytest.mark.parametrize("url", ["/", "/taper/", "/safety/"])
def test_every_page_is_built_and_says_it_is_an_example(example_site, url):
    html = page_path(example_site, url).read_text(encoding="utf-8")
    assert "This is an example, not medical advice" in html
    assert 'http-equiv="Content-Security-Policy"' in html  # the engine's hooks ran


def test_the_taper_table_shows_doses_going_down_to_a_stop(example_site):
    soup = BeautifulSoup(page_path(example_site, "/taper/").read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one(".dose-schedule table.dose-table")
    rows = [
        [cell.get_text(" ", strip=True).replace("\xa0", " ") for cell in row.find_all(["th", "td"])]
        for row in table.tbody.find_all("tr")
    ]
    assert rows == [
        ["Weeks 1 to 2", "4 tablets"],
        ["Weeks 3 to 4", "3 tablets"],
        ["Weeks 5 to 6", "2 tablets"],
        ["Weeks 7 to 8", "1 tablet"],
        ["Week 9 onward", "Stop (0 tablets)"],
    ]


def test_its_own_bibliography_is_cited(example_site):
    html = page_path(example_site, "/safety/").read_text(encoding="utf-8")
    assert 'id="ref-cdcupandaway2011"' in html and 'id="ref-fdataper2019"' in html


def test_the_engine_brings_its_scripts_and_nothing_of_our_medicine(example_site):
    assert (example_site / "assets" / "javascripts" / "site.js").is_file()
    leaks = [
        str(path.relative_to(example_site))
        for path in example_site.rglob("*")
        if path.suffix in (".html", ".js", ".css", ".xml") and OUR_MEDICINE.search(path.read_text(encoding="utf-8"))
    ]
    assert leaks == []


def test_a_rule_of_its_own_data_refuses_a_bad_step(tmp_path):
    """Its rules are its own: a fall of two tablets in one step breaks its max_change of one."""
    import shutil

    copy = tmp_path / "taper-guide"
    shutil.copytree(EXAMPLE, copy)
    data = copy / "data" / "schedules.yml"
    data.write_text(
        data.read_text(encoding="utf-8").replace('dose: "3 tablets"', 'dose: "2 tablets"', 1), encoding="utf-8"
    )
    # The copy sits outside the repository: point its engine paths back at the real engine.
    config = copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../", f"{ROOT}/"), encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "schedules.yml" in result.stderr and "step 2 (weeks 3" in result.stderr
