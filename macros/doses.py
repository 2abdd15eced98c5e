"""Example dose schedules: load a schedules file, check every schedule against the file's own rules,
render each schedule as one table per form, and check the doses that pages name in words.

The file (data/titration.yml in this guide) holds everything that differs between medicines:
`rules` (unit, maximum daily dose, largest change per step, step length, direction, how exactly a
liquid must be measured, the oral syringes), `forms` (capsules, liquids and their strengths),
`picker` (where the reader's choice is kept, the syringe picture), `other_doses` (doses the pages
may name for another reason) and `schedules`. This module holds no rule of its own.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from pathlib import Path

from . import rawhtml, yamlfile
from .i18n import LocaleError, text_in

ONWARD = "onward"
UNITS = ("mg", "mcg", "mL", "tablets")
# Units a dose can be converted between, in mg.
MASS = {"mg": Decimal(1), "mcg": Decimal("0.001")}
DIRECTIONS = ("up", "down")
TIME_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week"}
# Liquid amounts are shown exactly: a volume needing more than two decimals cannot be read off a syringe.
VOLUME_STEP = Decimal("0.01")
SCRIPT = "assets/javascripts/dose-forms.js"
# Outside the "mkdocs" logger namespace: a warning here must not fail a strict build.
LOG = logging.getLogger("guide.doses")

QUANTITY = re.compile(r"^\s*(?P<number>[-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?P<unit>\S(?:.*\S)?)?\s*$")
PERCENT = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)?)\s*%\s*$")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STORAGE_KEY = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

FILE_KEYS = ("languages", "rules", "forms", "picker", "other_doses", "schedules")
RULE_KEYS = (
    "unit",
    "max_daily_dose",
    "max_change",
    "step_length",
    "direction",
    "max_measure_error",
    "small_volume_marks",
    "syringes",
)
LIQUID_RULE_KEYS = ("max_measure_error", "small_volume_marks", "syringes")
STEP_LENGTH_KEYS = ("shortest", "longest")
SYRINGE_KEYS = ("size", "marking")
FORM_KEYS = ("id", "label", "strength")
PICKER_KEYS = ("storage_key", "figure")
FIGURE_KEYS = ("syringe", "reading")
OTHER_DOSE_KEYS = ("dose", "reason")
SCHEDULE_KEYS = ("id", "title", "description", "note", "source", "direction", "target_dose", "forms", "steps")
SCHEDULE_TEXTS = ("title", "description", "note")

# A dose, volume or strength written in page text: "4.5 mg", "3 mL", "1 mg/mL", "1,000 mg", ".5 mg".
# The number may not follow a letter, digit, point or comma (so "45 mg" is one number, not "5 mg").
MASS_WORDS = {
    "mg": "mg",
    "milligram": "mg",
    "milligrams": "mg",
    "milligramme": "mg",
    "milligrammes": "mg",
    "miligramo": "mg",
    "miligramos": "mg",
    "mcg": "mcg",
    "µg": "mcg",
    "μg": "mcg",
    "microgram": "mcg",
    "micrograms": "mcg",
    "microgramo": "mcg",
    "microgramos": "mcg",
}
VOLUME_WORDS = {
    "ml": "mL",
    "milliliter": "mL",
    "milliliters": "mL",
    "millilitre": "mL",
    "millilitres": "mL",
    "mililitro": "mL",
    "mililitros": "mL",
}
_WORDS = "|".join(sorted(map(re.escape, [*MASS_WORDS, *VOLUME_WORDS]), key=len, reverse=True))
_VOLUME = "|".join(sorted(map(re.escape, VOLUME_WORDS), key=len, reverse=True))
AMOUNT = re.compile(
    r"(?<![\w.,])(?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:[.,]\d+)?|[.,]\d+)[ \u00a0\u202f]?"
    rf"(?P<unit>{_WORDS})(?:\s?/\s?|\s(?:per|por)\s)?(?P<per>(?<=[/\s])(?:{_VOLUME}))?(?!\w)",
    re.IGNORECASE,
)
THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


class DoseDataError(ValueError):
    """A schedules file, a page's dose macro or a dose named in page text breaks a rule; the build must stop."""


# The checked data


@dataclass(frozen=True)
class Syringe:
    """An oral syringe: how much it holds and how far apart its smallest marks are, in mL."""

    size: Decimal
    marking: Decimal


@dataclass(frozen=True)
class Rules:
    """The file's rules: every schedule in it is checked against these."""

    unit: str
    max_daily: Decimal
    max_change: Decimal
    time_unit: str  # "week" or "day": steps are written from_week/to_week or from_day/to_day
    shortest: int
    longest: int
    direction: str
    max_error: Decimal | None = None  # a fraction, e.g. 0.05
    small_volume_marks: int | None = None
    syringes: tuple[Syringe, ...] = ()


@dataclass(frozen=True)
class Form:
    """A form of the medicine: taken as it is (capsules) or measured (a liquid of a strength, unit per mL)."""

    id: str
    label: dict
    strength: Decimal | None = None  # in the strength's unit per mL (checked to be the file's unit)
    strength_unit: str | None = None
    strength_text: str | None = None

    @property
    def liquid(self) -> bool:
        return self.strength is not None


@dataclass(frozen=True)
class Figure:
    """The syringe picture beside the form picker: which listed syringe, and the line it reads."""

    syringe: Syringe
    reading: Decimal


@dataclass(frozen=True)
class Picker:
    storage_key: str
    figure: Figure | None


@dataclass(frozen=True)
class OtherDose:
    """A dose the pages may name for another reason than the schedules (kind: mass, volume or strength)."""

    kind: str
    value: Decimal  # mass in mg, volume in mL, strength in mg per mL
    text: str
    reason: str


@dataclass(frozen=True)
class Step:
    """One step: a daily dose from one week (or day) to another; end None means it continues onward."""

    number: int
    start: int
    end: int | None
    dose: Decimal


@dataclass(frozen=True)
class Schedule:
    """One checked schedule: its texts in each language, its source key, its forms and its steps."""

    id: str
    texts: dict  # "title"/"description"/"note" -> {language: text}
    source: str
    direction: str
    target: Decimal
    forms: tuple[Form, ...]
    steps: tuple[Step, ...]

    @property
    def stops(self) -> bool:
        """A taper that ends at zero: after its last step, the medicine stops."""
        return self.target == 0


