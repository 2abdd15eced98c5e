"""Accessibility in a real browser: axe-core on every built page, and the keyboard path.

axe runs in Debian's full Chromium (the `new_chrome_page` fixture), here and wherever another
test runs it; the keyboard tests use the headless shell like the other browser tests.

Every page is checked at phone and desktop width in the light and the dark palette, with the
WCAG 2.0/2.1/2.2 A and AA rules and axe's best practices. Failures are fixed in extra.css or
in template overrides, never by switching rules off.

The two palettes differ in colour only: each page is loaded once per width in the light palette
and checked with every rule; then the system setting turns dark, the page follows it, and the
test checks that nothing but colour changed (every element keeps its box and visibility) before
axe runs its colour rules on the page and every rule on the palette toggle, the one part whose
markup changes (its other label shows). A change in the dark palette beyond colour fails the
test, so the split cannot hide a problem.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from helpers import DESKTOP, PHONE, fixture_pages, mkdocs_build, serve, site_pages, variant_project

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
# The rules whose result depends on colour: text contrast, and links told apart from text.
COLOUR_OPTIONS = {
    "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
    "resultTypes": ["violations"],
}
# Material sets the palette from prefers-color-scheme: light -> "default", dark -> "slate".
SCHEMES = {"light": "default", "dark": "slate"}
PALETTE_FORM = "form[data-md-component=palette]"
AXE_SCRIPT = Axe().axe_script

# Every element's box and visibility, outside the palette toggle (whose shown label swaps).
LAYOUT = """(skip) => [...document.querySelectorAll('body *')].filter(el => !el.closest(skip)).map(el => {
  const box = el.getBoundingClientRect(), style = getComputedStyle(el);
  return [el.tagName, el.id, Math.round(box.x), Math.round(box.y), Math.round(box.width), Math.round(box.height),
          style.display, style.visibility].join(' ');
})"""


def settle(page):
    """Wait until CSS transitions end: Material fades colours and the skip link in over 125-250 ms."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)


def run_axe(page, options=AXE_OPTIONS, context=None):
    """axe-core's violations for the page as it is (injected once per document)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate(
        "([context, options]) => axe.run(context || document, options).then(r => r.violations)", [context, options]
    )


def axe_violations(page):
    """axe-core's violations for the page once its transitions have ended (our tags only)."""
    settle(page)
    return run_axe(page)


def describe(violations, where):
    """A readable report: where, rule id, impact, help, and each failing node's selector and reason."""
    lines = []
    for violation in violations:
        lines.append(f"{where}: {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            reason = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {', '.join(map(str, node['target']))}: {reason[:300]}")
    return lines


def size(viewport):
    return f"{viewport['width']}x{viewport['height']}"


def palette_problem(page, scheme, where):
    palette = page.get_attribute("body", "data-md-color-scheme")
    if palette != SCHEMES[scheme]:
        return [f"{where}: palette is {palette!r}, expected {SCHEMES[scheme]!r} from prefers-color-scheme"]
    return []


def to_dark(page):
    """The system setting turns dark; wait until the page has switched palette and settled."""
    page.emulate_media(color_scheme="dark")
    page.wait_for_function(
        "() => document.body.getAttribute('data-md-color-scheme') === 'slate'"
        " && !document.body.hasAttribute('data-md-color-switching')",
        timeout=5000,
    )
    settle(page)


def layout_changes(light, dark):
    """The first few elements whose box or visibility differs between the two palettes."""
    if len(light) != len(dark):
        return [f"{len(light)} elements in the light palette, {len(dark)} in the dark one"]
    return [f"{a} -> {b}" for a, b in zip(light, dark, strict=True) if a != b][:5]


def check_both_palettes(page, where):
    """Problems on the loaded page (light palette), then with the system turned dark (see the module text)."""
    problems = palette_problem(page, "light", f"{where}, light palette")
    settle(page)
    light = page.evaluate(LAYOUT, PALETTE_FORM)
    problems += describe(run_axe(page), f"{where}, light palette")
    to_dark(page)
    where = f"{where}, dark palette"
    problems += palette_problem(page, "dark", where)
    changed = layout_changes(light, page.evaluate(LAYOUT, PALETTE_FORM))
    if changed:
        problems.append(f"{where}: the dark palette changes more than colour: {changed}")
    problems += describe(run_axe(page, COLOUR_OPTIONS), where)
    problems += describe(run_axe(page, context={"include": [[PALETTE_FORM]]}), f"{where}, palette toggle")
    return problems


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_page_passes_axe_in_both_palettes(site, base_url, new_chrome_page, viewport):
    page = new_chrome_page(viewport=viewport, color_scheme="light")
    problems = []
    for url in site_pages(site):
        page.emulate_media(color_scheme="light")
        page.goto(base_url + url, wait_until="load")
        problems += check_both_palettes(page, f"{url} at {size(viewport)}")
    assert not problems, "axe found accessibility problems:\n" + "\n".join(problems)


# When the page turns dark: hide the page's heading and make the paragraph after it dark grey
# (on the dark background). Both must be reported.
DARK_ONLY_FAULTS = """() => {
  const text = document.querySelector('article h1 ~ p');
  text.id = 'dark-only-fault';
  new MutationObserver((changes, observer) => {
    if (document.body.getAttribute('data-md-color-scheme') !== 'slate') return;
    observer.disconnect();
    document.querySelector('article h1').style.visibility = 'hidden';
    text.style.color = '#333333';
  }).observe(document.body, {attributes: true});
}"""


