"""Unit tests for macros/doses.py: the file's rules, the checks, liquid arithmetic, the text scanner and the HTML."""

import textwrap
from decimal import Decimal

import pytest
from helpers import FIXTURES, ROOT, engine_locales, engine_renderer

from macros import doses

DOSES = FIXTURES / "doses"
KEYS = {"kimldnblog"}
LOCALES = engine_locales()
RENDERER = engine_renderer()
REAL = ROOT / "data" / "titration.yml"


def load(name, site_languages=("en",)):
    """Load one fixture file from tests/fixtures/doses/."""
    return doses.load_schedules(DOSES / name, known_keys=KEYS, site_languages=list(site_languages), locales=LOCALES)


def real():
    return doses.load_schedules(REAL, known_keys=KEYS, site_languages=["en", "es"], locales=LOCALES)


def message(name, site_languages=("en",)):
    """Return the DoseDataError message that loading a bad fixture raises."""
    with pytest.raises(doses.DoseDataError) as error:
        load(name, site_languages)
    return str(error.value)


def table(schedules, schedule_id, language="en"):
    return doses.dose_table(
        schedules, schedule_id, page="titration.md", language=language, locale=LOCALES[language], renderer=RENDERER
    )


def picker(schedules, language="en"):
    return doses.dose_form_picker(
        schedules,
        language=language,
        locale=LOCALES[language],
        renderer=RENDERER,
        script_url="../assets/javascripts/dose-forms.js",
    )


def raw_block(html):
    """What a macro returns for a raw HTML block: the markup between the raw-block markers."""
    return f"\n\n<!-- raw-block -->\n{textwrap.dedent(html).strip()}\n<!-- /raw-block -->\n\n"


# The real data file


def test_real_data_loads_with_its_steps():
    steps = {
        schedule_id: [(s.start, s.end, str(s.dose)) for s in schedule.steps]
        for schedule_id, schedule in real().by_id.items()
    }
    assert steps == {
        "standard": [
            (week, week, dose) for week, dose in enumerate(["0.5", "1", "1.5", "2", "2.5", "3", "3.5", "4"], start=1)
        ]
        + [(9, None, "4.5")],
        "gentle": [
            (1, 2, "0.1"),
            (3, 4, "0.25"),
            (5, 6, "0.5"),
            (7, 8, "1"),
            (9, 10, "1.5"),
            (11, 12, "2"),
            (13, 14, "2.5"),
            (15, 16, "3"),
            (17, 18, "3.5"),
            (19, 20, "4"),
            (21, None, "4.5"),
        ],
        "weekly": [(1, 1, "0.5"), (2, 2, "1.5"), (3, 3, "2.5"), (4, 4, "3.5"), (5, None, "4.5")],
    }


def test_real_data_rules_come_from_the_file():
    rules = real().rules
    assert (
        rules.unit,
        rules.max_daily,
        rules.max_change,
        rules.time_unit,
        rules.shortest,
        rules.longest,
        rules.direction,
        rules.max_error,
        rules.small_volume_marks,
    ) == ("mg", Decimal("4.5"), Decimal("1"), "week", 1, 2, "up", Decimal("0.05"), 2)
    assert [(str(s.size), str(s.marking)) for s in rules.syringes] == [("3", "0.1"), ("5", "0.2")]


def test_real_data_forms_per_schedule():
    shown = {key: [form.id for form in value.forms] for key, value in real().by_id.items()}
    assert shown == {
        "standard": ["capsules", "liquid-0-5", "liquid-1"],
        "gentle": ["capsules", "liquid-0-5"],
        "weekly": ["capsules", "liquid-0-5", "liquid-1"],
    }


def test_real_data_forms_have_labels_in_both_languages():
    labels = [(form.id, form.label, str(form.strength)) for form in real().forms]
    assert labels == [
        ("capsules", {"en": "Capsules", "es": "Cápsulas"}, "None"),
        ("liquid-0-5", {"en": "Liquid 0.5 mg/mL", "es": "Líquido de 0.5 mg/mL"}, "0.5"),
        ("liquid-1", {"en": "Liquid 1 mg/mL", "es": "Líquido de 1 mg/mL"}, "1"),
    ]


def test_real_data_needs_its_source_in_the_bibliography():
    with pytest.raises(doses.DoseDataError, match='schedule "standard": source "kimldnblog" is not a citation key'):
        doses.load_schedules(REAL, known_keys={"younger2009"}, site_languages=["en"], locales=LOCALES)


def test_real_data_no_plan_title_invites_self_selection_and_no_note_repeats_the_prescriber_line():
    for schedule in real().by_id.values():
        assert "note" not in schedule.texts
        assert "sensitive" not in schedule.texts["title"]["en"].lower()


