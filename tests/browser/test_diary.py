"""The symptom diary (/symptom-diary/) in Chromium: entries stay on the device and are never lost.

Storage format and rules are described at the top of overrides/assets/javascripts/diary.js. What the
diary records (symptoms, labels, the storage key) is read here from data/diary.yml, as the page
itself is: a symptom added there is filled in, exported and imported by these tests too.
"""

import codecs
import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from helpers import (
    DESKTOP,
    FIXTURES,
    PHONE,
    ROOT,
    engine_locales,
    engine_renderer,
    mkdocs_build,
    page_path,
    serve,
    unmarked,
    variant_project,
)
from playwright.sync_api import expect
from pypdf import PdfReader
from test_a11y import check_both_palettes

from macros.i18n import format_date

pytestmark = pytest.mark.browser

URL = "/symptom-diary/"
DATA = yaml.safe_load((ROOT / "data" / "diary.yml").read_text(encoding="utf-8"))
LOCALES = engine_locales(("en", "es"))
EN, ES = LOCALES["en"], LOCALES["es"]
KEY = DATA["storage_key"]
FILES = FIXTURES / "diary"
SYMPTOMS = [s["label"]["en"] for s in DATA["symptoms"]]
FIELDS = [s["id"] for s in DATA["symptoms"]]
DOSE = DATA["dose"]["id"]
DOSE_LABEL = EN["diary_dose_label"].format(name=DATA["dose"]["name"]["en"], unit=DATA["dose"]["unit"])
COLUMNS = ["date", *FIELDS, DOSE, "notes", "updated_at"]
HEADINGS = [EN["diary_date"], *SYMPTOMS, DOSE_LABEL, EN["diary_notes"], EN["diary_updated_at"]]
ES_HEADINGS = [
    ES["diary_date"],
    *(s["label"]["es"] for s in DATA["symptoms"]),
    ES["diary_dose_label"].format(name=DATA["dose"]["name"]["es"], unit=DATA["dose"]["unit"]),
    ES["diary_notes"],
    ES["diary_updated_at"],
]


def ratings(first):
    """A rating for every symptom of the data file, starting at `first` and going down by one."""
    return tuple(max(DATA["scale"]["min"], first - i) for i in range(len(FIELDS)))


# Three days of the diary: date -> (a rating per symptom, dose, notes).
DAYS = {
    "2026-11-02": (ratings(7), "0.5", "Started LDN, vivid dreams"),
    "2026-11-09": (ratings(6), "1", 'Busy week, "flare" on Tuesday, then better'),
    "2026-11-16": (ratings(5), "1.5", "=SUM(A1) looks like a formula"),
}


def words(date):
    """A date as the English page writes it: "November 16, 2026"."""
    return format_date(date, EN)


def csv_line(date, values, dose="", notes=""):
    return ",".join([date, *map(str, values), dose, notes])


def csv_file(lines, headings=None):
    return ",".join(headings or COLUMNS[:-1]) + "\r\n" + "".join(line + "\r\n" for line in lines)


# --- Helpers --------------------------------------------------------------------------------


@pytest.fixture
def open_diary(new_page, base_url):
    """Open the diary in a fresh profile; after the test, fail on any script error it raised."""
    errors = []

    def make(url=None, opener=None, **options):
        page = (opener or new_page)(**options)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url or base_url + URL)
        expect(page.locator("#diary-app")).to_be_visible()
        return page

    yield make
    assert not errors, f"script errors on the diary page: {errors}"


def fill_entry(page, date, values, save=True, labels=None, dose_label=DOSE_LABEL):
    """Fill the form by its visible labels; press Save."""
    scores, dose, notes = values
    page.get_by_label(EN["diary_date"] if labels is None else labels[0], exact=True).fill(date)
    for label, value in zip(labels[1] if labels else SYMPTOMS, scores, strict=True):
        page.get_by_label(label, exact=True).fill(str(value))
    page.get_by_label(dose_label, exact=True).fill(dose)
    page.get_by_label(EN["diary_notes"] if labels is None else labels[2], exact=True).fill(notes)
    if save:
        page.locator("#diary-save").click()


# Fill the form's boxes by id, as typing would (an input event each), in one call to the page.
FILL = """(values) => {
  for (const [id, value] of Object.entries(values)) {
    const box = document.getElementById(id);
    box.value = value;
    box.dispatchEvent(new Event('input', {bubbles: true}));
  }
}"""


def add_days(page, days=DAYS):
    """Save each day through the form and its Save button. The boxes are filled by one script
    call per day (fill_entry, which finds each box by its label, is what the form's own tests use)."""
    for date, (scores, dose, notes) in days.items():
        boxes = {f"diary-field-{field}": str(score) for field, score in zip(FIELDS, scores, strict=True)}
        page.evaluate(
            FILL, {"diary-field-date": date, **boxes, f"diary-field-{DOSE}": dose, "diary-field-notes": notes}
        )
        page.locator("#diary-save").click()
        expect(row(page, date)).to_have_count(1)


def row(page, date):
    return page.locator(f"#diary-table tbody tr[data-date='{date}']")


def table_dates(page):
    return page.locator("#diary-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.date)")


def row_cells(page, date):
    """The text of a row's rating, dose and notes cells."""
    return [cell.strip() for cell in row(page, date).locator("td:not(.diary-col-actions)").all_text_contents()]


def expected_cells(values):
    scores, dose, notes = values
    return [str(v) for v in scores] + [dose, notes]


def stored(page):
    raw = stored_raw(page)
    return None if raw is None else json.loads(raw)


def stored_raw(page):
    return page.evaluate("key => localStorage.getItem(key)", KEY)


class Dialogs(list):
    """Answers every confirm() on a page (OK if .accept, else Cancel) and keeps the questions."""

    def __init__(self, page, accept):
        super().__init__()
        self.accept = accept
        page.on("dialog", self._answer)

    def _answer(self, dialog):
        self.append(dialog.message)
        dialog.accept() if self.accept else dialog.dismiss()


def answer_dialogs(page, accept):
    return Dialogs(page, accept)


def form_status(page):
    return page.locator("#diary-form-status")


def tools_status(page):
    return page.locator("#diary-tools-status")


def import_file(page, path=None, name=None, text=None, data=None):
    """Choose a file in the import box: a fixture, or `text` (written as UTF-8) or `data` (bytes)."""
    field = page.locator("#diary-import")
    if path is not None:
        field.set_input_files(path)
    else:
        mime = "application/json" if name.endswith(".json") else "text/csv"
        field.set_input_files(
            {"name": name, "mimeType": mime, "buffer": data if data is not None else text.encode("utf-8")}
        )


def export(page, button):
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes().decode("utf-8")


def page_config(page):
    return json.loads(page.locator("#diary-config").text_content())


# --- The page -------------------------------------------------------------------------------


def test_only_the_diary_page_loads_the_diary_script_and_styles(site):
    loaders = sorted(
        str(p.relative_to(site))
        for p in Path(site).rglob("*.html")
        if re.search(r"diary\.(js|css)", p.read_text(encoding="utf-8"))
    )
    assert loaders == ["es/symptom-diary/index.html", "symptom-diary/index.html"]
    html = page_path(site, URL).read_text(encoding="utf-8")
    assert '<script src="../assets/javascripts/diary.js" defer></script>' in html
    assert (Path(site) / "assets/javascripts/diary.js").is_file()
    assert (Path(site) / "assets/stylesheets/diary.css").is_file()


def test_script_and_styles_load_from_the_page_url(new_page, base_url):
    page = new_page()
    responses = []
    page.on("response", lambda r: responses.append((r.url, r.status)))
    page.goto(base_url + URL)
    loaded = {url.split(base_url, 1)[1]: status for url, status in responses if "diary." in url}
    assert loaded == {"/assets/javascripts/diary.js": 200, "/assets/stylesheets/diary.css": 200}
    assert not [r for r in responses if r[1] >= 400]