@dataclass(frozen=True)
class Measure:
    """How a liquid dose is measured: its volume, the syringe and the note the table shows, if any."""

    volume: Decimal
    syringe: Syringe | None  # None: no listed syringe holds it in one draw
    note: str | None  # "draws", "small" or "between"


@dataclass(frozen=True)
class Schedules:
    """Everything one schedules file holds, checked."""

    path: Path
    rules: Rules
    forms: tuple[Form, ...]
    picker: Picker
    other_doses: tuple[OtherDose, ...]
    by_id: dict
    languages: tuple[str, ...]

    def largest_volume(self) -> Decimal | None:
        """The largest amount of liquid any schedule measures in any of its liquid forms (None: no liquid)."""
        return self._largest_volume

    @functools.cached_property
    def _largest_volume(self) -> Decimal | None:
        # Worked out once per file, not once per amount a page names (a few hundred a page).
        volumes = [
            measure(step.dose, form.strength, self.rules).volume
            for schedule in self.by_id.values()
            for form in schedule.forms
            if form.liquid
            for step in schedule.steps
        ]
        return max(volumes) if volumes else None


# Loading


def load_schedules(path, *, known_keys, site_languages, locales) -> Schedules:
    """Read and check a schedules file; raise DoseDataError naming the file, schedule, step and key.

    The file's `languages` lists the languages its texts are written in ({en: ..., es: ...}, or a
    plain string if it lists one); it must include every language the site is built in. locales:
    the engine's words for the site's languages (the week and day words a schedule's texts are
    checked with; a text in a language the site does not build yet has its amounts checked, and
    its week numbers once the site builds it).
    """
    path = Path(path)
    raw = yamlfile.load(path, DoseDataError)
    top = [str(path)]
    _check_keys(raw, FILE_KEYS, ("other_doses",), top)
    languages = _languages(raw["languages"], site_languages, top)
    forms = _forms(raw["forms"], path, languages)
    rules = _rules(raw["rules"], path, any(form.liquid for form in forms))
    for form in forms:
        if form.liquid:
            _check_strength_unit(form, rules, [str(path), f'form "{form.id}"'])
    picker = _picker(raw["picker"], path, rules)
    other = _other_doses(raw.get("other_doses", []), path, rules)
    if not isinstance(raw["schedules"], list) or not raw["schedules"]:
        _fail(top, '"schedules" must be a list of one or more schedules')
    by_id = {}
    for index, entry in enumerate(raw["schedules"], start=1):
        schedule = _schedule(entry, index, path, rules, forms, known_keys, languages)
        if schedule.id in by_id:
            _fail([str(path), f'schedule "{schedule.id}"'], "this id is used by more than one schedule")
        _check_liquids(schedule, rules, [str(path), f'schedule "{schedule.id}"'])
        _check_texts(schedule, rules, locales, [str(path), f'schedule "{schedule.id}"'])
        by_id[schedule.id] = schedule
    return Schedules(
        path=path, rules=rules, forms=forms, picker=picker, other_doses=other, by_id=by_id, languages=languages
    )


def _languages(raw, site_languages, where):
    """The languages the file's texts are written in; every language the site is built in among them."""
    if not isinstance(raw, list) or not raw or not all(isinstance(lang, str) and lang.strip() for lang in raw):
        _fail(where, f"languages {_show(raw)} must list the languages the texts are written in, like [en, es]")
    missing = [lang for lang in site_languages if lang not in raw]
    if missing:
        _fail(where, f"the site is built in {', '.join(missing)}, but languages lists only {', '.join(raw)}")
    return tuple(raw)


def _rules(raw, path, has_liquid):
    """Check the rules block and return it as Rules."""
    where = [str(path), "rules"]
    _check_keys(raw, RULE_KEYS, LIQUID_RULE_KEYS, where)
    if has_liquid:
        for key in LIQUID_RULE_KEYS:
            if key not in raw:
                _fail(where, f'"{key}" is missing: a liquid form is measured with a syringe')
    unit = raw["unit"]
    if unit not in UNITS:
        _fail(where, f"unit {_show(unit)} is not a dose unit the engine knows ({', '.join(UNITS)})")
    max_daily = _quantity(raw["max_daily_dose"], unit, where, "max_daily_dose")
    _check_positive(max_daily, unit, where, "max_daily_dose")
    max_change = _quantity(raw["max_change"], unit, where, "max_change")
    _check_positive(max_change, unit, where, "max_change")
    time_unit, shortest, longest = _step_length(raw["step_length"], where)
    if raw["direction"] not in DIRECTIONS:
        _fail(where, f"direction {_show(raw['direction'])} must be one of {', '.join(DIRECTIONS)}")
    rules = Rules(
        unit=unit,
        max_daily=max_daily,
        max_change=max_change,
        time_unit=time_unit,
        shortest=shortest,
        longest=longest,
        direction=raw["direction"],
    )
    if "syringes" not in raw:
        return rules
    max_error = _percent(raw["max_measure_error"], where, "max_measure_error")
    marks = raw["small_volume_marks"]
    if isinstance(marks, bool) or not isinstance(marks, int) or marks < 0:
        _fail(where, f"small_volume_marks must be a whole number of syringe marks (0 or more), got {_show(marks)}")
    syringes = _syringes(raw["syringes"], [*where, "syringes"])
    return replace(rules, max_error=max_error, small_volume_marks=marks, syringes=syringes)


def _step_length(raw, where):
    """Check step_length: {shortest: "1 week", longest: "2 weeks"}, both in days or both in weeks."""
    where = [*where, "step_length"]
    _check_keys(raw, STEP_LENGTH_KEYS, (), where)
    lengths = {}
    for key in STEP_LENGTH_KEYS:
        match = QUANTITY.match(raw[key]) if isinstance(raw[key], str) else None
        unit = TIME_UNITS.get(match["unit"]) if match and match["unit"] else None
        number = match["number"] if match else ""
        if unit is None or not number.isdigit() or int(number) < 1:
            _fail(where, f'{key} {_show(raw[key])} must be a whole number of days or weeks, like "1 week" or "3 days"')
        lengths[key] = (unit, int(number))
    (unit, shortest), (other, longest) = lengths["shortest"], lengths["longest"]
    if unit != other:
        _fail(
            where,
            f'shortest "{raw["shortest"]}" and longest "{raw["longest"]}" must be in the same unit '
            f"(days or weeks): it is the unit of every step's from_ and to_ keys",
        )
    if shortest > longest:
        _fail(where, f'shortest "{raw["shortest"]}" is longer than longest "{raw["longest"]}"')
    return unit, shortest, longest