def test_real_gentle_plan_says_it_is_this_guides_example():
    gentle = real().by_id["gentle"]
    assert gentle.source == "kimldnblog"
    assert "this guide's own example" in gentle.texts["description"]["en"]
    assert "ejemplo propio de esta guía" in gentle.texts["description"]["es"]


def test_real_largest_volume_is_the_top_dose_in_the_weakest_liquid():
    assert real().largest_volume() == Decimal("9")


# Liquid doses: which syringe, and which note (computed, never typed)


def _measure(dose, form_id):
    schedules = real()
    form = next(form for form in schedules.forms if form.id == form_id)
    return doses.measure(Decimal(dose), form.strength, schedules.rules)


def test_a_9_ml_dose_needs_several_draws():
    measured = _measure("4.5", "liquid-0-5")
    assert (measured.volume, measured.syringe, measured.note) == (Decimal("9"), None, "draws")


def test_a_0_2_ml_dose_is_a_small_volume():
    measured = _measure("0.1", "liquid-0-5")
    assert (measured.volume, measured.syringe.size, measured.note) == (Decimal("0.2"), Decimal("3"), "small")


def test_a_1_5_ml_dose_gets_no_note():
    measured = _measure("1.5", "liquid-1")
    assert (measured.volume, measured.syringe.size, measured.note) == (Decimal("1.5"), Decimal("3"), None)


def test_a_dose_is_measured_with_the_smallest_syringe_that_holds_it():
    assert _measure("1.5", "liquid-0-5").syringe.size == Decimal("3")  # 3 mL: fills the 3 mL syringe
    assert _measure("2", "liquid-0-5").syringe.size == Decimal("5")  # 4 mL


def test_a_dose_between_the_marks_of_its_syringe_gets_a_note():
    measured = _measure("3.5", "liquid-1")  # 3.5 mL in a 5 mL syringe marked every 0.2 mL
    assert (measured.volume, measured.syringe.size, measured.note) == (Decimal("3.5"), Decimal("5"), "between")


def test_the_notes_in_the_real_tables_are_chosen_by_the_code():
    html = table(real(), "gentle")
    small = LOCALES["en"]["dose_note_small"]
    draws = LOCALES["en"]["dose_note_draws"]
    assert html.count(small) == 1 and html.count(draws) == 4


@pytest.mark.parametrize(
    ("dose", "strength", "marking", "volume"),
    [
        ("0.1", "1", "0.1", "0.1"),
        ("0.1", "0.5", "0.1", "0.2"),
        ("4.5", "0.5", "0.1", "9"),
        ("4.5", "1", "0.2", "4.6"),  # 22.5 marks: halfway rounds up
        ("0.25", "1", "0.1", "0.3"),
        ("0.33", "1", "0.1", "0.3"),
        ("1.5", "1", "0.2", "1.6"),
        ("0.04", "1", "0.1", "0"),
    ],
)
def test_measured_volume_rounds_to_the_syringe_marking(dose, strength, marking, volume):
    measured = doses.measured_volume(Decimal(dose), Decimal(strength), Decimal(marking))
    assert doses.format_number(measured) == volume


# Rendering


def test_table_html():
    expected = raw_block(
        """\
        <div class="dose-schedule" data-dose-schedule="tiny">
        <p class="dose-schedule-title">Tiny example</p>
        <p class="dose-schedule-description">Start low, go slow.</p>
        <p class="dose-schedule-note">Only an example.</p>
        <div class="dose-form-table" data-dose-form="capsules">
        <table class="dose-table">
        <caption>Capsules<span class="dose-visually-hidden">: Tiny example</span></caption>
        <thead>
        <tr><th scope="col">Weeks</th><th scope="col">Dose each day</th></tr>
        </thead>
        <tbody>
        <tr><th scope="row">Weeks\u00a01 to\u00a02</th><td class="dose-amount">0.5\u00a0mg</td></tr>
        <tr><th scope="row">Week\u00a03</th><td class="dose-amount">1\u00a0mg</td></tr>
        <tr><th scope="row">Week\u00a04 onward</th><td class="dose-amount">1.5\u00a0mg</td></tr>
        </tbody>
        </table>
        </div>
        <div class="dose-form-table" data-dose-form="liquid-half">
        <table class="dose-table">
        <caption>Liquid 0.5 mg/mL<span class="dose-visually-hidden">: Tiny example</span></caption>
        <thead>
        <tr><th scope="col">Weeks</th><th scope="col">How much each day</th><th scope="col">Syringe</th></tr>
        </thead>
        <tbody>
        <tr><th scope="row">Weeks\u00a01 to\u00a02</th><td class="dose-amount">1\u00a0mL (0.5\u00a0mg)</td><td class="dose-syringe">3\u00a0mL syringe</td></tr>
        <tr><th scope="row">Week\u00a03</th><td class="dose-amount">2\u00a0mL (1\u00a0mg)</td><td class="dose-syringe">3\u00a0mL syringe</td></tr>
        <tr><th scope="row">Week\u00a04 onward</th><td class="dose-amount">3\u00a0mL (1.5\u00a0mg)</td><td class="dose-syringe">3\u00a0mL syringe</td></tr>
        </tbody>
        </table>
        </div>
        <div class="dose-form-table" data-dose-form="liquid-1">
        <table class="dose-table">
        <caption>Liquid 1 mg/mL<span class="dose-visually-hidden">: Tiny example</span></caption>
        <thead>
        <tr><th scope="col">Weeks</th><th scope="col">How much each day</th><th scope="col">Syringe</th></tr>
        </thead>
        <tbody>
        <tr><th scope="row">Weeks\u00a01 to\u00a02</th><td class="dose-amount">0.5\u00a0mL (0.5\u00a0mg)</td><td class="dose-syringe">3\u00a0mL syringe</td></tr>
        <tr><th scope="row">Week\u00a03</th><td class="dose-amount">1\u00a0mL (1\u00a0mg)</td><td class="dose-syringe">3\u00a0mL syringe</td></tr>
        <tr><th scope="row">Week\u00a04 onward</th><td class="dose-amount">1.5\u00a0mL (1.5\u00a0mg)</td><td class="dose-syringe">3\u00a0mL syringe</td></tr>
        </tbody>
        </table>
        </div>
        </div>"""  # noqa: E501 - one row per line, as the template writes it
    )
    assert table(load("valid.yml"), "tiny") == expected