def test_without_javascript_the_paper_diary_is_offered_and_the_form_hidden(new_page, base_url):
    page = new_page(java_script_enabled=False)
    page.goto(base_url + URL)
    link = page.get_by_role("link", name="two-week paper diary")
    expect(link).to_be_visible()
    assert link.get_attribute("href") == "../handouts/paper-diary/"
    # Playwright's text search skips <noscript>, so find the message by its class.
    expect(page.locator(".diary-noscript")).to_be_visible()
    expect(page.locator(".diary-noscript")).to_have_text(EN["diary_noscript"])
    expect(page.locator("#diary-app")).to_be_hidden()
    expect(page.get_by_label(SYMPTOMS[0], exact=True)).to_be_hidden()


def test_with_javascript_the_noscript_message_is_not_shown(open_diary):
    page = open_diary()
    expect(page.locator(".diary-noscript")).to_have_count(0)
    expect(page.get_by_role("link", name="two-week paper diary")).to_be_visible()
    low, high = DATA["scale"]["words"][DATA["scale"]["min"]]["en"], DATA["scale"]["words"][DATA["scale"]["max"]]["en"]
    expect(page.get_by_text(f"0 = {low}, 10 = {high}")).to_be_visible()


def test_every_symptom_of_the_data_file_has_a_box_and_a_column(open_diary):
    page = open_diary()
    for label in SYMPTOMS:
        box = page.get_by_label(label, exact=True)
        expect(box).to_have_attribute("min", str(DATA["scale"]["min"]))
        expect(box).to_have_attribute("max", str(DATA["scale"]["max"]))
    headers = page.locator("#diary-table thead th").all_text_contents()
    assert headers == [*HEADINGS[:-1], EN["diary_change"]]


def test_the_date_defaults_to_today(open_diary):
    page = open_diary()
    expect(page.get_by_label("Date", exact=True)).to_have_value(dt.date.today().isoformat())


# --- Entries --------------------------------------------------------------------------------


def test_three_entries_survive_a_reload_and_a_new_tab(open_diary, base_url):
    page = open_diary()
    add_days(page)
    expect(form_status(page)).to_have_text(f"Saved the entry for {words('2026-11-16')}.")
    page.reload()
    assert table_dates(page) == ["2026-11-16", "2026-11-09", "2026-11-02"]  # newest first
    for date, values in DAYS.items():
        assert row_cells(page, date) == expected_cells(values)
    # Closing the tab and opening the page again (same profile) keeps them too.
    context = page.context
    page.close()
    again = context.new_page()
    again.goto(base_url + URL)
    expect(again.locator("#diary-table tbody tr")).to_have_count(3)
    data = stored(again)
    assert data["version"] == 1
    assert [e["date"] for e in data["entries"]] == sorted(DAYS)
    first = data["entries"][0]
    assert list(first) == COLUMNS
    assert {k: v for k, v in first.items() if k != "updated_at"} == {
        "date": "2026-11-02",
        **dict(zip(FIELDS, ratings(7), strict=True)),
        DOSE: 0.5,
        "notes": "Started LDN, vivid dreams",
    }
    assert dt.datetime.fromisoformat(first["updated_at"].replace("Z", "+00:00"))


def test_a_diary_saved_by_the_previous_version_shows_every_entry(new_page, base_url):
    """tests/fixtures/diary/saved-by-v1.json is exactly what the diary script of 2026-11 stored."""
    saved = (FILES / "saved-by-v1.json").read_text(encoding="utf-8")
    entries = json.loads(saved)["entries"]
    page = new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(
        f"if (!sessionStorage.getItem('seeded')) {{ localStorage.setItem({json.dumps(KEY)}, {json.dumps(saved)});"
        " sessionStorage.setItem('seeded', '1'); }"
    )
    page.goto(base_url + URL)
    expect(page.locator("#diary-table tbody tr")).to_have_count(len(entries))
    assert table_dates(page) == sorted((e["date"] for e in entries), reverse=True)
    for entry in entries:
        cells = row_cells(page, entry["date"])
        scores = ["–not recorded" if entry[f] is None else str(entry[f]) for f in FIELDS]
        dose = "–not recorded" if entry[DOSE] is None else f"{entry[DOSE]:g}"
        assert cells[:-1] == [*scores, dose], entry["date"]
        # Hidden characters in an old note are named on screen, not obeyed.
        notes = re.sub(r"[\u0000\u202e]", lambda m: f"[U+{ord(m.group()):04X}]", entry["notes"]) or "–not recorded"
        assert cells[-1] == notes, entry["date"]
    assert "[U+202E]" in row_cells(page, "2026-11-16")[-1]
    # A dose above today's form limit, saved when the limit was higher, is shown as it was.
    assert row_cells(page, "2026-11-09")[-2] == "6"
    expect(form_status(page)).to_have_text("")
    # Reading changes nothing; a new entry is added beside the old ones, in the same format.
    assert stored_raw(page) == saved
    fill_entry(page, "2026-11-23", (ratings(4), "2", "after the update"))
    expect(form_status(page)).to_have_text(f"Saved the entry for {words('2026-11-23')}.")
    data = stored(page)
    assert data["version"] == 1
    assert data["entries"][:-1] == entries
    assert list(data["entries"][-1]) == COLUMNS
    assert not errors


def test_blank_ratings_are_allowed_and_shown_as_not_recorded(open_diary):
    page = open_diary()
    page.get_by_label("Date", exact=True).fill("2026-11-20")
    page.get_by_label(SYMPTOMS[0], exact=True).fill("3")
    page.get_by_role("button", name="Save").click()
    expect(row(page, "2026-11-20")).to_have_count(1)
    assert stored(page)["entries"][0][FIELDS[1]] is None
    expect(row(page, "2026-11-20").locator("td").nth(1)).to_have_text("–not recorded")


def test_invalid_values_are_refused_with_messages_tied_to_the_boxes(open_diary):
    page = open_diary()
    page.get_by_label("Date", exact=True).fill("2026-11-20")
    page.get_by_label(SYMPTOMS[0], exact=True).fill("12")
    page.get_by_label(DOSE_LABEL, exact=True).fill("1.234")
    page.get_by_role("button", name="Save").click()
    first = page.get_by_label(SYMPTOMS[0], exact=True)
    expect(first).to_be_focused()
    expect(first).to_have_attribute("aria-invalid", "true")
    expect(first).to_have_accessible_description(re.compile(f"{SYMPTOMS[0]}: enter a whole number from 0 to 10"))
    expect(page.get_by_label(DOSE_LABEL, exact=True)).to_have_accessible_description(
        re.compile(re.escape(DATA["dose"]["name"]["en"]) + ": enter the mg you took, from 0 to 4.5")
    )
    expect(form_status(page)).to_have_text("Not saved yet: please correct the 2 boxes marked below.")
    assert stored(page) is None
    # Corrected, it saves and the messages go away.
    first.fill("8")
    page.get_by_label(DOSE_LABEL, exact=True).fill("1.25")
    page.get_by_role("button", name="Save").click()
    expect(row(page, "2026-11-20")).to_have_count(1)
    expect(first).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator(".diary-error:not(:empty)")).to_have_count(0)
    assert stored(page)["entries"][0][DOSE] == 1.25


def test_the_dose_limit_is_the_schedules_maximum(open_diary):
    page = open_diary()
    dose = page.get_by_label(DOSE_LABEL, exact=True)
    maximum = page_config(page)["dose"]["max"]
    expect(dose).to_have_attribute("max", f"{maximum:g}")
    page.get_by_label("Date", exact=True).fill("2026-11-20")
    dose.fill(f"{maximum + 0.5:g}")
    page.get_by_role("button", name="Save").click()
    expect(dose).to_have_attribute("aria-invalid", "true")
    dose.fill(f"{maximum:g}")
    page.get_by_role("button", name="Save").click()
    expect(row(page, "2026-11-20")).to_have_count(1)