def _syringes(raw, where):
    """Check the list of oral syringes, smallest first; each a whole number of its marks."""
    if not isinstance(raw, list) or not raw:
        _fail(where, 'must list one or more syringes, like {size: "3 mL", marking: "0.1 mL"}')
    syringes = []
    for number, entry in enumerate(raw, start=1):
        here = [*where[:-1], f"syringe {number}"]
        _check_keys(entry, SYRINGE_KEYS, (), here)
        size = _quantity(entry["size"], "mL", here, "size")
        marking = _quantity(entry["marking"], "mL", here, "marking")
        _check_positive(size, "mL", here, "size")
        _check_positive(marking, "mL", here, "marking")
        if size % marking:
            _fail(
                here,
                f"a {format_number(size)} mL syringe cannot be marked every {format_number(marking)} mL "
                "(the size must be a whole number of marks)",
            )
        if syringes and size <= syringes[-1].size:
            _fail(
                here,
                f"list the syringes from the smallest up: {format_number(size)} mL comes after "
                f"{format_number(syringes[-1].size)} mL",
            )
        syringes.append(Syringe(size=size, marking=marking))
    return tuple(syringes)


def _forms(raw, path, languages):
    """Check the forms: each an id, a label in each language, and a strength if it is a liquid."""
    if not isinstance(raw, list) or not raw:
        _fail([str(path)], '"forms" must list one or more forms, like {id: capsules, label: ...}')
    forms = []
    for index, entry in enumerate(raw, start=1):
        where = [str(path), f"form {index}"]
        if isinstance(entry, dict) and isinstance(entry.get("id"), str) and ID.match(entry["id"]):
            where = [str(path), f'form "{entry["id"]}"']
        _check_keys(entry, FORM_KEYS, ("strength",), where)
        form_id = _id(entry["id"], where)
        if any(form.id == form_id for form in forms):
            _fail(where, "this id is used by more than one form")
        label = _localized(entry["label"], languages, where, "label")
        strength = {}
        if "strength" in entry:
            strength = _strength(entry["strength"], where)
            if any(form.strength == strength["strength"] for form in forms):
                _fail(where, f'strength "{entry["strength"]}" is given by more than one form')
        forms.append(Form(id=form_id, label=label, **strength))
    return tuple(forms)


def _strength(value, where):
    """Parse a liquid strength like "0.5 mg/mL"; its unit is checked against the rules later."""
    match = QUANTITY.match(value) if isinstance(value, str) else None
    if match is None or not match["unit"] or not match["unit"].endswith("/mL"):
        _fail(where, f'strength {_show(value)} must be an amount per mL, like "1 mg/mL"')
    amount = Decimal(match["number"])
    _check_positive(amount, match["unit"], where, "strength")
    return {"strength": amount, "strength_unit": match["unit"][: -len("/mL")], "strength_text": value.strip()}


def _check_strength_unit(form, rules, where):
    """A liquid's strength is in the file's unit per mL, and the file's unit is a mass (mg or mcg)."""
    if rules.unit not in MASS:
        _fail(where, f"a liquid form needs doses in mg or mcg (rules.unit is {rules.unit})")
    if form.strength_unit != rules.unit:
        _fail(
            where,
            f'strength "{form.strength_text}" is in {form.strength_unit}/mL; '
            f"it must be in {rules.unit}/mL (rules.unit)",
        )


def _picker(raw, path, rules):
    """Check the picker block: the storage key and, optionally, the syringe picture."""
    where = [str(path), "picker"]
    _check_keys(raw, PICKER_KEYS, ("figure",), where)
    key = raw["storage_key"]
    if not isinstance(key, str) or not STORAGE_KEY.match(key):
        _fail(where, f"storage_key {_show(key)} must be 1-64 letters, digits, dots, hyphens or underscores")
    figure = None
    if "figure" in raw:
        here = [*where, "figure"]
        _check_keys(raw["figure"], FIGURE_KEYS, (), here)
        size = _quantity(raw["figure"]["syringe"], "mL", here, "syringe")
        syringe = next((s for s in rules.syringes if s.size == size), None)
        if syringe is None:
            listed = ", ".join(f"{format_number(s.size)} mL" for s in rules.syringes) or "none"
            _fail(here, f'syringe "{raw["figure"]["syringe"]}" is not one of rules.syringes ({listed})')
        reading = _quantity(raw["figure"]["reading"], "mL", here, "reading")
        if not 0 < reading <= syringe.size or reading % syringe.marking:
            _fail(
                here,
                f'reading "{raw["figure"]["reading"]}" must be a line of the {format_number(size)} mL '
                f"syringe (a whole number of {format_number(syringe.marking)} mL marks, above 0)",
            )
        figure = Figure(syringe=syringe, reading=reading)
    return Picker(storage_key=key, figure=figure)


def _other_doses(raw, path, rules):
    """Check other_doses: each a dose, volume or strength the pages may name, with a reason."""
    where = [str(path), "other_doses"]
    if not isinstance(raw, list):
        _fail(where, 'must be a list, like - {dose: "50 mg", reason: "..."}')
    found = []
    for number, entry in enumerate(raw, start=1):
        here = [*where[:-1], f"other_doses {number}"]
        _check_keys(entry, OTHER_DOSE_KEYS, (), here)
        _text(entry["reason"], here, "reason")
        amounts = scan_amounts(entry["dose"]) if isinstance(entry["dose"], str) else []
        if len(amounts) != 1 or amounts[0].text != entry["dose"].strip() or amounts[0].problem:
            _fail(
                here,
                f'dose {_show(entry["dose"])} must be one amount with its unit, like "50 mg", "10 mL" or "2 mg/mL"',
            )
        amount = amounts[0]
        if any(o.kind == amount.kind and o.value == amount.value for o in found):
            _fail(here, f'dose "{amount.text}" is listed twice')
        found.append(OtherDose(kind=amount.kind, value=amount.value, text=amount.text, reason=entry["reason"].strip()))
    return tuple(found)