def test_a_schedule_without_a_form_says_so_for_the_script_to_show():
    html = table(load("liquid-chosen.yml"), "tiny")
    assert 'data-dose-form="liquid-1"' not in html
    assert (
        '<p class="dose-form-missing" data-dose-missing="liquid-1" hidden>This plan has no table for '
        "Liquid 1 mg/mL. Ask your prescriber or pharmacist which plan fits your medicine.</p>\n</div>"
    ) in html


def test_table_escapes_text_from_the_data_file():
    html = table(load("escaping.yml"), "tiny")
    assert '<p class="dose-schedule-title">Tiny &lt;b&gt;example&lt;/b&gt; &amp; more</p>' in html
    assert '<p class="dose-schedule-description">Start &lt;i&gt;low&lt;/i&gt;.</p>' in html
    assert '<p class="dose-schedule-note">Ask &#34;your&#34; prescriber &amp; pharmacist.</p>' in html
    assert "<b>" not in html and "<i>" not in html


def test_table_in_spanish():
    html = table(load("two-languages.yml", ("en", "es")), "tiny", "es")
    assert '<p class="dose-schedule-title">Ejemplo breve</p>' in html
    assert (
        '<tr><th scope="col">Semanas</th><th scope="col">Cantidad al día</th><th scope="col">Jeringa</th></tr>' in html
    )
    assert (
        '<tr><th scope="row">Semana\u00a04 en adelante</th><td class="dose-amount">3\u00a0mL (1.5\u00a0mg)</td>'
        '<td class="dose-syringe">Jeringa de 3\u00a0mL</td></tr>'
    ) in html


def test_real_tables_show_syringes_and_notes():
    schedules = real()
    gentle = table(schedules, "gentle")
    assert (
        '<tr><th scope="row">Weeks\u00a01 to\u00a02</th><td class="dose-amount">0.2\u00a0mL (0.1\u00a0mg)</td>'
        '<td class="dose-syringe">3\u00a0mL syringe <span class="dose-note">This is a very small amount. Ask your '
        "pharmacist for a smaller syringe with finer lines.</span></td></tr>"
    ) in gentle
    assert (
        '<tr><th scope="row">Week\u00a021 onward</th><td class="dose-amount">9\u00a0mL (4.5\u00a0mg)</td>'
        '<td class="dose-syringe"><span class="dose-note">This is more than one full syringe. Ask your pharmacist '
        "for a stronger liquid.</span></td></tr>"
    ) in gentle
    standard = table(schedules, "standard")
    assert (
        '<tr><th scope="row">Week\u00a09 onward</th><td class="dose-amount">4.5\u00a0mL (4.5\u00a0mg)</td>'
        '<td class="dose-syringe">5\u00a0mL syringe <span class="dose-note">Your syringe may have no line at '
        "4.5\u00a0mL. Ask your pharmacist to mark the line for you.</span></td></tr>"
    ) in standard
    assert '<tr><th scope="row">Week\u00a03</th><td class="dose-amount">1.5\u00a0mg</td></tr>' in standard