def test_hidden_characters_typed_into_the_notes_are_taken_out(open_diary):
    page = open_diary()
    fill_entry(page, "2026-11-20", (ratings(3), "1", "abc\u202edef\u200f"))
    expect(form_status(page)).to_have_text(f"Saved the entry for {words('2026-11-20')}. {EN['diary_notes_cleaned']}")
    assert stored(page)["entries"][0]["notes"] == "abcdef"


def test_an_empty_entry_is_not_saved(open_diary):
    page = open_diary()
    page.get_by_role("button", name="Save").click()
    expect(form_status(page)).to_have_text("Not saved: fill in at least one number, the dose or a note.")
    assert stored(page) is None


def test_saving_a_date_that_exists_asks_first(open_diary):
    page = open_diary()
    add_days(page)
    before = stored_raw(page)
    asked = answer_dialogs(page, accept=False)
    fill_entry(page, "2026-11-09", (ratings(1), "2", "typed twice by mistake"))
    expect(form_status(page)).to_have_text(
        f"Nothing was changed. The saved entry for {words('2026-11-09')} is as it was."
    )
    assert asked == [f"You already have an entry for {words('2026-11-09')}. Replace it with this one?"]
    assert stored_raw(page) == before
    assert row_cells(page, "2026-11-09") == expected_cells(DAYS["2026-11-09"])


def test_replacing_a_date_when_the_patient_agrees(open_diary):
    page = open_diary()
    add_days(page)
    answer_dialogs(page, accept=True)
    fill_entry(page, "2026-11-09", (ratings(1), "2", "replaced"))
    expect(row(page, "2026-11-09").locator("td.diary-notes")).to_have_text("replaced")
    assert len(stored(page)["entries"]) == 3


def test_edit_and_delete_each_ask_and_then_change_one_row(open_diary):
    page = open_diary()
    add_days(page)
    asked = answer_dialogs(page, accept=True)
    row(page, "2026-11-09").get_by_role("button", name=f"Edit the entry for {words('2026-11-09')}").click()
    expect(page.get_by_role("heading", name=f"Edit the entry for {words('2026-11-09')}")).to_be_visible()
    expect(page.get_by_label("Date", exact=True)).to_be_focused()
    expect(page.get_by_label(SYMPTOMS[0], exact=True)).to_have_value(str(DAYS["2026-11-09"][0][0]))
    page.get_by_label(SYMPTOMS[0], exact=True).fill("2")
    page.get_by_role("button", name="Save changes").click()
    expect(form_status(page)).to_have_text(f"Saved the entry for {words('2026-11-09')}.")
    assert asked == [f"Replace the saved entry for {words('2026-11-09')} with your changes?"]
    assert row_cells(page, "2026-11-09")[0] == "2"

    row(page, "2026-11-02").get_by_role("button", name=f"Delete the entry for {words('2026-11-02')}").click()
    expect(row(page, "2026-11-02")).to_have_count(0)
    assert asked[-1] == f"Delete the entry for {words('2026-11-02')}? This cannot be undone."
    page.reload()
    assert table_dates(page) == ["2026-11-16", "2026-11-09"]
    assert row_cells(page, "2026-11-09")[0] == "2"


def test_delete_dismissed_keeps_the_entry(open_diary):
    page = open_diary()
    add_days(page)
    answer_dialogs(page, accept=False)
    row(page, "2026-11-02").get_by_role("button", name=re.compile("^Delete")).click()
    expect(form_status(page)).to_have_text("Nothing was deleted.")
    assert len(stored(page)["entries"]) == 3


def test_editing_the_date_moves_the_entry(open_diary):
    page = open_diary()
    add_days(page)
    row(page, "2026-11-16").get_by_role("button", name=re.compile("^Edit")).click()
    page.get_by_label("Date", exact=True).fill("2026-11-17")
    page.get_by_role("button", name="Save changes").click()
    expect(form_status(page)).to_have_text(f"Moved the entry from {words('2026-11-16')} to {words('2026-11-17')}.")
    assert table_dates(page) == ["2026-11-17", "2026-11-09", "2026-11-02"]
    assert row_cells(page, "2026-11-17") == expected_cells(DAYS["2026-11-16"])


def test_delete_all_asks_then_removes_everything(open_diary):
    page = open_diary()
    add_days(page)
    asked = answer_dialogs(page, accept=False)
    page.get_by_role("button", name="Delete all my data").click()
    expect(tools_status(page)).to_have_text("Nothing was deleted.")
    assert len(stored(page)["entries"]) == 3
    asked.accept = True
    page.get_by_role("button", name="Delete all my data").click()
    expect(tools_status(page)).to_have_text("All your diary entries were deleted from this device.")
    assert stored(page) is None
    expect(page.locator("#diary-table tbody tr")).to_have_count(0)
    expect(page.get_by_text("No entries yet.")).to_be_visible()


# --- Chart ----------------------------------------------------------------------------------

CHART_TITLE = DATA["chart"]["title"]["en"]


def test_the_chart_is_an_accessible_image_with_a_legend(open_diary):
    page = open_diary()
    add_days(page)
    chart = page.get_by_role("img", name=CHART_TITLE)
    expect(chart).to_be_visible()
    described = DATA["chart"]["description"]["en"].format(
        min=0, max=10, **{"from": words("2026-11-02"), "to": words("2026-11-16")}
    )
    expect(chart).to_have_accessible_description(f"{described} {EN['diary_chart_table']}")
    lines = page.locator("#diary-chart path.diary-line")
    assert lines.evaluate_all("ps => ps.map(p => p.dataset.series)") == [DOSE, *FIELDS]
    # The dose is drawn as steps: horizontal then vertical moves.
    assert re.fullmatch(
        r"M[\d.]+ [\d.]+(H[\d.]+V[\d.]+){2}",
        page.locator(f"#diary-chart path[data-series='{DOSE}']").get_attribute("d"),
    )
    legend = page.get_by_role("list", name="Chart key").get_by_role("listitem")
    expect(legend).to_have_text(
        [f"{s} (0 to 10)" for s in SYMPTOMS] + [f"{DATA['dose']['name']['en']} in mg (steps, right-hand scale)"]
    )
    # The lines differ by more than colour: each has its own dash pattern, and each symptom its marker.
    dashes = lines.evaluate_all("ps => ps.map(p => getComputedStyle(p).strokeDasharray)")
    assert len(set(dashes)) == len(dashes), dashes
    shapes = page.locator("#diary-chart g.diary-series").evaluate_all(
        "gs => gs.slice(1).map(g => [...g.querySelectorAll('.diary-marker')]"
        ".map(m => m.tagName + (m.getAttribute('d') || '').replace(/[\\d.-]+/g, '')).join())"
    )
    assert len(set(shapes)) == len(FIELDS), shapes


def test_the_chart_colours_come_from_the_data_file(open_diary):
    page = open_diary()
    add_days(page)
    colours = page.locator("#diary-chart path.diary-line").evaluate_all("ps => ps.map(p => getComputedStyle(p).stroke)")
    expected = [DATA["dose"]["color"]["light"]] + [s["color"]["light"] for s in DATA["symptoms"]]

    def rgb(hex_colour):
        return "rgb({}, {}, {})".format(*(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)))

    assert colours == [rgb(c) for c in expected]


CONTRAST = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b]
    .map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const bg = lum(rgb(getComputedStyle(document.body).backgroundColor));
  return [...document.querySelectorAll('#diary-chart path.diary-line')].map(p => {
    const fg = lum(rgb(getComputedStyle(p).stroke));
    return [p.dataset.series, (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)];
  });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_lines_contrast_with_the_background(open_diary, scheme):
    page = open_diary(color_scheme=scheme)
    add_days(page)
    ratios = page.evaluate(CONTRAST)
    assert len(ratios) == len(FIELDS) + 1
    low = [(name, round(ratio, 2)) for name, ratio in ratios if ratio < 3]
    assert not low, f"chart lines below 3:1 in the {scheme} scheme: {low}"


