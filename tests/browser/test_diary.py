"""The symptom diary (/symptom-diary/) in Chromium: entries stay on the device and are never lost.

Storage format and rules are described at the top of docs/assets/javascripts/diary.js.
"""
import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import DESKTOP, PHONE
from helpers import FIXTURES, page_path

pytestmark = pytest.mark.browser

URL = "/symptom-diary/"
KEY = "ldn-diary"
BAD_FILES = FIXTURES / "diary"
SYMPTOMS = ["Pain", "Fatigue", "Sleep problems", "Mood problems", "Sweating"]
FIELDS = ["pain", "fatigue", "sleep_problems", "mood_problems", "sweating"]
COLUMNS = ["date", *FIELDS, "dose_mg", "notes", "updated_at"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

# Three days of the diary: date -> (pain, fatigue, sleep, mood, sweating, dose mg, notes).
DAYS = {
    "2026-11-02": (7, 6, 5, 4, 2, "0.5", "Started LDN, vivid dreams"),
    "2026-11-09": (6, 6, 4, 4, 3, "1", 'Busy week, "flare" on Tuesday, then better'),
    "2026-11-16": (5, 4, 4, 3, 3, "1.5", "=SUM(A1) looks like a formula"),
}


# --- Helpers --------------------------------------------------------------------------------


@pytest.fixture
def open_diary(new_page, base_url):
    """Open the diary in a fresh profile; after the test, fail on any script error it raised."""
    errors = []

    def make(**options):
        page = new_page(**options)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base_url + URL)
        expect(page.locator("#diary-app")).to_be_visible()
        return page

    yield make
    assert not errors, f"script errors on the diary page: {errors}"


def fill_entry(page, date, values, save=True):
    """Fill the form by its visible labels; press Save."""
    pain, fatigue, sleep, mood, sweating, dose, notes = values
    page.get_by_label("Date", exact=True).fill(date)
    for label, value in zip(SYMPTOMS, (pain, fatigue, sleep, mood, sweating)):
        page.get_by_label(label, exact=True).fill(str(value))
    page.get_by_label("LDN dose (mg)", exact=True).fill(dose)
    page.get_by_label("Notes", exact=True).fill(notes)
    if save:
        page.get_by_role("button", name=re.compile(r"^Save")).click()


def add_days(page, days=DAYS):
    for date, values in days.items():
        fill_entry(page, date, values)
        expect(row(page, date)).to_have_count(1)


def row(page, date):
    return page.locator(f"#diary-table tbody tr[data-date='{date}']")


def table_dates(page):
    return page.locator("#diary-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.date)")


def row_cells(page, date):
    """The text of a row's rating, dose and notes cells."""
    return [cell.strip() for cell in row(page, date).locator("td:not(.diary-col-actions)").all_inner_texts()]


def expected_cells(values):
    return [str(v) for v in values[:6]] + [values[6]]


def stored(page):
    raw = page.evaluate(f"localStorage.getItem('{KEY}')")
    return None if raw is None else json.loads(raw)


def stored_raw(page):
    return page.evaluate(f"localStorage.getItem('{KEY}')")


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


def import_file(page, path=None, name=None, text=None):
    field = page.get_by_label("Import a diary file (CSV or JSON)")
    if path is not None:
        field.set_input_files(path)
    else:
        mime = "application/json" if name.endswith(".json") else "text/csv"
        field.set_input_files({"name": name, "mimeType": mime, "buffer": text.encode("utf-8")})


def export(page, button):
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes().decode("utf-8")


# --- The page -------------------------------------------------------------------------------


def test_only_the_diary_page_loads_the_diary_script_and_styles(site):
    loaders = sorted(
        str(p.relative_to(site)) for p in Path(site).rglob("*.html") if re.search(r"diary\.(js|css)", p.read_text(encoding="utf-8"))
    )
    assert loaders == ["symptom-diary/index.html"]
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
    expect(page.locator(".diary-noscript")).to_contain_text("The on-screen diary needs JavaScript")
    expect(page.locator("#diary-app")).to_be_hidden()
    expect(page.get_by_label("Pain", exact=True)).to_be_hidden()


