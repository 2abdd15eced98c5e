"""Browser fixtures: the built site served on localhost and Debian's Chromium via Playwright.

Browser tests never skip: if Chromium cannot start, the test fails and says why.
"""

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS, DESKTOP, serve


@pytest.fixture(scope="session")
def base_url(site):
    """The real built site, served on localhost for the session."""
    server, url = serve(site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium", pytrace=False)
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Exception as error:
            pytest.fail(f"Chromium could not start: {error}", pytrace=False)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh contexts (own storage); all are closed after the test."""
    contexts = []

    def make(viewport=DESKTOP, color_scheme="light", **options):
        context = browser.new_context(viewport=viewport, color_scheme=color_scheme, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
