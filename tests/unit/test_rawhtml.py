"""Raw HTML blocks from macros (macros/rawhtml.py) pass through Markdown as they are, at any indentation."""

import textwrap

import markdown
import pytest

from macros import rawhtml

BLOCK = '<div class="box">\n<p>Keep *this* as_is & 1.5 mg</p>\n\n<p>Second</p>\n</div>'
EXTENSIONS = ["admonition", "pymdownx.details", "pymdownx.superfences", "md_in_html", "attr_list"]


def convert(text, with_blocks=True):
    extensions = [*EXTENSIONS, rawhtml.RawBlockExtension()] if with_blocks else EXTENSIONS
    return markdown.markdown(text, extensions=extensions)


def indent(text, width=4):
    """What Jinja's indent filter does: every line but the first, blank lines left alone."""
    lines = text.split("\n")
    return "\n".join([lines[0], *((" " * width + line) if line else line for line in lines[1:])])


def test_mark_puts_the_block_between_markers_and_blank_lines():
    assert rawhtml.mark("<p>x</p>") == "\n\n<!-- raw-block -->\n<p>x</p>\n<!-- /raw-block -->\n\n"


def test_a_block_at_the_top_level_is_kept_as_is():
    html = convert("Intro.\n" + rawhtml.mark(BLOCK) + "After.\n")
    assert html == f"<p>Intro.</p>\n{BLOCK}\n<p>After.</p>"


def test_a_block_inside_a_collapsed_details_is_kept_as_is():
    page = '??? note "More"\n\n    Intro.\n\n    ' + indent(rawhtml.mark(BLOCK)) + "\n\nAfter.\n"
    expected = textwrap.dedent(
        """\
        <details class="note">
        <summary>More</summary>
        <p>Intro.</p>
        {block}
        </details>
        <p>After.</p>"""
    ).format(block=BLOCK)
    assert convert(page) == expected


def test_without_the_extension_markdown_would_mangle_the_indented_block():
    page = '??? note "More"\n\n    ' + indent(rawhtml.mark(BLOCK)) + "\n"
    html = convert(page, with_blocks=False)
    assert "<em>this</em>" in html and "<p><p>Second</p>" in html


def test_a_block_in_a_list_item_is_kept_as_is():
    page = "- Item\n\n    " + indent(rawhtml.mark(BLOCK)) + "\n"
    assert BLOCK in convert(page)


def test_a_block_without_its_end_marker_stops_the_build():
    with pytest.raises(rawhtml.RawBlockError, match="has no end marker"):
        convert("<!-- raw-block -->\n<p>x</p>\n")


def test_a_line_less_indented_than_the_start_stops_the_build():
    with pytest.raises(rawhtml.RawBlockError, match="less indented than its start: '<p>x</p>'"):
        convert("    <!-- raw-block -->\n<p>x</p>\n    <!-- /raw-block -->\n")


def test_register_adds_the_extension_once():
    config = {"markdown_extensions": ["toc"]}
    rawhtml.register(config)
    rawhtml.register(config)
    assert config["markdown_extensions"][0] == "toc"
    assert [type(e) for e in config["markdown_extensions"][1:]] == [rawhtml.RawBlockExtension]


def test_every_macro_template_block_is_marked(tmp_path):
    """Renderer.block (references, urgent boxes, the diary) marks its block too, so a box inside
    `??? note` comes out whole."""
    from macros.templates import Renderer

    (tmp_path / "box.html").write_text(BLOCK, encoding="utf-8")
    block = Renderer(tmp_path).block("box.html")
    assert block == rawhtml.mark(BLOCK)
    page = '??? note "More"\n\n    ' + indent(block) + "\n"
    assert BLOCK in convert(page)


# Inline spans (a citation marker) ----------------------------------------------------------------

SPAN = '<sup class="cite">[<a href="#ref-x" id="cite-x-1">*1*</a>, as_is_too]</sup>'


def test_mark_inline_puts_the_span_between_its_markers():
    assert rawhtml.mark_inline("<sup>1</sup>") == "<!-- raw --><sup>1</sup><!-- /raw -->"


def test_a_marked_span_is_kept_as_it_is_in_a_paragraph():
    html = convert(f"Some *text* {rawhtml.mark_inline(SPAN)} and more {rawhtml.mark_inline(SPAN)}.\n")
    assert html == f"<p>Some <em>text</em> {SPAN} and more {SPAN}.</p>"


def test_without_the_markers_markdown_parses_inside_the_span():
    assert "<em>1</em>" in convert(f"Some text {SPAN}.\n")


def test_a_marked_span_is_kept_in_a_list_item_a_table_and_a_heading():
    span = rawhtml.mark_inline(SPAN)
    page = f"## Title {span}\n\n- Item {span}\n\n| a | b |\n|---|---|\n| {span} | x |\n"
    html = markdown.markdown(page, extensions=["tables", rawhtml.RawBlockExtension()])
    assert html.count(SPAN) == 3 and "<!--" not in html, html


def test_markers_inside_a_marked_block_are_dropped_and_the_block_kept_whole():
    block = f"<ul>\n<li>Sign {rawhtml.mark_inline(SPAN)}</li>\n</ul>"
    html = convert('??? note "More"\n\n    ' + indent(rawhtml.mark(block)) + "\n")
    assert f"<ul>\n<li>Sign {SPAN}</li>\n</ul>" in html and "<!--" not in html, html


def test_inline_html_over_two_lines_is_refused():
    with pytest.raises(rawhtml.RawBlockError, match="spans more than one line"):
        rawhtml.mark_inline("<sup>\n1</sup>")


def test_the_inline_template_is_marked(tmp_path):
    from macros.templates import Renderer

    (tmp_path / "cite.html").write_text(SPAN + "\n", encoding="utf-8")
    assert Renderer(tmp_path).inline("cite.html") == rawhtml.mark_inline(SPAN)


def test_an_inline_template_over_two_lines_stops_the_build_naming_the_template(tmp_path):
    from macros.templates import Renderer, TemplateError

    (tmp_path / "cite.html").write_text("<sup>\n1</sup>\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"cite\.html: inline HTML from a macro spans more than one line"):
        Renderer(tmp_path).inline("cite.html")