def ten_years(days=3660, start="2016-12-01"):
    """A valid diary of `days` daily entries, as stored data."""
    first = dt.date.fromisoformat(start)
    entries = []
    for i in range(days):
        date = (first + dt.timedelta(days=i)).isoformat()
        entries.append(
            {
                "date": date,
                **{f: (i + k) % 11 for k, f in enumerate(FIELDS)},
                DOSE: [0.5, 1, 1.5, 3, 4.5][min(i // 30, 4)],
                "notes": "slept badly" if i % 7 == 0 else "",
                "updated_at": "2026-11-01T20:00:00.000Z",
            }
        )
    return {"version": 1, "entries": entries}


def test_ten_years_of_entries_are_listed_a_hundred_at_a_time_and_the_chart_shows_averages(open_diary):
    page = open_diary()
    data = ten_years()
    total = len(data["entries"])
    newest = [e["date"] for e in reversed(data["entries"])]
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(data)])
    page.reload()
    # The newest hundred first; each press of the button shows a hundred more.
    expect(page.locator("#diary-table tbody tr")).to_have_count(100)
    assert table_dates(page) == newest[:100]
    expect(page.locator("#diary-more-note")).to_have_text(f"Showing the newest 100 of your {total:,} entries.")
    more = page.get_by_role("button", name="Show 100 older entries")
    more.click()
    expect(page.locator("#diary-table tbody tr")).to_have_count(200)
    assert table_dates(page) == newest[:200]
    chart = page.get_by_role("img", name=CHART_TITLE)
    expect(chart).to_have_accessible_description(re.compile(r"Each point is the average of \d+ days\."))
    # A few hundred points, not one per day and symptom.
    markers = page.locator("#diary-chart .diary-marker").count()
    assert 0 < markers <= 150 * len(FIELDS), markers
    # A save among them adds one row and keeps the others; every entry stays saved.
    fill_entry(page, "2026-12-10", (ratings(4), "4.5", "new"))
    expect(row(page, "2026-12-10")).to_have_count(1)
    assert table_dates(page) == ["2026-12-10", *newest[:199]]
    assert len(stored(page)["entries"]) == total + 1


def test_the_last_older_entries_end_the_list(open_diary):
    page = open_diary()
    data = ten_years(days=130)
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(data)])
    page.reload()
    page.get_by_role("button", name="Show 30 older entries").click()
    expect(page.locator("#diary-table tbody tr")).to_have_count(130)
    expect(page.locator("#diary-more")).to_be_hidden()
    expect(page.get_by_role("region", name="Your diary entries, newest first")).to_be_focused()


# --- Export and import ----------------------------------------------------------------------


def test_export_csv_and_json_hold_every_entry(open_diary):
    page = open_diary()
    add_days(page)
    today = dt.date.today().isoformat()
    prefix = DATA["export_name"]

    name, text = export(page, "Export CSV (for a spreadsheet)")
    assert name == f"{prefix}-{today}.csv"
    # The columns are headed in the page's language; the byte-order mark tells spreadsheets it is UTF-8.
    assert text.startswith("\ufeff" + ",".join(HEADINGS) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["Date"] for r in rows] == sorted(DAYS)
    for r in rows:
        scores, dose, notes = DAYS[r["Date"]]
        assert [r[s] for s in SYMPTOMS] == [str(v) for v in scores]
        assert float(r[DOSE_LABEL]) == float(dose)
        # A note that a spreadsheet would run as a formula is exported with a leading apostrophe.
        assert r["Notes"] == ("'" + notes if notes.startswith("=") else notes)
    expect(tools_status(page)).to_have_text(
        f"Exported 3 entries to the file {prefix}-{today}.csv. Keep it somewhere safe."
    )

    name, text = export(page, "Export JSON (full backup)")
    assert name == f"{prefix}-{today}.json"
    data = json.loads(text)
    assert data == stored(page)
    assert list(data["entries"][0]) == COLUMNS


def test_exports_import_into_a_fresh_profile_with_the_same_entries(open_diary):
    page = open_diary()
    add_days(page)
    original = stored(page)["entries"]
    for button, suffix in (("Export CSV (for a spreadsheet)", "csv"), ("Export JSON (full backup)", "json")):
        name, text = export(page, button)
        fresh = open_diary()
        assert stored(fresh) is None
        import_file(fresh, name=name, text=text)
        expect(tools_status(fresh)).to_have_text(f"Imported {name}: added 3 new dates.")
        assert stored(fresh)["entries"] == original, suffix
        assert table_dates(fresh) == ["2026-11-16", "2026-11-09", "2026-11-02"]
        for date, values in DAYS.items():
            assert row_cells(fresh, date) == expected_cells(values)


def test_a_csv_exported_by_the_previous_version_imports(open_diary):
    """exported-by-v1.csv is what the diary script of 2026-11 exported: the fields' keys as headings."""
    page = open_diary()
    import_file(page, path=FILES / "exported-by-v1.csv")
    expect(tools_status(page)).to_have_text("Imported exported-by-v1.csv: added 6 new dates.")
    by_date = {e["date"]: e for e in stored(page)["entries"]}
    assert by_date["2025-12-31"]["notes"] == "Only a note: café, niño, 😴 and ½ tablet"
    assert by_date["2026-06-15"]["notes"] == "=SUM(A1) looks like a formula"
    assert by_date["2024-02-29"]["notes"] == 'Started LDN. Vivid dreams, "odd" ones; slept badly\nwoke at 3 am'
    assert by_date["2026-11-09"][DOSE] == 6


def test_a_csv_headed_in_spanish_imports_on_the_english_page(open_diary):
    page = open_diary()
    text = csv_file([csv_line("2026-11-20", ratings(3), "1,5", '"café; ñandú"')], headings=ES_HEADINGS[:-1])
    # Spreadsheets set to Spanish separate cells with ";" and write 1,5 for one and a half.
    text = text.replace(",", ";").replace('"café; ñandú"', '"café, ñandú"').replace("1;5", "1,5")
    import_file(page, name="diario.csv", text=text)
    expect(tools_status(page)).to_have_text("Imported diario.csv: added 1 new date.")
    entry = stored(page)["entries"][0]
    assert entry[DOSE] == 1.5 and entry["notes"] == "café, ñandú"
    assert [entry[f] for f in FIELDS] == list(ratings(3))


def test_import_merges_by_date_and_asks_before_replacing(open_diary):
    page = open_diary()
    add_days(page)
    _, text = export(page, "Export JSON (full backup)")
    data = json.loads(text)
    data["entries"][0][FIELDS[0]] = 1  # 2026-11-02 differs from what the patient has
    data["entries"].append({**data["entries"][1], "date": "2026-11-23", "notes": "from the backup"})
    incoming = json.dumps(data)

    # Dismissed: the patient's own 2 November stays; the new date is still added.
    asked = answer_dialogs(page, accept=False)
    import_file(page, name="backup.json", text=incoming)
    expect(tools_status(page)).to_have_text(
        "Imported backup.json: added 1 new date; kept your own entry for 1 date; 2 dates were already the same."
    )
    assert asked and asked[0].startswith(
        f"The file has a different entry for 1 date you already have: {words('2026-11-02')}."
    )
    assert row_cells(page, "2026-11-02")[0] == str(DAYS["2026-11-02"][0][0])
    assert table_dates(page)[0] == "2026-11-23"

    # Accepted: the file's entry replaces it.
    asked.accept = True
    import_file(page, name="backup.json", text=incoming)
    expect(tools_status(page)).to_have_text("Imported backup.json: replaced 1 date; 3 dates were already the same.")
    assert row_cells(page, "2026-11-02")[0] == "1"
    assert len(stored(page)["entries"]) == 4


