"""Unit tests for macros/doses.py: loading and checking schedules, mL arithmetic, and the rendered table."""
import importlib.util
import sys
import textwrap
from decimal import Decimal

import pytest

from helpers import FIXTURES, ROOT


def _import_doses():
    """Import macros/doses.py on its own, so these tests do not need the whole macros package."""
    spec = importlib.util.spec_from_file_location("ldn_doses_under_test", ROOT / "macros" / "doses.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


doses = _import_doses()
DOSES = FIXTURES / "doses"
KEYS = {"kimldnblog"}


def load(name):
    """Load one fixture file from tests/fixtures/doses/."""
    return doses.load_schedules(DOSES / name, known_keys=KEYS)


def message(name):
    """Return the DoseDataError message that loading a bad fixture raises."""
    with pytest.raises(doses.DoseDataError) as error:
        load(name)
    return str(error.value)


# The real data file


def test_real_data_loads_with_its_steps():
    schedules = doses.load_schedules(ROOT / "data" / "titration.yml", known_keys={"kimldnblog"})
    steps = {
        schedule_id: [(s.from_week, s.to_week, str(s.dose_mg)) for s in schedule.steps]
        for schedule_id, schedule in schedules.by_id.items()
    }
    assert steps == {
        "standard": [(week, week, dose) for week, dose in enumerate(
            ["0.5", "1", "1.5", "2", "2.5", "3", "3.5", "4"], start=1)] + [(9, None, "4.5")],
        "gentle": [(1, 2, "0.1"), (3, 4, "0.25"), (5, 6, "0.5"), (7, 8, "1"), (9, 10, "1.5"), (11, 12, "2"),
                   (13, 14, "2.5"), (15, 16, "3"), (17, 18, "3.5"), (19, 20, "4"), (21, None, "4.5")],
        "weekly": [(1, 1, "0.5"), (2, 2, "1.5"), (3, 3, "2.5"), (4, 4, "3.5"), (5, None, "4.5")],
    }


def test_real_data_strengths_per_schedule():
    schedules = doses.load_schedules(ROOT / "data" / "titration.yml", known_keys={"kimldnblog"})
    shown = {key: [str(s) for s in value.strengths_mg_per_ml] for key, value in schedules.by_id.items()}
    assert shown == {"standard": ["0.5", "1"], "gentle": ["0.5"], "weekly": ["0.5", "1"]}
    assert (schedules.max_daily_mg, schedules.marking_ml) == (Decimal("4.5"), Decimal("0.1"))


def test_real_data_needs_its_source_in_the_bibliography():
    with pytest.raises(doses.DoseDataError, match='schedule "standard": source "kimldnblog" is not a citation key'):
        doses.load_schedules(ROOT / "data" / "titration.yml", known_keys={"younger2009"})


# Rendering


def test_table_html():
    expected = textwrap.dedent(
        """\
        <div class="dose-schedule">
        <table>
        <caption>Tiny example</caption>
        <thead>
        <tr><th scope="col">Weeks</th><th scope="col">Daily dose (mg)</th><th scope="col">Liquid 0.5 mg/mL: amount (mL)</th><th scope="col">Liquid 1 mg/mL: amount (mL)</th></tr>
        </thead>
        <tbody>
        <tr><th scope="row">Weeks 1–2</th><td>0.5</td><td>1</td><td>0.5</td></tr>
        <tr><th scope="row">Week 3</th><td>1</td><td>2</td><td>1</td></tr>
        <tr><th scope="row">Week 4 onward</th><td>1.5</td><td>3</td><td>1.5</td></tr>
        </tbody>
        </table>
        <p>Start low, go slow.</p>
        <p class="dose-schedule-note">Your prescriber&#39;s plan comes first.</p>
        </div>"""
    )
    assert doses.dose_table(load("valid.yml"), "tiny", page="titration.md") == expected


def test_table_is_one_raw_html_block():
    html = doses.dose_table(load("valid.yml"), "tiny", page="titration.md")
    assert html.startswith('<div class="dose-schedule">\n') and html.endswith("</div>")
    assert "\n\n" not in html


def test_table_escapes_text_from_the_data_file():
    html = doses.dose_table(load("escaping.yml"), "tiny", page="titration.md")
    assert "<caption>Tiny &lt;b&gt;example&lt;/b&gt; &amp; more</caption>" in html
    assert "<p>Start &lt;i&gt;low&lt;/i&gt;.</p>" in html
    assert '<p class="dose-schedule-note">Ask &#34;your&#34; prescriber &amp; pharmacist.</p>' in html
    assert "<b>" not in html and "<i>" not in html


def test_table_shows_only_the_strengths_a_schedule_chooses():
    expected = textwrap.dedent(
        """\
        <tr><th scope="col">Weeks</th><th scope="col">Daily dose (mg)</th><th scope="col">Liquid 0.5 mg/mL: amount (mL)</th></tr>
        </thead>
        <tbody>
        <tr><th scope="row">Weeks 1–2</th><td>0.25</td><td>0.5</td></tr>"""
    )
    html = doses.dose_table(load("liquid-chosen.yml"), "tiny", page="titration.md")
    assert expected in html
    assert "1 mg/mL" not in html


def test_real_tables_render():
    schedules = doses.load_schedules(ROOT / "data" / "titration.yml", known_keys={"kimldnblog"})
    gentle = doses.dose_table(schedules, "gentle", page="titration.md")
    assert '<tr><th scope="row">Weeks 1–2</th><td>0.1</td><td>0.2</td></tr>' in gentle
    assert '<tr><th scope="row">Week 21 onward</th><td>4.5</td><td>9</td></tr>' in gentle
    standard = doses.dose_table(schedules, "standard", page="titration.md")
    assert '<tr><th scope="row">Week 9 onward</th><td>4.5</td><td>9</td><td>4.5</td></tr>' in standard
    weekly = doses.dose_table(schedules, "weekly", page="titration.md")
    assert '<tr><th scope="row">Week 5 onward</th><td>4.5</td><td>9</td><td>4.5</td></tr>' in weekly


def test_unknown_schedule_names_the_id_and_the_page():
    with pytest.raises(doses.DoseDataError) as error:
        doses.dose_table(load("valid.yml"), "standrd", page="titration.md")
    assert str(error.value) == (
        f'titration.md: dose_table("standrd"): no schedule with this id in {DOSES / "valid.yml"} (known ids: tiny)'
    )


# Arithmetic and wording


@pytest.mark.parametrize(
    ("dose", "strength", "marking", "volume"),
    [
        ("0.1", "1", "0.1", "0.1"),
        ("0.1", "0.5", "0.1", "0.2"),
        ("4.5", "0.5", "0.1", "9"),
        ("4.5", "1", "0.1", "4.5"),
        ("0.25", "1", "0.1", "0.3"),  # 0.25 mL: exactly halfway, rounds up to the next marking
        ("0.33", "1", "0.1", "0.3"),
        ("1.5", "1", "0.2", "1.6"),  # a 0.2 mL marking cannot show 1.5 mL
        ("0.04", "1", "0.1", "0"),
    ],
)
def test_measured_volume_rounds_to_the_syringe_marking(dose, strength, marking, volume):
    measured = doses.measured_volume(Decimal(dose), Decimal(strength), Decimal(marking))
    assert doses.format_number(measured) == volume


@pytest.mark.parametrize(
    ("value", "text"),
    [("0.5", "0.5"), (".5", "0.5"), ("4.50", "4.5"), ("1.0", "1"), ("10", "10"), ("1E+1", "10"), ("0.25", "0.25"), ("0", "0")],
)
def test_numbers_read_aloud_well(value, text):
    assert doses.format_number(Decimal(value)) == text


@pytest.mark.parametrize(
    ("from_week", "to_week", "label"),
    [(1, 2, "Weeks 1–2"), (3, 3, "Week 3"), (9, None, "Week 9 onward")],
)
def test_week_labels(from_week, to_week, label):
    assert doses.week_label(doses.Step(1, from_week, to_week, Decimal("1"))) == label


# Bad input: every rule stops the build with the file, schedule, step and rule


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        ("not-yaml.yml", "line 9: the YAML does not parse: expected <block end>, but found '<scalar>'"),
        ("duplicate-key.yml", "line 15: the YAML does not parse: key 'dose' is written twice"),
        ("unknown-key.yml", 'schedule "tiny": unknown key "target_dos" '
                            "(expected id, title, description, note, source, target_dose, liquid_strengths, steps)"),
        ("dose-no-unit.yml", 'schedule "tiny", step 2 (week 3): dose "1" has no unit: write it like "1 mg"'),
        ("dose-bare-number.yml", 'schedule "tiny", step 2 (week 3): dose "1" has no unit: write it like "1 mg"'),
        ("dose-wrong-unit.yml", 'schedule "tiny", step 2 (week 3): dose "1000 mcg" is in mcg; it must be in mg'),
        ("dose-zero.yml", 'schedule "tiny", step 2 (week 3): dose is 0 mg; it must be more than 0 mg'),
        ("dose-negative.yml", 'schedule "tiny", step 2 (week 3): dose is -1 mg; it must be more than 0 mg'),
        ("dose-above-max.yml", 'schedule "tiny", step 2 (week 3): dose is 5 mg, '
                               "above the maximum daily dose this site shows (4.5 mg)"),
        ("step-lower.yml", 'schedule "tiny", step 2 (week 3): its dose (0.25 mg) is lower than step 1 (0.5 mg); '
                           "an example schedule only goes up"),
        ("step-rise-too-big.yml", 'schedule "tiny", step 3 (week 4): it rises by 1.5 mg from step 2 (1 mg); '
                                  "a step may rise by at most 1 mg"),
        ("step-too-long.yml", 'schedule "tiny", step 2 (weeks 3–5): it lasts 3 weeks; a step must last 1 or 2 weeks'),
        ("step-ends-before-start.yml", 'schedule "tiny", step 2 (weeks 3–2): it ends (week 2) before it starts (week 3)'),
        ("weeks-gap.yml", 'schedule "tiny", step 2 (week 4): it starts at week 4, but step 1 ends at week 2: '
                          "week 3 is missing (a gap)"),
        ("weeks-overlap.yml", 'schedule "tiny", step 2 (weeks 2–3): it starts at week 2, but step 1 runs to week 2: '
                              "the weeks overlap"),
        ("first-step-late.yml", 'schedule "tiny", step 1 (week 2): it starts at week 2; '
                                "the first step must start at week 1"),
        ("onward-not-last.yml", 'schedule "tiny", step 2 (week 3 onward): only the last step may continue onward '
                                '(to_week: "onward")'),
        ("onward-not-target.yml", 'schedule "tiny", step 3 (week 4 onward): it continues onward at 1.5 mg, '
                                  "but only the target dose (4.5 mg) may continue onward"),
        ("last-not-onward.yml", 'schedule "tiny", step 3 (week 4): the last step must continue onward '
                                'at the target dose (1.5 mg): set to_week: "onward"'),
        ("liquid-not-measurable.yml", 'schedule "tiny", step 1 (weeks 1–2): 0.25 mg of the 1 mg/mL liquid is '
                                      "0.25 mL, which a syringe marked every 0.1 mL can only measure as 0.3 mL "
                                      "(20% off; at most 5% is allowed): choose other liquid_strengths for this schedule"),
        ("liquid-unknown-strength.yml", 'schedule "tiny": liquid strength "2 mg/mL" is not in the file\'s '
                                        "liquid_strengths (0.5 mg/mL, 1 mg/mL)"),
        ("unknown-source.yml", 'schedule "tiny": source "kimldnblg" is not a citation key in references.bib'),
        ("duplicate-id.yml", 'schedule "tiny": this id is used by more than one schedule'),
    ],
)
def test_bad_data_stops_the_build(fixture, reason):
    assert message(fixture) == f"{DOSES / fixture}: {reason}"


def test_missing_file_stops_the_build():
    assert message("no-such-file.yml").startswith(f"{DOSES / 'no-such-file.yml'}: cannot read the file")


def test_error_is_a_value_error():
    assert issubclass(doses.DoseDataError, ValueError)
