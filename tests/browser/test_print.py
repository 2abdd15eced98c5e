"""Pages print well: Chromium prints them to PDF on A4 and Letter; we count sheets and read the text.

Each page stays within its limit in MAX_SHEETS: four sheets for the titration page, three for the
safety page (four in Spanish, which runs about a fifth longer), and one for each handout in either
language. The paper shows the page's full address (print header) in the page's language and none
of the screen chrome (header, navigation, footer).
"""

import io
import re

import pytest
from helpers import TEST_SITE_URL
from pypdf import PdfReader

pytestmark = pytest.mark.browser

PAPER = ["A4", "Letter"]
# The long pages: a limit catches a page that grows by a sheet. The titration page prints every
# example plan in every form (three plans, three forms: with a form chosen it is one sheet less);
# the safety page holds the full safety text. Spanish runs about a fifth longer than English.
MAX_SHEETS = {
    "/titration/": 4,
    "/safety/": 3,
    "/es/titration/": 4,
    "/es/safety/": 4,
    "/handouts/dose-plan/": 1,
    "/handouts/paper-diary/": 1,
    "/es/handouts/dose-plan/": 1,
    "/es/handouts/paper-diary/": 1,
}
HANDOUTS = ["/handouts/dose-plan/", "/handouts/paper-diary/", "/es/handouts/dose-plan/", "/es/handouts/paper-diary/"]
# Text that only the screen chrome shows: the skip link and the footer's
# copyright line (in each language).
CHROME_TEXT = [
    "Skip to content",
    "Written for patients. Not a substitute",
    "Saltar a contenido",
    "Escrita para pacientes. No reemplaza",
]
# Screen chrome checked as elements: the header, the site navigation, the footer.
CHROME_SELECTORS = [".md-header", ".md-sidebar--primary", ".md-footer"]
# The site navigation lists every page; on paper it must be gone. These nav entries appear in
# no measured page's own text, and the screen version shows them all (the negative twin).
NAV_TEXT = [
    "What to expect",
    "About this guide",
    "Printable handouts",
    "Qué esperar",
    "Sobre esta guía",
    "Hojas para imprimir",
]
# What the print header says, in the page's language (overrides/locales/<lang>/common.yml).
PAPER_WORDS = {
    "en": {"latest": "Check the website for the latest version", "printed": "Printed on"},
    "es": {"latest": "Consulte el sitio web para ver la versión más reciente", "printed": "Impresa el"},
}


def language(url):
    return "es" if url.startswith("/es/") else "en"


def pdf_text(pdf, read=True):
    """(sheet count, text of every sheet with whitespace collapsed; None if not `read`)."""
    reader = PdfReader(io.BytesIO(pdf))
    if not read:
        return len(reader.pages), None
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


# The paper whose text the tests read (the other is only counted: reading a PDF costs more than printing it).
READ_ON = "A4"


@pytest.fixture(scope="module")
def printed(browser, base_url):
    """Print each measured page once per paper size; {(url, paper): (sheets, text)}, text on READ_ON only."""
    out = {}
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        for url in MAX_SHEETS:
            page = context.new_page()
            page.goto(base_url + url)
            page.emulate_media(media="print")
            for paper in PAPER:
                pdf = page.pdf(format=paper, print_background=True, prefer_css_page_size=True)
                out[url, paper] = pdf_text(pdf, read=paper == READ_ON)
            page.close()
    finally:
        context.close()
    return out


@pytest.mark.parametrize("paper", PAPER)
@pytest.mark.parametrize("url", MAX_SHEETS)
def test_page_fits_its_sheets(printed, url, paper):
    sheets, _ = printed[url, paper]
    assert 1 <= sheets <= MAX_SHEETS[url], f"{url} prints on {sheets} {paper} sheets (at most {MAX_SHEETS[url]})"


@pytest.mark.parametrize("paper", PAPER)
@pytest.mark.parametrize("url", HANDOUTS)
def test_handout_prints_on_exactly_one_sheet(printed, url, paper):
    assert printed[url, paper][0] == 1


@pytest.mark.parametrize("url", MAX_SHEETS)
def test_paper_shows_the_page_address_and_the_reminder(printed, url):
    _, text = printed[url, READ_ON]
    assert TEST_SITE_URL.rstrip("/") + url in text
    words = PAPER_WORDS[language(url)]
    assert words["latest"] in text
    assert words["printed"] in text
    other = PAPER_WORDS["es" if language(url) == "en" else "en"]
    assert other["latest"] not in text, f"{url}: the print header is in the wrong language"


