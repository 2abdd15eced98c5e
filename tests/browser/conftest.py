"""Browser fixtures: the built site served on localhost and Debian's Chromium via Playwright.

Browser tests never skip: if Chromium cannot start, the test fails and says why.
`new_page` opens pages in Chromium's headless shell; `new_chrome_page` in the full browser,
where axe runs (tests/helpers.py says why there are two).
"""

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS, DESKTOP, HEADLESS_SHELL, serve


@pytest.fixture(scope="session")
def base_url(site):
    """The real built site, served on localhost for the session."""
    server, url = serve(site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


def launch(playwright, executable):
    """Start one of Debian's Chromium builds, or fail the test saying what is wrong."""
    if not executable.exists():
        pytest.fail(
            f"{executable} is missing: run `make test`, which installs Debian's chromium and chromium-headless-shell",
            pytrace=False,
        )
    try:
        return playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
    except Exception as error:
        pytest.fail(f"{executable} could not start: {error}", pytrace=False)


@pytest.fixture(scope="session")
def browser(playwright):
    """Debian's Chromium headless shell, driven by Playwright."""
    browser = launch(playwright, HEADLESS_SHELL)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def chrome(playwright):
    """Debian's full Chromium browser, driven by Playwright (headless)."""
    browser = launch(playwright, CHROMIUM)
    yield browser
    browser.close()


def page_opener(browser):
    """make(viewport, color_scheme, **options) -> a page in a fresh context (own storage); close() closes them all."""
    contexts = []

    def make(viewport=DESKTOP, color_scheme="light", **options):
        context = browser.new_context(viewport=viewport, color_scheme=color_scheme, **options)
        contexts.append(context)
        return context.new_page()

    def close():
        for context in contexts:
            context.close()

    return make, close


@pytest.fixture
def new_page(browser):
    """Open pages in fresh contexts of the headless shell; all are closed after the test."""
    make, close = page_opener(browser)
    yield make
    close()


@pytest.fixture
def new_chrome_page(chrome):
    """Open pages in fresh contexts of the full browser; all are closed after the test."""
    make, close = page_opener(chrome)
    yield make
    close()
