"""Reading on a phone: the answer comes first, and folded detail opens from the keyboard.

At 390 x 844 CSS px (a common phone), the Key points box of every content page starts on the
first screen, with its first bullet in full view. Each page's length in phone screens is printed
(run with -s); the aim of about six screens is a writing guide, not a test.
"""

import pytest
from helpers import CONTENT_PAGES, PHONE

pytestmark = pytest.mark.browser

KEY_POINTS = "article div.admonition:has(> p.admonition-title:text-is('Key points'))"


@pytest.mark.parametrize("url", CONTENT_PAGES)
def test_key_points_start_on_the_first_phone_screen(new_page, base_url, url):
    page = new_page(viewport=PHONE)
    page.goto(base_url + url)
    box = page.locator(KEY_POINTS)
    assert box.count() == 1, f"{url}: {box.count()} Key points boxes"
    top = box.bounding_box()["y"]
    first = box.locator("li").first.bounding_box()
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"{url}: Key points at {top:.0f} px; page {height / PHONE['height']:.1f} phone screens")
    assert 0 <= top < PHONE["height"], f"{url}: Key points start at {top:.0f} px, below the first screen"
    assert first["y"] + first["height"] <= PHONE["height"], f"{url}: the first key point is cut off on a phone"


def test_the_check_would_catch_key_points_pushed_below_the_first_screen(new_page, base_url):
    """Negative twin: a tall block before the box moves it off the first screen, and the measure sees it."""
    page = new_page(viewport=PHONE)
    page.goto(base_url + "/safety/")
    page.evaluate("document.querySelector('article h1').style.marginBottom = '900px'")
    assert page.locator(KEY_POINTS).bounding_box()["y"] >= PHONE["height"]


def test_a_folded_plan_opens_from_the_keyboard(new_page, base_url):
    page = new_page(viewport=PHONE)
    page.goto(base_url + "/titration/")
    details = page.locator("article details:has(.dose-schedule)").first
    assert details.get_attribute("open") is None, "the other plans should start folded"
    summary = details.locator("summary")
    summary.focus()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert details.get_attribute("open") is not None
    assert details.locator(".dose-schedule").is_visible()
