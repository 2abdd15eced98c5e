"""Material's stylesheet ships without the styles of components the site does not use."""

import tinycss2
from helpers import mkdocs_build, variant_project
from tinycss2.ast import AtRule, QualifiedRule

from hooks.theme_css import UNUSED, block, selector_classes, split_selectors


def rules(nodes):
    """Every qualified rule, also those inside @media and other grouping at-rules."""
    for node in nodes:
        if isinstance(node, QualifiedRule):
            yield node
        elif isinstance(node, AtRule) and node.content is not None and node.lower_at_keyword in ("media", "supports"):
            yield from rules(tinycss2.parse_rule_list(node.content))


def test_material_stylesheet_has_no_rules_for_unused_components(site):
    (sheet,) = (site / "assets" / "stylesheets").glob("main.*.min.css")
    css = sheet.read_text(encoding="utf-8")
    left = {
        name
        for rule in rules(tinycss2.parse_stylesheet(css))
        for selector in split_selectors(rule.prelude)
        for name in selector_classes(selector)
        if block(name) in UNUSED
    }
    assert left == set()
    # Focus rings use the browser's :focus-visible, not the class of Material's polyfill.
    assert ".md-option:focus-visible+label" in css and ".focus-visible" not in css
    # What the site does use is still styled.
    for needed in (".md-header{", ".md-nav__link", ".md-typeset .admonition", ".md-footer", ".md-skip"):
        assert needed in css, f"{needed} is missing from {sheet.name}"


def test_a_page_that_uses_an_unused_component_stops_the_build(tmp_path):
    pages = {"index.md": '# Home\n\n<div class="md-tag">A tag</div>\n'}
    result = mkdocs_build(variant_project(tmp_path / "project", pages), tmp_path / "site")
    assert result.returncode != 0
    assert "index.md: uses md-tag, whose Material styles hooks/theme_css.py removes" in result.stderr


def test_the_same_page_without_it_builds(tmp_path):
    pages = {"index.md": '# Home\n\n<div class="tag-like">A tag</div>\n'}
    result = mkdocs_build(variant_project(tmp_path / "project", pages), tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
