"""What the site's own script (overrides/assets/javascripts/site.js) does, in Chromium at phone and
desktop width: the palette toggle, the navigation drawer (also with JavaScript off), back-to-top,
copy buttons, the table of contents, the print date and glossary terms by touch, keyboard and
mouse. Material's bundle is not loaded; these are the features it used to provide.
"""

import datetime as dt
import json

import pytest
from helpers import DESKTOP, PHONE
from test_a11y import axe_violations, describe, settle

pytestmark = pytest.mark.browser

VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
# Material's key for the palette: the site's path + ".__palette" (here the site is served at /).
PALETTE_KEY = "/.__palette"
DRAWER_OPEN = "document.getElementById('__drawer').checked"


def scheme(page):
    return page.get_attribute("body", "data-md-color-scheme")


def stored(page):
    value = page.evaluate(f"localStorage.getItem('{PALETTE_KEY}')")
    return json.loads(value) if value else None


def click_palette_toggle(page):
    """Click the one visible palette label (the icon in the header)."""
    page.locator("form[data-md-component=palette] label:not([hidden])").click()
    settle(page)


# --- Palette ----------------------------------------------------------------------------------


@VIEWPORTS
def test_the_palette_follows_the_system_until_the_reader_chooses(base_url, new_page, viewport):
    page = new_page(viewport=viewport, color_scheme="dark")
    page.goto(base_url + "/safety/")
    assert scheme(page) == "slate"
    assert page.locator("form[data-md-component=palette] label:not([hidden])").count() == 1
    page.emulate_media(color_scheme="light")  # the system setting changes while the page is open
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'default'")
    assert stored(page) is None

    click_palette_toggle(page)  # an explicit choice: dark while the system is light
    assert scheme(page) == "slate"
    assert stored(page)["index"] == 1 and stored(page)["color"]["scheme"] == "slate"
    page.goto(base_url + "/handouts/dose-plan/")  # the same choice on every page of the site
    assert scheme(page) == "slate"
    page.emulate_media(color_scheme="dark")
    page.emulate_media(color_scheme="light")
    assert scheme(page) == "slate", "an explicit choice must survive a change of the system setting"

    click_palette_toggle(page)  # back to the system's own palette: follow the system again
    assert scheme(page) == "default"
    assert stored(page) is None


def test_a_choice_saved_by_materials_script_still_applies(base_url, new_page):
    """Readers who chose a palette before this script replaced Material's keep their choice."""
    page = new_page(color_scheme="light")
    page.goto(base_url + "/")
    saved = {
        "index": 1,
        "color": {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "custom", "accent": "custom"},
    }
    page.evaluate(f"localStorage.setItem('{PALETTE_KEY}', {json.dumps(json.dumps(saved))})")
    page.goto(base_url + "/sweating/")
    assert scheme(page) == "slate"
    assert page.evaluate("document.getElementById('__palette_1').checked")


def test_the_palette_toggle_works_by_keyboard(base_url, new_page):
    page = new_page(color_scheme="light")
    page.goto(base_url + "/")
    page.focus("#__palette_0")
    page.keyboard.press("Enter")
    settle(page)
    assert scheme(page) == "slate"
    assert page.evaluate("document.activeElement.id") == "__palette_1"


# --- Drawer -----------------------------------------------------------------------------------