def _schedule(raw, index, path, rules, forms, known_keys, languages):
    """Check one schedule entry and return it as a Schedule."""
    where = [str(path), f"schedule {index}"]
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and ID.match(raw["id"]):
        where = [str(path), f'schedule "{raw["id"]}"']
    _check_keys(raw, SCHEDULE_KEYS, ("note", "direction", "forms"), where)
    schedule_id = _id(raw["id"], where)
    texts = {key: _localized(raw[key], languages, where, key) for key in SCHEDULE_TEXTS if key in raw}
    source = _text(raw["source"], where, "source")
    if source not in known_keys:
        _fail(where, f'source "{source}" is not a citation key in references.bib')
    direction = raw.get("direction", rules.direction)
    if direction not in DIRECTIONS:
        _fail(where, f"direction {_show(direction)} must be one of {', '.join(DIRECTIONS)}")
    target = _quantity(raw["target_dose"], rules.unit, where, "target_dose")
    if not (direction == "down" and target == 0):
        _check_dose_range(target, rules, where, "target_dose")
    chosen = _chosen_forms(raw.get("forms"), forms, where)
    if not isinstance(raw["steps"], list) or not raw["steps"]:
        _fail(where, '"steps" must be a list of one or more steps')
    steps = tuple(_step(entry, number, where, rules) for number, entry in enumerate(raw["steps"], start=1))
    schedule = Schedule(
        id=schedule_id, texts=texts, source=source, direction=direction, target=target, forms=chosen, steps=steps
    )
    _check_sequence(schedule, rules, where)
    return schedule


def _chosen_forms(raw, forms, where):
    """The forms a schedule shows: its own choice from the file's forms (in the file's order), or all."""
    if raw is None:
        return forms
    if not isinstance(raw, list) or not raw:
        _fail(where, '"forms" must list one or more form ids, like [capsules]')
    known = {form.id: form for form in forms}
    for value in raw:
        if value not in known:
            _fail(where, f"form {_show(value)} is not one of the file's forms ({', '.join(known)})")
    if len(set(raw)) != len(raw):
        _fail(where, '"forms" lists a form twice')
    return tuple(form for form in forms if form.id in raw)


def _step(raw, number, where, rules):
    """Check one step's fields and dose and return it as a Step."""
    unit = rules.time_unit
    where = [*where, _raw_step_label(raw, number, unit)]
    start_key, end_key = f"from_{unit}", f"to_{unit}"
    _check_keys(raw, (start_key, end_key, "dose"), (), where)
    start = _period(raw[start_key], where, start_key, unit)
    end = None if raw[end_key] == ONWARD else _period(raw[end_key], where, end_key, unit)
    if end is not None and end < start:
        _fail(where, f"it ends ({unit} {end}) before it starts ({unit} {start})")
    dose = _quantity(raw["dose"], rules.unit, where, "dose")
    _check_dose_range(dose, rules, where, "dose")
    return Step(number=number, start=start, end=end, dose=dose)


def _check_sequence(schedule, rules, where):
    """Check the steps follow on with no gap, move one way by at most max_change, and end as the rules say."""
    steps, unit = schedule.steps, rules.time_unit
    first = steps[0]
    if first.start != 1:
        _fail(
            [*where, step_label(first, unit)],
            f"it starts at {unit} {first.start}; the first step must start at {unit} 1",
        )
    for before, step in pairwise(steps):
        if before.end is None:
            _fail([*where, step_label(before, unit)], f'only the last step may continue onward (to_{unit}: "onward")')
        _check_follows(before, step, [*where, step_label(step, unit)], unit)
        _check_change(before, step, schedule.direction, rules, [*where, step_label(step, unit)])
    for step in steps:
        _check_length(step, rules, [*where, step_label(step, unit)])
    _check_end(schedule, rules, [*where, step_label(steps[-1], unit)])


def _check_change(before, step, direction, rules, where):
    """Check that a step moves the schedule's way (or stays) and by at most max_change."""
    was, now, unit = format_number(before.dose), format_number(step.dose), rules.unit
    if direction == "up" and step.dose < before.dose:
        _fail(
            where,
            f"its dose ({now} {unit}) is lower than step {before.number} ({was} {unit}); "
            "this schedule goes up (direction: up)",
        )
    if direction == "down" and step.dose > before.dose:
        _fail(
            where,
            f"its dose ({now} {unit}) is higher than step {before.number} ({was} {unit}); "
            "this schedule goes down (direction: down)",
        )
    change = abs(step.dose - before.dose)
    if change > rules.max_change:
        verb = "rises" if step.dose > before.dose else "falls"
        _fail(
            where,
            f"it {verb} by {format_number(change)} {unit} from step {before.number} ({was} {unit}); "
            f"rules.max_change allows at most {format_number(rules.max_change)} {unit}",
        )


def _check_end(schedule, rules, where):
    """Up, or down to a lower dose: the last step continues onward at the target. Down to 0: it ends, then stop."""
    last, unit, aim = schedule.steps[-1], rules.time_unit, format_number(schedule.target)
    if schedule.stops:
        if last.end is None:
            _fail(
                where,
                f"this schedule stops (target_dose: 0 {rules.unit}), so its last step must end: "
                f"set to_{unit} to a {unit} number",
            )
        if last.dose > rules.max_change:
            _fail(
                where,
                f"it stops from {format_number(last.dose)} {rules.unit}, a fall of more than "
                f"rules.max_change ({format_number(rules.max_change)} {rules.unit})",
            )
        return
    if last.end is not None:
        _fail(
            where,
            f'the last step must continue onward at the target dose ({aim} {rules.unit}): set to_{unit}: "onward"',
        )
    if last.dose != schedule.target:
        _fail(
            where,
            f"it continues onward at {format_number(last.dose)} {rules.unit}, "
            f"but only the target dose ({aim} {rules.unit}) may continue onward",
        )
    if schedule.direction == "down" and schedule.target > schedule.steps[0].dose:
        _fail(where, f"this schedule goes down, but its target ({aim} {rules.unit}) is above its first dose")


