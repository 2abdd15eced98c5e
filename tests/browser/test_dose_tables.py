"""Dose tables in Chromium: the reader picks their form once; every table fits a phone, in both palettes.

The forms, their ids and the storage key are read from the page, which renders them from
data/titration.yml: a form added there is picked, checked and measured by these tests too.
"""

import re

import pytest
import yaml
from helpers import PHONE, ROOT, mkdocs_build, serve, variant_project

pytestmark = pytest.mark.browser

URL = "/titration/"
DATA = yaml.safe_load((ROOT / "data" / "titration.yml").read_text(encoding="utf-8"))
KEY = DATA["picker"]["storage_key"]
FORMS = {form["id"]: form for form in DATA["forms"]}
NARROW = {"width": 320, "height": 720}
WIDTHS = {"320": NARROW, "390": PHONE}

# For each schedule: the forms whose tables are shown, the hidden "missing" lines, and each
# shown table's amount cells.
STATE = """() => Array.from(document.querySelectorAll('[data-dose-schedule]')).map(schedule => ({
  id: schedule.dataset.doseSchedule,
  shown: Array.from(schedule.querySelectorAll('[data-dose-form]')).filter(t => !t.hidden)
    .map(t => t.dataset.doseForm),
  all: Array.from(schedule.querySelectorAll('[data-dose-form]')).map(t => t.dataset.doseForm),
  missing: Array.from(schedule.querySelectorAll('[data-dose-missing]')).filter(p => !p.hidden)
    .map(p => p.dataset.doseMissing),
  amounts: Array.from(schedule.querySelectorAll('[data-dose-form]')).filter(t => !t.hidden)
    .map(t => Array.from(t.querySelectorAll('td.dose-amount')).map(td => td.textContent)),
  captions: Array.from(schedule.querySelectorAll('[data-dose-form]')).filter(t => !t.hidden)
    .map(t => t.querySelector('caption') ? t.querySelector('caption').firstChild.textContent.trim() : ''),
}))"""

# Every wrapper, caption and cell whose content is wider than its box, and every table or picker
# that reaches past the page's text column.
OVERFLOW = """() => {
  const column = document.querySelector('.md-content__inner').getBoundingClientRect();
  const found = [];
  const boxes = '.dose-form-table, .dose-form-table caption, .dose-form-table th, .dose-form-table td';
  document.querySelectorAll(boxes).forEach(e => {
    if (e.offsetParent !== null && e.scrollWidth > e.clientWidth)
      found.push(`${e.tagName}.${e.className} "${e.textContent.trim().slice(0, 40)}": ` +
                 `${e.scrollWidth} > ${e.clientWidth}`);
  });
  document.querySelectorAll('table.dose-table, .dose-picker, .dose-picker svg').forEach(e => {
    const box = e.getBoundingClientRect();
    if (box.width && (box.right > column.right + 0.5 || box.left < column.left - 0.5))
      found.push(`${e.tagName}.${e.getAttribute('class')} spans ${box.left}-${box.right}, ` +
                 `column ${column.left}-${column.right}`);
  });
  return found;
}"""


def open_all_details(page):
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


def choose(page, form_id):
    """Pick a form as a reader does: click its label."""
    page.locator(f".dose-picker-option:has(input[value='{form_id}'])").click()


def stored(page):
    return page.evaluate(f"localStorage.getItem({KEY!r})")


def unit_of(form_id):
    return "mL" if "strength" in FORMS[form_id] else "mg"


def check_only(page, form_id):
    """Each schedule shows only form_id's table; one without it keeps all its tables and says so."""
    problems = []
    for schedule in page.evaluate(STATE):
        if form_id in schedule["all"]:
            if schedule["shown"] != [form_id]:
                problems.append(f"{schedule['id']}: shows {schedule['shown']}, want only {form_id}")
            if schedule["missing"]:
                problems.append(f"{schedule['id']}: shows a missing-form line {schedule['missing']}")
            cells = schedule["amounts"][0]
            if not cells or not all(unit_of(form_id) in cell for cell in cells):
                problems.append(f"{schedule['id']}: amounts without {unit_of(form_id)}: {cells}")
            if "strength" not in FORMS[form_id] and any("mL" in cell for cell in cells):
                problems.append(f"{schedule['id']}: a {form_id} table shows mL: {cells}")
        else:
            if schedule["shown"] != schedule["all"]:
                problems.append(f"{schedule['id']} has no {form_id} table but hides some: {schedule['shown']}")
            if schedule["missing"] != [form_id]:
                problems.append(f"{schedule['id']}: no line saying it has no {form_id} table")
        for cells in schedule["amounts"]:
            if not all(re.search(r"\d\u00a0(?:mg|mL)", cell) for cell in cells):
                problems.append(f"{schedule['id']}: an amount cell without mg or mL: {cells}")
    return problems


def test_every_form_of_the_data_is_offered(base_url, new_page):
    page = new_page(viewport=PHONE)
    page.goto(base_url + URL, wait_until="load")
    values = page.eval_on_selector_all(".dose-picker input[type=radio]", "inputs => inputs.map(i => i.value)")
    assert values == [*FORMS, ""]
    labels = page.eval_on_selector_all(".dose-picker-option", "labels => labels.map(l => l.textContent.trim())")
    assert labels[:-1] == [form["label"]["en"] for form in FORMS.values()]