def test_the_dark_palette_check_catches_a_change_beyond_colour_and_poor_contrast(base_url, new_chrome_page):
    page = new_chrome_page(viewport=DESKTOP, color_scheme="light")
    page.goto(base_url + "/safety/", wait_until="load")
    page.evaluate(DARK_ONLY_FAULTS)
    report = "\n".join(check_both_palettes(page, "/safety/"))
    assert "/safety/, dark palette: the dark palette changes more than colour" in report
    assert "H1" in report
    assert "/safety/, dark palette: color-contrast (serious)" in report
    assert "#dark-only-fault" in report
    assert "light palette" not in report, report


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_drawer_passes_axe(base_url, new_chrome_page, scheme):
    """The navigation drawer (phone), opened, passes axe too."""
    page = new_chrome_page(viewport=PHONE, color_scheme=scheme)
    page.goto(base_url + "/", wait_until="load")
    page.click("label.md-header__button[for='__drawer']")
    page.wait_for_selector(".md-nav--primary .md-nav__link[href$='safety/']", state="visible")
    problems = describe(axe_violations(page), f"/ at {size(PHONE)}, {scheme} palette, drawer open")
    assert not problems, "axe found accessibility problems:\n" + "\n".join(problems)


def test_axe_helper_catches_an_image_without_alt_text(tmp_path, chrome):
    config = variant_project(tmp_path / "project", fixture_pages("a11y-violation"))
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-4000:]
    server, url = serve(tmp_path / "site")
    try:
        context = chrome.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.goto(url + "/", wait_until="load")
        report = "\n".join(describe(axe_violations(page), "/ at desktop"))
        context.close()
    finally:
        server.shutdown()
    assert "/ at desktop: image-alt (critical)" in report
    assert "#pill-without-alt" in report


# --- Keyboard -------------------------------------------------------------------------------

# Material's palette toggle is a hidden radio input whose <label> (the icon) draws the focus.
FOCUSED = """() => {
  const el = document.activeElement;
  const drawn = el.classList.contains('md-option') && el.nextElementSibling ? el.nextElementSibling : el;
  const style = getComputedStyle(drawn);
  const box = drawn.getBoundingClientRect();
  return {
    tag: el.tagName, text: (el.innerText || el.getAttribute('aria-label') || el.title || '').trim(),
    cls: String(el.className), name: el.getAttribute('name') || '', href: el.getAttribute('href') || '',
    id: el.id, outline: style.outlineStyle, outlineWidth: style.outlineWidth, shadow: style.boxShadow,
    parents: [...document.querySelectorAll(':focus-within')].map(e => String(e.className)).join(' '),
    visible: box.width > 0 && box.height > 0 && style.opacity !== '0' && style.visibility !== 'hidden'
      && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
  };
}"""


def focus_is_drawn(focused):
    """True if the focused element shows a focus ring: an outline or a box-shadow."""
    outline = focused["outline"] not in ("none", "") and focused["outlineWidth"] not in ("0px", "")
    return outline or focused["shadow"] not in ("none", "")


def tab_through(page, presses):
    """Press Tab `presses` times; return what had focus after each press."""
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        settle(page)
        stops.append(page.evaluate(FOCUSED))
    return stops


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_first_tab_focuses_a_visible_skip_link(base_url, new_page, viewport):
    page = new_page(viewport=viewport)
    page.goto(base_url + "/safety/", wait_until="load")
    page.keyboard.press("Tab")
    settle(page)
    focused = page.evaluate(FOCUSED)
    assert focused["tag"] == "A" and "md-skip" in focused["cls"], f"first Tab focused {focused}"
    assert focused["text"] == "Skip to content"
    assert focused["visible"], f"the skip link is focused but not visible: {focused}"
    assert focus_is_drawn(focused), f"the skip link has no focus ring: {focused}"
    target = focused["href"].split("#", 1)[1]
    assert page.locator(f"#{target}").count() == 1, f"the skip link points to a missing #{target}"


def test_main_controls_are_reachable_by_tab_with_visible_focus(base_url, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(base_url + "/", wait_until="load")
    stops = tab_through(page, 40)
    controls = {
        "palette toggle": any(s["name"] == "__palette" for s in stops),
        "a nav link to /safety/": any(s["tag"] == "A" and s["href"].endswith("safety/") for s in stops),
        "a link in the article": any(s["tag"] == "A" and "md-typeset" in s["parents"] for s in stops),
    }
    missing = [name for name, reached in controls.items() if not reached]
    assert not missing, (
        f"not reachable in 40 Tabs: {missing}; focus went to {[(s['tag'], s['text'][:30]) for s in stops]}"
    )
    undrawn = [(s["tag"], s["text"][:40]) for s in stops if not focus_is_drawn(s)]
    assert not undrawn, f"focused without a visible focus ring (outline or box-shadow): {undrawn}"
    hidden = [(s["tag"], s["text"][:40]) for s in stops if not s["visible"]]
    assert not hidden, f"focus went to something off screen or invisible: {hidden}"
