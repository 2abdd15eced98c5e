"""The glossary data file: terms per language, appended to each page as Markdown abbreviations."""

import pytest
from helpers import ROOT

from macros import glossary


def write(tmp_path, text):
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_real_glossary_has_every_language():
    terms = glossary.load_glossary(ROOT / "data" / "glossary.yml", ["en", "es"])
    assert ("LDN", "low-dose naltrexone, a small daily dose of the medicine naltrexone") in terms["en"]
    assert dict(terms["es"])["opioides"].startswith("analgésicos fuertes")


def test_abbreviations_are_markdown_blocks_of_one_line_each():
    assert (
        glossary.abbreviations([("LDN", "low dose"), ("mg", "milligram")])
        == "\n\n*[LDN]: low dose\n\n*[mg]: milligram\n"
    )


def test_every_abbreviation_becomes_an_abbr_element():
    import markdown

    text = "LDN is taken in mg." + glossary.abbreviations([("LDN", "low dose"), ("mg", "milligram")])
    assert markdown.markdown(text, extensions=["abbr"]) == (
        '<p><abbr title="low dose">LDN</abbr> is taken in <abbr title="milligram">mg</abbr>.</p>'
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fr:\n  LDN: a\n", r"no terms for 'en'"),
        ("en:\n  '[x]': a\n", r"en: '\[x\]': a term must be one line of text without \[ or \]"),
        ("en:\n  LDN: ''\n", r"en: 'LDN': the definition must be one line of text"),
        ("- a\n", r"expected one mapping of terms per language"),
    ],
)
def test_a_bad_glossary_names_the_entry(tmp_path, text, message):
    with pytest.raises(glossary.GlossaryError, match=message):
        glossary.load_glossary(write(tmp_path, text), ["en"])


def test_a_language_without_terms_stops_the_build(tmp_path):
    with pytest.raises(glossary.GlossaryError, match=r"no terms for 'es'"):
        glossary.load_glossary(write(tmp_path, "en:\n  LDN: a\n"), ["en", "es"])


def test_terms_of_a_language_not_built_are_left_unused(tmp_path):
    terms = glossary.load_glossary(write(tmp_path, "en:\n  LDN: a\nes:\n  LDN: b\n"), ["en"])
    assert terms == {"en": [("LDN", "a")]}