def test_a_taper_in_mcg_goes_down_and_then_stops():
    expected = raw_block(
        """\
        <div class="dose-schedule" data-dose-schedule="taper">
        <p class="dose-schedule-title">Going down to stop</p>
        <p class="dose-schedule-description">Take 300 mcg a day for 7 days. Then go down by 100 mcg every 7 days. Stop from day 22.</p>
        <div class="dose-form-table" data-dose-form="drops">
        <table class="dose-table">
        <caption>Liquid 100 mcg/mL<span class="dose-visually-hidden">: Going down to stop</span></caption>
        <thead>
        <tr><th scope="col">Days</th><th scope="col">How much each day</th><th scope="col">Syringe</th></tr>
        </thead>
        <tbody>
        <tr><th scope="row">Days\u00a01 to\u00a07</th><td class="dose-amount">3\u00a0mL (300\u00a0mcg)</td><td class="dose-syringe">3\u00a0mL syringe</td></tr>
        <tr><th scope="row">Days\u00a08 to\u00a014</th><td class="dose-amount">2\u00a0mL (200\u00a0mcg)</td><td class="dose-syringe">3\u00a0mL syringe</td></tr>
        <tr><th scope="row">Days\u00a015 to\u00a021</th><td class="dose-amount">1\u00a0mL (100\u00a0mcg)</td><td class="dose-syringe">3\u00a0mL syringe</td></tr>
        <tr><th scope="row">Day\u00a022 onward</th><td class="dose-amount">Stop (0\u00a0mL)</td><td class="dose-syringe"></td></tr>
        </tbody>
        </table>
        </div>
        </div>"""  # noqa: E501
    )
    schedules = load("taper-mcg.yml")
    assert [step.dose for step in schedules.by_id["taper"].steps] == [Decimal(300), Decimal(200), Decimal(100)]
    assert table(schedules, "taper") == expected


def test_a_taper_in_tablets_goes_down_and_continues_at_its_target():
    schedules = load("taper-tablets.yml")
    html = table(schedules, "taper")
    rows = [line for line in html.splitlines() if line.startswith('<tr><th scope="row">')]
    assert rows == [
        '<tr><th scope="row">Weeks\u00a01 to\u00a02</th><td class="dose-amount">4\u00a0tablets</td></tr>',
        '<tr><th scope="row">Weeks\u00a03 to\u00a04</th><td class="dose-amount">3\u00a0tablets</td></tr>',
        '<tr><th scope="row">Weeks\u00a05 to\u00a06</th><td class="dose-amount">2\u00a0tablets</td></tr>',
        '<tr><th scope="row">Week\u00a07 onward</th><td class="dose-amount">1\u00a0tablet</td></tr>',
    ]


def test_unknown_schedule_names_the_id_and_the_page():
    with pytest.raises(doses.DoseDataError) as error:
        table(load("valid.yml"), "standrd")
    assert str(error.value) == (
        f'titration.md: dose_table("standrd"): no schedule with this id in {DOSES / "valid.yml"} (known ids: tiny)'
    )


def test_picker_html():
    expected = raw_block(
        """\
        <div class="dose-picker" data-dose-picker data-storage-key="test-tablet-form">
        <p class="dose-picker-title">Find your table</p>
        <ol class="dose-picker-steps">
        <li>Look at the label on your medicine. It says what kind it is and how strong it is.</li>
        <li><span data-dose-if-js hidden>Choose the same one here.</span><span data-dose-if-no-js>Find the table with the same name below.</span></li>
        <li>Use only that table. Check the label again each time you get new medicine.</li>
        </ol>
        <fieldset class="dose-picker-choice" data-dose-if-js hidden>
        <legend>My medicine is</legend>
        <label class="dose-picker-option"><input type="radio" name="dose-form" value="tablets" data-status="Now showing only the tables for Tablets."> Tablets</label>
        <label class="dose-picker-option"><input type="radio" name="dose-form" value="" data-status="Now showing the tables for every form." checked> Not sure yet: show all tables</label>
        </fieldset>
        <p class="dose-picker-status" role="status" data-dose-status></p>
        <script src="../assets/javascripts/dose-forms.js" defer></script>
        </div>"""  # noqa: E501
    )
    assert picker(load("taper-tablets.yml")) == expected


def test_picker_syringe_picture_reads_at_the_line_the_data_names():
    html = picker(load("valid.yml"))
    # A 3 mL barrel 220 units long: 1.5 mL is halfway, at x = 44 + 110.
    assert '<rect class="dose-syringe-stopper" x="154" y="35" width="12" height="38"/>' in html
    assert '<line class="dose-syringe-read-line" x1="154" y1="30" x2="154" y2="86"/>' in html
    assert (
        '<text class="dose-syringe-callout" x="154" y="108" text-anchor="middle">Read here: 1.5\u00a0mL</text>' in html
    )
    assert html.count('class="dose-syringe-mark"') == 31  # 0 to 3 mL every 0.1 mL
    assert [f'text-anchor="middle">{n}</text>' in html for n in "0123"] == [True] * 4


