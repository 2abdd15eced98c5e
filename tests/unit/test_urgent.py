"""Unit tests for macros/urgent.py: loading the urgent-help file, rendering its boxes, the prose check."""

import textwrap

import pytest
from helpers import ROOT, engine_locales, engine_renderer, unmarked

from macros import references, urgent
from macros.settings import Clinic

RENDERER = engine_renderer()
LOCALES = engine_locales()
KEYS = {"labelkey", "helpkey"}
NO_CLINIC = Clinic()
CLINIC = Clinic(name="Riverside Clinic", phone="555-0100", after_hours="555-0199")

GOOD = """
languages: [en, es]
tiers:
  - id: emergency
    style: danger
    title: {en: "Now:", es: "Ahora:"}
    action: {en: "Call for help.", es: "Pida ayuda."}
    clinic: false
    services: [emergency-us]
  - id: same-day
    style: warning
    title: {en: "Today:", es: "Hoy:"}
    action: {en: "Do not wait.", es: "No espere."}
    contact: {en: "Call your office.", es: "Llame al consultorio."}
    clinic: true
    services: []
signs:
  - id: breathing
    tier: emergency
    text: {en: "Slow breathing.", es: "Respiración lenta."}
    cite: [labelkey]
  - id: liver
    tier: same-day
    text: {en: "Yellow eyes.", es: "Ojos amarillos."}
    action: {en: "Stop the pills.", es: "Deje las pastillas."}
    cite: [labelkey, helpkey]
services:
  - id: emergency-us
    number: "911"
    label: {en: "emergency number", es: "emergencias"}
    cite: [helpkey]
  - id: poison
    number: "1-800-222-1222"
    label: {en: "poison help", es: "envenenamiento"}
    cite: [helpkey]
numbers:
  en: [emergency-us, poison]
  es: [emergency-us]
phrases:
  en: [at once, same day]
  es: [de inmediato]
"""


def write(tmp_path, text):
    path = tmp_path / "urgent-help.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(tmp_path, text=GOOD, languages=("en", "es")):
    return urgent.load_urgent_help(write(tmp_path, text), site_languages=list(languages), known_keys=KEYS)


def load_error(tmp_path, text, languages=("en", "es")):
    with pytest.raises(urgent.UrgentHelpError) as caught:
        load(tmp_path, text, languages)
    return str(caught.value).replace(str(tmp_path / "urgent-help.yml"), "FILE")


def cite(keys):
    return "[" + ",".join(keys) + "]"


def lines_of(html):
    """The HTML without the raw-block wrapping (blank lines, marker comments) that Renderer.block adds."""
    return "\n".join(line for line in html.splitlines() if line.strip() and not line.strip().startswith("<!--"))


# Loading: the real file, and every way a file can be wrong ------------------------------------------


def test_the_real_file_loads_with_the_real_bibliography():
    bib = references.load_bibliography(ROOT / "references.bib")
    help_ = urgent.load_urgent_help(ROOT / "data" / "urgent-help.yml", site_languages=["en", "es"], known_keys=set(bib))
    assert list(help_.tiers) == ["emergency", "same-day", "next-visit"]
    assert help_.signs["liver"].tier == "same-day"
    assert [help_.services[s].number for s in help_.numbers["es"]] == ["911", "988", "1-800-222-1222"]


def test_a_good_file_loads(tmp_path):
    help_ = load(tmp_path)
    assert list(help_.signs) == ["breathing", "liver"]
    assert help_.signs["liver"].cite == ("labelkey", "helpkey")
    assert help_.numbers == {"en": ("emergency-us", "poison"), "es": ("emergency-us",)}


def test_an_unknown_tier_names_the_sign_and_the_tiers(tmp_path):
    bad = GOOD.replace("    tier: same-day\n", "    tier: soon\n")
    assert load_error(tmp_path, bad) == (
        "FILE: signs: 'liver': unknown tier 'soon' (expected one of emergency, same-day)"
    )


def test_a_citation_key_not_in_the_bibliography_is_refused(tmp_path):
    bad = GOOD.replace("cite: [labelkey, helpkey]", "cite: [labelkey, nosuchkey]")
    assert load_error(tmp_path, bad) == "FILE: signs: 'liver': cite 'nosuchkey' is not a key in the bibliography"


def test_a_sign_without_a_citation_is_refused(tmp_path):
    bad = GOOD.replace("    cite: [labelkey]\n", "    cite: []\n")
    assert load_error(tmp_path, bad) == (
        "FILE: signs: 'breathing': 'cite' must list one or more keys of the bibliography"
    )


def test_a_duplicate_sign_id_is_refused(tmp_path):
    bad = GOOD.replace("  - id: liver\n", "  - id: breathing\n")
    assert load_error(tmp_path, bad) == "FILE: signs: 'breathing' is listed twice"


