"""The QR codes scan: Chromium draws them, zbarimg decodes the screenshot, and out comes the URL.

Checked on /for-clinics/ in the light and the dark palette (the code keeps its white background),
in the print header on paper. Also the copy buttons Material adds to each address and note.
"""

import subprocess

import pytest
from helpers import ROOT, TEST_SITE_URL

from macros.clinic import heading_id, load_manifest

pytestmark = pytest.mark.browser

LIVE = [link for link in load_manifest(ROOT / "urls.yml") if not link.redirect_to]


def decode(png_path):
    """The text zbarimg reads from a PNG, or '' when it finds no code."""
    result = subprocess.run(["zbarimg", "--raw", "-q", str(png_path)], capture_output=True, text=True)
    return result.stdout.strip()


def qr_of(page, heading):
    """The QR code that follows the /for-clinics/ heading with id `heading`."""
    return page.locator(f"h3#{heading} + .clinic-link svg.qr-code")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("clinics", "url"),
    [
        ("/for-clinics/", "/titration/#liquid-ldn"),
        ("/for-clinics/", "/safety/"),
        ("/es/for-clinics/", "/es/titration/#liquid-ldn"),
        ("/es/for-clinics/", "/es/safety/"),
    ],
)
def test_for_clinics_qr_code_decodes_to_its_url(new_page, base_url, tmp_path, scheme, clinics, url):
    """The first code under each heading is the page's own language: English on /for-clinics/, Spanish on /es/."""
    page = new_page(color_scheme=scheme)
    page.goto(base_url + clinics)
    code = qr_of(page, heading_id(url.removeprefix("/es")))
    png = tmp_path / "qr.png"
    code.screenshot(path=str(png))
    assert decode(png) == TEST_SITE_URL + url.lstrip("/")


def test_a_blank_picture_decodes_to_nothing(new_page, base_url, tmp_path):
    """Negative twin: the decoder does not invent a URL from the page around the code."""
    page = new_page()
    page.goto(base_url + "/for-clinics/")
    png = tmp_path / "title.png"
    page.locator("h1").screenshot(path=str(png))
    assert decode(png) == ""


@pytest.mark.parametrize("url", ["/handouts/paper-diary/", "/es/handouts/paper-diary/"])
def test_print_header_qr_code_decodes_to_the_page_url(new_page, base_url, tmp_path, url):
    page = new_page(device_scale_factor=2)
    page.goto(base_url + url)
    page.emulate_media(media="print")
    png = tmp_path / "header.png"
    page.locator(".print-header svg.qr-code").screenshot(path=str(png))
    assert decode(png) == TEST_SITE_URL + url.lstrip("/")


def test_each_address_and_note_has_a_copy_button(new_page, base_url):
    page = new_page()
    page.goto(base_url + "/for-clinics/")
    buttons = page.locator('.clinic-link button[data-md-type="copy"]')
    assert buttons.count() == 2 * len(LIVE)
    assert buttons.first.get_attribute("title") == "Copy to clipboard"


def test_the_copy_button_copies_the_note_with_its_address(new_page, base_url):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(base_url + "/for-clinics/")
    note = next(link.note for link in LIVE if link.url == "/titration/#liquid-ldn")
    page.locator(f'h3#{heading_id("/titration/#liquid-ldn")} + .clinic-link button[data-md-type="copy"]').nth(1).click()
    page.wait_for_function("() => navigator.clipboard.readText().then(text => text.length > 0)")
    assert page.evaluate("navigator.clipboard.readText()") == f"{note} {TEST_SITE_URL}titration/#liquid-ldn"