def test_with_javascript_the_noscript_message_is_not_shown(open_diary):
    page = open_diary()
    expect(page.locator(".diary-noscript")).to_have_count(0)
    expect(page.get_by_role("link", name="two-week paper diary")).to_be_visible()
    expect(page.get_by_text("0 = none, 10 = worst you can imagine")).to_be_visible()


def test_the_date_defaults_to_today(open_diary):
    page = open_diary()
    expect(page.get_by_label("Date", exact=True)).to_have_value(dt.date.today().isoformat())


# --- Entries --------------------------------------------------------------------------------


def test_three_entries_survive_a_reload_and_a_new_tab(open_diary, base_url):
    page = open_diary()
    add_days(page)
    expect(form_status(page)).to_have_text("Saved the entry for 16 November 2026.")
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
    assert {k: v for k, v in first.items() if k != "updated_at"} == {
        "date": "2026-11-02", "pain": 7, "fatigue": 6, "sleep_problems": 5, "mood_problems": 4,
        "sweating": 2, "dose_mg": 0.5, "notes": "Started LDN, vivid dreams",
    }
    assert dt.datetime.fromisoformat(first["updated_at"].replace("Z", "+00:00"))


def test_blank_ratings_are_allowed_and_shown_as_not_recorded(open_diary):
    page = open_diary()
    page.get_by_label("Date", exact=True).fill("2026-11-20")
    page.get_by_label("Pain", exact=True).fill("3")
    page.get_by_role("button", name="Save").click()
    expect(row(page, "2026-11-20")).to_have_count(1)
    assert stored(page)["entries"][0]["fatigue"] is None
    expect(row(page, "2026-11-20").locator("td").nth(1)).to_have_text("–not recorded")


def test_invalid_values_are_refused_with_messages_tied_to_the_boxes(open_diary):
    page = open_diary()
    page.get_by_label("Date", exact=True).fill("2026-11-20")
    page.get_by_label("Pain", exact=True).fill("12")
    page.get_by_label("LDN dose (mg)", exact=True).fill("1.234")
    page.get_by_role("button", name="Save").click()
    pain = page.get_by_label("Pain", exact=True)
    expect(pain).to_be_focused()
    expect(pain).to_have_attribute("aria-invalid", "true")
    expect(pain).to_have_accessible_description(re.compile("Pain: enter a whole number from 0 to 10"))
    expect(page.get_by_label("LDN dose (mg)", exact=True)).to_have_accessible_description(re.compile("LDN dose: enter the mg"))
    expect(form_status(page)).to_have_text("Not saved yet: please correct the 2 boxes marked below.")
    assert stored(page) is None
    # Corrected, it saves and the messages go away.
    pain.fill("8")
    page.get_by_label("LDN dose (mg)", exact=True).fill("1.25")
    page.get_by_role("button", name="Save").click()
    expect(row(page, "2026-11-20")).to_have_count(1)
    expect(pain).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator(".diary-error:not(:empty)")).to_have_count(0)
    assert stored(page)["entries"][0]["dose_mg"] == 1.25


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
    fill_entry(page, "2026-11-09", (1, 1, 1, 1, 1, "2", "typed twice by mistake"))
    expect(form_status(page)).to_have_text("Nothing was changed. The saved entry for 9 November 2026 is as it was.")
    assert asked == ["You already have an entry for 9 November 2026. Replace it with this one?"]
    assert stored_raw(page) == before
    assert row_cells(page, "2026-11-09") == expected_cells(DAYS["2026-11-09"])


def test_replacing_a_date_when_the_patient_agrees(open_diary):
    page = open_diary()
    add_days(page)
    answer_dialogs(page, accept=True)
    fill_entry(page, "2026-11-09", (1, 1, 1, 1, 1, "2", "replaced"))
    expect(row(page, "2026-11-09").locator("td.diary-notes")).to_have_text("replaced")
    assert len(stored(page)["entries"]) == 3