def test_picker_syringe_picture_is_an_image_with_its_words():
    html = picker(load("valid.yml"))
    assert 'role="img" aria-labelledby="dose-syringe-caption"' in html
    assert (
        '<figcaption id="dose-syringe-caption"><strong>How to read the syringe.</strong> Read your dose at the '
        "flat front edge of the plunger inside the syringe: the edge nearest the tip. Line it up with the line "
        "for your dose. In this picture it is at the 1.5\u00a0mL line of a 3\u00a0mL syringe. Do not read at the "
        "back of that part, or at the end you push.</figcaption>"
    ) in html


@pytest.mark.parametrize("name", ["valid.yml", "taper-mcg.yml", "two-languages.yml"])
def test_no_inline_style_or_script(name):
    schedules = load(name, ("en",))
    for html in (picker(schedules), *(table(schedules, key) for key in schedules.by_id)):
        assert "style=" not in html and "<style" not in html
        assert "<script>" not in html and "<script " not in html.replace('<script src="', "")


# A page: one picker, before the first table


def test_a_table_before_the_picker_stops_the_build():
    pages = doses.PageTracker()
    with pytest.raises(doses.DoseDataError) as error:
        pages.table("titration.md", "standard")
    assert str(error.value) == (
        'titration.md: dose_table("standard") comes before dose_form_picker(): put '
        "{{ dose_form_picker() }} once above the first dose table"
    )


def test_a_second_picker_stops_the_build():
    pages = doses.PageTracker()
    pages.picker("titration.md")
    with pytest.raises(doses.DoseDataError) as error:
        pages.picker("titration.md")
    assert str(error.value) == (
        "titration.md: dose_form_picker() is used twice on this page; use it once, above the first dose table"
    )


def test_a_picker_without_a_table_stops_the_build():
    pages = doses.PageTracker()
    pages.picker("index.md")
    with pytest.raises(doses.DoseDataError) as error:
        pages.finish("index.md")
    assert str(error.value) == "index.md: dose_form_picker() is used, but the page has no dose_table()"


def test_a_picker_then_tables_is_fine_and_each_page_starts_afresh():
    pages = doses.PageTracker()
    pages.picker("titration.md")
    pages.table("titration.md", "standard")
    pages.table("titration.md", "gentle")
    pages.finish("titration.md")
    pages.finish("index.md")
    pages.picker("titration.md")


# Doses named in text


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Take 4.5 mg a day.", [("4.5 mg", "mass", "4.5", None)]),
        ("take 45 mg a day", [("45 mg", "mass", "45", None)]),
        ("1.5 mg is 3 mL", [("1.5 mg", "mass", "1.5", None), ("3 mL", "volume", "3", None)]),
        ("1 mg/mL and 0.5 mg per mL", [("1 mg/mL", "strength", "1", None), ("0.5 mg per mL", "strength", "0.5", None)]),
        ("4.5\u00a0mg", [("4.5\u00a0mg", "mass", "4.5", None)]),
        ("4.5mg", [("4.5mg", "mass", "4.5", None)]),
        ("500 mcg or 500 µg", [("500 mcg", "mass", "0.5", None), ("500 µg", "mass", "0.5", None)]),
        ("6 milligrams, 2 mililitros", [("6 milligrams", "mass", "6", None), ("2 mililitros", "volume", "2", None)]),
        ("(1,000 mg make 1 gram)", [("1,000 mg", "mass", "1000", None)]),
        ("take .5 mg", [(".5 mg", "mass", "0.5", "has no leading zero: write 0.5")]),
        ("tome 0,5 mg", [("0,5 mg", "mass", "0.5", "uses a decimal comma: write 0.5, with a point, as the tables do")]),
        ("between 1 and 5 mg", [("5 mg", "mass", "5", None)]),
        ("0.1-0.5 mg", [("0.5 mg", "mass", "0.5", None)]),
        ("4.5 mg/day", [("4.5 mg", "mass", "4.5", None)]),
    ],
)
def test_scanner_finds_amounts(text, found):
    amounts = [(a.text, a.kind, doses.format_number(a.value), a.problem) for a in doses.scan_amounts(text)]
    assert amounts == found


@pytest.mark.parametrize("text", ["Week 3", "12 weeks", "mgmt 5", "a 50 mgx", "v1.5 mg", "H2O", "page 45 of 100"])
def test_scanner_ignores_numbers_without_a_dose_unit(text):
    assert doses.scan_amounts(text) == []


def _check(text, schedules=None):
    doses.check_text(text, schedules or real(), where="docs/x.md")


def _problem(text, schedules=None):
    with pytest.raises(doses.DoseDataError) as error:
        _check(text, schedules)
    return str(error.value)


