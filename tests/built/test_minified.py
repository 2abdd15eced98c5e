"""The built site ships our stylesheets and scripts minified, with their rules intact."""

from helpers import ROOT


def test_our_css_and_js_ship_minified(site):
    names = (
        "assets/stylesheets/extra.css",
        "assets/stylesheets/diary.css",
        "assets/javascripts/diary.js",
        "assets/javascripts/site.js",
        "assets/javascripts/dose-forms.js",
    )
    for name in names:
        source = (ROOT / "overrides" / name).read_text(encoding="utf-8")
        shipped = (site / name).read_text(encoding="utf-8")
        assert "/*" in source, f"{name}: the source should keep its comments"
        assert "/*" not in shipped and len(shipped) < 0.9 * len(source), f"{name} was not minified"


def test_minified_css_keeps_the_print_rules_and_palette(site):
    shipped = (site / "assets/stylesheets/extra.css").read_text(encoding="utf-8")
    assert "@media print{" in shipped
    assert "--md-primary-fg-color:#1f4e79" in shipped
