"""Unit tests for hooks/theme_css.py: Material's styles for unused components are dropped, nothing else."""
import pytest

from hooks import theme_css

UNUSED = frozenset({"md-search", "md-tabs"})


@pytest.mark.parametrize(
    "name,expected",
    [("md-search", "md-search"), ("md-search__input", "md-search"), ("md-tabs--active", "md-tabs"),
     ("md-search-result__meta", "md-search-result"), ("md-header", "md-header")],
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
    css = ('.md-header:not(.md-search){a:1}.md-nav :is(.md-tabs,.md-nav__link){b:2}'
           '[data-md-toggle=search]:checked~.md-header{c:3}a[href$=".md-search"]{d:4}')
    assert theme_css.trim_css(css, UNUSED) == css


def test_media_blocks_keep_their_other_rules_and_empty_ones_go():
    css = "@media screen and (min-width:60em){.md-search{a:1}.md-nav{b:2}}@media print{.md-tabs{c:3}}@font-face{font-family:x}"
    assert theme_css.trim_css(css, UNUSED) == "@media screen and (min-width:60em){.md-nav{b:2}}@font-face{font-family:x}"


def test_keyframes_are_kept():
    css = "@keyframes spin{0%{transform:none}to{transform:rotate(1turn)}}"
    assert theme_css.trim_css(css, UNUSED) == css


def test_unused_classes_in_a_page_are_found():
    html = '<nav class="md-tabs" aria-label="Tabs"><a class="md-tabs__link md-nav__link">x</a></nav><div class="md-header">'
    assert theme_css.unused_classes_in(html, UNUSED) == ["md-tabs", "md-tabs__link"]
    assert theme_css.unused_classes_in('<div class="md-header md-nav">', UNUSED) == []
