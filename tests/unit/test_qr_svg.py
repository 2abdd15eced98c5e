"""Unit tests for macros/qr.py: full addresses from site_url, and the inline SVG's markup."""

import re

import pytest
import segno

from macros import qr


@pytest.mark.parametrize(
    "site_url,url,expected",
    [
        ("http://127.0.0.1:8000/", "/", "http://127.0.0.1:8000/"),
        ("http://127.0.0.1:8000/", "/titration/#liquid-ldn", "http://127.0.0.1:8000/titration/#liquid-ldn"),
        ("https://clinic.example.org/ldn/", "/safety/", "https://clinic.example.org/ldn/safety/"),
        ("https://clinic.example.org/ldn", "/safety/", "https://clinic.example.org/ldn/safety/"),
    ],
)
def test_absolute_url_joins_site_url_and_path(site_url, url, expected):
    assert qr.absolute_url(site_url, url) == expected


@pytest.mark.parametrize("site_url", [None, "", "/ldn/", "clinic.example.org", "ftp://clinic.example.org/"])
def test_absolute_url_needs_an_http_site_url(site_url):
    with pytest.raises(qr.QRError, match="site_url must be an absolute http"):
        qr.absolute_url(site_url, "/")


def test_absolute_url_needs_a_site_relative_url():
    with pytest.raises(qr.QRError, match="'titration/': a site-relative URL must start with '/'"):
        qr.absolute_url("https://clinic.example.org/", "titration/")


def test_qr_svg_is_an_accessible_inline_image():
    svg = qr.qr_svg(
        "https://clinic.example.org/ldn/safety/", scale=2, label="QR code for https://clinic.example.org/ldn/safety/"
    )
    size = segno.make("https://clinic.example.org/ldn/safety/", error="m").symbol_size(scale=1, border=4)[0]
    assert svg.startswith(
        f'<svg viewBox="0 0 {size} {size}" class="qr-code" width="{2 * size}" height="{2 * size}" role="img" '
        'aria-label="QR code for https://clinic.example.org/ldn/safety/" shape-rendering="crispEdges">'
    )
    assert svg.endswith("</svg>")
    assert "<?xml" not in svg and "<script" not in svg and "http://www.w3.org" not in svg


def test_qr_svg_has_black_modules_on_a_white_background():
    svg = str(qr.qr_svg("https://clinic.example.org/", label="QR"))
    size = re.search(r'viewBox="0 0 (\d+) ', svg).group(1)
    # segno writes the colours in their short form.
    assert f'<path fill="#fff" d="M0 0h{size}v{size}h-{size}z" />' in svg
    assert '<path class="qrline" stroke="#000" d="M4 4.5h7' in svg


def test_qr_svg_escapes_the_address_in_its_label():
    url = 'https://clinic.example.org/?a=1&b="<x>"'
    svg = qr.qr_svg(url, label=f"QR code for {url}")
    assert 'aria-label="QR code for https://clinic.example.org/?a=1&amp;b=&quot;&lt;x&gt;&quot;"' in svg


@pytest.mark.parametrize("url", ["/safety/", "javascript:alert(1)", "clinic.example.org/"])
def test_qr_svg_needs_an_absolute_http_address(url):
    with pytest.raises(qr.QRError, match="a QR code needs an absolute http"):
        qr.qr_svg(url, label="QR")
