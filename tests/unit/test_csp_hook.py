"""Unit tests for hooks/csp.py: hashes of inline scripts, what the policy would block, the meta element.

Named apart from tests/browser/test_csp.py: pytest needs unique test file names.
"""

import base64
import hashlib

import pytest
from mkdocs.exceptions import PluginError

from hooks import csp

PAGE = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>t</title>
<script src="a.js" defer></script>
<script>var a = 1;</script>
<script id="__config" type="application/json">{"a": "</div>"}</script>
</head><body>
<!-- <script>commented out</script> -->
<p title='a style="x"'>text with style="not an attribute" and onclick=nothing</p>
<script type="module">import "./b.js";</script>
</body></html>
"""


def expected_hash(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_hash_is_the_base64_sha256_of_the_exact_script_text():
    assert csp.sha256("var a = 1;") == expected_hash("var a = 1;")
    assert csp.sha256("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"


def test_only_scripts_the_browser_runs_are_hashed():
    assert csp.inline_scripts(PAGE) == ["var a = 1;", 'import "./b.js";']


def test_policy_lists_each_inline_script_hash_and_no_unsafe_inline():
    policy = csp.policy(PAGE)
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert directives["script-src"] == [
        "'self'",
        *sorted([expected_hash("var a = 1;"), expected_hash('import "./b.js";')]),
    ]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'none'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_meta_element_comes_right_after_the_charset():
    out = csp.add_policy(PAGE, "page.md")
    head = out.split("<title>")[0]
    assert head.index('<meta charset="utf-8">') < head.index('http-equiv="Content-Security-Policy"')
    assert csp.check(out, "page.md") == []


def test_text_that_only_looks_like_attributes_is_not_blocked():
    assert csp.blocked(PAGE) == []


@pytest.mark.parametrize(
    "markup,problem",
    [
        ('<div style="color:red">x</div>', "a style attribute"),
        ("<svg><rect STYLE='fill:red'/></svg>", "a style attribute"),
        ('<button onclick="go()">x</button>', "an event-handler attribute onclick="),
        ('<a href=" javascript:go()">x</a>', "a javascript: URL"),
        ('<button onClick="go()">x</button>', "an event-handler attribute onclick="),
        ('<a href="JavaScript:go()">x</a>', "a javascript: URL"),
        ("<style>p{color:red}</style>", "a <style> element without data-critical"),
    ],
)
def test_what_the_policy_would_block_stops_the_build_naming_the_page(markup, problem):
    page = PAGE.replace("<p title", markup + "<p title")
    assert any(problem in line for line in csp.blocked(page))
    with pytest.raises(PluginError, match=r"^docs/page\.md: the Content-Security-Policy would block"):
        csp.add_policy(page, "docs/page.md")


def test_our_critical_style_element_is_allowed_by_its_hash():
    page = PAGE.replace("<title>t</title>", "<title>t</title><style data-critical>p{color:red}</style>")
    assert csp.blocked(page) == []
    out = csp.add_policy(page, "page.md")
    assert f"style-src 'self' {expected_hash('p{color:red}')};" in out
    assert csp.check(out, "page.md") == []


def test_a_page_changed_after_hashing_is_caught():
    out = csp.add_policy(PAGE, "page.md")
    tampered = out.replace("var a = 1;", "var a = 2;")
    assert csp.check(tampered, "page.md") == ["page.md: an inline script not allowed by its policy: 'var a = 2;'"]
    assert csp.check(PAGE, "page.md") == ["page.md: no Content-Security-Policy <meta>"]


def test_a_second_policy_or_a_missing_charset_is_refused():
    with pytest.raises(PluginError, match="already has a Content-Security-Policy"):
        csp.add_policy(csp.add_policy(PAGE, "p"), "page.md")
    with pytest.raises(PluginError, match="expected one"):
        csp.add_policy(PAGE.replace('<meta charset="utf-8">', ""), "page.md")


def test_comment_markers_inside_a_style_or_script_are_text():
    """A stylesheet may hold "<!--" (Material's icons do, inside data: URLs): it is not a comment there."""
    css = '.a{--i:url("data:image/svg+xml,<svg><!-- icon --></svg>")}'
    js = "var s = '<!-- not a comment -->';"
    page = PAGE.replace("<title>t</title>", f"<title>t</title><style data-critical>{css}</style><script>{js}</script>")
    assert csp.inline_styles(page) == [({"data-critical": ""}, css)]
    assert js in csp.inline_scripts(page)
    out = csp.add_policy(page, "page.md")
    assert f"style-src 'self' {expected_hash(css)};" in out and expected_hash(js) in out
    assert csp.check(out, "page.md") == []


def test_after_the_build_only_pages_changed_since_they_were_finished_are_checked(tmp_path, monkeypatch):
    """A finished page is not read twice, even after another language's build; a changed one is caught."""
    site = tmp_path / "site"
    (site / "es").mkdir(parents=True)
    # mkdocs-static-i18n runs a whole build per language, each with its on_pre_build event.
    pre_build = getattr(csp, "on_pre_build", lambda config: None)
    pre_build(config={})
    english = csp.finish(PAGE, "index.md")
    (site / "index.html").write_text(english, encoding="utf-8")
    pre_build(config={})
    (site / "es" / "index.html").write_text(csp.finish(PAGE.replace('lang="en"', 'lang="es"'), "index.es.md"))
    checked = []
    monkeypatch.setattr(csp, "check", lambda html, where: checked.append(where) or [])
    csp.on_post_build({"site_dir": str(site)})
    csp.on_post_build({"site_dir": str(site)})
    assert checked == []
    monkeypatch.undo()
    (site / "index.html").write_text(english.replace("var a = 1;", "var a = 2;"), encoding="utf-8")
    with pytest.raises(PluginError, match=r"index\.html: an inline script not allowed by its policy: 'var a = 2;'"):
        csp.on_post_build({"site_dir": str(site)})


def test_a_page_written_after_the_pages_gets_its_policy_after_the_build(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "moved.html").write_text(PAGE.replace("var a = 1;", "var moved = 1;"), encoding="utf-8")
    csp.on_post_build({"site_dir": str(site)})
    written = (site / "moved.html").read_text(encoding="utf-8")
    assert expected_hash("var moved = 1;") in csp.META.search(written).group(1)
