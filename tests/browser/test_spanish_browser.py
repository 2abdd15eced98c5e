"""The Spanish guide in Chromium: each page leads to its English twin, and the diary works in Spanish.

(Named apart from tests/built/test_spanish.py: pytest collects only one module of a basename.)

Language switch: the header links each page to its twin in the other language
(overrides/partials/language-switch.html); it is followed here with the keyboard and by touch at
390 px, and each Spanish page's hreflang="en" alternate leads to a built English page that names
the Spanish page back.

Elsewhere: axe-core runs on every built page, /es/ included (test_a11y.py walks site_pages()),
and the Spanish QR codes on /es/for-clinics/ are decoded in test_qr_decode.py.
"""

import json
from pathlib import Path

import pytest
import yaml
from helpers import DESKTOP, PHONE, ROOT, TEST_SITE_URL, engine_locales, site_pages
from playwright.sync_api import expect

from macros.i18n import format_date

pytestmark = pytest.mark.browser

LOCALES = engine_locales(("en", "es"))
EN, ES = LOCALES["en"], LOCALES["es"]
DATA = yaml.safe_load((ROOT / "data" / "diary.yml").read_text(encoding="utf-8"))
ENGLISH_DIARY = "/symptom-diary/"
SPANISH_DIARY = "/es/symptom-diary/"
UNIT = DATA["dose"]["unit"]


def labels(language):
    """The diary form's labels in one language: date, each symptom, the dose, the notes."""
    said = LOCALES[language]
    return {
        "date": said["diary_date"],
        "symptoms": [symptom["label"][language] for symptom in DATA["symptoms"]],
        "dose": said["diary_dose_label"].format(name=DATA["dose"]["name"][language], unit=UNIT),
        "notes": said["diary_notes"],
    }


def headings(language):
    """The diary table's column headings in one language (the actions column last)."""
    said = labels(language)
    return [said["date"], *said["symptoms"], said["dose"], said["notes"], LOCALES[language]["diary_change"]]


# Three days: date -> (one rating per symptom, dose in mg, notes).
DAYS = {
    "2026-11-02": ([7, 6, 5, 4, 3][: len(DATA["symptoms"])], "0.5", "Empecé la LDN, sueños vívidos"),
    "2026-11-09": ([6, 5, 4, 3, 2][: len(DATA["symptoms"])], "1", "Semana difícil; mejor el viernes"),
    "2026-11-16": ([5, 4, 3, 2, 1][: len(DATA["symptoms"])], "1.5", ""),
}


def fill_entry(page, language, date, values):
    said = labels(language)
    ratings, dose, notes = values
    page.get_by_label(said["date"], exact=True).fill(date)
    for label, value in zip(said["symptoms"], ratings, strict=True):
        page.get_by_label(label, exact=True).fill(str(value))
    page.get_by_label(said["dose"], exact=True).fill(dose)
    page.get_by_label(said["notes"], exact=True).fill(notes)
    page.locator("#diary-save").click()


def row(page, date):
    return page.locator(f"#diary-table tbody tr[data-date='{date}']")


def row_cells(page, date):
    """The row's cells as a sighted reader sees them: an empty cell's dash and its hidden words left out."""
    cells = row(page, date).locator("td:not(.diary-col-actions)")
    return [
        text.strip()
        for text in cells.evaluate_all(
            "cells => cells.map(c => c.querySelector('.diary-sr-only') ? '' : c.textContent)"
        )
    ]


def stored(page):
    raw = page.evaluate("key => localStorage.getItem(key)", DATA["storage_key"])
    return None if raw is None else json.loads(raw)


@pytest.fixture
def open_page(new_page, base_url):
    """Open a page of the site in a fresh profile; after the test, fail on any script error it raised."""
    errors = []

    def make(url, **options):
        page = new_page(**options)
        page.on("pageerror", lambda error: errors.append(f"{url}: {error}"))
        response = page.goto(base_url + url)
        assert response is not None and response.ok, f"{url}: {response.status if response else 'no response'}"
        return page

    yield make
    assert not errors, f"script errors: {errors}"


# --- Each Spanish page leads to its English twin ------------------------------------------------


