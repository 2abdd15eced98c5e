"""Unit tests for hooks/html.py: escaped titles, Material's toggles, table wrappers, external links."""

import pytest
from markupsafe import Markup
from mkdocs.exceptions import PluginError

from hooks import html as hook

BASE = """<body>
    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">
    <label class="md-overlay" for="__drawer"></label>"""


@pytest.mark.parametrize(
    "value,is_html,expected",
    [
        ('"><script>alert(1)</script>', False, "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("Dose < 4.5 mg > \"x\" & 'y'", False, "Dose &lt; 4.5 mg &gt; &#34;x&#34; &amp; &#39;y&#39;"),
        ("A &amp; B &lt;3", True, "A &amp; B &lt;3"),  # a title from a heading is HTML text already
        ("A &amp; B", False, "A &amp;amp; B"),  # front matter is text: shown as typed
    ],
)
def test_titles_become_escaped_markup_once(value, is_html, expected):
    result = hook.as_text(value, is_html=is_html)
    assert isinstance(result, Markup) and str(result) == expected
    assert hook.as_text(result) is result  # never escaped twice
    assert hook.as_text(None) is None


def test_the_search_toggle_goes_and_the_drawer_toggle_loses_autocomplete():
    out = hook.fix_toggles(BASE, "index.md")
    assert 'id="__search"' not in out and "autocomplete" not in out
    assert '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">' in out
    assert '<label class="md-overlay" for="__drawer"></label>' in out


def test_changed_material_markup_stops_the_build_naming_the_page():
    changed = BASE.replace('id="__drawer" autocomplete="off"', 'id="__drawer" autocomplete="off" hidden')
    with pytest.raises(PluginError, match=r"^safety\.md: hooks/html\.py expected Material's markup"):
        hook.fix_toggles(changed, "safety.md")
    with pytest.raises(PluginError, match="found it 2 times"):
        hook.fix_toggles(BASE + BASE, "safety.md")


def test_plain_tables_are_wrapped_and_tables_with_a_class_are_not():
    page = '<p>a</p><table>\n<tr><td>1</td></tr></table><table class="diary-table"><tr><td>2</td></tr></table>'
    assert hook.wrap_tables(page) == (
        '<p>a</p><div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table>\n<tr><td>1</td></tr>'
        '</table></div></div><table class="diary-table"><tr><td>2</td></tr></table>'
    )
    caption = '<table id="t"><caption>c</caption></table>'
    assert hook.wrap_tables(caption).startswith(
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table id="t">'
    )
    nested = "<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>"
    assert "md-typeset__scrollwrap" not in hook.wrap_tables(nested).split("<td>")[0]


@pytest.mark.parametrize(
    "tag,expected",
    [
        (
            '<a href="https://pubmed.ncbi.nlm.nih.gov/1/">',
            '<a href="https://pubmed.ncbi.nlm.nih.gov/1/" rel="noopener noreferrer">',
        ),
        (
            '<a href="https://x.org/" target="_blank" rel="noopener">',
            '<a href="https://x.org/" target="_blank" rel="noopener noreferrer">',
        ),
        ("<a rel='external' href='//x.org/a'>", "<a rel=\"external noopener noreferrer\" href='//x.org/a'>"),
        ('<a title="a > b" href="http://x.org/">', '<a title="a > b" href="http://x.org/" rel="noopener noreferrer">'),
        (
            '<a href="https:&#47;&#47;x.org/">',
            '<a href="https:&#47;&#47;x.org/" rel="noopener noreferrer">',
        ),
        ('<a href="https://guide.example.org/safety/">', '<a href="https://guide.example.org/safety/">'),
        ('<a href="../safety/">', '<a href="../safety/">'),
        ('<a href="#ref-1">', '<a href="#ref-1">'),
        ('<a href="mailto:a@b.org">', '<a href="mailto:a@b.org">'),
        ('<abbr title="x">', '<abbr title="x">'),
    ],
)
def test_links_to_other_sites_get_noopener_noreferrer(tag, expected):
    assert hook.protect_links(tag + "text</a>", "guide.example.org") == expected + "text</a>"


def test_head_stylesheets_are_put_inside_the_page(tmp_path):
    css = tmp_path / "assets" / "stylesheets"
    css.mkdir(parents=True)
    (css / "main.css").write_text(".a{color:red}\n", encoding="utf-8")
    (css / "pictures.css").write_text(".b{background:url(../images/b.png)}", encoding="utf-8")
    page = (
        '<html><head><link rel="stylesheet" href="../assets/stylesheets/main.css">'
        '<link rel="stylesheet" href="../assets/stylesheets/pictures.css">'
        '<link rel="stylesheet" href="../assets/stylesheets/missing.css">'
        '<link rel="stylesheet" href="https://cdn.example.org/x.css"></head>'
        '<body><link rel="stylesheet" href="../assets/stylesheets/main.css"></body></html>'
    )
    out = hook.inline_stylesheets(page, "safety", tmp_path)
    assert out == (
        "<html><head><style data-critical>.a{color:red}</style>"
        '<link rel="stylesheet" href="../assets/stylesheets/pictures.css">'
        '<link rel="stylesheet" href="../assets/stylesheets/missing.css">'
        '<link rel="stylesheet" href="https://cdn.example.org/x.css"></head>'
        '<body><link rel="stylesheet" href="../assets/stylesheets/main.css"></body></html>'
    )
    # The 404 page names its files from the site's own path.
    absolute = '<head><link rel="stylesheet" href="/guide/assets/stylesheets/main.css"></head>'
    assert (
        hook.inline_stylesheets(absolute, "", tmp_path, "/guide/")
        == "<head><style data-critical>.a{color:red}</style></head>"
    )