LABEL = SYMPTOMS[0]
HEADER = ",".join(COLUMNS) + "\r\n"
# Files made here: name -> bytes.
MADE = {
    # Windows spreadsheets save "CSV" in Windows-1252: é is one byte that is not UTF-8.
    "latin1.csv": (HEADER + csv_line("2026-11-20", ratings(3), "1", "café") + ",\r\n").encode("cp1252"),
    "utf16-no-bom.csv": (HEADER + csv_line("2026-11-20", ratings(3), "1", "café") + ",\r\n").encode("utf-16-be"),
    "bad-utf16.csv": codecs.BOM_UTF16_LE + (HEADER + "2026-11-20,").encode("utf-16-le") + b"\x00\xd8",
    "nul-in-notes.csv": (HEADER + csv_line("2026-11-20", ratings(3), "1", "two\x00words") + ",\r\n").encode("utf-8"),
    "bidi-in-notes.json": json.dumps(
        {"version": 1, "entries": [{"date": "2026-11-20", FIELDS[0]: 3, "notes": "pay \u202e01$ oot"}]}
    ).encode("utf-8"),
    "lrm-in-notes.csv": (HEADER + csv_line("2026-11-20", ratings(3), "1", "a\u200fb") + ",\r\n").encode("utf-8"),
    "infinity.json": ('{"version": 1, "entries": [{"date": "2026-11-20", "' + FIELDS[0] + '": 1e309}]}').encode(
        "utf-8"
    ),
    "4000-rows.csv": (
        HEADER
        + "".join(
            csv_line((dt.date(2014, 1, 1) + dt.timedelta(days=i)).isoformat(), ratings(3), "1") + ",\r\n"
            for i in range(4000)
        )
    ).encode("utf-8"),
    "unknown-column.csv": ("\ufeffDate,Steps,Calories\r\n2026-11-02,5300,1900\r\n").encode("utf-8"),
}
# Fixture files (tests/fixtures/diary/) and made files -> a part of the message that says why.
BAD = {
    "not-json.json": "it is not a valid JSON file.",
    "foreign.json": "it is not a diary file from this page (it has no diary version number).",
    "out-of-range.json": f"2026-11-02: {LABEL} must be a whole number from 0 to 10, not 11.",
    "bad-date.json": "“2026-02-30” is not a date written like 2026-11-25 (from 2000 to 2099).",
    "newer-version.json": "it was made by a newer version of this page (version 9). Reload the page to get the newest",
    "wrong-columns.csv": "its columns are not the ones this diary exports",
    "out-of-range.csv": f"row 3: 2026-11-03: {LABEL} must be a whole number from 0 to 10, not 12.",
    "bad-date.csv": "row 2: “02/11/2026” is not a date",
    "duplicate-date.csv": "it has two entries for 2026-11-02.",
    "unclosed-quote.csv": "a quoted value is never closed.",
    "latin1.csv": "it is not saved as UTF-8 text, so its letters cannot be read for sure (line 2: “café”). "
    'In your spreadsheet, use Save As and choose the type "CSV UTF-8".',
    "utf16-no-bom.csv": "it looks like UTF-16 text without the mark that says so, which this page cannot read "
    "for sure. "
    'In your spreadsheet, use Save As and choose the type "CSV UTF-8".',
    "bad-utf16.csv": "it says it is UTF-16 text, but some of it is not.",
    "nul-in-notes.csv": "row 2: 2026-11-20: the notes have a hidden character (U+0000) that this page does not "
    "accept: “two[U+0000]words”.",
    "bidi-in-notes.json": "2026-11-20: the notes have a hidden character (U+202E) that this page does not "
    "accept: “pay [U+202E]01$ oot”.",
    "lrm-in-notes.csv": "row 2: 2026-11-20: the notes have a hidden character (U+200F)",
    "infinity.json": f"2026-11-20: {LABEL} must be a whole number from 0 to 10, not 1e309.",
    "4000-rows.csv": "it has 4,000 entries. A diary file can have at most 3,660, about 10 years of daily entries.",
    "unknown-column.csv": "Not used here: “Steps”, “Calories”.",
}


def test_each_bad_file_is_refused_and_the_diary_is_unchanged(open_diary):
    """Every file of BAD in turn on one diary (the same three days), so one page load serves them all.
    A file's problems are reported under its name and the next file is still tried."""
    page = open_diary()
    add_days(page)
    before = stored_raw(page)
    asked = answer_dialogs(page, accept=True)
    status = tools_status(page)
    problems = []
    for name in sorted(BAD):
        try:
            if name in MADE:
                import_file(page, name=name, data=MADE[name])
            else:
                import_file(page, path=FILES / name)
            expect(status).to_contain_text(f"The file {name} was not imported: ")
            expect(status).to_contain_text(BAD[name])
            expect(status).to_contain_text("Your diary is unchanged.")
            assert "\x00" not in status.text_content()
            assert status.get_attribute("role") == "status"
            assert stored_raw(page) == before, "the stored diary changed"
            assert table_dates(page) == ["2026-11-16", "2026-11-09", "2026-11-02"], "the table changed"
            assert asked == [], f"the page asked {asked}"
        except AssertionError as error:
            problems.append(f"{name}: {' '.join(str(error).split())[:400]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "utf8-bom.csv",
            codecs.BOM_UTF8 + (HEADER + csv_line("2026-11-20", ratings(3), "1", "café") + ",\r\n").encode("utf-8"),
        ),
        ("utf8.csv", (HEADER + csv_line("2026-11-20", ratings(3), "1", "café") + ",\r\n").encode("utf-8")),
        (
            "utf16be-bom.csv",
            (("\ufeff" + HEADER + csv_line("2026-11-20", ratings(3), "1", "café") + ",\r\n").encode("utf-16-be")),
        ),
        (
            "utf16le-bom.csv",
            (("\ufeff" + HEADER + csv_line("2026-11-20", ratings(3), "1", "café") + ",\r\n").encode("utf-16-le")),
        ),
    ],
)
def test_utf8_and_utf16_with_its_mark_are_read(open_diary, name, data):
    page = open_diary()
    import_file(page, name=name, data=data)
    expect(tools_status(page)).to_have_text(f"Imported {name}: added 1 new date.")
    assert stored(page)["entries"][0]["notes"] == "café"


def test_a_valid_file_after_a_refused_one_still_imports(open_diary):
    page = open_diary()
    import_file(page, path=FILES / "foreign.json")
    expect(tools_status(page)).to_contain_text("was not imported")
    good = csv_file([csv_line("2026-11-20", [3] + [""] * (len(FIELDS) - 1), "1", '"two, lines\nof notes"')])
    import_file(page, name="by-hand.csv", text=good)
    expect(tools_status(page)).to_have_text("Imported by-hand.csv: added 1 new date.")
    assert row_cells(page, "2026-11-20")[-1] == "two, lines\nof notes"


# --- Spanish --------------------------------------------------------------------------------


@pytest.fixture
def spanish_diary(open_diary, base_url):
    """The diary page with its diary rendered for Spanish by the macro (no Spanish page is built yet)."""
    from macros import diary

    urls = {"css": "../assets/stylesheets/diary.css", "js": "../assets/javascripts/diary.js"}

    def make(**options):
        page = open_diary(**options)
        config = page_config(page)
        data = diary.load_diary(
            ROOT / "data" / "diary.yml",
            languages=["en"],
            known_languages=["en", "es"],
            max_dose=(str(config["dose"]["max"]), config["dose"]["unit"]),
        )
        english, spanish = (
            unmarked(diary.render(data, engine_renderer(), language=language, all_locales=LOCALES, asset_urls=urls))
            for language in ("en", "es")
        )

        def swap(route):
            response = route.fetch()
            html = response.text()
            assert english in html, "the built page does not hold the macro's markup as rendered"
            route.fulfill(
                response=response, body=html.replace(english, spanish).replace('<html lang="en"', '<html lang="es"')
            )

        page.route(base_url + URL, swap)
        page.reload()
        expect(page.locator("#diary-form-title")).to_have_text(ES["diary_form_title"])
        return page

    return make


