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
    images), and every page is loaded at both widths by the accessibility and screenshot tests.

    The pages load side by side, each in its own tab, so their waits for a quiet network overlap."""
    first = new_page(viewport=PHONE)
    context, pages = first.context, site_pages(site)
    tabs = {first: pages[0], **{context.new_page(): url for url in pages[1:]}}
    requests, failures = [], []

    def where(request):
        try:
            return tabs.get(request.frame.page, "another tab")
        except Exception:  # a request of no frame (a worker): nothing of ours makes one
            return "no page"

    context.on("request", lambda request: requests.append((where(request), request.url)))
    context.on("requestfailed", lambda request: failures.append((where(request), request.url, request.failure)))
    context.on(
        "response",
        lambda response: (
            response.status >= 400 and failures.append((where(response.request), response.url, response.status))
        ),
    )
    for tab, url in tabs.items():
        tab.goto(base_url + url, wait_until="commit")
    for tab in tabs:
        tab.wait_for_load_state("networkidle")
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
