"""Doses in words are checked by the real build, and dose tables render where pages put them.

Unit tests (tests/unit/test_doses.py) check every message in detail; these check that a real
`mkdocs build --strict` stops with the file and the number, builds a page within the limits, and
renders a dose table inside a collapsed details block.
"""

import re

import pytest
from bs4 import BeautifulSoup
from helpers import mkdocs_build, page_path, translated_project, variant_project

from macros.translations import source_hash

PICKER_AND_TABLE = '{{ dose_form_picker() }}\n\n{{ dose_table("standard") }}\n'
DETAILS = (
    '# Plans\n\n{{ dose_form_picker() }}\n\n{{ dose_table("standard") }}\n\n'
    '??? note "Other example plans"\n\n    {{ dose_table("gentle") | indent(4) }}\n\nAfter the plans.\n'
)


def form_name(table):
    """A table's caption without the plan title that follows it for screen readers."""
    return table.caption.find(string=True, recursive=False).strip()


def project(tmp_path, pages):
    """A variant of the real project with only these pages, and the dose tables' own script and styles."""
    config = variant_project(tmp_path / "project", pages)
    return config


def build(tmp_path, pages, data_edit=None):
    config = project(tmp_path, pages)
    if data_edit:
        data = tmp_path / "project" / "data" / "titration.yml"
        old, new = data_edit
        text = data.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"fixture edit: {old!r} not once in titration.yml"
        data.write_text(text.replace(old, new), encoding="utf-8")
    return mkdocs_build(config, tmp_path / "site")


def assert_stops(result, *words):
    assert result.returncode != 0, "the build passed"
    for word in words:
        assert word in result.stderr, f"{word!r} missing from:\n{result.stderr[-3000:]}"


def test_a_page_saying_45_mg_stops_the_build(tmp_path):
    result = build(tmp_path, {"index.md": "# Home\n\nSome people take 45 mg a day.\n"})
    assert_stops(result, "docs/index.md: '45 mg'", "above the site maximum (4.5 mg)")
    assert not page_path(tmp_path / "site", "/").exists(), "a half-built page was written"


def test_a_schedule_description_saying_45_mg_stops_the_build(tmp_path):
    result = build(
        tmp_path,
        {"index.md": "# Home\n\n" + PICKER_AND_TABLE},
        data_edit=("Slower plans are meant", "Some people take 45 mg. Slower plans are meant"),
    )
    assert_stops(
        result, "titration.yml", 'schedule "weekly", description (en)', "'45 mg'", "is not one of this schedule's doses"
    )


def test_a_schedule_description_naming_the_wrong_week_stops_the_build(tmp_path):
    result = build(
        tmp_path, {"index.md": "# Home\n"}, data_edit=("4.5 mg a day from week 5.", "4.5 mg a day from week 6.")
    )
    assert_stops(result, "titration.yml", 'schedule "weekly", description (en)', "'week 6' is not a step boundary")


def test_front_matter_is_checked(tmp_path):
    page = "---\ndescription: Start at .5 mg.\n---\n\n# Home\n"
    assert_stops(build(tmp_path, {"index.md": page}), "docs/index.md: front matter description: '.5 mg'", "write 0.5")


def test_a_table_before_the_picker_stops_the_build(tmp_path):
    result = build(tmp_path, {"index.md": '# Home\n\n{{ dose_table("standard") }}\n'})
    assert_stops(result, 'index.md: dose_table("standard") comes before dose_form_picker()')


def test_a_page_within_the_limits_builds(tmp_path):
    page = (
        "# Home\n\nThe approved tablet is 50 mg. Most take 4.5 mg a day; 1.5 mg is 3 mL of the 0.5 mg/mL "
        "liquid.\n\n" + PICKER_AND_TABLE
    )
    result = build(tmp_path, {"index.md": page})
    assert result.returncode == 0, result.stderr[-3000:]
    html = page_path(tmp_path / "site", "/").read_text(encoding="utf-8")
    assert html.count('class="dose-table"') == 3


def test_a_table_inside_a_collapsed_details_block_renders_as_a_table(tmp_path):
    result = build(tmp_path, {"index.md": DETAILS})
    assert result.returncode == 0, result.stderr[-3000:]
    html = page_path(tmp_path / "site", "/").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    details = soup.select("details")
    assert len(details) == 1 and details[0].find("summary").get_text(strip=True) == "Other example plans"
    inside = details[0].select(".dose-schedule table.dose-table")
    assert [form_name(t) for t in inside] == ["Capsules", "Liquid 0.5 mg/mL"]
    assert [cell.get_text() for cell in inside[1].select("td.dose-amount")][:2] == [
        "0.2\u00a0mL (0.1\u00a0mg)",
        "0.5\u00a0mL (0.25\u00a0mg)",
    ]
    # Markdown left the block alone: no paragraph around it, no emphasis or code made of its text.
    assert not re.search(r"<p>\s*<(?:div|table)", html)
    assert "raw-block" not in html
    assert soup.find("p", string="After the plans.").find_parent("details") is None