def test_the_spanish_diary_uses_spanish_words_and_headings(spanish_diary):
    page = spanish_diary()
    labels = [ES["diary_date"], [s["label"]["es"] for s in DATA["symptoms"]], ES["diary_notes"]]
    fill_entry(page, "2026-11-20", (ratings(3), "1.5", "nota"), labels=labels, dose_label=ES_HEADINGS[-3])
    expect(form_status(page)).to_have_text("Se guardó la entrada del 20 de noviembre de 2026.")
    expect(page.get_by_role("img", name=DATA["chart"]["title"]["es"])).to_be_visible()
    _, text = export(page, "Exportar CSV (para una hoja de cálculo)")
    assert text.startswith("\ufeff" + ",".join(ES_HEADINGS) + "\r\n")
    # The saved keys do not depend on the language.
    assert list(stored(page)["entries"][0]) == COLUMNS


def test_a_csv_exported_in_english_imports_into_the_spanish_diary(open_diary, spanish_diary):
    english = open_diary()
    add_days(english)
    name, text = export(english, "Export CSV (for a spreadsheet)")
    assert text.startswith("\ufeff" + ",".join(HEADINGS))
    page = spanish_diary()
    import_file(page, name=name, text=text)
    expect(tools_status(page)).to_have_text(f"Se importó {name}: se agregaron 3 fechas nuevas.")
    assert stored(page)["entries"] == stored(english)["entries"]
    # A refused file is explained in Spanish too.
    import_file(page, name="latin1.csv", data=MADE["latin1.csv"])
    expect(tools_status(page)).to_contain_text("No se importó el archivo latin1.csv: no está guardado como texto UTF-8")
    expect(tools_status(page)).to_contain_text("(línea 2: “café”)")


# --- Storage: versions, other tabs, failures ----------------------------------------------


def test_older_data_is_read_through_the_migration(open_diary, base_url):
    page = open_diary()
    version0 = [
        {
            "date": "2026-10-01",
            **dict(zip(FIELDS, ratings(5), strict=True)),
            DOSE: 0.5,
            "notes": "old format",
            "updated_at": "2026-10-01T20:00:00.000Z",
        }
    ]
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(version0)])
    page.reload()
    assert row_cells(page, "2026-10-01")[-1] == "old format"
    fill_entry(page, "2026-10-02", (ratings(4), "0.5", ""))
    expect(row(page, "2026-10-02")).to_have_count(1)
    data = stored(page)
    assert data["version"] == 1 and [e["date"] for e in data["entries"]] == ["2026-10-01", "2026-10-02"]


@pytest.mark.parametrize("saved", ['{"version": 2, "entries": []}', "{not json"], ids=["newer", "damaged"])
def test_stored_data_it_cannot_read_is_never_overwritten(open_diary, saved):
    page = open_diary()
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, saved])
    page.reload()
    expect(form_status(page)).to_contain_text("To keep it safe, this page will not change it.")
    fill_entry(page, "2026-11-20", (ratings(3), "1", ""))
    expect(form_status(page)).to_contain_text("Not saved")
    expect(row(page, "2026-11-20")).to_contain_text("(not saved)")
    assert stored_raw(page) == saved


def test_a_diary_damaged_in_another_tab_keeps_its_warning(open_diary, base_url):
    first = open_diary()
    second = first.context.new_page()
    second.goto(base_url + URL)
    expect(second.locator("#diary-app")).to_be_visible()
    first.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, "{not json"])
    expect(form_status(second)).to_contain_text("To keep it safe, this page will not change it.")
    fill_entry(second, "2026-11-20", (ratings(3), "1", ""))
    expect(row(second, "2026-11-20")).to_contain_text("(not saved)")
    assert stored_raw(second) == "{not json"


def test_two_tabs_do_not_lose_each_others_entries(open_diary, base_url):
    first = open_diary()
    second = first.context.new_page()
    second.goto(base_url + URL)
    fill_entry(first, "2026-11-02", DAYS["2026-11-02"])
    # The other tab hears of it through the storage event and shows it.
    expect(row(second, "2026-11-02")).to_have_count(1)
    expect(form_status(second)).to_have_text(
        "Your diary was changed in another tab or window. The entries below are up to date."
    )
    # A tab whose view is stale still keeps what another tab stored, because every save re-reads
    # storage and changes only its own date. A write from the page itself fires no storage
    # event there, so it stands in for a tab whose event has not arrived yet.
    second.evaluate(
        """([key, entry]) => {
            const data = JSON.parse(localStorage.getItem(key));
            data.entries.push(entry);
            localStorage.setItem(key, JSON.stringify(data));
        }""",
        [
            KEY,
            {
                "date": "2026-11-09",
                **dict(zip(FIELDS, ratings(6), strict=True)),
                DOSE: 1,
                "notes": "",
                "updated_at": "2026-11-09T20:00:00.000Z",
            },
        ],
    )
    assert table_dates(second) == ["2026-11-02"]
    fill_entry(second, "2026-11-16", DAYS["2026-11-16"])
    expect(row(second, "2026-11-16")).to_have_count(1)  # the save has run (not only the click)
    # Read storage in the tab that wrote it: Chromium passes a write on to the other tabs'
    # processes a moment later, so the first tab may not have it yet (it shows it below).
    assert [e["date"] for e in stored(second)["entries"]] == sorted(DAYS)
    expect(second.locator("#diary-table tbody tr")).to_have_count(3)
    expect(first.locator("#diary-table tbody tr")).to_have_count(3)


def test_an_edit_of_a_date_changed_in_another_tab_asks_again(open_diary, base_url):
    first = open_diary()
    add_days(first)
    second = first.context.new_page()
    second.goto(base_url + URL)
    row(first, "2026-11-09").get_by_role("button", name=re.compile("^Edit")).click()
    asked = answer_dialogs(second, accept=True)
    fill_entry(second, "2026-11-09", (ratings(9), "1", "changed in the second tab"))
    assert asked == [f"You already have an entry for {words('2026-11-09')}. Replace it with this one?"]
    # The second tab's write reaches the first tab's process a moment later (Chromium); wait for
    # it, as a patient switching tabs would, before the first tab saves.
    first.wait_for_function(
        "([key, notes]) => (localStorage.getItem(key) || '').includes(notes)",
        arg=[KEY, "changed in the second tab"],
    )
    first_asked = answer_dialogs(first, accept=False)
    first.get_by_label(SYMPTOMS[0], exact=True).fill("1")
    first.get_by_role("button", name="Save changes").click()
    expect(form_status(first)).to_contain_text("Nothing was changed.")
    assert first_asked == [
        f"The entry for {words('2026-11-09')} was changed in another tab or window after you opened it here. "
        "Replace it with what you typed here?"
    ]
    assert [e["notes"] for e in stored(first)["entries"] if e["date"] == "2026-11-09"] == ["changed in the second tab"]


def failing_storage(name, message="refused"):
    """Make every localStorage write throw a DOMException called `name`; window.realSetItem restores it."""
    return f"""() => {{
      window.realSetItem = window.realSetItem || Storage.prototype.setItem;
      Storage.prototype.setItem = function () {{ throw new DOMException({json.dumps(message)}, {json.dumps(name)}); }};
    }}"""