def test_a_text_missing_a_language_names_the_field_and_the_language(tmp_path):
    bad = GOOD.replace('{en: "Yellow eyes.", es: "Ojos amarillos."}', '{en: "Yellow eyes."}')
    assert load_error(tmp_path, bad) == "FILE: signs: 'liver': text: no es text"


def test_a_plain_string_is_refused_when_the_file_has_two_languages(tmp_path):
    bad = GOOD.replace('{en: "Yellow eyes.", es: "Ojos amarillos."}', '"Yellow eyes."')
    assert load_error(tmp_path, bad) == (
        "FILE: signs: 'liver': text: give the text in each language (en, es), like {en: ..., es: ...}"
    )


def test_a_site_language_the_file_is_not_written_in_is_refused(tmp_path):
    assert load_error(tmp_path, GOOD, ("en", "fr")) == (
        "FILE: the site is built in fr but the texts are written only in en, es"
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("services: [emergency-us]", "services: [ambulance]", "FILE: tiers: 'emergency': unknown service 'ambulance'"),
        (
            "style: danger",
            "style: red",
            "FILE: tiers: 'emergency': style 'red' is not one of danger, warning, note, info, tip",
        ),
        (
            '    contact: {en: "Call your office.", es: "Llame al consultorio."}\n',
            "",
            "FILE: tiers: 'same-day': a tier with clinic: true needs 'contact', the wording used when no clinic is set",
        ),
        (
            'number: "911"',
            "number: 911",
            "FILE: services: 'emergency-us': number 911 must be written as dialed, in quotes, like \"911\"",
        ),
        ("  es: [emergency-us]\n", "  es: []\n", "FILE: numbers: no list for 'es'"),
        ("  es: [de inmediato]\n", "", "FILE: phrases: no list for 'es'"),
        ("  en: [emergency-us, poison]", "  en: [emergency-us, ghost]", "FILE: numbers: en: unknown service 'ghost'"),
        (
            '    tier: emergency\n    text: {en: "Slow',
            '    tier: emergency\n    colour: red\n    text: {en: "Slow',
            "FILE: signs: 'breathing': unknown key(s) colour",
        ),
    ],
)
def test_other_mistakes_name_the_entry_and_the_problem(tmp_path, old, new, message):
    assert old in GOOD
    assert load_error(tmp_path, GOOD.replace(old, new)) == message


# Rendering -----------------------------------------------------------------------------------------


def test_signs_render_one_box_per_tier_most_urgent_first_with_sign_and_tier_marked(tmp_path):
    html = urgent.signs_html(load(tmp_path), ("liver", "breathing"), "en", NO_CLINIC, cite, RENDERER, LOCALES["en"])
    assert lines_of(html) == textwrap.dedent("""\
        <div class="admonition danger urgent" data-urgent data-tier="emergency">
        <p class="admonition-title">Now:</p>
        <ul class="urgent__signs">
        <li data-sign="breathing" data-tier="emergency">Slow breathing.[labelkey]</li>
        </ul>
        <p class="urgent__action"><strong>Call for help.</strong></p>
        <ul class="urgent__numbers">
        <li><a href="tel:911"><strong>911</strong></a>: emergency number.[helpkey]</li>
        </ul>
        </div>
        <div class="admonition warning urgent" data-urgent data-tier="same-day">
        <p class="admonition-title">Today:</p>
        <ul class="urgent__signs">
        <li data-sign="liver" data-tier="same-day">Yellow eyes. <strong>Stop the pills.</strong>[labelkey,helpkey]</li>
        </ul>
        <p class="urgent__action"><strong>Do not wait.</strong></p>
        <p class="urgent__contact">Call your office.</p>
        </div>""")


def test_a_set_clinic_replaces_the_generic_contact(tmp_path):
    html = urgent.signs_html(load(tmp_path), ("liver",), "en", CLINIC, cite, RENDERER, LOCALES["en"])
    assert (
        '<p class="urgent__contact">Call Riverside Clinic at <a href="tel:5550100">555-0100</a>. '
        'After hours, call <a href="tel:5550199">555-0199</a>.</p>'
    ) in html
    assert "Call your office." not in html


def test_a_clinic_with_a_phone_but_no_name_is_called_your_clinic(tmp_path):
    html = urgent.signs_html(load(tmp_path), ("liver",), "en", Clinic(phone="555-0100"), cite, RENDERER, LOCALES["en"])
    assert 'Call your clinic at <a href="tel:5550100">555-0100</a>.' in html


def test_the_emergency_tier_never_shows_the_clinic(tmp_path):
    html = urgent.signs_html(load(tmp_path), ("breathing",), "en", CLINIC, cite, RENDERER, LOCALES["en"])
    assert "Riverside" not in html


def test_spanish_boxes_take_the_spanish_text_and_numbers(tmp_path):
    html = urgent.signs_html(load(tmp_path), ("liver",), "es", CLINIC, cite, RENDERER, LOCALES["es"])
    assert "Ojos amarillos." in html and "Deje las pastillas." in html
    assert 'Llame a Riverside Clinic al <a href="tel:5550100">555-0100</a>.' in html