def test_the_picker_loads_its_script_once(tmp_path):
    result = build(tmp_path, {"index.md": DETAILS, "more/page.md": "# More\n\n" + PICKER_AND_TABLE})
    assert result.returncode == 0, result.stderr[-3000:]
    site = tmp_path / "site"
    scripts = {"/": "assets/javascripts/dose-forms.js", "/more/page/": "../../assets/javascripts/dose-forms.js"}
    for url, src in scripts.items():
        html = page_path(site, url).read_text(encoding="utf-8")
        assert html.count(f'<script src="{src}" defer></script>') == 1, url
    assert (site / "assets" / "javascripts" / "dose-forms.js").is_file()


# The real site


@pytest.fixture(scope="module")
def titration(site):
    return BeautifulSoup(page_path(site, "/titration/").read_text(encoding="utf-8"), "html.parser")


def test_real_titration_page_has_one_picker_before_the_first_table(titration):
    pickers = titration.select(".dose-picker")
    assert len(pickers) == 1
    first_table = titration.select_one("table.dose-table")
    assert pickers[0] in first_table.find_all_previous("div", class_="dose-picker")


def test_real_titration_page_every_amount_cell_carries_its_unit(titration):
    cells = [cell.get_text() for cell in titration.select("td.dose-amount")]
    assert cells and all(re.search(r"\d\u00a0(?:mg|mL)\b", cell) for cell in cells), cells
    liquid = [cell for cell in cells if "mL" in cell]
    assert liquid and all(re.fullmatch(r"[\d.]+\u00a0mL \([\d.]+\u00a0mg\)", cell) for cell in liquid), liquid


def test_real_titration_page_has_one_complete_table_per_form_of_each_plan(titration):
    forms = {
        schedule["data-dose-schedule"]: [form_name(t) for t in schedule.select("table.dose-table")]
        for schedule in titration.select(".dose-schedule")
    }
    assert forms == {
        "standard": ["Capsules", "Liquid 0.5 mg/mL", "Liquid 1 mg/mL"],
        "gentle": ["Capsules", "Liquid 0.5 mg/mL"],
        "weekly": ["Capsules", "Liquid 0.5 mg/mL", "Liquid 1 mg/mL"],
    }
    for table in titration.select("table.dose-table"):
        rows = table.select("tbody tr")
        assert rows and all(row.th and row.th.get_text(strip=True) for row in rows)


# Two languages (mkdocs-static-i18n, as the Spanish pages will be built)

MANIFEST = """\
pages:
  - url: /
    title: Home
    note: "Home:"
    es: {url: /es/, title: Inicio, note: "Inicio:"}
"""


def two_languages(tmp_path, spanish_extra=""):
    english = "---\ndescription: Plans.\n---\n\n# Plans\n\n" + DETAILS.split("\n", 1)[1]
    spanish = (
        "---\ndescription: Planes.\ntranslation_of: {hash}\n---\n\n# Planes\n\n"
        '{{{{ dose_form_picker() }}}}\n\n{{{{ dose_table("standard") }}}}\n\n'
        '??? note "Otros planes"\n\n    {{{{ dose_table("gentle") | indent(4) }}}}\n' + spanish_extra
    )
    spanish = spanish.format(hash=source_hash(english))
    config = translated_project(tmp_path / "project", {"index.md": english, "index.es.md": spanish}, MANIFEST)
    return mkdocs_build(config, tmp_path / "site")


def test_a_spanish_page_shows_the_spanish_texts_and_labels(tmp_path):
    result = two_languages(tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    soup = BeautifulSoup(page_path(tmp_path / "site", "/es/").read_text(encoding="utf-8"), "html.parser")
    standard = soup.select_one('[data-dose-schedule="standard"]')
    assert standard.select_one(".dose-schedule-title").get_text() == (
        "Ejemplo: empezar con 0.5 mg y subir 0.5 mg cada semana"
    )
    assert [form_name(t) for t in standard.select("table.dose-table")] == [
        "Cápsulas",
        "Líquido de 0.5 mg/mL",
        "Líquido de 1 mg/mL",
    ]
    assert [th.get_text() for th in standard.select("table.dose-table")[1].select("thead th")] == [
        "Semanas",
        "Cantidad al día",
        "Jeringa",
    ]
    assert soup.select_one(".dose-picker legend").get_text() == "Mi medicamento es"
    assert soup.select_one("details .dose-schedule table.dose-table") is not None
    assert soup.find("script", src="../assets/javascripts/dose-forms.js") is not None
    english = page_path(tmp_path / "site", "/").read_text(encoding="utf-8")
    assert "Capsules" in english and "Cápsulas" not in english


def test_a_spanish_page_saying_45_mg_stops_the_build(tmp_path):
    result = two_languages(tmp_path, spanish_extra="\nAlgunas personas toman 45 mg al día.\n")
    assert_stops(result, "docs/index.es.md: '45 mg'", "above the site maximum (4.5 mg)")
