"""Unit tests for hooks/theme_css.py: Material's styles for unused components are dropped, nothing else."""

import pytest
import tinycss2

from hooks import theme_css

UNUSED = frozenset({"md-search", "md-tabs"})


@pytest.mark.parametrize(
    "name,expected",
    [
        ("md-search", "md-search"),
        ("md-search__input", "md-search"),
        ("md-tabs--active", "md-tabs"),
        ("md-search-result__meta", "md-search-result"),
        ("md-header", "md-header"),
    ],
)
def test_block_is_the_name_before_element_or_modifier(name, expected):
    assert theme_css.block(name) == expected


def test_a_rule_only_for_an_unused_component_is_dropped():
    css = ".md-header{color:red}.md-search__input{color:blue}.md-tabs,.md-search{display:none}"
    assert theme_css.trim_css(css, UNUSED) == ".md-header{color:red}"


def test_a_shared_rule_keeps_its_other_selectors():
    css = ".md-header .md-search,.md-header__title,.md-tabs__link{margin:0}"
    assert theme_css.trim_css(css, UNUSED) == ".md-header__title{margin:0}"


def test_classes_inside_not_is_or_attributes_do_not_count():
    css = (
        ".md-header:not(.md-search){a:1}.md-nav :is(.md-tabs,.md-nav__link){b:2}"
        '[data-md-toggle=search]:checked~.md-header{c:3}a[href$=".md-search"]{d:4}'
    )
    assert theme_css.trim_css(css, UNUSED) == css


def test_media_blocks_keep_their_other_rules_and_empty_ones_go():
    css = (
        "@media screen and (min-width:60em){.md-search{a:1}.md-nav{b:2}}@media print{.md-tabs{c:3}}"
        "@font-face{font-family:x}"
    )
    assert (
        theme_css.trim_css(css, UNUSED) == "@media screen and (min-width:60em){.md-nav{b:2}}@font-face{font-family:x}"
    )


def test_keyframes_are_kept():
    css = "@keyframes spin{0%{transform:none}to{transform:rotate(1turn)}}"
    assert theme_css.trim_css(css, UNUSED) == css


def test_unused_classes_in_a_page_are_found():
    html = (
        '<nav class="md-tabs" aria-label="Tabs"><a class="md-tabs__link md-nav__link">x</a></nav>'
        '<div class="md-header">'
    )
    assert theme_css.unused_classes_in(html, UNUSED) == ["md-tabs", "md-tabs__link"]
    assert theme_css.unused_classes_in('<div class="md-header md-nav">', UNUSED) == []


def test_a_nested_rule_keeps_its_declarations_and_nested_rules():
    css = ".md-nav{color:red;&:hover{color:blue}.md-search &{x:y}}.md-search{a:1}"
    assert theme_css.trim_css(css, UNUSED) == ".md-nav{color:red;&:hover{color:blue}.md-search &{x:y}}"


def test_a_nested_rule_for_an_unused_component_goes_whole():
    css = ".md-search{color:red;&:hover{color:blue}}.md-nav{b:2}"
    assert theme_css.trim_css(css, UNUSED) == ".md-nav{b:2}"


def test_braces_and_commas_inside_strings_and_functions_do_not_split_rules():
    css = (
        ':root{--icon:url("data:image/svg+xml,<svg>{a,b}</svg>")}'
        '.md-nav :is(.a,.md-search) ,.md-tabs{c:"}"}.x[data-y="{,}"]{d:4}'
    )
    assert theme_css.trim_css(css, UNUSED) == (
        ':root{--icon:url("data:image/svg+xml,<svg>{a,b}</svg>")}.md-nav :is(.a,.md-search){c:"}"}.x[data-y="{,}"]{d:4}'
    )


def test_a_rule_it_cannot_read_is_kept_with_a_warning(capsys):
    css = ".a{b:c} } .md-search{x:1} .md-tabs{y:2}"
    out = theme_css.trim_css(css, UNUSED)
    assert out.startswith(".a{b:c} } .md-search{x:1}")  # kept as it was: its selector is not readable
    assert ".md-tabs" not in out
    assert "kept a rule whose selector it cannot read" in capsys.readouterr().err


def test_an_unfinished_rule_at_the_end_is_kept_with_a_warning(capsys):
    css = ".a{b:c}\n.md-search{x:1}\n.unfinished >"
    assert theme_css.trim_css(css, UNUSED) == ".a{b:c}\n\n.unfinished >"
    assert (
        "kept text that does not parse as CSS (EOF reached before {} block for a qualified rule.): '.unfinished >'"
        in capsys.readouterr().err
    )


def test_the_warning_does_not_go_through_the_mkdocs_logger(caplog):
    theme_css.trim_css(".a{b:c} } .d{e:f}", UNUSED)
    assert not [r for r in caplog.records if r.name.startswith("mkdocs")]


def test_polyfill_focus_class_becomes_the_native_pseudo_class():
    css = ".md-option.focus-visible+label{o:1}.md-typeset code:not(.focus-visible){o:0}[class~=focus-visible]{o:2}"
    assert theme_css.trim_css(css, UNUSED) == (
        ".md-option:focus-visible+label{o:1}.md-typeset code:not(:focus-visible){o:0}[class~=focus-visible]{o:2}"
    )


def test_the_result_is_cached_with_its_warnings(tmp_path, capsys):
    css = ".a{b:c} } .d{e:f}.md-search{x:1}"
    first = theme_css.cached_trim(css, UNUSED, cache=tmp_path)
    assert "cannot read" in capsys.readouterr().err
    assert len(list(tmp_path.glob("*.css"))) == 1
    assert theme_css.cached_trim(css, UNUSED, cache=tmp_path) == first
    assert "cannot read" in capsys.readouterr().err  # the warning is repeated from the cache
    assert theme_css.cached_trim(css, frozenset({"md-tabs"}), cache=tmp_path) != first
    assert len(list(tmp_path.glob("*.css"))) == 2


def test_selector_classes_reads_tokens():
    (rule,) = tinycss2.parse_stylesheet('.md-header .md-search:not(.md-tabs)[x~=".md-tabs"]{a:b}')
    (selector,) = theme_css.split_selectors(rule.prelude)
    assert theme_css.selector_classes(selector) == ["md-header", "md-search"]


def test_colours_no_palette_uses_are_dropped():
    css = (
        "[data-md-color-scheme=slate]{a:1}[data-md-color-primary=red]{b:2}"
        '[data-md-color-primary="custom"],[data-md-color-accent=teal] .x{c:3}'
        "@media screen{[data-md-color-accent=teal]{d:4}}"
    )
    palette = [{"scheme": "default", "primary": "custom", "accent": "custom"}, {"scheme": "slate", "primary": "custom"}]
    unused = theme_css.unused_colours(css, palette)
    assert unused == {"[data-md-color-primary=red]", "[data-md-color-accent=teal]"}
    assert (
        theme_css.trim_css(css, UNUSED | unused)
        == '[data-md-color-scheme=slate]{a:1}[data-md-color-primary="custom"]{c:3}'
    )
