"""Privacy in a real browser: no page makes Chromium fetch anything from another origin.

The site test (tests/built/test_third_party.py) reads the HTML; this one records what the
browser really requests once scripts have run (fonts, icons, favicons, anything a script fetches).
"""

from urllib.parse import urlsplit

import pytest
from helpers import DESKTOP, PHONE, site_pages

pytestmark = pytest.mark.browser
# Not network fetches: inline data and objects made by the page's own scripts.
LOCAL_SCHEMES = ("data", "blob", "about")


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_no_page_requests_another_origin(site, base_url, new_page):
    """Once, at phone width: no page loads anything by screen size (no media-specific files or
    images), and every page is loaded at both widths by the accessibility and screenshot tests."""
    page = new_page(viewport=PHONE)
    requests, failures, current = [], [], [None]
    page.context.on("request", lambda request: requests.append((current[0], request.url)))
    page.context.on("requestfailed", lambda request: failures.append((current[0], request.url, request.failure)))
    page.context.on(
        "response",
        lambda response: response.status >= 400 and failures.append((current[0], response.url, response.status)),
    )
    pages = site_pages(site)
    for url in pages:
        current[0] = url
        page.goto(base_url + url, wait_until="networkidle")
    own = origin(base_url)
    foreign = sorted(
        {(where, url) for where, url in requests if urlsplit(url).scheme not in LOCAL_SCHEMES and origin(url) != own}
    )
    assert not foreign, "requests to another origin:\n" + "\n".join(f"  {where}: {url}" for where, url in foreign)
    assert not failures, "failed requests:\n" + "\n".join(f"  {where}: {url} ({why})" for where, url, why in failures)
    assert {where for where, _ in requests} == set(pages), "some pages made no request at all"


def test_the_recorder_catches_a_request_to_another_origin(base_url, new_page):
    """The listener sees requests made by scripts after load, not only those in the HTML.

    The site's Content-Security-Policy would stop this fetch before it is sent (connect-src
    'none'), so this check of the recorder itself runs with the policy bypassed.
    """
    page = new_page(viewport=DESKTOP, bypass_csp=True)
    seen = []
    page.context.on("request", lambda request: seen.append(request.url))
    # Block it at the browser so the test never reaches the network.
    page.context.route("http://third-party.invalid/**", lambda route: route.abort())
    page.goto(base_url + "/", wait_until="networkidle")
    page.evaluate("() => fetch('http://third-party.invalid/pixel.gif').catch(() => null)")
    assert "http://third-party.invalid/pixel.gif" in seen
