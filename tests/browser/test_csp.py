"""The Content-Security-Policy holds in a real browser, and the site still works under it.

The built site is served with each page's policy ALSO sent as an HTTP header (plus
frame-ancestors 'none', which a <meta> policy cannot carry), as a host that can send headers
would. Chromium then records every violation (securitypolicyviolation events, from a listener
added before any page script runs, and "Refused to ..." console messages): there must be none,
on any page, and the features that run scripts must work under the policy.
"""

import functools
import http.server
import re
import threading

import pytest
from helpers import PHONE, QuietHandler, page_path, site_pages

pytestmark = pytest.mark.browser

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
RECORDER = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${where})`);
});
"""


class PolicyHandler(QuietHandler):
    """Serves files; an HTML page is sent with its own <meta> policy as a header too."""

    def end_headers(self):
        path = self.translate_path(self.path)
        if path.endswith("/"):
            path += "index.html"
        if path.endswith(".html"):
            try:
                with open(path, encoding="utf-8") as page:
                    found = META.search(page.read())
            except OSError:
                found = None
            if found:
                self.send_header("Content-Security-Policy", found.group(1) + "; frame-ancestors 'none'")
        super().end_headers()


@pytest.fixture(scope="module")
def csp_url(site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PolicyHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def watched(new_page):
    """A page that records CSP violations and 'Refused to' console messages; check() returns them."""

    def make(**options):
        page = new_page(**options)
        page.add_init_script(RECORDER)
        refused = []
        page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))

        def violations():
            return page.evaluate("window.__violations || []") + refused

        page.violations = violations
        return page

    return make


def test_the_header_is_sent(site, csp_url, watched):
    page = watched()
    response = page.goto(csp_url + "/safety/")
    header = response.headers.get("content-security-policy", "")
    policy = META.search(page_path(site, "/safety/").read_text(encoding="utf-8")).group(1)
    assert header == policy + "; frame-ancestors 'none'"
    assert policy.startswith("default-src 'self'; script-src 'self' 'sha256-")


def test_no_page_breaks_its_policy(site, csp_url, watched):
    page = watched(viewport=PHONE)
    problems = []
    for url in site_pages(site):
        page.goto(csp_url + url, wait_until="load")  # deferred scripts have run by then
        page.mouse.wheel(0, 2000)  # scripts that react to scrolling run too
        page.wait_for_timeout(50)
        problems += [f"{url}: {v}" for v in page.violations()]
    assert not problems, "Content-Security-Policy violations:\n" + "\n".join(problems)


def test_the_recorder_sees_a_violation(csp_url, watched):
    """Negative twin: an inline script the policy does not allow is reported."""
    page = watched()
    page.goto(csp_url + "/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1'; "
        "document.body.append(s); }"
    )
    page.wait_for_timeout(100)
    assert not page.evaluate("window.ran")
    assert any("script-src" in v for v in page.violations())


def test_the_palette_toggle_works_under_the_policy(csp_url, watched):
    page = watched(color_scheme="light")
    page.goto(csp_url + "/")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.locator("form[data-md-component=palette] label:not([hidden])").click()
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.reload()
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"  # restored by the hashed inline script
    assert page.violations() == []


def test_accessibility_fixups_and_print_date_work_under_the_policy(csp_url, watched):
    page = watched()
    page.goto(csp_url + "/next-steps/")
    boxes = page.locator(".task-list-item > input[type=checkbox]")
    assert boxes.count() > 3
    for i in range(boxes.count()):
        label = boxes.nth(i).get_attribute("aria-label")
        assert label and label == boxes.nth(i).locator("xpath=..").inner_text().strip()
    page.emulate_media(media="print")
    page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".print-date-label").inner_text() == "Printed on"
    assert page.violations() == []


def test_copy_buttons_work_under_the_policy(csp_url, watched):
    page = watched(permissions=["clipboard-read", "clipboard-write"])
    page.goto(csp_url + "/for-clinics/")
    code = page.locator(".md-typeset pre > code").first
    page.locator(".md-typeset pre > .md-code__nav > button").first.click()
    page.wait_for_function("() => document.querySelector('[data-md-component=dialog]').textContent.trim() !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == code.inner_text().strip()
    assert page.violations() == []


def test_the_diary_works_under_the_policy(csp_url, watched, tmp_path):
    """Save one entry, see the chart, export a CSV and import it back: the diary's public UI only
    (its field labels and the ids of its buttons, table and chart)."""
    page = watched()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(csp_url + "/symptom-diary/")
    page.get_by_label("Date", exact=True).fill("2026-11-20")
    page.get_by_label("Pain", exact=True).fill("6")
    page.click("#diary-save")
    page.wait_for_selector("#diary-chart svg", state="visible")
    assert page.locator("#diary-table tbody tr").count() == 1
    with page.expect_download() as download:
        page.click("#diary-export-csv")
    csv = tmp_path / "diary.csv"
    download.value.save_as(csv)
    assert "2026-11-20" in csv.read_text(encoding="utf-8")
    page.evaluate("() => localStorage.clear()")
    page.reload()
    page.set_input_files("#diary-import", str(csv))
    page.wait_for_selector("#diary-table tbody tr")
    assert page.locator("#diary-table tbody tr").count() == 1
    assert page.violations() == []