def test_edit_and_delete_each_ask_and_then_change_one_row(open_diary):
    page = open_diary()
    add_days(page)
    asked = answer_dialogs(page, accept=True)
    row(page, "2026-11-09").get_by_role("button", name="Edit the entry for 9 November 2026").click()
    expect(page.get_by_role("heading", name="Edit the entry for 9 November 2026")).to_be_visible()
    expect(page.get_by_label("Date", exact=True)).to_be_focused()
    expect(page.get_by_label("Pain", exact=True)).to_have_value("6")
    page.get_by_label("Pain", exact=True).fill("2")
    page.get_by_role("button", name="Save changes").click()
    expect(form_status(page)).to_have_text("Saved the entry for 9 November 2026.")
    assert asked == ["Replace the saved entry for 9 November 2026 with your changes?"]
    assert row_cells(page, "2026-11-09")[0] == "2"

    row(page, "2026-11-02").get_by_role("button", name="Delete the entry for 2 November 2026").click()
    expect(row(page, "2026-11-02")).to_have_count(0)
    assert asked[-1] == "Delete the entry for 2 November 2026? This cannot be undone."
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
    expect(form_status(page)).to_have_text("Moved the entry from 16 November 2026 to 17 November 2026.")
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


def test_the_chart_is_an_accessible_image_with_a_legend(open_diary):
    page = open_diary()
    add_days(page)
    chart = page.get_by_role("img", name="Chart of your symptoms and LDN dose over time")
    expect(chart).to_be_visible()
    expect(chart).to_have_accessible_description(re.compile(r"from 2 November 2026 to 16 November 2026\. The table below holds the same data\."))
    lines = page.locator("#diary-chart path.diary-line")
    assert lines.evaluate_all("ps => ps.map(p => p.getAttribute('class').split('--')[1])") == ["dose_mg", *FIELDS]
    # The dose is drawn as steps: horizontal then vertical moves.
    assert re.fullmatch(r"M[\d.]+ [\d.]+(H[\d.]+V[\d.]+){2}", page.locator("#diary-chart path.diary-series--dose_mg").get_attribute("d"))
    legend = page.get_by_role("list", name="Chart key").get_by_role("listitem")
    expect(legend).to_have_text([f"{s} (0 to 10)" for s in SYMPTOMS] + ["LDN dose in mg (steps, right-hand scale)"])
    # The lines differ by more than colour: each has its own dash pattern.
    dashes = lines.evaluate_all("ps => ps.map(p => getComputedStyle(p).strokeDasharray)")
    assert len(set(dashes)) == len(dashes), dashes


CONTRAST = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const bg = lum(rgb(getComputedStyle(document.body).backgroundColor));
  return [...document.querySelectorAll('#diary-chart path.diary-line')].map(p => {
    const fg = lum(rgb(getComputedStyle(p).stroke));
    return [p.getAttribute('class'), (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)];
  });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_lines_contrast_with_the_background(open_diary, scheme):
    page = open_diary(color_scheme=scheme)
    add_days(page)
    ratios = page.evaluate(CONTRAST)
    assert len(ratios) == 6
    low = [(name, round(ratio, 2)) for name, ratio in ratios if ratio < 3]
    assert not low, f"chart lines below 3:1 in the {scheme} scheme: {low}"


# --- Export and import ----------------------------------------------------------------------


def test_export_csv_and_json_hold_every_entry(open_diary):
    page = open_diary()
    add_days(page)
    today = dt.date.today().isoformat()

    name, text = export(page, "Export CSV (for a spreadsheet)")
    assert name == f"ldn-diary-{today}.csv"
    assert text.startswith("\ufeffdate,pain,fatigue,sleep_problems,mood_problems,sweating,dose_mg,notes,updated_at\r\n")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["date"] for r in rows] == sorted(DAYS)
    for r in rows:
        pain, fatigue, sleep, mood, sweating, dose, notes = DAYS[r["date"]]
        assert [r[f] for f in FIELDS] == [str(v) for v in (pain, fatigue, sleep, mood, sweating)]
        assert float(r["dose_mg"]) == float(dose)
        # A note that a spreadsheet would run as a formula is exported with a leading apostrophe.
        assert r["notes"] == ("'" + notes if notes.startswith("=") else notes)
    expect(tools_status(page)).to_have_text(f"Exported 3 entries to the file ldn-diary-{today}.csv. Keep it somewhere safe.")

    name, text = export(page, "Export JSON (full backup)")
    assert name == f"ldn-diary-{today}.json"
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


