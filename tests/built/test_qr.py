"""QR codes, canonical links and the sitemap follow the configured site_url.

/for-clinics/ lists every live manifest URL with its full address, note and QR code; every page's
print header has a QR code of its own address. A clinic's build (SITE_URL=...) gets its own codes.
"""

import html as html_lib
import re

import pytest
from helpers import ROOT, TEST_SITE_URL, mkdocs_build, page_path

from macros.clinic import heading_id, load_manifest

CLINIC_SITE_URL = "https://clinic.example.org/ldn/"
LINKS = load_manifest(ROOT / "urls.yml")
LIVE = [link for link in LINKS if not link.redirect_to]
# Each live entry, then its translations: the order of the English clinics page.
TWINS = {link.url: [t for t in LIVE if t.source_url == link.url] for link in LIVE if not link.lang}
ORDERED = [version for link in LIVE if not link.lang for version in [link, *TWINS[link.url]]]
QR_LABEL = re.compile(r'<svg [^>]*role="img" aria-label="(?:QR code for|Código QR para) ([^"]+)"')
CODE = re.compile(r"<pre[^>]*><code>(.*?)</code></pre>", re.S)
# What the print header says, in each language.
LATEST = {
    "": "Check the website for the latest version.",
    "es": "Consulte el sitio web para ver la versión más reciente.",
}
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
PRINT_HEADER = re.compile(r'<div class="print-header".*?</div>\s*</div>', re.S)
SITEMAP_LOC = re.compile(r"<loc>([^<]+)</loc>")


def qr_labels(html):
    return [html_lib.unescape(url) for url in QR_LABEL.findall(html)]


def clinic_page(site, url="/for-clinics/"):
    """The clinics page without its print header (which has the page's own QR code)."""
    return PRINT_HEADER.sub("", page_path(site, url).read_text(encoding="utf-8"), count=1)


@pytest.fixture(scope="module")
def clinic_site(tmp_path_factory):
    """The real site built for a clinic's own address."""
    site_dir = tmp_path_factory.mktemp("clinic-site")
    result = mkdocs_build(ROOT / "mkdocs.yml", site_dir, SITE_URL=CLINIC_SITE_URL)
    assert result.returncode == 0, result.stderr[-4000:]
    return site_dir


# /for-clinics/


def test_for_clinics_has_a_qr_code_for_every_live_manifest_url_in_each_language(site):
    assert qr_labels(clinic_page(site)) == [TEST_SITE_URL + link.url.lstrip("/") for link in ORDERED]


def test_the_spanish_clinics_page_puts_the_spanish_address_first(site):
    labels = qr_labels(clinic_page(site, "/es/for-clinics/"))
    assert labels[:2] == [TEST_SITE_URL + "es/", TEST_SITE_URL]
    assert sorted(labels) == sorted(TEST_SITE_URL + link.url.lstrip("/") for link in ORDERED)


def test_for_clinics_gives_each_address_and_note_to_copy(site):
    blocks = [html_lib.unescape(block) for block in CODE.findall(clinic_page(site))]
    expected = []
    for link in ORDERED:
        full = TEST_SITE_URL + link.url.lstrip("/")
        expected += [full, f"{link.note} {full}"]
    assert blocks == expected


def test_for_clinics_links_each_entry_and_lists_no_moved_url(site):
    html = clinic_page(site)
    for link in LIVE:
        assert f'id="{heading_id(link.source_url or link.url)}"' in html
    moved = [link.url for link in LINKS if link.redirect_to]
    assert [url for url in moved if f'QR code for {TEST_SITE_URL}{url.lstrip("/")}"' in html] == []


def test_qr_codes_are_black_on_white_in_both_schemes(site):
    """The SVG paints its own white background, so the dark palette cannot put dark behind it."""
    svgs = re.findall(r"<svg [^>]*class=\"qr-code\".*?</svg>", clinic_page(site), re.S)
    assert len(svgs) == len(ORDERED)
    assert all('<path fill="#fff" d="M0 0h' in svg and 'stroke="#000"' in svg for svg in svgs)


# Every page's print header


@pytest.mark.parametrize("link", [link for link in LIVE if not link.anchor], ids=lambda link: link.url)
def test_print_header_has_the_page_address_and_its_qr_code(site, link):
    html = page_path(site, link.url).read_text(encoding="utf-8")
    header = PRINT_HEADER.search(html).group(0)
    full = TEST_SITE_URL + link.url.lstrip("/")
    assert qr_labels(header) == [full]
    assert f'<p class="print-header__url">{full}</p>' in header
    assert LATEST[link.lang] in header
    assert CANONICAL.search(html).group(1) == full


def test_print_header_has_no_script(site):
    """The print date is stamped by site.js (a file the Content-Security-Policy allows), not inline."""
    header = PRINT_HEADER.search(page_path(site, "/safety/").read_text(encoding="utf-8")).group(0)
    assert "<script" not in header and 'data-printed-label="Printed on"' in header


# A clinic's own deployment


@pytest.mark.parametrize("url", ["/", "/titration/", "/handouts/dose-plan/"])
def test_clinic_build_uses_its_own_address_for_canonical_links_and_qr_codes(clinic_site, url):
    html = page_path(clinic_site, url).read_text(encoding="utf-8")
    full = CLINIC_SITE_URL + url.lstrip("/")
    assert CANONICAL.search(html).group(1) == full
    assert qr_labels(PRINT_HEADER.search(html).group(0)) == [full]
    assert "127.0.0.1" not in html


def test_clinic_build_for_clinics_page_uses_its_own_address(clinic_site):
    html = clinic_page(clinic_site)
    assert qr_labels(html) == [CLINIC_SITE_URL + link.url.lstrip("/") for link in ORDERED]
    assert "127.0.0.1" not in html


def test_clinic_build_sitemap_lists_its_own_addresses(clinic_site):
    locs = SITEMAP_LOC.findall((clinic_site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all(loc.startswith(CLINIC_SITE_URL) for loc in locs)
    assert {CLINIC_SITE_URL + link.url.lstrip("/") for link in LIVE if not link.anchor} <= set(locs)


def test_default_build_sitemap_lists_the_default_address(site):
    """Negative twin: the same check on the default build finds the default address, not the clinic's."""
    locs = SITEMAP_LOC.findall((site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all(loc.startswith(TEST_SITE_URL) for loc in locs)
    assert not any(CLINIC_SITE_URL in loc for loc in locs)