def test_every_spanish_page_s_english_alternate_is_its_built_english_twin(site, base_url, open_page):
    page = open_page("/es/", viewport=PHONE)
    spanish_pages = [url for url in site_pages(site, with_404=False) if url.startswith("/es/")]
    assert len(spanish_pages) >= 14, spanish_pages
    problems = []
    for url in spanish_pages:
        page.goto(base_url + url)
        english = page.locator('head link[rel="alternate"][hreflang="en"]').get_attribute("href")
        wanted = TEST_SITE_URL + url.removeprefix("/es/")
        if english != wanted:
            problems.append(f"{url}: hreflang=en is {english!r}, want {wanted!r}")
            continue
        response = page.goto(base_url + "/" + english.removeprefix(TEST_SITE_URL))
        if response is None or not response.ok:
            problems.append(f"{url}: its English twin {english} does not load")
            continue
        if page.locator("html").get_attribute("lang") != "en":
            problems.append(f"{url}: its English twin {english} is not lang=en")
        back = page.locator('head link[rel="alternate"][hreflang="es"]').get_attribute("href")
        if back != TEST_SITE_URL + url.lstrip("/"):
            problems.append(f"{url}: the English twin names {back!r} as its Spanish page")
    assert problems == []


@pytest.mark.parametrize("url", ["/titration/", "/handouts/dose-plan/", "/"])
def test_the_language_switch_works_by_keyboard(open_page, base_url, url):
    page = open_page(url, viewport=DESKTOP)
    link = page.locator(".md-header .language-switch__link")
    expect(link).to_have_text("Español")
    assert link.get_attribute("lang") == "es"
    for _ in range(12):  # the skip link, the logo, the menu... then the switch
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('language-switch__link')"):
            break
    else:
        pytest.fail(f"{url}: the language switch is not reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "/es" + url)
    assert page.locator("html").get_attribute("lang") == "es"
    back = page.locator(".md-header .language-switch__link")
    expect(back).to_have_text("English")
    back.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + url)


def test_the_language_switch_works_by_touch_on_a_phone(open_page, base_url):
    page = open_page("/es/safety/", viewport=PHONE, has_touch=True, is_mobile=True)
    link = page.locator(".md-header .language-switch__link")
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24, f"target too small: {box}"  # WCAG 2.5.8
    assert box["x"] + box["width"] <= PHONE["width"], "the switch is cut off on a phone"
    link.tap()
    page.wait_for_url(base_url + "/safety/")
    assert page.locator("html").get_attribute("lang") == "en"


# --- The diary in Spanish ------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_spanish_diary_saves_an_entry_and_shows_it_in_spanish(open_page, viewport):
    page = open_page(SPANISH_DIARY, viewport=viewport)
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page.locator("#diary-form-title")).to_have_text(ES["diary_form_title"])
    expect(page.locator("#diary-save")).to_have_text(ES["diary_save"])
    date, values = "2026-11-20", ([3, 2, 1, 0, 4][: len(DATA["symptoms"])], "1.5", "nota en español")
    fill_entry(page, "es", date, values)
    expect(page.locator("#diary-form-status")).to_have_text(ES["diary_saved"].format(date=format_date(date, ES)))
    expect(row(page, date)).to_have_count(1)
    ratings, dose, notes = values
    # Doses keep a decimal point in Spanish too, as the pages and the form's hint write them ("1.5").
    assert row_cells(page, date) == [*map(str, ratings), dose, notes], "the table does not show the entry as typed"
    header = [cell.strip() for cell in page.locator("#diary-table thead th").all_text_contents()]
    assert header == headings("es")
    expect(page.get_by_role("img", name=DATA["chart"]["title"]["es"])).to_be_visible()
    # The entry is saved under the same keys as on the English page.
    assert [entry["date"] for entry in stored(page)["entries"]] == [date]


def test_a_csv_exported_from_the_english_diary_imports_on_the_spanish_diary(open_page, tmp_path):
    english = open_page(ENGLISH_DIARY)
    for date, values in DAYS.items():
        fill_entry(english, "en", date, values)
        expect(row(english, date)).to_have_count(1)
    with english.expect_download() as info:
        english.get_by_role("button", name=EN["diary_export_csv"]).click()
    download = info.value
    csv_path = tmp_path / download.suggested_filename
    download.save_as(csv_path)
    text = Path(csv_path).read_bytes().decode("utf-8")
    assert text.startswith("\ufeff" + ",".join(headings("en")[:-1])), text[:200]

    spanish = open_page(SPANISH_DIARY)
    expect(spanish.locator("#diary-empty")).to_have_text(ES["diary_empty"])
    assert stored(spanish) is None, "the Spanish page opened in a fresh profile holds a diary already"
    spanish.locator("#diary-import").set_input_files(csv_path)
    summary = ES["diary_summary_added_many"].format(count=len(DAYS))
    expect(spanish.locator("#diary-tools-status")).to_have_text(
        ES["diary_imported"].format(name=download.suggested_filename, summary=summary)
    )
    for date, (ratings, dose, notes) in DAYS.items():
        assert row_cells(spanish, date) == [*map(str, ratings), dose, notes], f"{date} is not shown as exported"
    assert stored(spanish)["entries"] == stored(english)["entries"]