def test_import_merges_by_date_and_asks_before_replacing(open_diary):
    page = open_diary()
    add_days(page)
    _, text = export(page, "Export JSON (full backup)")
    data = json.loads(text)
    data["entries"][0]["pain"] = 1  # 2026-11-02 differs from what the patient has
    data["entries"].append({**data["entries"][1], "date": "2026-11-23", "notes": "from the backup"})
    incoming = json.dumps(data)

    # Dismissed: the patient's own 2 November stays; the new date is still added.
    asked = answer_dialogs(page, accept=False)
    import_file(page, name="backup.json", text=incoming)
    expect(tools_status(page)).to_have_text(
        "Imported backup.json: added 1 new date; kept your own entries for 1 date; 2 dates were already the same."
    )
    assert asked and asked[0].startswith("The file has different entries for 1 date you already have: 2 November 2026.")
    assert row_cells(page, "2026-11-02")[0] == "7"
    assert table_dates(page)[0] == "2026-11-23"

    # Accepted: the file's entry replaces it.
    asked.accept = True
    import_file(page, name="backup.json", text=incoming)
    expect(tools_status(page)).to_have_text("Imported backup.json: replaced 1 date; 3 dates were already the same.")
    assert row_cells(page, "2026-11-02")[0] == "1"
    assert len(stored(page)["entries"]) == 4


BAD = {
    "not-json.json": "it is not a valid JSON file.",
    "foreign.json": "it is not a diary file from this page (it has no diary version number).",
    "out-of-range.json": "2026-11-02: Pain must be a whole number from 0 to 10, not 11.",
    "bad-date.json": '"2026-02-30" is not a date written like 2026-11-25 (from 2000 to 2099).',
    "newer-version.json": "it was made by a newer version of this page (version 9). Reload the page to get the newest version.",
    "wrong-columns.csv": "its columns are not the ones this diary exports",
    "out-of-range.csv": "row 3: 2026-11-03: Pain must be a whole number from 0 to 10, not 12.",
    "bad-date.csv": 'row 2: "02/11/2026" is not a date',
    "duplicate-date.csv": "it has two entries for 2026-11-02.",
    "unclosed-quote.csv": "a quoted value is never closed.",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_file_is_refused_and_the_diary_is_unchanged(open_diary, name):
    page = open_diary()
    add_days(page)
    before = stored_raw(page)
    asked = answer_dialogs(page, accept=True)
    import_file(page, path=BAD_FILES / name)
    status = tools_status(page)
    expect(status).to_contain_text(f"The file {name} was not imported: ")
    expect(status).to_contain_text(BAD[name])
    expect(status).to_contain_text("Your diary is unchanged.")
    assert status.get_attribute("role") == "status"
    assert stored_raw(page) == before
    assert table_dates(page) == ["2026-11-16", "2026-11-09", "2026-11-02"]
    assert asked == []


def test_a_valid_file_after_a_refused_one_still_imports(open_diary):
    page = open_diary()
    import_file(page, path=BAD_FILES / "foreign.json")
    expect(tools_status(page)).to_contain_text("was not imported")
    good = "date,pain,fatigue,sleep_problems,mood_problems,sweating,dose_mg,notes\r\n2026-11-20,3,,,,,1,\"two, lines\nof notes\"\r\n"
    import_file(page, name="by-hand.csv", text=good)
    expect(tools_status(page)).to_have_text("Imported by-hand.csv: added 1 new date.")
    assert row_cells(page, "2026-11-20")[-1] == "two, lines\nof notes"


# --- Storage: versions, other tabs, a full quota --------------------------------------------


def test_older_data_is_read_through_the_migration(open_diary, base_url):
    page = open_diary()
    version0 = [{"date": "2026-10-01", "pain": 5, "fatigue": 5, "sleep_problems": 5, "mood_problems": 5, "sweating": 5,
                 "dose_mg": 0.5, "notes": "old format", "updated_at": "2026-10-01T20:00:00.000Z"}]
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(version0)])
    page.reload()
    assert row_cells(page, "2026-10-01")[-1] == "old format"
    fill_entry(page, "2026-10-02", (4, 4, 4, 4, 4, "0.5", ""))
    expect(row(page, "2026-10-02")).to_have_count(1)
    data = stored(page)
    assert data["version"] == 1 and [e["date"] for e in data["entries"]] == ["2026-10-01", "2026-10-02"]


