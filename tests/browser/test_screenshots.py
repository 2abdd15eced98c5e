"""Pictures of every page at phone and desktop width, and checks that nothing renders blank.

Screenshots go to test-artifacts/screenshots/ (gitignored) for a person to look through: the
whole page at phone width (JPEG), the first screen at desktop width (PNG; a full-page capture
at 1280 px costs 2-5 s a page in software rendering).
A page fails if its first screen is (nearly) one colour, if its article has no visible text,
or if it scrolls sideways at phone width.
"""

import base64

import pytest
from helpers import DESKTOP, PHONE, ROOT, site_pages

pytestmark = pytest.mark.browser
SHOTS = ROOT / "test-artifacts" / "screenshots"
# Share of the first screen that must differ from its most common colour.
MIN_INK = 0.01
MIN_ARTICLE_TEXT = 40
NARROWEST = {"width": 320, "height": 640}  # WCAG 1.4.10: content reflows at 320 CSS pixels
MIN_404_TEXT = 10  # Material's 404 page says only "404 - Not found"

# Decode a PNG in the browser (no image library needed): distinct colours and the share of
# pixels that are not the most common colour, on a grid of every 4th pixel.
INK = """async (png) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + png;
  await img.decode();
  const canvas = new OffscreenCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  const counts = new Map();
  let total = 0;
  for (let y = 0; y < img.height; y += 4) for (let x = 0; x < img.width; x += 4) {
    const i = (y * img.width + x) * 4;
    const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
    total++;
  }
  return {colours: counts.size, ink: 1 - Math.max(...counts.values()) / total};
}"""

ARTICLE = """() => {
  const article = document.querySelector('article.md-content__inner');
  if (!article) return {text: 0, height: 0};
  const box = article.getBoundingClientRect();
  const style = getComputedStyle(article);
  const shown = style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
  return {text: shown ? article.innerText.trim().length : 0, height: box.height};
}"""

OVERFLOW = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1)
    .filter(el => !el.closest('.md-typeset__scrollwrap, pre, .md-sidebar, .md-skip'))
    .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''));
  return {scroll: root.scrollWidth, client: root.clientWidth, wide};
}"""


def shot_name(url, width, kind="png"):
    name = url.strip("/").replace("/", "--").replace(".html", "") or "home"
    return f"{name}-{width}.{kind}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_page_renders_and_fits(site, base_url, new_page, viewport):
    page = new_page(viewport=viewport)
    decoder = page.context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for url in site_pages(site):
        page.goto(base_url + url, wait_until="load")
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)
        where = f"{url} at {viewport['width']}x{viewport['height']}"
        first = page.screenshot()
        if viewport is PHONE:  # the whole page, for a person to look through (JPEG: quicker to make)
            page.screenshot(path=str(SHOTS / shot_name(url, viewport["width"], "jpg")), full_page=True, quality=80)
        else:
            (SHOTS / shot_name(url, viewport["width"])).write_bytes(first)
        first_screen = decoder.evaluate(INK, base64.b64encode(first).decode())
        if first_screen["colours"] < 2 or first_screen["ink"] < MIN_INK:
            problems.append(
                f"{where}: first screen is blank ({first_screen['colours']} colours, {first_screen['ink']:.2%} ink)"
            )
        article = page.evaluate(ARTICLE)
        if article["text"] < (MIN_404_TEXT if url == "/404.html" else MIN_ARTICLE_TEXT) or article["height"] <= 0:
            problems.append(
                f"{where}: the article shows no text ({article['text']} characters, {article['height']:.0f}px high)"
            )
        if viewport is PHONE:
            fit = page.evaluate(OVERFLOW)
            if fit["scroll"] > fit["client"]:
                problems.append(
                    f"{where}: scrolls sideways ({fit['scroll']}px wide in {fit['client']}px); too wide: {fit['wide']}"
                )
    assert not problems, f"rendering problems (screenshots in {SHOTS.relative_to(ROOT)}):\n" + "\n".join(problems)


def test_every_page_reflows_at_320_css_pixels(site, base_url, new_page):
    """WCAG 1.4.10 Reflow: at 320 CSS px (1280 px zoomed to 400%) no page scrolls sideways.

    Wide tables may scroll inside their own box (the criterion exempts data tables)."""
    page = new_page(viewport=NARROWEST)
    problems = []
    for url in site_pages(site):
        page.goto(base_url + url, wait_until="load")
        fit = page.evaluate(OVERFLOW)
        if fit["scroll"] > fit["client"]:
            problems.append(f"{url} at 320px: scrolls sideways ({fit['scroll']}px wide); too wide: {fit['wide']}")
    assert not problems, "\n".join(problems)


def test_blank_check_catches_a_blank_page(base_url, new_page):
    """The same checks fail a page whose content is hidden, and a screen of one colour."""
    page = new_page(viewport=PHONE)
    page.goto(base_url + "/", wait_until="networkidle")
    # Styles set through the DOM (the Content-Security-Policy refuses <style> elements added later).
    page.evaluate("() => { document.querySelector('article.md-content__inner').style.visibility = 'hidden'; }")
    assert page.evaluate(ARTICLE)["text"] == 0
    page.evaluate(
        "() => { document.body.style.visibility = 'hidden'; document.documentElement.style.background = '#fff'; }"
    )
    blank = page.evaluate(INK, base64.b64encode(page.screenshot()).decode())
    assert blank["colours"] == 1 and blank["ink"] == 0


def test_overflow_check_catches_a_page_too_wide_for_a_phone(base_url, new_page):
    page = new_page(viewport=PHONE)
    page.goto(base_url + "/", wait_until="networkidle")
    page.evaluate(
        "() => { const p = document.createElement('p'); p.style.width = '900px'; p.className = 'too-wide'; "
        "p.textContent = 'x'; document.querySelector('article').append(p); }"
    )
    fit = page.evaluate(OVERFLOW)
    assert fit["scroll"] > fit["client"] and "p.too-wide" in fit["wide"]