def _check_follows(before, step, where, unit):
    """Check that a step starts the week (or day) after the step before ends: no gap, no overlap."""
    expected = before.end + 1
    if step.start > expected:
        missing = _missing_text(expected, step.start - 1, unit)
        _fail(
            where,
            f"it starts at {unit} {step.start}, but step {before.number} ends at {unit} {before.end}: "
            f"{missing} missing (a gap)",
        )
    if step.start < expected:
        _fail(
            where,
            f"it starts at {unit} {step.start}, but step {before.number} runs to {unit} {before.end}: "
            f"the {unit}s overlap",
        )


def _check_length(step, rules, where):
    """Check that a closed step lasts from the shortest to the longest step length."""
    if step.end is None:
        return
    length = step.end - step.start + 1
    low, high, unit = rules.shortest, rules.longest, rules.time_unit
    if not low <= length <= high:
        allowed = f"{low} or {high}" if high == low + 1 else f"{low} to {high}" if high > low else f"{low}"
        _fail(where, f"it lasts {_count(length, unit)}; rules.step_length allows {allowed} {unit}s")


def _check_liquids(schedule, rules, where):
    """Check every dose in every liquid form: exact to 0.01 mL, and measurable within max_measure_error."""
    for form in schedule.forms:
        if not form.liquid:
            continue
        for step in schedule.steps:
            exact = step.dose / form.strength
            here = [*where, step_label(step, rules.time_unit)]
            what = f"{format_number(step.dose)} {rules.unit} of the {form.id} form ({form.strength_text})"
            if exact != exact.quantize(VOLUME_STEP, rounding=ROUND_HALF_UP):
                _fail(
                    here,
                    f"{what} is {format_number(exact.quantize(Decimal('0.0001')))}... mL, which no syringe "
                    "can show: choose other forms for this schedule",
                )
            syringe = measure(step.dose, form.strength, rules).syringe or rules.syringes[-1]
            measured = measured_volume(step.dose, form.strength, syringe.marking)
            off = abs(measured - exact) / exact
            if off > rules.max_error:
                _fail(
                    here,
                    f"{what} is {format_number(exact)} mL, which a {format_number(syringe.size)} mL syringe "
                    f"marked every {format_number(syringe.marking)} mL can only measure as "
                    f"{format_number(measured)} mL ({_percent_text(off)}% off; rules.max_measure_error "
                    f"allows {_percent_text(rules.max_error)}%): choose other forms for this schedule",
                )


def _check_texts(schedule, rules, locales, where):
    """A schedule's title, description and note name only its own doses, changes, volumes and weeks."""
    doses = {step.dose for step in schedule.steps}
    changes = {abs(b.dose - a.dose) for a, b in pairwise(schedule.steps)} - {Decimal(0)}
    if schedule.stops:
        changes.add(schedule.steps[-1].dose)
    liquids = [form for form in schedule.forms if form.liquid]
    volumes = {measure(step.dose, form.strength, rules).volume for form in liquids for step in schedule.steps}
    strengths = {_to_mg(form.strength, rules.unit) for form in liquids}
    boundaries = _boundaries(schedule)
    lengths = {step.end - step.start + 1 for step in schedule.steps if step.end is not None}
    for key, by_language in schedule.texts.items():
        for language, text in by_language.items():
            here = [*where, f"{key} ({language})"]
            for amount in scan_amounts(text):
                problem = amount.problem or _schedule_amount_problem(amount, rules, doses, changes, volumes, strengths)
                if problem:
                    _fail(here, f"'{amount.text}' {problem}")
            periods = _periods(text, rules.time_unit, locales[language]) if language in locales else []
            for number, kind in periods:
                if kind == "at" and number not in boundaries:
                    _fail(
                        here,
                        f"'{rules.time_unit} {number}' is not a step boundary of this schedule ({_list(boundaries)})",
                    )
                if kind == "for" and number not in boundaries | lengths:
                    _fail(
                        here,
                        f"'{number} {rules.time_unit}s' is neither a step length ({_list(lengths)}) "
                        f"nor a step boundary ({_list(boundaries)}) of this schedule",
                    )


def _schedule_amount_problem(amount, rules, doses, changes, volumes, strengths):
    """Why an amount in a schedule's text does not belong to the schedule, or None."""
    unit = rules.unit
    if amount.kind == "mass" and unit in MASS:
        value = amount.value / MASS[unit]
        if value not in doses | changes:
            return (
                f"is not one of this schedule's doses ({_list(doses)} {unit}) or step changes ({_list(changes)} {unit})"
            )
    if amount.kind == "volume":
        allowed = doses | changes if unit == "mL" else volumes
        if amount.value not in allowed:
            return (
                f"is not an amount this schedule measures ({_list(allowed)} mL)"
                if allowed
                else "names a liquid amount, but this schedule has no liquid form"
            )
    if amount.kind == "strength" and amount.value not in strengths:
        return f"is not the strength of one of this schedule's liquid forms ({_list(strengths)} mg/mL)"
    return None


def _boundaries(schedule):
    """The weeks (or days) where a step starts or ends, and where a stopping schedule stops."""
    found = {step.start for step in schedule.steps} | {step.end for step in schedule.steps if step.end}
    if schedule.stops:
        found.add(schedule.steps[-1].end + 1)
    return found


def _periods(text, unit, locale):
    """Numbers a text ties to the time unit: ("at", 9) for "week 9", ("for", 2) for "2 weeks"."""
    words = _words(locale[f"dose_scan_{unit}_words"])
    ranges = _words(locale["dose_scan_range_words"])
    word = "|".join(map(re.escape, words))
    joint = "|".join([r"[-\u2013]", *(rf"\s{re.escape(r)}\s" for r in ranges)])
    found = []
    after = re.compile(rf"(?<!\w)(?:{word})[ \u00a0]+(\d+)(?:\s*(?:{joint})\s*(\d+))?", re.IGNORECASE)
    for match in after.finditer(text):
        found += [(int(n), "at") for n in match.groups() if n]
    before = re.compile(rf"(?<![\w.,])(\d+)[ \u00a0]+(?:{word})(?!\w)", re.IGNORECASE)
    found += [(int(match[1]), "for") for match in before.finditer(text)]
    return found