@pytest.mark.parametrize("saved", ['{"version": 2, "entries": []}', "{not json"], ids=["newer", "damaged"])
def test_stored_data_it_cannot_read_is_never_overwritten(open_diary, saved):
    page = open_diary()
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, saved])
    page.reload()
    expect(form_status(page)).to_contain_text("To keep it safe, this page will not change it.")
    fill_entry(page, "2026-11-20", (3, 3, 3, 3, 3, "1", ""))
    expect(form_status(page)).to_contain_text("Not saved")
    expect(row(page, "2026-11-20")).to_contain_text("(not saved)")
    assert stored_raw(page) == saved


def test_two_tabs_do_not_lose_each_others_entries(open_diary, base_url):
    first = open_diary()
    second = first.context.new_page()
    second.goto(base_url + URL)
    fill_entry(first, "2026-11-02", DAYS["2026-11-02"])
    # The other tab hears of it through the storage event and shows it.
    expect(row(second, "2026-11-02")).to_have_count(1)
    expect(form_status(second)).to_have_text("Your diary was changed in another tab or window. The entries below are up to date.")
    # A tab whose view is stale still keeps what another tab stored, because every save re-reads
    # storage and changes only its own date. A write from the page itself fires no storage
    # event there, so it stands in for a tab whose event has not arrived yet.
    second.evaluate(
        """([key, entry]) => {
            const data = JSON.parse(localStorage.getItem(key));
            data.entries.push(entry);
            localStorage.setItem(key, JSON.stringify(data));
        }""",
        [KEY, {"date": "2026-11-09", "pain": 6, "fatigue": 6, "sleep_problems": 4, "mood_problems": 4, "sweating": 3,
               "dose_mg": 1, "notes": "", "updated_at": "2026-11-09T20:00:00.000Z"}],
    )
    assert table_dates(second) == ["2026-11-02"]
    fill_entry(second, "2026-11-16", DAYS["2026-11-16"])
    assert [e["date"] for e in stored(first)["entries"]] == sorted(DAYS)
    expect(second.locator("#diary-table tbody tr")).to_have_count(3)
    expect(first.locator("#diary-table tbody tr")).to_have_count(3)


def test_an_edit_of_a_date_changed_in_another_tab_asks_again(open_diary, base_url):
    first = open_diary()
    add_days(first)
    second = first.context.new_page()
    second.goto(base_url + URL)
    row(first, "2026-11-09").get_by_role("button", name=re.compile("^Edit")).click()
    asked = answer_dialogs(second, accept=True)
    fill_entry(second, "2026-11-09", (9, 9, 9, 9, 9, "1", "changed in the second tab"))
    assert asked == ["You already have an entry for 9 November 2026. Replace it with this one?"]
    first_asked = answer_dialogs(first, accept=False)
    first.get_by_label("Pain", exact=True).fill("1")
    first.get_by_role("button", name="Save changes").click()
    expect(form_status(first)).to_contain_text("Nothing was changed.")
    assert first_asked == [
        "The entry for 9 November 2026 was changed in another tab or window after you opened it here. Replace it with what you typed here?"
    ]
    assert [e["notes"] for e in stored(first)["entries"] if e["date"] == "2026-11-09"] == ["changed in the second tab"]


FULL_QUOTA = """() => {
  window.realSetItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
}"""