@pytest.mark.parametrize("url", MAX_SHEETS)
def test_paper_shows_no_navigation_or_chrome(printed, url):
    _, text = printed[url, READ_ON]
    assert [marker for marker in CHROME_TEXT + NAV_TEXT if marker in text] == []


@pytest.mark.parametrize("url", ["/titration/", "/es/titration/"])
def test_screen_shows_the_chrome_that_paper_hides(new_page, base_url, url):
    """Negative twin: the same markers are on the screen version, so their absence on paper means something."""
    page = new_page()
    page.goto(base_url + url)
    visible = page.locator("body").inner_text()
    english, spanish = CHROME_TEXT[:2] + NAV_TEXT[:3], CHROME_TEXT[2:] + NAV_TEXT[3:]
    markers = spanish if language(url) == "es" else english
    assert [marker for marker in markers if marker not in visible] == []
    assert not page.locator(".print-header").is_visible()


@pytest.mark.parametrize(
    ("url", "note", "other"),
    [
        ("/side-effects/", "The numbered sources are listed on the web page", "Las fuentes numeradas"),
        ("/es/side-effects/", "Las fuentes numeradas están en la página web", "The numbered sources"),
    ],
)
def test_paper_says_where_the_sources_are_in_the_page_language(new_page, base_url, url, note, other):
    """The reference list is not printed; the line in its place is in the page's language."""
    page = new_page()
    page.goto(base_url + url)
    page.emulate_media(media="print")
    _, text = pdf_text(page.pdf(format="A4", print_background=True, prefer_css_page_size=True))
    assert note in text
    assert other not in text


def test_header_navigation_and_footer_are_on_screen_but_not_on_paper(new_page, base_url):
    page = new_page(viewport={"width": 1280, "height": 800})
    page.goto(base_url + "/titration/")
    on_screen = [sel for sel in CHROME_SELECTORS if page.locator(sel).first.is_visible()]
    page.emulate_media(media="print")
    on_paper = [sel for sel in CHROME_SELECTORS if page.locator(sel).first.is_visible()]
    assert on_screen == CHROME_SELECTORS
    assert on_paper == []


def test_print_header_shows_date_and_qr_code(new_page, base_url):
    page = new_page()
    page.goto(base_url + "/safety/")
    page.emulate_media(media="print")
    header = page.locator(".print-header")
    assert header.is_visible()
    assert page.locator(".print-header .print-date-label").inner_text() == "Printed on"
    # Today's date in the page's language (English here: "November 27, 2026"), written by site.js.
    assert re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", page.locator(".print-header .print-date").inner_text())
    qr = page.locator(".print-header svg.qr-code")
    assert qr.get_attribute("aria-label") == f"QR code for {TEST_SITE_URL}safety/"
    box = qr.bounding_box()
    assert box and 70 <= box["width"] <= 100  # 22 mm at 96 px per inch: big enough to scan from paper


def test_print_opens_collapsed_details(new_page, base_url):
    """A closed <details> block prints its content (checked on a page built with one)."""
    page = new_page()
    page.goto(base_url + "/titration/")
    page.evaluate(
        """() => {
            const d = document.createElement('details');
            d.innerHTML = '<summary>More</summary><p id="hidden-text">Inside the block</p>';
            document.querySelector('.md-content__inner').append(d);
        }"""
    )
    assert not page.locator("#hidden-text").is_visible()
    page.emulate_media(media="print")
    assert page.locator("#hidden-text").is_visible()


def test_external_links_print_their_address_but_internal_links_do_not(new_page, base_url):
    page = new_page()
    page.goto(base_url + "/titration/")
    page.evaluate(
        """() => {
            const p = document.createElement('p');
            p.innerHTML = '<a id="out" href="https://example.org/x">out</a> <a id="in" href="../safety/">in</a>';
            document.querySelector('.md-content__inner').append(p);
        }"""
    )
    page.emulate_media(media="print")
    after = "el => getComputedStyle(el, '::after').content"
    assert page.locator("#out").evaluate(after) == '" (https://example.org/x)"'
    assert page.locator("#in").evaluate(after) in ("none", "normal")
    assert page.locator(".headerlink").first.is_hidden()