def test_a_page_saying_45_mg_stops_the_build():
    assert _problem("Some people take 45 mg a day.") == (
        "docs/x.md: '45 mg' (in \"Some people take 45 mg a day.\") is above the site maximum (4.5 mg) in "
        "titration.yml; use a dose from titration.yml, or list it under other_doses with a reason"
    )


def test_a_volume_above_any_schedule_stops_the_build():
    assert _problem("Draw up 12 mL.") == (
        "docs/x.md: '12 mL' (in \"Draw up 12 mL.\") is more than the largest amount any schedule measures (9 mL); "
        "use a dose from titration.yml, or list it under other_doses with a reason"
    )


def test_an_unknown_strength_stops_the_build():
    assert _problem("A 2 mg/mL liquid.") == (
        "docs/x.md: '2 mg/mL' (in \"A 2 mg/mL liquid.\") is not one of the liquid strengths in titration.yml "
        "(0.5 mg/mL, 1 mg/mL); use a dose from titration.yml, or list it under other_doses with a reason"
    )


def test_a_leading_dot_stops_the_build_even_within_the_limits():
    assert _problem("Start at .5 mg.") == "docs/x.md: '.5 mg' (in \"Start at .5 mg.\") has no leading zero: write 0.5"


def test_every_problem_in_a_text_is_listed():
    assert _problem("45 mg, then .5 mg").splitlines() == [
        "docs/x.md: '45 mg' (in \"45 mg, then .5 mg\") is above the site maximum (4.5 mg) in titration.yml; use a "
        "dose from titration.yml, or list it under other_doses with a reason",
        "docs/x.md: '.5 mg' (in \"45 mg, then .5 mg\") has no leading zero: write 0.5",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Take 4.5 mg a day; 0.1 mg to start; 1.5 mg is 3 mL of the 0.5 mg/mL liquid.",
        "9 mL at most, 5 mL is a teaspoon, 1 mg/mL",
        "The approved tablet is 50 mg. Liver harm at 300 mg. One trial used 6 mg. 1,000 mg make 1 gram.",
        "About 3.9 mg for half, between 1 and 5 mg a day.",
        "500 mcg is 0.5 mg.",
        "No dose here: week 45, 45 people.",
    ],
)
def test_text_within_the_limits_or_listed_passes(text):
    _check(text)


def test_a_listed_dose_matches_in_any_unit_of_its_kind():
    _check("50,000 mcg")  # the 50 mg tablet, in mcg


def test_other_doses_list_volumes_and_strengths():
    schedules = load("other-doses.yml")
    _check("50 mg, 10 mL, 2 mg/mL, 1 mg/mL", schedules)
    assert [(o.kind, doses.format_number(o.value), o.reason) for o in schedules.other_doses] == [
        ("mass", "50", "the approved tablet"),
        ("volume", "10", "a teaspoon is 5 mL, two are 10 mL"),
        ("strength", "2", "a strength some pharmacies make"),
    ]


def test_check_text_returns_the_other_doses_it_names():
    named = doses.check_text("The 50 mg tablet; 4.5 mg a day; 6 mg in one trial.", real(), where="docs/x.md")
    assert sorted(o.text for o in named) == ["50 mg", "6 mg"]


def test_unused_other_doses_are_warned_about(caplog):
    schedules = load("other-doses.yml")
    named = doses.check_text("50 mg and 2 mg/mL", schedules, where="docs/x.md")
    assert doses.warn_unused_other_doses(schedules, named) == ["10 mL"]
    assert caplog.messages == [
        f"{DOSES / 'other-doses.yml'}: other_doses lists 10 mL, which no page names: "
        "remove what the pages no longer need"
    ]
    assert caplog.records[0].name == "guide.doses"  # not "mkdocs.*": a warning, not a failed strict build


def test_a_taper_in_tablets_checks_no_mg_in_text():
    _check("The 50 mg tablet, 45 mg", load("taper-tablets.yml"))


def test_front_matter_strings_are_checked_with_their_key():
    with pytest.raises(doses.DoseDataError) as error:
        doses.check_front_matter(
            {"title": "Doses", "description": "Take 45 mg.", "tags": ["a", "b"]}, real(), where="docs/x.md"
        )
    assert str(error.value).startswith("docs/x.md: front matter description: '45 mg' (in \"Take 45 mg.\") is above")


def test_nested_front_matter_strings_are_checked():
    with pytest.raises(doses.DoseDataError, match=r"front matter extra: '\.5 mg'"):
        doses.check_front_matter({"extra": {"notes": ["take .5 mg"]}, "review_due": 2027}, real(), where="docs/x.md")