def _words(value):
    return [w.strip() for w in value.split(",") if w.strip()]


# Small checks and messages


def _check_keys(raw, required, optional, where):
    """Check that a mapping has every required key and no unknown one (a typo must not pass)."""
    if not isinstance(raw, dict):
        _fail(where, f"expected a mapping with the keys {', '.join(required)}, got {_show(raw)}")
    for key in raw:
        if key not in required:
            _fail(where, f'unknown key "{key}" (expected {", ".join(required)})')
    for key in required:
        if key not in raw and key not in optional:
            _fail(where, f'"{key}" is missing')


def _id(value, where):
    """An id: lowercase words joined by hyphens."""
    if not isinstance(value, str) or not ID.match(value):
        _fail(where, f'id {_show(value)} must be lowercase words joined by hyphens, like "standard"')
    return value


def _text(value, where, key):
    """Return a non-empty string field, or fail."""
    if not isinstance(value, str) or not value.strip():
        _fail(where, f'"{key}" must be some text, got {_show(value)}')
    return value.strip()


def _localized(value, languages, where, key):
    """A patient-facing text in every language: {language: text}."""
    label = f"{', '.join(where[1:])}: {key}"
    try:
        return {language: text_in(value, language, list(languages), label) for language in languages}
    except LocaleError as error:
        raise DoseDataError(f"{where[0]}: {error}") from None


def _period(value, where, key, unit):
    """Return a week or day number (a whole number from 1), or fail."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        hint = ' or "onward"' if key.startswith("to_") else ""
        _fail(where, f"{key} must be a {unit} number from 1{hint}, got {_show(value)}")
    return value


def _quantity(value, unit, where, key):
    """Parse a number with its unit, like "0.5 mg"; fail if the unit is missing or different."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        _fail(where, f'{key} "{value}" has no unit: write it like "{value} {unit}"')
    match = QUANTITY.match(value) if isinstance(value, str) else None
    if match is None:
        _fail(where, f'{key} {_show(value)} is not a number with a unit, like "1 {unit}"')
    if match["unit"] is None:
        _fail(where, f'{key} "{value}" has no unit: write it like "{match["number"]} {unit}"')
    if match["unit"] != unit:
        _fail(
            where,
            f'{key} "{value}" is in {match["unit"]}; this file\'s doses are in {unit} (rules.unit)'
            if key in ("dose", "target_dose", "max_daily_dose", "max_change")
            else f'{key} "{value}" is in {match["unit"]}; it must be in {unit}',
        )
    return Decimal(match["number"])


def _percent(value, where, key):
    """Parse a percentage like "5%" into a fraction."""
    match = PERCENT.match(value) if isinstance(value, str) else None
    if match is None:
        _fail(where, f'{key} {_show(value)} must be a percentage, like "5%"')
    return Decimal(match["number"]) / 100


def _check_positive(value, unit, where, key):
    """Fail unless a quantity is above zero."""
    if value <= 0:
        _fail(where, f"{key} is {format_number(value)} {unit}; it must be more than 0 {unit}")


def _check_dose_range(dose, rules, where, key):
    """Fail unless a dose is above zero and no more than the site's maximum daily dose."""
    _check_positive(dose, rules.unit, where, key)
    if dose > rules.max_daily:
        _fail(
            where,
            f"{key} is {format_number(dose)} {rules.unit}, above the maximum daily dose this site shows "
            f"(rules.max_daily_dose: {format_number(rules.max_daily)} {rules.unit})",
        )


def _raw_step_label(raw, number, unit):
    """Name a step in a message before its weeks are checked."""
    if isinstance(raw, dict):
        start, end = raw.get(f"from_{unit}"), raw.get(f"to_{unit}")
        if _is_period(start) and (_is_period(end) or end == ONWARD):
            return step_label(Step(number, start, None if end == ONWARD else end, Decimal(0)), unit)
        return f"step {number} (from_{unit} {_show(start)}, to_{unit} {_show(end)})"
    return f"step {number}"


