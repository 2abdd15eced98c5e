"""QR codes as inline SVG, made at build time from the configured site_url."""

import functools
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import segno
from markupsafe import Markup

# Black on white in both colour schemes: scanners need dark modules on a light background.
DARK, LIGHT = "#000000", "#ffffff"
# The quiet zone the QR standard asks for, in modules.
BORDER = 4
# The data mask pattern (0-7), fixed rather than searched for (see qr_svg).
QR_MASK = 0


class QRError(ValueError):
    """A QR code cannot be made for this address."""


def absolute_url(site_url, url):
    """Join the configured site_url and a site-relative URL such as '/titration/#schedules'."""
    parts = urlsplit(site_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise QRError(f"site_url must be an absolute http(s) address, got {site_url!r}")
    if not url.startswith("/"):
        raise QRError(f"{url!r}: a site-relative URL must start with '/'")
    return site_url.rstrip("/") + "/" + url.lstrip("/")


def qr_svg(url, *, label, scale=4, css_class="qr-code"):
    """An inline SVG QR code for an absolute URL, with role="img" and an accessible name (`label`).

    The SVG keeps a viewBox, so print CSS can resize it; width and height give its screen size.
    """
    if urlsplit(url).scheme not in ("http", "https"):
        raise QRError(f"a QR code needs an absolute http(s) URL, got {url!r}")
    symbol, modules = _symbol(url)
    svg = ET.fromstring(symbol)
    size = modules * scale
    svg.attrib.update(
        {
            "class": css_class,
            "width": str(size),
            "height": str(size),
            "role": "img",
            "aria-label": label,
            # Whole modules, no anti-aliased seams between them.
            "shape-rendering": "crispEdges",
        }
    )
    return Markup(ET.tostring(svg, encoding="unicode"))


@functools.lru_cache(maxsize=512)
def _symbol(url):
    """The bare SVG of a URL's code and its size in modules, made once per process.

    The same addresses are printed in every language's build (the clinics page lists them all),
    and segno's encoding was a large share of the build time.
    """
    # A fixed mask: segno otherwise tries all eight and scores each. Any mask scans;
    # tests/browser/test_qr_decode.py decodes them with zbarimg.
    code = segno.make(url, error="m", micro=False, mask=QR_MASK)
    # scale=1 with omitsize gives one unit per module and a viewBox, without a scaling <g>.
    svg = code.svg_inline(scale=1, border=BORDER, dark=DARK, light=LIGHT, omitsize=True)
    return svg, code.symbol_size(scale=1, border=BORDER)[0]