def test_a_full_storage_keeps_what_was_there_and_tells_the_patient(open_diary):
    page = open_diary()
    add_days(page)
    before = stored_raw(page)
    page.evaluate(failing_storage("QuotaExceededError", "The quota has been exceeded."))
    fill_entry(page, "2026-11-23", (ratings(4), "2", "while storage is full"))
    expect(form_status(page)).to_have_text(EN["diary_not_saved_full"])
    # The advice is what helps with a per-site quota: export, then remove old entries here.
    assert "Export" in EN["diary_not_saved_full"] and "delete old entries" in EN["diary_not_saved_full"]
    assert "other sites" not in EN["diary_not_saved_full"]
    assert stored_raw(page) == before
    assert table_dates(page) == ["2026-11-23", "2026-11-16", "2026-11-09", "2026-11-02"]
    expect(row(page, "2026-11-23")).to_contain_text("(not saved)")
    # A refused import also leaves storage as it was.
    import_file(page, name="more.csv", text=csv_file([csv_line("2026-11-24", ratings(1), "2")]))
    expect(tools_status(page)).to_contain_text("Not saved: this site's space in your browser is full.")
    assert stored_raw(page) == before
    # The unsaved entries are in the export, so the patient can keep them.
    _, text = export(page, "Export JSON (full backup)")
    assert [e["date"] for e in json.loads(text)["entries"]] == [*sorted(DAYS), "2026-11-23", "2026-11-24"]
    # With space again, the next save stores the waiting entries too.
    page.evaluate("() => { Storage.prototype.setItem = window.realSetItem; }")
    fill_entry(page, "2026-11-25", (ratings(3), "2", ""))
    expect(form_status(page)).to_have_text(f"Saved the entry for {words('2026-11-25')}.")
    assert [e["date"] for e in stored(page)["entries"]] == [*sorted(DAYS), "2026-11-23", "2026-11-24", "2026-11-25"]
    expect(page.locator(".diary-unsaved")).to_have_count(0)


def test_any_storage_error_keeps_the_entry_on_screen_and_offers_an_export(new_page, base_url):
    """Firefox throws a DOMException called UnknownError when its storage files are damaged."""
    page = new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(
        "window.realSetItem = Storage.prototype.setItem;"
        "Storage.prototype.setItem = function () {"
        " throw new DOMException('The operation failed for an unknown transient reason', 'UnknownError'); };"
    )
    page.goto(base_url + URL)
    fill_entry(page, "2026-11-20", (ratings(3), "1", "kept on the page"))
    expect(form_status(page)).to_have_text(EN["diary_not_saved_failed"].format(error="UnknownError"))
    expect(row(page, "2026-11-20")).to_contain_text("(not saved)")
    assert row_cells(page, "2026-11-20")[-1] == "kept on the page"
    assert stored(page) is None
    # A box says so and offers the export right there.
    box = page.locator("#diary-unsaved")
    expect(box).to_be_visible()
    expect(box).to_contain_text(EN["diary_unsaved_text"])
    _, text = export(page, EN["diary_unsaved_export"])
    assert [e["notes"] for e in json.loads(text)["entries"]] == ["kept on the page"]
    # Trying again while it still fails says so again; once storage works, the entry is saved.
    page.get_by_role("button", name=EN["diary_retry"]).click()
    expect(form_status(page)).to_have_text(EN["diary_not_saved_failed"].format(error="UnknownError"))
    page.evaluate("() => { Storage.prototype.setItem = window.realSetItem; }")
    page.get_by_role("button", name=EN["diary_retry"]).click()
    expect(form_status(page)).to_have_text(EN["diary_retry_saved"])
    expect(box).to_be_hidden()
    assert [e["notes"] for e in stored(page)["entries"]] == ["kept on the page"]
    assert not errors


def test_storage_that_cannot_be_read_is_never_written(new_page, base_url):
    page = new_page()
    page.goto(base_url + URL)
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps({"version": 1, "entries": []})]
    )
    page.add_init_script(
        f"Storage.prototype.getItem = function (key) {{ if (key === {json.dumps(KEY)})"
        " throw new DOMException('damaged', 'UnknownError'); return null; };"
    )
    page.reload()
    expect(form_status(page)).to_contain_text('the browser could not read its storage (it said "UnknownError").')
    fill_entry(page, "2026-11-20", (ratings(3), "1", ""))
    expect(row(page, "2026-11-20")).to_contain_text("(not saved)")
    assert page.evaluate("key => window.localStorage.length", KEY) == 1


def test_blocked_storage_still_lets_the_patient_work_and_export(new_page, base_url):
    page = new_page()
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage',"
        " { get() { throw new DOMException('blocked', 'SecurityError'); } });"
    )
    page.goto(base_url + URL)
    expect(form_status(page)).to_contain_text("This browser does not let the page store data")
    fill_entry(page, "2026-11-20", (ratings(3), "1", ""))
    expect(row(page, "2026-11-20")).to_contain_text("(not saved)")
    _, text = export(page, "Export CSV (for a spreadsheet)")
    assert csv_line("2026-11-20", ratings(3), "1") + "," in text


# --- Print ----------------------------------------------------------------------------------

STUB_PRINT = """() => {
  window.printed = [];
  window.print = () => window.printed.push({
    printing: document.body.classList.contains('diary-printing'),
    dates: [...document.querySelectorAll('#diary-table tbody tr')].map(r => r.dataset.date),
    caption: document.getElementById('diary-table-caption').textContent,
  });
}"""


def recent_days(count, every=1):
    today = dt.date.today()
    return {
        (today - dt.timedelta(days=i * every)).isoformat(): (
            ratings(i % 11),
            "1.5",
            "slept badly, woke twice" if i % 3 else "",
        )
        for i in range(count)
    }


def test_print_for_my_appointment_prints_the_last_four_weeks(open_diary):
    page = open_diary()
    days = recent_days(30)  # today and the 29 days before it
    old = (dt.date.today() - dt.timedelta(days=28)).isoformat()
    add_days(page, days)
    page.evaluate(STUB_PRINT)
    page.get_by_role("button", name="Print for my appointment").click()
    printed = page.evaluate("window.printed")
    assert len(printed) == 1 and printed[0]["printing"]
    assert len(printed[0]["dates"]) == 28 and old not in printed[0]["dates"]
    assert printed[0]["caption"].startswith("Diary entries from ")
    # On paper: one sheet with the chart and the table, and no form or buttons. Chromium fires
    # "afterprint" after each PDF, which ends print mode, so press the button before each one.
    for paper in ("A4", "Letter"):
        page.emulate_media(media="screen")
        page.get_by_role("button", name="Print for my appointment").click()
        page.emulate_media(media="print")
        reader = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
        text = " ".join(p.extract_text() for p in reader.pages)
        assert len(reader.pages) == 1, f"{paper}: {len(reader.pages)} sheets"
        assert "The last four weeks" in text and "Chart key" not in text
        for absent in ("Save", "Export", "Delete all", "Key points", "Import"):
            assert absent not in text, f"{paper}: {absent!r} printed"
    expect(page.get_by_role("img", name=CHART_TITLE)).to_be_visible()
    # After printing, the screen shows every entry again.
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    expect(page.locator("#diary-table tbody tr")).to_have_count(30)
    assert not page.evaluate("document.body.classList.contains('diary-printing')")


def test_print_with_no_recent_entries_says_so(open_diary):
    page = open_diary()
    fill_entry(page, "2026-01-05", (ratings(3), "1", ""))
    page.evaluate(STUB_PRINT)
    page.get_by_role("button", name="Print for my appointment").click()
    expect(tools_status(page)).to_have_text(
        "There are no entries from the last four weeks to print. You can print the paper diary instead."
    )
    assert page.evaluate("window.printed") == []


# --- Privacy, accessibility, keyboard -------------------------------------------------------


def test_no_request_leaves_the_site(open_diary, base_url):
    page = open_diary()
    requests = []
    page.context.on("request", lambda r: requests.append(r.url))
    page.reload()
    add_days(page)
    export(page, "Export CSV (for a spreadsheet)")
    _, text = export(page, "Export JSON (full backup)")
    import_file(page, name="backup.json", text=text)
    expect(tools_status(page)).to_contain_text("Nothing changed from backup.json")
    page.evaluate(STUB_PRINT)
    page.get_by_role("button", name="Print for my appointment").click()
    page.reload()
    foreign = [url for url in requests if not (url.startswith(base_url + "/") or url.startswith(("blob:", "data:")))]
    assert requests and not foreign, foreign


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_diary_with_entries_passes_axe_in_both_palettes(open_diary, new_chrome_page, viewport):
    """In the light palette with every rule, then dark (test_a11y.check_both_palettes says how);
    in the full browser, as every axe check."""
    page = open_diary(opener=new_chrome_page, viewport=viewport, color_scheme="light")
    add_days(page)
    # Show an error, a status message and the unsaved box too, so they are checked as well.
    page.get_by_label(SYMPTOMS[-1], exact=True).fill("11")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label(SYMPTOMS[-1], exact=True)).to_have_attribute("aria-invalid", "true")
    import_file(page, path=FILES / "foreign.json")
    expect(tools_status(page)).to_contain_text("was not imported")
    page.evaluate(failing_storage("UnknownError"))
    fill_entry(page, "2026-11-20", (ratings(3), "1", ""))
    expect(page.locator("#diary-unsaved")).to_be_visible()
    expect(form_status(page)).not_to_be_empty()  # written 50 ms after the save, for screen readers
    problems = check_both_palettes(page, f"{URL} with entries at {viewport['width']}px")
    assert not problems, "\n".join(problems)