def test_a_full_storage_keeps_what_was_there_and_tells_the_patient(open_diary):
    page = open_diary()
    add_days(page)
    before = stored_raw(page)
    page.evaluate(FULL_QUOTA)
    fill_entry(page, "2026-11-23", (4, 4, 4, 4, 4, "2", "while storage is full"))
    expect(form_status(page)).to_contain_text("Not saved: your browser's storage for this site is full.")
    expect(form_status(page)).to_contain_text("nothing saved before was lost")
    assert stored_raw(page) == before
    assert table_dates(page) == ["2026-11-23", "2026-11-16", "2026-11-09", "2026-11-02"]
    expect(row(page, "2026-11-23")).to_contain_text("(not saved)")
    # A refused import also leaves storage as it was.
    import_file(page, name="more.csv", text="date,pain,fatigue,sleep_problems,mood_problems,sweating,dose_mg,notes\r\n2026-11-24,1,1,1,1,1,2,\r\n")
    expect(tools_status(page)).to_contain_text("Not saved: your browser's storage for this site is full.")
    assert stored_raw(page) == before
    # The unsaved entries are in the export, so the patient can keep them.
    _, text = export(page, "Export JSON (full backup)")
    assert [e["date"] for e in json.loads(text)["entries"]] == [*sorted(DAYS), "2026-11-23", "2026-11-24"]
    # With space again, the next save stores the waiting entries too.
    page.evaluate("() => { Storage.prototype.setItem = window.realSetItem; }")
    fill_entry(page, "2026-11-25", (3, 3, 3, 3, 3, "2", ""))
    expect(form_status(page)).to_have_text("Saved the entry for 25 November 2026.")
    assert [e["date"] for e in stored(page)["entries"]] == [*sorted(DAYS), "2026-11-23", "2026-11-24", "2026-11-25"]
    expect(page.locator(".diary-unsaved")).to_have_count(0)


def test_blocked_storage_still_lets_the_patient_work_and_export(new_page, base_url):
    page = new_page()
    page.add_init_script("Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });")
    page.goto(base_url + URL)
    expect(form_status(page)).to_contain_text("This browser does not let the page store data")
    fill_entry(page, "2026-11-20", (3, 3, 3, 3, 3, "1", ""))
    expect(row(page, "2026-11-20")).to_contain_text("(not saved)")
    _, text = export(page, "Export CSV (for a spreadsheet)")
    assert "2026-11-20,3,3,3,3,3,1,," in text


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
        (today - dt.timedelta(days=i * every)).isoformat(): (i % 11, 5, 4, 3, 2, "1.5", "slept badly, woke twice" if i % 3 else "")
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
    expect(page.get_by_role("img", name="Chart of your symptoms and LDN dose over time")).to_be_visible()
    # After printing, the screen shows every entry again.
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    expect(page.locator("#diary-table tbody tr")).to_have_count(30)
    assert not page.evaluate("document.body.classList.contains('diary-printing')")


def test_print_with_no_recent_entries_says_so(open_diary):
    page = open_diary()
    fill_entry(page, "2026-01-05", (3, 3, 3, 3, 3, "1", ""))
    page.evaluate(STUB_PRINT)
    page.get_by_role("button", name="Print for my appointment").click()
    expect(tools_status(page)).to_have_text("There are no entries from the last four weeks to print. You can print the paper diary instead.")
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
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_diary_with_entries_passes_axe(open_diary, viewport, scheme):
    page = open_diary(viewport=viewport, color_scheme=scheme)
    add_days(page)
    # Show an error and a status message too, so they are checked as well.
    page.get_by_label("Sweating", exact=True).fill("11")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("Sweating", exact=True)).to_have_attribute("aria-invalid", "true")
    import_file(page, path=BAD_FILES / "foreign.json")
    expect(tools_status(page)).to_contain_text("was not imported")
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    report = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}" for v in violations]
    assert not report, "\n".join(report)


def test_an_entry_can_be_made_with_the_keyboard_alone(open_diary):
    page = open_diary()
    page.get_by_label("Date", exact=True).focus()
    # The date box holds today's date already. Tab walks through its day, month and year parts,
    # then on to the ratings and the dose.
    for _ in range(4):
        if page.evaluate("document.activeElement.id") == "diary-pain":
            break
        page.keyboard.press("Tab")
    expect(page.get_by_label("Pain", exact=True)).to_be_focused()
    for value in ("6", "5", "4", "3", "2", "1.5"):
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
    assert row_cells(page, today) == ["6", "5", "4", "3", "2", "1.5", "typed with the keyboard"]
    # Enter in a box saves too.
    page.get_by_label("Date", exact=True).fill("2026-11-01")
    page.get_by_label("Pain", exact=True).focus()
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