# Bad input: every rule stops the build with the file, schedule, step and rule


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        ("duplicate-key.yml", "line 30: the YAML does not parse: key 'dose' is written twice"),
        (
            "unknown-key.yml",
            'schedule "tiny": unknown key "target_dos" '
            "(expected id, title, description, note, source, direction, target_dose, forms, steps)",
        ),
        ("dose-no-unit.yml", 'schedule "tiny", step 2 (week 3): dose "1" has no unit: write it like "1 mg"'),
        ("dose-bare-number.yml", 'schedule "tiny", step 2 (week 3): dose "1" has no unit: write it like "1 mg"'),
        (
            "dose-wrong-unit.yml",
            'schedule "tiny", step 2 (week 3): dose "1000 mcg" is in mcg; this file\'s doses are in mg (rules.unit)',
        ),
        ("dose-zero.yml", 'schedule "tiny", step 2 (week 3): dose is 0 mg; it must be more than 0 mg'),
        ("dose-negative.yml", 'schedule "tiny", step 2 (week 3): dose is -1 mg; it must be more than 0 mg'),
        (
            "dose-above-max.yml",
            'schedule "tiny", step 2 (week 3): dose is 5 mg, above the maximum daily dose this '
            "site shows (rules.max_daily_dose: 4.5 mg)",
        ),
        (
            "step-lower.yml",
            'schedule "tiny", step 2 (week 3): its dose (0.25 mg) is lower than step 1 (0.5 mg); '
            "this schedule goes up (direction: up)",
        ),
        (
            "step-rise-too-big.yml",
            'schedule "tiny", step 3 (week 4): it rises by 1.5 mg from step 2 (1 mg); '
            "rules.max_change allows at most 1 mg",
        ),
        (
            "rise-above-rule.yml",
            'schedule "tiny", step 2 (week 3): it rises by 1 mg from step 1 (0.5 mg); '
            "rules.max_change allows at most 0.5 mg",
        ),
        (
            "step-too-long.yml",
            'schedule "tiny", step 2 (weeks 3–5): it lasts 3 weeks; rules.step_length allows 1 or 2 weeks',
        ),
        (
            "step-ends-before-start.yml",
            'schedule "tiny", step 2 (weeks 3–2): it ends (week 2) before it starts (week 3)',
        ),
        (
            "weeks-gap.yml",
            'schedule "tiny", step 2 (week 4): it starts at week 4, but step 1 ends at week 2: '
            "week 3 is missing (a gap)",
        ),
        (
            "weeks-overlap.yml",
            'schedule "tiny", step 2 (weeks 2–3): it starts at week 2, but step 1 runs to week 2: the weeks overlap',
        ),
        (
            "first-step-late.yml",
            'schedule "tiny", step 1 (week 2): it starts at week 2; the first step must start at week 1',
        ),
        (
            "onward-not-last.yml",
            'schedule "tiny", step 2 (week 3 onward): only the last step may continue onward (to_week: "onward")',
        ),
        (
            "onward-not-target.yml",
            'schedule "tiny", step 3 (week 4 onward): it continues onward at 1.5 mg, '
            "but only the target dose (4.5 mg) may continue onward",
        ),
        (
            "last-not-onward.yml",
            'schedule "tiny", step 3 (week 4): the last step must continue onward '
            'at the target dose (1.5 mg): set to_week: "onward"',
        ),
        (
            "liquid-not-measurable.yml",
            'schedule "tiny", step 1 (weeks 1–2): 0.25 mg of the liquid-1 form (1 mg/mL) '
            "is 0.25 mL, which a 3 mL syringe marked every 0.1 mL can only measure as "
            "0.3 mL (20% off; rules.max_measure_error allows 5%): choose other forms for "
            "this schedule",
        ),
        (
            "liquid-unknown-strength.yml",
            "schedule \"tiny\": form 'liquid-2' is not one of the file's forms (capsules, liquid-half, liquid-1)",
        ),
        ("unknown-source.yml", 'schedule "tiny": source "kimldnblg" is not a citation key in references.bib'),
        ("duplicate-id.yml", 'schedule "tiny": this id is used by more than one schedule'),
        (
            "rule-unknown-key.yml",
            'rules: unknown key "max_rise" (expected unit, max_daily_dose, max_change, '
            "step_length, direction, max_measure_error, small_volume_marks, syringes)",
        ),
        ("rule-bad-unit.yml", "rules: unit 'grams' is not a dose unit the engine knows (mg, mcg, mL, tablets)"),
        (
            "rule-step-length-mixed.yml",
            'rules, step_length: shortest "3 days" and longest "2 weeks" must be in the '
            "same unit (days or weeks): it is the unit of every step's from_ and to_ keys",
        ),
        ("rule-syringes-missing.yml", 'rules: "syringes" is missing: a liquid form is measured with a syringe'),
        ("rule-syringes-order.yml", "rules, syringe 2: list the syringes from the smallest up: 3 mL comes after 5 mL"),
        (
            "form-strength-unit.yml",
            'form "liquid-1": strength "1000 mcg/mL" is in mcg/mL; it must be in mg/mL (rules.unit)',
        ),
        ("figure-unknown-syringe.yml", 'picker, figure: syringe "10 mL" is not one of rules.syringes (3 mL, 5 mL)'),
        ("other-dose-no-reason.yml", 'other_doses 1: "reason" is missing'),
        ("text-missing-language.yml", 'schedule "tiny": title: no es text'),
        (
            "description-dose-not-in-steps.yml",
            "schedule \"tiny\", description (en): '45 mg' is not one of this "
            "schedule's doses (0.5, 1, 1.5 mg) or step changes (0.5 mg)",
        ),
        (
            "description-week-not-a-boundary.yml",
            "schedule \"tiny\", description (en): 'week 5' is not a step boundary of this schedule (1, 2, 3, 4)",
        ),
        ("description-leading-dot.yml", "schedule \"tiny\", description (en): '.5 mg' has no leading zero: write 0.5"),
        (
            "description-volume-not-measured.yml",
            "schedule \"tiny\", description (en): '2.5 mL' is not an amount "
            "this schedule measures (0.5, 1, 1.5, 2, 3 mL)",
        ),
        (
            "taper-fall-too-big.yml",
            'schedule "taper", step 2 (days 8–14): it falls by 200 mcg from step 1 '
            "(300 mcg); rules.max_change allows at most 100 mcg",
        ),
        (
            "taper-rises.yml",
            'schedule "taper", step 3 (days 15–21): its dose (300 mcg) is higher than step 2 '
            "(200 mcg); this schedule goes down (direction: down)",
        ),
        (
            "taper-stop-step-open.yml",
            'schedule "taper", step 3 (day 15 onward): this schedule stops (target_dose: '
            "0 mcg), so its last step must end: set to_day to a day number",
        ),
        (
            "taper-stop-from-too-high.yml",
            'schedule "taper", step 2 (days 8–14): it stops from 200 mcg, a fall of '
            "more than rules.max_change (150 mcg)",
        ),
    ],
)
def test_bad_data_stops_the_build(fixture, reason):
    assert message(fixture) == f"{DOSES / fixture}: {reason}"