def drawer_shown(page, javascript=True):
    """True if the navigation drawer is on screen (it slides in from the left in 0.25 s)."""
    if javascript:
        settle(page)
    else:
        page.wait_for_timeout(600)  # no script runs in the page, so no waiting for its animations
    box = page.locator(".md-sidebar--primary").bounding_box()
    return box["x"] + box["width"] > 10


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_drawer_opens_and_closes_on_a_phone(base_url, new_page, javascript):
    page = new_page(viewport=PHONE, java_script_enabled=javascript)
    page.goto(base_url + "/safety/")
    assert not drawer_shown(page, javascript)
    page.click("label.md-header__button[for='__drawer']")
    assert drawer_shown(page, javascript)
    link = page.locator(".md-nav--primary a.md-nav__link[href$='sweating/']")
    box = link.bounding_box()
    assert box and 0 <= box["x"] < PHONE["width"], "the drawer's links are not on screen"
    page.mouse.click(PHONE["width"] - 10, PHONE["height"] // 2)  # the shaded page beside the drawer
    assert not drawer_shown(page, javascript)
    page.click("label.md-header__button[for='__drawer']")
    link.click()
    page.wait_for_url("**/sweating/")
    assert page.locator("h1").inner_text().startswith("Sweating")


def test_escape_closes_the_drawer(base_url, new_page):
    page = new_page(viewport=PHONE)
    page.goto(base_url + "/")
    page.click("label.md-header__button[for='__drawer']")
    assert page.evaluate(DRAWER_OPEN)
    page.keyboard.press("Escape")
    assert not page.evaluate(DRAWER_OPEN)
    assert not drawer_shown(page)


def test_a_nested_section_opens_by_keyboard(base_url, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(base_url + "/")
    label = page.locator(".md-nav--primary label.md-nav__link[tabindex]").first
    toggle = label.get_attribute("for")
    label.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(f"document.getElementById('{toggle}').checked")
    assert page.get_attribute(f"[aria-labelledby='{label.get_attribute('id')}']", "aria-expanded") == "true"


# --- Back to top, table of contents, header title ---------------------------------------------


@VIEWPORTS
def test_back_to_top_appears_when_scrolling_up_and_goes_to_the_top(base_url, new_page, viewport):
    page = new_page(viewport=viewport)
    page.goto(base_url + "/safety/")
    button = page.locator("button.md-top")
    assert button.get_attribute("hidden") is not None
    page.mouse.wheel(0, 3000)
    page.wait_for_function("() => scrollY > 2000")
    assert button.get_attribute("hidden") is not None, "shown while scrolling down"
    page.mouse.wheel(0, -400)
    page.wait_for_function("() => !document.querySelector('button.md-top').hidden")
    settle(page)
    button.click()
    page.wait_for_function("() => scrollY === 0")
    page.wait_for_function("() => document.querySelector('button.md-top').hidden")


def test_the_table_of_contents_marks_the_section_being_read(base_url, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(base_url + "/next-steps/")
    links = page.locator(".md-sidebar--secondary [data-md-component=toc] a.md-nav__link")
    assert page.locator(".md-sidebar--secondary .md-nav__link--active").count() == 0
    target = links.nth(3).get_attribute("href")
    page.evaluate(f"document.getElementById('{target[1:]}').scrollIntoView()")
    page.wait_for_function(
        "() => document.querySelector('.md-sidebar--secondary a.md-nav__link--active')?.getAttribute('href')"
        f" === '{target}'"
    )
    assert page.locator(".md-sidebar--secondary .md-nav__link--passed").count() == 3
    assert "md-header__title--active" in page.get_attribute("[data-md-component=header-title]", "class")


# --- Copy buttons -----------------------------------------------------------------------------


@VIEWPORTS
def test_copy_buttons_copy_their_block(base_url, new_page, viewport):
    page = new_page(viewport=viewport, permissions=["clipboard-read", "clipboard-write"])
    page.goto(base_url + "/for-clinics/")
    blocks = page.locator(".md-typeset pre > code")
    buttons = page.locator(".md-typeset pre > .md-code__nav > button.md-code__button[data-md-type=copy]")
    assert buttons.count() == blocks.count() > 10
    assert buttons.first.get_attribute("aria-label") == "Copy to clipboard"
    buttons.nth(3).click()
    page.wait_for_function("() => navigator.clipboard.readText().then(text => text.length > 0)")
    assert page.evaluate("navigator.clipboard.readText()") == blocks.nth(3).inner_text().strip()
    dialog = page.locator("[data-md-component=dialog]")
    assert dialog.get_attribute("role") == "status"
    assert dialog.inner_text().strip() == "Copied to clipboard"


# --- Print date -------------------------------------------------------------------------------


def test_paper_shows_the_date_it_was_printed(base_url, new_page):
    page = new_page()
    page.goto(base_url + "/titration/")
    before = dt.date.today()
    page.emulate_media(media="print")
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
    printed = page.locator(".print-date").inner_text()
    days = {before, dt.date.today()}  # the same day, unless the test runs across midnight
    assert page.locator(".print-date-label").inner_text() == "Printed on"
    assert printed in {f"{day:%B} {day.day}, {day.year}" for day in days}


# --- Glossary terms ---------------------------------------------------------------------------


def first_term(page):
    return page.locator(".md-content abbr.glossary-term").first


def tooltip_of(page, term):
    return page.locator(f"#{term.get_attribute('aria-describedby')}")


def test_a_tap_on_a_glossary_term_shows_its_definition(base_url, new_chrome_page):
    page = new_chrome_page(viewport=PHONE, has_touch=True, is_mobile=True)  # axe runs below: the full browser
    page.goto(base_url + "/next-steps/")
    term = page.locator(".md-content abbr.glossary-term", has_text="opioid").first
    tip = tooltip_of(page, term)
    assert tip.get_attribute("role") == "tooltip"
    assert not tip.is_visible()
    term.scroll_into_view_if_needed()
    term.tap()
    assert tip.is_visible()
    assert tip.inner_text().startswith("a strong painkiller")
    box, screen = tip.bounding_box(), page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= screen["width"], "the definition runs off the screen"
    settle(page)
    problems = describe(axe_violations(page), "/next-steps/ with a definition open")
    assert not problems, "\n".join(problems)
    page.touchscreen.tap(10, PHONE["height"] - 10)  # a tap elsewhere closes it
    assert not tip.is_visible()
    term.tap()
    assert tip.is_visible()
    term.tap()  # a second tap on the term closes it too
    assert not tip.is_visible()


def test_glossary_terms_open_by_keyboard_and_hover_and_close_with_escape(base_url, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(base_url + "/next-steps/")
    term = first_term(page)
    tip = tooltip_of(page, term)
    assert term.get_attribute("tabindex") == "0" and term.get_attribute("title") is None
    term.focus()
    assert tip.is_visible()
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    term.blur()
    term.hover()
    assert tip.is_visible()
    page.mouse.move(5, 5)
    page.wait_for_timeout(400)
    assert not tip.is_visible()


def test_terms_inside_links_keep_their_title_and_stay_links(base_url, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(base_url + "/for-clinics/")
    inside = page.locator(".md-content a abbr")
    assert inside.count() > 0
    assert inside.first.get_attribute("title") and inside.first.get_attribute("tabindex") is None


def test_paper_shows_no_definitions(base_url, new_page):
    page = new_page()
    page.goto(base_url + "/next-steps/")
    first_term(page).focus()
    page.emulate_media(media="print")
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".glossary-tip:visible").count() == 0
