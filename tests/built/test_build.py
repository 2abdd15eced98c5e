"""The real site builds strictly, every contract URL has its page, and no template text leaks."""

import html as html_lib
import re

import pytest
import yaml
from helpers import ROOT, page_path

from macros import rawhtml

MANIFEST = yaml.safe_load((ROOT / "urls.yml").read_text(encoding="utf-8"))
# A moved page keeps its old URL in the manifest with `redirect_to`; test_manifest checks those.
CONTRACT_PAGES = [(entry["url"], entry["title"]) for entry in MANIFEST["pages"] if "redirect_to" not in entry]
# The markers of macros' raw HTML (macros/rawhtml.py) are taken out by Markdown: none may be left.
LEAKS = (
    "Macro Rendering Error",
    "{{",
    "}}",
    "{%",
    "%}",
    rawhtml.START,
    rawhtml.END,
    rawhtml.INLINE_START,
    rawhtml.INLINE_END,
)
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
TAG = re.compile(r"<[^>]+>")
# Material's inline config, our scripts and the stylesheets inside each page (hooks/html.py)
# legitimately contain braces.
SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)


def text_of(pattern, html):
    """Plain text of the first match of `pattern` (tags and the permalink mark removed)."""
    match = pattern.search(html)
    return html_lib.unescape(TAG.sub("", match.group(1))).replace("¶", "").strip() if match else None


def find_leaks(site):
    """(page, leaked text) for every built page that shows Jinja or a macro error."""
    return [
        (str(page.relative_to(site)), leak)
        for page in sorted(site.rglob("*.html"))
        for leak in LEAKS
        if leak in SCRIPT.sub("", page.read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize("url,title", CONTRACT_PAGES)
def test_contract_url_has_its_page_and_title(site, url, title):
    html = page_path(site, url).read_text(encoding="utf-8")
    assert text_of(H1, html) == title
    assert text_of(TITLE, html).endswith("LDN for fibromyalgia")


def test_a_url_outside_the_contract_has_no_page(site):
    assert not page_path(site, "/not-a-page/").exists()


def test_no_page_shows_template_or_macro_text(site):
    assert find_leaks(site) == []


@pytest.mark.parametrize("leak", LEAKS)
def test_leak_check_finds_each_leak(tmp_path, leak):
    (tmp_path / "index.html").write_text(f"<p>before {leak} after</p>", encoding="utf-8")
    (tmp_path / "clean.html").write_text('<script>var c = {"a": {"b": 1}}</script>', encoding="utf-8")
    assert find_leaks(tmp_path) == [("index.html", leak)]