def test_yaml_that_does_not_parse_names_its_line():
    # The parser's own wording differs between libyaml and pure-Python PyYAML; the line does not.
    assert message("not-yaml.yml").startswith(f"{DOSES / 'not-yaml.yml'}: line 24: the YAML does not parse: ")


def test_a_site_language_the_file_lacks_stops_the_build():
    assert message("valid.yml", ("en", "es")) == (
        f"{DOSES / 'valid.yml'}: the site is built in es, but languages lists only en"
    )


def test_a_plain_string_is_refused_when_the_file_has_two_languages(tmp_path):
    path = tmp_path / "plain.yml"
    path.write_text(
        (DOSES / "two-languages.yml")
        .read_text(encoding="utf-8")
        .replace('label: {en: "Capsules", es: "Cápsulas"}', 'label: "Capsules"'),
        encoding="utf-8",
    )
    with pytest.raises(doses.DoseDataError) as error:
        doses.load_schedules(path, known_keys=KEYS, site_languages=["en"], locales=LOCALES)
    assert str(error.value) == (
        f'{path}: form "capsules": label: give the text in each language (en, es), like {{en: ..., es: ...}}'
    )


def test_missing_file_stops_the_build():
    assert message("no-such-file.yml").startswith(f"{DOSES / 'no-such-file.yml'}: cannot read the file")


def test_error_is_a_value_error():
    assert issubclass(doses.DoseDataError, ValueError)


# Wording


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("0.5", "0.5"),
        (".5", "0.5"),
        ("4.50", "4.5"),
        ("1.0", "1"),
        ("10", "10"),
        ("1E+1", "10"),
        ("0.25", "0.25"),
        ("0", "0"),
    ],
)
def test_numbers_read_aloud_well(value, text):
    assert doses.format_number(Decimal(value)) == text


@pytest.mark.parametrize(
    ("start", "end", "unit", "language", "label"),
    [
        (1, 2, "week", "en", "Weeks\u00a01 to\u00a02"),
        (3, 3, "week", "en", "Week\u00a03"),
        (9, None, "week", "en", "Week\u00a09 onward"),
        (9, None, "week", "es", "Semana\u00a09 en adelante"),
        (3, 4, "day", "es", "Días\u00a03 a\u00a04"),
        (5, 5, "day", "en", "Day\u00a05"),
    ],
)
def test_period_labels(start, end, unit, language, label):
    assert doses.period_text(doses.Step(1, start, end, Decimal("1")), unit, LOCALES[language]) == label


def test_the_engine_words_are_the_same_in_both_languages():
    dose_keys = {language: {key for key in LOCALES[language] if key.startswith("dose_")} for language in LOCALES}
    assert dose_keys["en"] == dose_keys["es"] and len(dose_keys["en"]) > 30