@pytest.mark.parametrize("form_id", list(FORMS))
def test_choosing_a_form_shows_only_its_tables(base_url, new_page, form_id):
    page = new_page(viewport=PHONE)
    page.goto(base_url + URL, wait_until="load")
    choose(page, form_id)
    assert check_only(page, form_id) == []
    assert stored(page) == form_id
    status = page.text_content(".dose-picker-status")
    assert FORMS[form_id]["label"]["en"] in status


def test_before_any_choice_every_table_is_shown(base_url, new_page):
    page = new_page(viewport=PHONE)
    page.goto(base_url + URL, wait_until="load")
    for schedule in page.evaluate(STATE):
        assert schedule["shown"] == schedule["all"] and schedule["missing"] == []
        assert len(schedule["captions"]) == len(schedule["all"]) and all(schedule["captions"])
    assert page.is_checked(".dose-picker input[value='']")
    assert page.is_visible(".dose-picker-choice")
    assert stored(page) is None


def test_the_choice_persists_across_a_reload_and_can_be_undone(base_url, new_page):
    page = new_page(viewport=PHONE)
    page.goto(base_url + URL, wait_until="load")
    choose(page, "liquid-0-5")
    page.reload(wait_until="load")
    assert page.is_checked(".dose-picker input[value='liquid-0-5']")
    assert check_only(page, "liquid-0-5") == []
    choose(page, "")
    assert stored(page) is None
    page.reload(wait_until="load")
    assert all(s["shown"] == s["all"] for s in page.evaluate(STATE))


def test_an_unknown_stored_form_shows_everything(base_url, new_page):
    page = new_page(viewport=PHONE)
    page.goto(base_url + URL, wait_until="load")
    page.evaluate(f"localStorage.setItem({KEY!r}, 'liquid-7')")
    page.reload(wait_until="load")
    assert all(s["shown"] == s["all"] for s in page.evaluate(STATE))
    assert page.is_checked(".dose-picker input[value='']")


def test_the_keyboard_changes_the_choice(base_url, new_page):
    page = new_page(viewport=PHONE)
    page.goto(base_url + URL, wait_until="load")
    first = next(iter(FORMS))
    page.focus(f".dose-picker input[value='{first}']")
    page.keyboard.press("Space")
    assert check_only(page, first) == []
    page.keyboard.press("ArrowDown")
    second = list(FORMS)[1]
    assert page.is_checked(f".dose-picker input[value='{second}']")
    assert check_only(page, second) == []
    assert stored(page) == second


def test_each_choice_is_a_44_px_target(base_url, new_page):
    page = new_page(viewport=NARROW)
    page.goto(base_url + URL, wait_until="load")
    heights = page.eval_on_selector_all(".dose-picker-option", "ls => ls.map(l => l.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44, heights


def test_without_javascript_there_is_one_complete_table_per_form(base_url, new_page):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(base_url + URL, wait_until="load")
    assert not page.is_visible(".dose-picker-choice")
    assert page.is_visible("[data-dose-if-no-js]")
    open_all_details(page)
    tables = page.eval_on_selector_all(
        "[data-dose-schedule]",
        """schedules => schedules.map(s => Array.from(s.querySelectorAll('[data-dose-form]')).map(t => ({
             form: t.dataset.doseForm, visible: t.offsetParent !== null,
             caption: t.querySelector('caption').firstChild.textContent.trim(),
             rows: t.querySelectorAll('tbody tr').length,
             amounts: Array.from(t.querySelectorAll('td.dose-amount')).map(td => td.textContent)})))""",
    )
    steps = {schedule["id"]: len(schedule["steps"]) for schedule in DATA["schedules"]}
    for schedule, data in zip(tables, DATA["schedules"], strict=True):
        forms = data.get("forms", list(FORMS))
        assert [t["form"] for t in schedule] == forms
        for table in schedule:
            assert table["visible"], table
            assert table["caption"] == FORMS[table["form"]]["label"]["en"]
            assert table["rows"] == steps[data["id"]]
            assert all(unit_of(table["form"]) in cell for cell in table["amounts"]), table


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_table_is_wider_than_the_text_column(base_url, new_page, width, scheme):
    page = new_page(viewport=WIDTHS[width], color_scheme=scheme)
    page.goto(base_url + URL, wait_until="load")
    open_all_details(page)
    problems = [f"all forms: {p}" for p in page.evaluate(OVERFLOW)]
    for form_id in FORMS:
        choose(page, form_id)
        problems += [f"{form_id}: {p}" for p in page.evaluate(OVERFLOW)]
    assert problems == [], "\n".join(problems)


# The choice follows the reader to another page with a dose table.

SECOND = '# Another page\n\n{{ dose_form_picker() }}\n\n{{ dose_table("weekly") }}\n'
FIRST = '# Plans\n\n{{ dose_form_picker() }}\n\n{{ dose_table("standard") }}\n\n[Next](second.md)\n'


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory):
    """A variant of the real site with two pages of dose tables, served for this module."""
    root = tmp_path_factory.mktemp("dose-pages")
    config = variant_project(root / "project", {"index.md": FIRST, "second.md": SECOND})
    result = mkdocs_build(config, root / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    server, url = serve(root / "site")
    yield url
    server.shutdown()


def test_the_choice_follows_to_another_page(two_pages, new_page):
    page = new_page(viewport=PHONE)
    page.goto(two_pages + "/", wait_until="load")
    choose(page, "liquid-1")
    page.click(".md-content a[href$='second/']")
    page.wait_for_url("**/second/")
    assert page.is_checked(".dose-picker input[value='liquid-1']")
    assert check_only(page, "liquid-1") == []