def test_a_tier_box_holds_every_sign_of_the_tier(tmp_path):
    html = urgent.tier_html(load(tmp_path), "same-day", "en", NO_CLINIC, cite, RENDERER, LOCALES["en"])
    assert html.count("data-sign=") == 1 and 'data-sign="liver"' in html and 'data-tier="same-day"' in html


def test_emergency_numbers_list_the_language_s_numbers_in_order(tmp_path):
    help_ = load(tmp_path)
    en = urgent.numbers_html(help_, "en", cite, RENDERER, LOCALES["en"])
    es = urgent.numbers_html(help_, "es", cite, RENDERER, LOCALES["es"])
    assert en.index("911") < en.index("1-800-222-1222")
    assert 'href="tel:18002221222"' in en and "1-800-222-1222" not in es
    assert 'data-urgent aria-label="Números para llamar"' in es


def test_the_contact_line_gives_the_clinic_or_the_generic_wording_and_the_emergency_numbers(tmp_path):
    help_ = load(tmp_path)
    generic = urgent.contact_html(help_, "en", NO_CLINIC, RENDERER, LOCALES["en"])
    clinic = urgent.contact_html(help_, "en", CLINIC, RENDERER, LOCALES["en"])
    assert unmarked(generic) == (
        '<p class="urgent-contact" data-urgent>Call your office. '
        '<strong>In an emergency:</strong> <a href="tel:911">911</a> (emergency number).</p>'
    )
    assert "Call Riverside Clinic at" in clinic and "Call your office." not in clinic


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda h: urgent.signs_html(h, ("kidney",), "en", NO_CLINIC, cite, RENDERER, LOCALES["en"]),
            "unknown sign 'kidney'",
        ),
        (
            lambda h: urgent.signs_html(h, ("liver", "liver"), "en", NO_CLINIC, cite, RENDERER, LOCALES["en"]),
            "sign 'liver' is asked for twice in one call",
        ),
        (lambda h: urgent.tier_html(h, "soon", "en", NO_CLINIC, cite, RENDERER, LOCALES["en"]), "unknown tier 'soon'"),
    ],
)
def test_a_bad_macro_call_stops_the_build(tmp_path, call, message):
    with pytest.raises(urgent.UrgentHelpError, match=message):
        call(load(tmp_path))


# The prose check -----------------------------------------------------------------------------------


def test_prose_leaves_out_boxes_raw_html_headings_links_and_code():
    markdown = textwrap.dedent("""\
        Plain words here.

        <div class="admonition danger urgent" data-urgent data-tier="emergency">
        <p class="admonition-title">Call at once</p>
        </div>

        <ol class="references"><li>Same day journal.</li></ol>

        ## Get help at once

        See [get help at once](safety.md#get-help-now) and `same day`.

        Inline <strong>tags</strong> keep their text.
        """)
    prose = urgent.prose_of(markdown)
    assert "at once" not in prose and "Same day" not in prose and "same day" not in prose
    assert "Plain words here." in prose and "Inline" in prose and "tags" in prose and "keep their text." in prose


def test_urgency_in_own_words_is_found_with_its_phrase(tmp_path):
    found = urgent.urgency_in_prose(load(tmp_path), "If your eyes go yellow, call us the\nsame day.", "en")
    assert [phrase for phrase, _ in found] == ["same day"]
    assert "call us the same day" in found[0][1]


def test_a_number_in_own_words_is_found_too(tmp_path):
    found = urgent.urgency_in_prose(load(tmp_path), "Phone 1-800-222-1222 if a child eats a pill.", "en")
    assert [phrase for phrase, _ in found] == ["1-800-222-1222"]


def test_phrases_match_whole_words_only(tmp_path):
    help_ = load(tmp_path)
    assert urgent.urgency_in_prose(help_, "Take it at one time. We met someday. Call 9110 or 1911.", "en") == []


def test_each_language_has_its_own_phrases(tmp_path):
    help_ = load(tmp_path)
    assert urgent.urgency_in_prose(help_, "Llame de inmediato.", "en") == []
    assert [p for p, _ in urgent.urgency_in_prose(help_, "Llame de inmediato.", "es")] == ["de inmediato"]


def test_check_page_names_the_page_and_the_phrase(tmp_path):
    with pytest.raises(urgent.UrgentHelpError) as caught:
        urgent.check_page(load(tmp_path), "For liver signs, get help at once.", "en", "side-effects.md")
    assert str(caught.value).startswith("side-effects.md: states urgency in its own words: 'at once' in ")
    assert "get help at once" in str(caught.value)


def test_check_page_passes_prose_that_only_points_to_the_boxes(tmp_path):
    urgent.check_page(load(tmp_path), "See [what to do at once](safety.md#get-help-now).", "en", "index.md")
