"""Unit tests for hooks/minify.py: our CSS and JS ship minified, Material's files are left alone."""

import logging

from hooks import minify


def test_css_loses_comments_and_spaces_but_keeps_its_rules():
    css = "/* Paper */\n@media print {\n  .md-header ,\n  .md-footer { display : none ; }\n}\n"
    assert minify.minify_text(".css", css) == "@media print{.md-header,.md-footer{display:none}}\n"


def test_js_loses_comments_but_keeps_strings_that_look_like_comments():
    js = "// keep the data on the device\nvar note = '/* not a comment */'; // trailing\nvar url = \"http://x\";\n"
    out = minify.minify_text(".js", js)
    assert "keep the data" not in out and "trailing" not in out
    assert "'/* not a comment */'" in out and '"http://x"' in out


def test_other_files_are_returned_unchanged():
    assert minify.minify_text(".svg", "<svg>  <!-- x --> </svg>") == "<svg>  <!-- x --> </svg>"


def test_only_our_copies_in_the_site_are_minified(tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    files = {
        "assets/stylesheets/extra.css": "/* ours */\na { color : red; }\n",
        "assets/javascripts/diary.js": "// ours\nvar a = 1;\n",
        "assets/javascripts/vendor.min.js": "/* already small */ var b=2;\n",
    }
    for name, text in files.items():
        for root in (docs, site):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
    material = site / "assets/stylesheets/main.min.css"
    material.write_text("/* Material */ b { color : blue; }\n", encoding="utf-8")

    done = minify.minify_site_copies([docs], site)

    assert sorted(p.relative_to(site).as_posix() for p in done) == [
        "assets/javascripts/diary.js",
        "assets/stylesheets/extra.css",
    ]
    assert (site / "assets/stylesheets/extra.css").read_text() == "a{color:red}\n"
    assert (site / "assets/javascripts/diary.js").read_text() == "var a=1;\n"
    assert (site / "assets/javascripts/vendor.min.js").read_text() == files["assets/javascripts/vendor.min.js"]
    assert material.read_text() == "/* Material */ b { color : blue; }\n"
    assert (docs / "assets/stylesheets/extra.css").read_text() == files["assets/stylesheets/extra.css"], (
        "sources stay readable"
    )


def test_a_source_missing_from_the_site_is_reported(tmp_path, caplog):
    (tmp_path / "docs/assets").mkdir(parents=True)
    (tmp_path / "docs/assets/lost.css").write_text("a{}", encoding="utf-8")
    (tmp_path / "site").mkdir()
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.guide.minify"):
        assert minify.minify_site_copies([tmp_path / "docs"], tmp_path / "site") == []
    assert "assets/lost.css was not copied to the site" in caplog.text


def test_the_engine_s_assets_and_the_guide_s_are_both_minified(tmp_path):
    """The engine's scripts live in the theme's custom_dir (overrides/), a guide's own in docs/."""
    engine, guide, site = tmp_path / "overrides", tmp_path / "docs", tmp_path / "site"
    for root, name in ((engine, "assets/javascripts/site.js"), (guide, "assets/stylesheets/own.css")):
        for folder in (root, site):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text("/* c */ a = 1 ;\n" if name.endswith(".js") else "/* c */ a { b : c }\n")
    done = minify.minify_site_copies([engine, None, guide], site)
    assert sorted(p.relative_to(site).as_posix() for p in done) == [
        "assets/javascripts/site.js",
        "assets/stylesheets/own.css",
    ]
    assert (site / "assets/stylesheets/own.css").read_text() == "a{b:c}\n"