def _is_period(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _missing_text(first, last, unit):
    """Say which weeks are missing, e.g. "week 4 is" or "weeks 4–5 are"."""
    return f"{unit} {first} is" if first == last else f"{unit}s {first}\u2013{last} are"


def _count(number, unit):
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def _list(values):
    return ", ".join(format_number(v) for v in sorted(values)) or "none"


def _percent_text(fraction):
    """Format a fraction as a percentage to one decimal place, without trailing zeros."""
    return format_number((fraction * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _show(value):
    """Show a raw value from the data file in a message."""
    return "nothing" if value is None else repr(value)


def _fail(where, reason):
    """Raise DoseDataError: where (file, schedule, step), then the rule broken."""
    file, *inside = where
    raise DoseDataError(": ".join([file, *([", ".join(inside)] if inside else []), reason]))


def _to_mg(value, unit):
    return value * MASS[unit]


# Arithmetic and wording


def measured_volume(dose, strength, marking) -> Decimal:
    """Return the volume in mL for a dose, rounded to the nearest syringe marking."""
    marks = (Decimal(dose) / Decimal(strength) / Decimal(marking)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return marks * Decimal(marking)


def measure(dose, strength, rules) -> Measure:
    """Which syringe measures a liquid dose, and which note (if any) the table shows beside it.

    The syringe is the smallest listed one that holds the dose in one draw. Notes: "draws" when no
    listed syringe holds it (ask for a stronger liquid); "small" when it is at most
    small_volume_marks of that syringe's marks (ask for a smaller syringe with finer marks);
    "between" when it falls between two of its marks (ask the pharmacist to mark the line).
    """
    volume = (Decimal(dose) / Decimal(strength)).quantize(VOLUME_STEP, rounding=ROUND_HALF_UP).normalize()
    syringe = next((s for s in rules.syringes if s.size >= volume), None)
    if syringe is None:
        return Measure(volume=volume, syringe=None, note="draws")
    if volume <= rules.small_volume_marks * syringe.marking:
        return Measure(volume=volume, syringe=syringe, note="small")
    if volume % syringe.marking:
        return Measure(volume=volume, syringe=syringe, note="between")
    return Measure(volume=volume, syringe=syringe, note=None)


def format_number(value) -> str:
    """Write a number as it reads aloud: "0.5" not ".5" or "0.50", "4.5" not "4.50", "10" not "1E+1"."""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "") else text


def step_label(step, unit="week") -> str:
    """Name a step in a message, e.g. "step 3 (weeks 5–6)" or "step 9 (week 9 onward)"."""
    if step.end is None:
        weeks = f"{unit} {step.start} {ONWARD}"
    elif step.end == step.start:
        weeks = f"{unit} {step.start}"
    else:
        weeks = f"{unit}s {step.start}\u2013{step.end}"
    return f"step {step.number} ({weeks})"


# Doses named in text


@dataclass(frozen=True)
class Amount:
    """A dose, volume or strength found in text, with the problem in how it is written, if any."""

    text: str
    kind: str  # "mass" (value in mg), "volume" (mL) or "strength" (mg per mL)
    value: Decimal
    problem: str | None
    start: int


def scan_amounts(text) -> list[Amount]:
    """Every amount with a unit in a text: "4.5 mg", "3 mL", "1 mg/mL", "1,000 mg"; ".5 mg" and "0,5 mg" flagged."""
    found = []
    for match in AMOUNT.finditer(text):
        number, unit, per = match["number"], match["unit"].lower(), match["per"]
        problem = None
        if number[0] in ".,":
            problem = f"has no leading zero: write 0{'.' + number[1:]}"
        elif "," in number and not THOUSANDS.match(number):
            problem = f"uses a decimal comma: write {number.replace(',', '.')}, with a point, as the tables do"
        value = Decimal(("0" + number if number[0] in ".," else number).replace(",", "" if not problem else "."))
        word = next(k for k in (*MASS_WORDS, *VOLUME_WORDS) if k.lower() == unit)
        if word in VOLUME_WORDS:
            kind = "volume"
        else:
            value = value * MASS[MASS_WORDS[word]]
            kind = "strength" if per else "mass"
        found.append(Amount(text=match.group(0).strip(), kind=kind, value=value, problem=problem, start=match.start()))
    return found


def check_text(text, schedules, *, where) -> set:
    """Check every amount in a text against the data: raise DoseDataError listing each problem, naming `where`.

    Returns the other_doses entries the text names (for the unused-entry warning).
    """
    amounts = scan_amounts(text)
    problems = [
        f"{where}: '{amount.text}'{_context(text, amount)} {problem}"
        for amount in amounts
        if (problem := amount_problem(amount, schedules))
    ]
    if problems:
        raise DoseDataError("\n".join(problems))
    return {o for amount in amounts for o in schedules.other_doses if (o.kind, o.value) == (amount.kind, amount.value)}


def amount_problem(amount, schedules) -> str | None:
    """Why a page may not name this amount, or None: above the limits and not among other_doses."""
    if amount.problem:
        return amount.problem
    if any(o.kind == amount.kind and o.value == amount.value for o in schedules.other_doses):
        return None
    rules, name = schedules.rules, schedules.path.name
    hint = f"; use a dose from {schedules.path.name}, or list it under other_doses with a reason"
    if amount.kind == "mass" and rules.unit in MASS:
        top = _to_mg(rules.max_daily, rules.unit)
        if amount.value > top:
            return f"is above the site maximum ({format_number(rules.max_daily)} {rules.unit}) in {name}{hint}"
    if amount.kind == "volume":
        largest = rules.max_daily if rules.unit == "mL" else schedules.largest_volume()
        if largest is not None and amount.value > largest:
            return f"is more than the largest amount any schedule measures ({format_number(largest)} mL){hint}"
    if amount.kind == "strength":
        strengths = [form.strength for form in schedules.forms if form.liquid]
        if rules.unit not in MASS or amount.value not in {_to_mg(s, rules.unit) for s in strengths}:
            listed = ", ".join(form.strength_text for form in schedules.forms if form.liquid) or "none"
            return f"is not one of the liquid strengths in {name} ({listed}){hint}"
    return None


def _context(text, amount):
    """A few words around an amount, so a maintainer can find it."""
    start, end = max(0, amount.start - 30), amount.start + len(amount.text) + 30
    snippet = " ".join(text[start:end].split())
    return f' (in "{snippet}")'


def check_front_matter(meta, schedules, *, where) -> set:
    """Check every string in a page's front matter (nested lists and mappings too); return the other_doses named."""
    named = set()
    for key, value in meta.items():
        for text in _strings(value):
            named |= check_text(text, schedules, where=f"{where}: front matter {key}")
    return named


def warn_unused_other_doses(schedules, named) -> list[str]:
    """Log one warning listing other_doses entries that no page named: each is a permission no text uses."""
    unused = [o.text for o in schedules.other_doses if o not in named]
    if unused:
        LOG.warning(
            "%s: other_doses lists %s, which no page names: remove what the pages no longer need",
            schedules.path,
            ", ".join(unused),
        )
    return unused


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# Pages: one picker before the first table


class PageTracker:
    """Which dose macros a page has called, in order: the picker must come once, before the first table."""

    def __init__(self):
        self._pages = {}
        self.named = set()  # the other_doses entries some page or the glossary names

    def picker(self, page):
        state = self._pages.setdefault(page, {"picker": 0, "tables": 0})
        if state["picker"]:
            raise DoseDataError(
                f"{page}: dose_form_picker() is used twice on this page; use it once, above the first dose table"
            )
        state["picker"] += 1

    def table(self, page, schedule_id):
        state = self._pages.setdefault(page, {"picker": 0, "tables": 0})
        if not state["picker"]:
            raise DoseDataError(
                f'{page}: dose_table("{schedule_id}") comes before dose_form_picker(): put '
                "{{ dose_form_picker() }} once above the first dose table"
            )
        state["tables"] += 1

    def finish(self, page):
        """At the end of a page: a picker with no table is an error. Forget the page."""
        state = self._pages.pop(page, None)
        if state and state["picker"] and not state["tables"]:
            raise DoseDataError(f"{page}: dose_form_picker() is used, but the page has no dose_table()")


# Rendering


def find_schedule(schedules, schedule_id, *, page) -> Schedule:
    """Return the schedule with this id, or raise DoseDataError naming the id and the page."""
    if not isinstance(schedule_id, str) or schedule_id not in schedules.by_id:
        known = ", ".join(sorted(schedules.by_id))
        raise DoseDataError(
            f'{page}: dose_table("{schedule_id}"): no schedule with this id in {schedules.path} (known ids: {known})'
        )
    return schedules.by_id[schedule_id]


def dose_table(schedules, schedule_id, *, page, language, locale, renderer) -> str:
    """One schedule as a raw HTML block: its title and description, then one complete table per form."""
    schedule = find_schedule(schedules, schedule_id, page=page)
    rules, t = schedules.rules, locale
    texts = {key: schedule.texts[key][language] if key in schedule.texts else None for key in SCHEDULE_TEXTS}
    tables = [_table(schedule, form, rules, language, t) for form in schedule.forms]
    missing = [
        {"form": form.id, "text": t["dose_form_missing"].format(form=form.label[language])}
        for form in schedules.forms
        if form not in schedule.forms
    ]
    html = renderer.render("dose-table.html", schedule=schedule, texts=texts, tables=tables, missing=missing, t=t)
    return rawhtml.mark(html)


def _table(schedule, form, rules, language, t):
    """The plain data of one form's table: its caption, headers and rows."""
    rows = []
    for step in schedule.steps:
        dose = amount_text(step.dose, rules.unit, t)
        if not form.liquid:
            rows.append({"period": period_text(step, rules.time_unit, t), "amount": dose})
            continue
        measured = measure(step.dose, form.strength, rules)
        volume = amount_text(measured.volume, "mL", t)
        syringe = t["dose_syringe"].format(size=amount_text(measured.syringe.size, "mL", t)) if measured.syringe else ""
        note = t[f"dose_note_{measured.note}"].format(volume=volume) if measured.note else ""
        rows.append(
            {
                "period": period_text(step, rules.time_unit, t),
                "amount": t["dose_liquid_amount"].format(volume=volume, dose=dose),
                "syringe": syringe,
                "note": note,
            }
        )
    if schedule.stops:
        last = schedule.steps[-1]
        stop = Step(number=last.number + 1, start=last.end + 1, end=None, dose=Decimal(0))
        zero = amount_text(0, "mL" if form.liquid else rules.unit, t)
        rows.append(
            {
                "period": period_text(stop, rules.time_unit, t),
                "amount": t["dose_stop"].format(zero=zero),
                "syringe": "",
                "note": "",
            }
        )
    return {
        "form": form.id,
        "label": form.label[language],
        "liquid": form.liquid,
        "period_header": t[f"dose_{rules.time_unit}s_col"],
        "rows": rows,
    }


def amount_text(value, unit, t) -> str:
    """An amount with its unit, in the page's language: "1.5 mg", "3 mL", "2 tablets"."""
    number = format_number(value)
    if unit == "tablets":
        return t["dose_amount_tablet" if Decimal(value) == 1 else "dose_amount_tablets"].format(n=number)
    return t[f"dose_amount_{unit}"].format(n=number)


def period_text(step, unit, t) -> str:
    """The weeks (or days) of a step, in the page's language: "Weeks 1 to 2", "Week 3", "Week 9 onward"."""
    if step.end is None:
        return t[f"dose_{unit}_onward"].format(n=step.start)
    if step.end == step.start:
        return t[f"dose_{unit}"].format(n=step.start)
    return t[f"dose_{unit}s"].format(first=step.start, last=step.end)


def dose_form_picker(schedules, *, language, locale, renderer, script_url) -> str:
    """The form picker: the 'find your table' steps, the choice of form, the syringe picture, the script."""
    t = locale
    status_one = t["dose_picker_status_one"]
    forms = [
        {"id": form.id, "label": form.label[language], "status": status_one.format(form=form.label[language])}
        for form in schedules.forms
    ]
    html = renderer.render(
        "dose-form-picker.html",
        forms=forms,
        storage_key=schedules.picker.storage_key,
        figure=_figure(schedules.picker.figure, t),
        script_url=script_url,
        t=t,
    )
    return rawhtml.mark(html)


# The syringe picture (overrides/macros/dose-form-picker.html): a barrel from x=44 (the tip end, 0 mL)
# to x=264 (full), between y=34 and y=74, in a 320 x 124 box; the plunger's push end is at x=306-314.
BARREL_LEFT, BARREL_RIGHT, BARREL_TOP, PLUNGER_END = 44, 264, 34, 306
STOPPER_WIDTH = 12


def _figure(figure, t):
    """The plain data of the syringe picture: where each mark goes, and the line the stopper reaches."""
    if figure is None:
        return None
    size, marking = figure.syringe.size, figure.syringe.marking
    scale = Decimal(BARREL_RIGHT - BARREL_LEFT) / size
    ticks = []
    for index in range(int(size / marking) + 1):
        volume = marking * index
        whole = volume == volume.to_integral_value()
        half = not whole and volume * 2 == (volume * 2).to_integral_value()
        ticks.append(
            {
                "x": _coordinate(BARREL_LEFT + volume * scale),
                "end": BARREL_TOP + (12 if whole else 8 if half else 5),
                "label": format_number(volume) if whole else "",
            }
        )
    x = BARREL_LEFT + figure.reading * scale
    reading = amount_text(figure.reading, "mL", t)
    return {
        "ticks": ticks,
        "x": _coordinate(x),
        "fill_width": _coordinate(x - BARREL_LEFT),
        "rod_x": _coordinate(x + STOPPER_WIDTH),
        "rod_width": _coordinate(PLUNGER_END - x - STOPPER_WIDTH),
        # Keep the callout inside the box even when the line is near an end.
        "callout_x": _coordinate(min(max(x, Decimal(80)), Decimal(240))),
        "text": t["dose_syringe_text"].format(reading=reading, size=amount_text(size, "mL", t)),
        "read_here": t["dose_syringe_read_here"].format(reading=reading),
        "unit": "mL",
    }


def _coordinate(value):
    return format_number(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
