"""The headless shell draws every page as the full browser does.

Most browser tests run in Debian's Chromium headless shell, axe in the full browser
(tests/helpers.py says why). Both are builds of one Chromium, but they are two programs. So
every page is loaded in each at phone and desktop width, in the light and the dark palette, and
every element must have the same box, display, visibility, colours and font in both. If the two
ever part, this test names the page and the elements, and the shell's results no longer stand
for the browser's.
"""

import pytest
from helpers import DESKTOP, PHONE, site_pages
from test_a11y import settle, to_dark

pytestmark = pytest.mark.browser

# Every element of the page as drawn: tag, id, first class, box, and the styles a reader sees.
DRAWN = """() => [...document.querySelectorAll('body *')].map(el => {
  const box = el.getBoundingClientRect(), style = getComputedStyle(el);
  return [el.tagName, el.id, String(el.className).split(' ')[0],
          Math.round(box.x), Math.round(box.y), Math.round(box.width), Math.round(box.height),
          style.display, style.visibility, style.color, style.backgroundColor,
          style.fontFamily, style.fontSize, style.fontWeight].join(' ');
})"""


def drawn(page, url):
    page.goto(url, wait_until="load")
    settle(page)
    return page.evaluate(DRAWN)


def differences(shell, full, where):
    """The first few elements drawn differently by the shell and by the full browser."""
    if len(shell) != len(full):
        return [f"{where}: {len(shell)} elements in the headless shell, {len(full)} in the full browser"]
    changed = [f"{a} -> {b}" for a, b in zip(shell, full, strict=True) if a != b][:5]
    return [f"{where}: shell -> full browser: {change}" for change in changed]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_page_is_drawn_the_same_in_the_shell_and_the_full_browser(
    site, base_url, new_page, new_chrome_page, viewport
):
    shell, full = new_page(viewport=viewport), new_chrome_page(viewport=viewport)
    problems = []
    for url in site_pages(site):
        for page in (shell, full):
            page.emulate_media(color_scheme="light")
        where = f"{url} at {viewport['width']}px"
        problems += differences(drawn(shell, base_url + url), drawn(full, base_url + url), where)
        # The dark palette too: the system setting changes, the pages follow it without a reload.
        for page in (shell, full):
            to_dark(page)
        problems += differences(shell.evaluate(DRAWN), full.evaluate(DRAWN), where + ", dark")
    assert not problems, "the two Chromium builds draw pages differently:\n" + "\n".join(problems)


def test_a_one_pixel_difference_is_reported(base_url, new_page, new_chrome_page):
    shell, full = new_page(viewport=PHONE), new_chrome_page(viewport=PHONE)
    url = base_url + "/safety/"
    assert not differences(drawn(shell, url), drawn(full, url), "/safety/")
    shell.evaluate("() => { document.querySelector('article h1').style.marginLeft = '1px'; }")
    report = "\n".join(differences(shell.evaluate(DRAWN), drawn(full, url), "/safety/"))
    assert "/safety/: shell -> full browser: H1" in report, report


def test_the_shell_and_the_full_browser_are_the_same_chromium(browser, chrome):
    assert browser.version == chrome.version, (
        f"the headless shell is Chromium {browser.version}, the full browser {chrome.version}:"
        " install the same version of Debian's chromium and chromium-headless-shell"
    )