def test_an_entry_can_be_made_with_the_keyboard_alone(open_diary):
    page = open_diary()
    page.get_by_label("Date", exact=True).focus()
    # The date box holds today's date already. Tab walks through its day, month and year parts,
    # then on to the ratings and the dose.
    first = f"diary-field-{FIELDS[0]}"
    for _ in range(4):
        if page.evaluate("document.activeElement.id") == first:
            break
        page.keyboard.press("Tab")
    expect(page.get_by_label(SYMPTOMS[0], exact=True)).to_be_focused()
    values = [str(v) for v in ratings(6)] + ["1.5"]
    for value in values:
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    expect(page.get_by_label("Notes", exact=True)).to_be_focused()
    page.keyboard.type("typed with the keyboard")
    page.keyboard.press("Tab")
    save = page.get_by_role("button", name="Save")
    expect(save).to_be_focused()
    outline = save.evaluate("b => getComputedStyle(b).outlineStyle + ' ' + getComputedStyle(b).outlineWidth")
    assert outline == "solid 3px", outline
    page.keyboard.press("Space")
    today = dt.date.today().isoformat()
    expect(row(page, today)).to_have_count(1)
    assert row_cells(page, today) == [*values, "typed with the keyboard"]
    # Enter in a box saves too.
    page.get_by_label("Date", exact=True).fill("2026-11-01")
    page.get_by_label(SYMPTOMS[0], exact=True).focus()
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    expect(row(page, "2026-11-01")).to_have_count(1)


def test_with_entries_the_page_does_not_scroll_sideways_on_a_phone(open_diary):
    page = open_diary(viewport=PHONE)
    add_days(page)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"page is {widths[0]} px wide in a {widths[1]} px window"
    # The wide table scrolls inside its own focusable region instead.
    region = page.get_by_role("region", name="Your diary entries, newest first")
    expect(region).to_have_attribute("tabindex", "0")
    # The chart is drawn at the phone's width, so its labels keep their size.
    assert page.locator("#diary-chart svg").get_attribute("viewBox").split()[2] == str(
        page.evaluate("document.getElementById('diary-chart').clientWidth")
    )


# --- One home: a symptom added to the data file is everywhere -----------------------------

EXTRA_SYMPTOM = """  - id: nausea
    label: {en: "Nausea", es: "Náuseas"}
    worst: {en: "very bad nausea", es: "náuseas muy fuertes"}
    color: {light: "#8a2b5f", dark: "#ff9ecf"}
    marker: plus
    line: "6 2 1 2"
"""


@pytest.fixture(scope="module")
def variant_site(tmp_path_factory):
    """A copy of the project whose data file has one more symptom, built with only the pages that name the symptoms."""

    root = tmp_path_factory.mktemp("diary-variant")
    page = (ROOT / "docs" / "symptom-diary.md").read_text(encoding="utf-8")
    page = re.sub(r"\[([^\]]+)\]\((?!https?:)[^)]+\)", r"\1", page)  # no links to pages the variant lacks
    paper = (ROOT / "docs" / "handouts" / "paper-diary.md").read_text(encoding="utf-8")
    paper = re.sub(r"\[([^\]]+)\]\((?!https?:)[^)]+\)", r"\1", paper)
    # next-steps.md: its front matter and title, and its section on the diary (which links only
    # to the two pages above).
    steps = (ROOT / "docs" / "next-steps.md").read_text(encoding="utf-8")
    front = steps[: steps.index("\n---\n", 4) + 5]
    section = steps[
        steps.index("## Keep a symptom diary") : steps.index("\n## ", steps.index("## Keep a symptom diary"))
    ]
    steps = f"{front}\n# Next steps\n\n{section}\n"
    config = variant_project(root, {"symptom-diary.md": page, "handouts/paper-diary.md": paper, "next-steps.md": steps})
    data = root / "data" / "diary.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(
        text.replace("\n# The daily dose.", "\n" + EXTRA_SYMPTOM + "\n# The daily dose.", 1), encoding="utf-8"
    )
    site = root / "site"
    result = mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr[-4000:]
    server, url = serve(site)
    yield url
    server.shutdown()


def test_a_symptom_added_to_the_data_file_is_on_the_paper_diary_too(new_page, variant_site):
    page = new_page()
    page.goto(variant_site + "/handouts/paper-diary/")
    headers = page.locator(".handout-diary th").all_inner_texts()
    assert headers[-4:] == ["Sweating 0-10", "Nausea 0-10", "LDN dose (mg)", "Notes"]
    expect(page.locator(".handout-diary-key")).to_contain_text("Nausea: 10 means very bad nausea.")
    assert page.locator(".handout-diary tbody tr").count() == 14


def test_a_symptom_added_to_the_data_file_is_named_where_the_guide_says_what_to_score(new_page, variant_site):
    """next-steps#symptom-diary lists the symptoms from the data file, never a list of its own."""
    page = new_page()
    page.goto(variant_site + "/next-steps/")
    expect(page.locator("h2#symptom-diary ~ p").nth(1)).to_contain_text(
        "a number from 0 to 10: pain, fatigue, sleep problems, mood problems, sweating and nausea."
    )


def test_a_symptom_added_to_the_data_file_is_in_the_form_config_table_chart_and_csv(new_page, variant_site):
    page = new_page()
    page.goto(variant_site + URL)
    box = page.get_by_label("Nausea", exact=True)
    expect(box).to_be_visible()
    # The page's own text names it too ({{ diary_symptoms() }}).
    expect(page.locator(".admonition").first).to_contain_text(
        "a number from 0 to 10: pain, fatigue, sleep problems, mood problems, sweating and nausea."
    )
    assert page_config(page)["symptoms"][-1]["id"] == "nausea"
    assert page.locator("#diary-table thead th").all_text_contents()[len(FIELDS) + 1] == "Nausea"
    fill_entry(
        page, "2026-11-20", ((*ratings(5), 2), "1", "with nausea"), labels=["Date", [*SYMPTOMS, "Nausea"], "Notes"]
    )
    expect(row(page, "2026-11-20")).to_have_count(1)
    assert row_cells(page, "2026-11-20")[len(FIELDS)] == "2"
    assert stored(page)["entries"][0]["nausea"] == 2
    assert page.locator("#diary-chart path.diary-line").evaluate_all("ps => ps.map(p => p.dataset.series)") == [
        DOSE,
        *FIELDS,
        "nausea",
    ]
    expect(page.get_by_role("list", name="Chart key").get_by_role("listitem").nth(len(FIELDS))).to_have_text(
        "Nausea (0 to 10)"
    )
    _, text = export(page, "Export CSV (for a spreadsheet)")
    header = text.lstrip("\ufeff").split("\r\n")[0].split(",")
    assert header == [*HEADINGS[: len(FIELDS) + 1], "Nausea", *HEADINGS[len(FIELDS) + 1 :]]
    # A file exported before the symptom was added still imports; its nausea is not recorded.
    fresh = new_page()
    fresh.goto(variant_site + URL)
    import_file(fresh, path=FILES / "exported-by-v1.csv")
    expect(tools_status(fresh)).to_have_text("Imported exported-by-v1.csv: added 6 new dates.")
    assert {e["nausea"] for e in stored(fresh)["entries"]} == {None}
