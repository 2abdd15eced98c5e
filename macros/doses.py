"""Example dose schedules: load and check data/titration.yml, then render each schedule as a table."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml
from markupsafe import Markup

# Rules every example schedule must meet (the issue: "checked before they reach a patient").
MAX_RISE_MG = Decimal("1")
STEP_WEEKS = (1, 2)
MAX_MEASURE_ERROR = Decimal("0.05")
ONWARD = "onward"

# A quantity is a number and a unit, e.g. "0.5 mg" or "1 mg/mL"; a sign is captured so that
# "-0.5 mg" is reported as negative rather than as unreadable.
QUANTITY = re.compile(r"^\s*(?P<number>[-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?P<unit>\S(?:.*\S)?)?\s*$")
SCHEDULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

FILE_KEYS = ("max_daily_dose", "syringe", "liquid_strengths", "schedules")
SYRINGE_KEYS = ("marking",)
SCHEDULE_KEYS = ("id", "title", "description", "note", "source", "target_dose", "liquid_strengths", "steps")
OPTIONAL_SCHEDULE_KEYS = ("liquid_strengths",)
STEP_KEYS = ("from_week", "to_week", "dose")

TABLE = Markup(
    '<div class="dose-schedule">\n'
    "<table>\n"
    "<caption>{caption}</caption>\n"
    "<thead>\n"
    "<tr>{head}</tr>\n"
    "</thead>\n"
    "<tbody>\n"
    "{body}\n"
    "</tbody>\n"
    "</table>\n"
    "<p>{description}</p>\n"
    '<p class="dose-schedule-note">{note}</p>\n'
    "</div>"
)
HEAD_CELL = Markup('<th scope="col">{}</th>')
ROW = Markup('<tr><th scope="row">{weeks}</th>{cells}</tr>')
CELL = Markup("<td>{}</td>")


class DoseDataError(ValueError):
    """A titration data file, or a page's dose_table() call, breaks a rule; the build must stop."""


@dataclass(frozen=True)
class Step:
    """One step of a schedule: a daily dose from one week to another (to_week None: onward)."""

    number: int
    from_week: int
    to_week: int | None
    dose_mg: Decimal


@dataclass(frozen=True)
class Schedule:
    """One example schedule, checked: its words, its source key, its liquids and its steps."""

    id: str
    title: str
    description: str
    note: str
    source: str
    target_mg: Decimal
    strengths_mg_per_ml: tuple[Decimal, ...]
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Schedules:
    """Every schedule of one data file, with the limits they were checked against."""

    path: Path
    max_daily_mg: Decimal
    marking_ml: Decimal
    by_id: dict[str, Schedule]


# Loading


def load_schedules(path, *, known_keys) -> Schedules:
    """Read and check a titration data file; raise DoseDataError naming the file, schedule, step and rule."""
    path = Path(path)
    raw = _read_yaml(path)
    _check_keys(raw, FILE_KEYS, (), [str(path)])
    max_mg = _quantity(raw["max_daily_dose"], "mg", [str(path)], "max_daily_dose")
    _check_positive(max_mg, "mg", [str(path)], "max_daily_dose")
    _check_keys(raw["syringe"], SYRINGE_KEYS, (), [str(path), "syringe"])
    marking = _quantity(raw["syringe"]["marking"], "mL", [str(path), "syringe"], "marking")
    _check_positive(marking, "mL", [str(path), "syringe"], "marking")
    strengths = _strengths(raw["liquid_strengths"], [str(path)])
    if not isinstance(raw["schedules"], list) or not raw["schedules"]:
        _fail([str(path)], '"schedules" must be a list of one or more schedules')
    by_id = {}
    for index, entry in enumerate(raw["schedules"], start=1):
        schedule = _schedule(entry, index, path, max_mg, strengths, known_keys)
        if schedule.id in by_id:
            _fail([str(path), f'schedule "{schedule.id}"'], "this id is used by more than one schedule")
        _check_liquids(schedule, marking, [str(path), f'schedule "{schedule.id}"'])
        by_id[schedule.id] = schedule
    return Schedules(path=path, max_daily_mg=max_mg, marking_ml=marking, by_id=by_id)


class _StrictLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key written twice in one mapping."""


def _construct_mapping(loader, node, deep=False):
    """Build a mapping, refusing duplicate keys (PyYAML would silently keep the last one)."""
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"key {key!r} is written twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path):
    """Parse the file as YAML, or raise DoseDataError with the line that does not parse."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        _fail([str(path)], f"cannot read the file ({error.strerror})")
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context
        _fail([str(path), f"line {mark.line + 1}"], f"the YAML does not parse: {problem}")
    except yaml.YAMLError as error:
        _fail([str(path)], f"the YAML does not parse: {error}")


def _schedule(raw, index, path, max_mg, strengths, known_keys):
    """Check one schedule entry and return it as a Schedule."""
    where = [str(path), f"schedule {index}"]
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and SCHEDULE_ID.match(raw["id"]):
        where = [str(path), f'schedule "{raw["id"]}"']
    _check_keys(raw, SCHEDULE_KEYS, OPTIONAL_SCHEDULE_KEYS, where)
    texts = {key: _text(raw[key], where, key) for key in ("id", "title", "description", "note", "source")}
    if not SCHEDULE_ID.match(texts["id"]):
        _fail(where, f'id "{texts["id"]}" must be lowercase words joined by hyphens, like "standard"')
    if texts["source"] not in known_keys:
        _fail(where, f'source "{texts["source"]}" is not a citation key in references.bib')
    target = _quantity(raw["target_dose"], "mg", where, "target_dose")
    _check_dose_range(target, max_mg, where, "target_dose")
    chosen = _chosen_strengths(raw.get("liquid_strengths"), strengths, where)
    if not isinstance(raw["steps"], list) or not raw["steps"]:
        _fail(where, '"steps" must be a list of one or more steps')
    steps = tuple(_step(entry, number, where, max_mg) for number, entry in enumerate(raw["steps"], start=1))
    _check_sequence(steps, target, where)
    return Schedule(
        id=texts["id"],
        title=texts["title"],
        description=texts["description"],
        note=texts["note"],
        source=texts["source"],
        target_mg=target,
        strengths_mg_per_ml=chosen,
        steps=steps,
    )


def _strengths(raw, where):
    """Check the file's list of liquid strengths (mg/mL) and return them in order."""
    if not isinstance(raw, list) or not raw:
        _fail(where, '"liquid_strengths" must be a list of strengths, like ["1 mg/mL"]')
    strengths = tuple(_quantity(value, "mg/mL", where, "liquid_strengths") for value in raw)
    for value, strength in zip(raw, strengths):
        _check_positive(strength, "mg/mL", where, f'liquid strength "{value}"')
    if len(set(strengths)) != len(strengths):
        _fail(where, '"liquid_strengths" lists a strength twice')
    return strengths


def _chosen_strengths(raw, strengths, where):
    """Return the strengths a schedule shows: its own choice from the file's list, or all of them."""
    if raw is None:
        return strengths
    chosen = _strengths(raw, where)
    for value, strength in zip(raw, chosen):
        if strength not in strengths:
            listed = ", ".join(f"{format_number(s)} mg/mL" for s in strengths)
            _fail(where, f'liquid strength "{value}" is not in the file\'s liquid_strengths ({listed})')
    return chosen


def _step(raw, number, where, max_mg):
    """Check one step's fields and dose and return it as a Step."""
    where = [*where, _raw_step_label(raw, number)]
    _check_keys(raw, STEP_KEYS, (), where)
    from_week = _week(raw["from_week"], where, "from_week")
    to_week = None if raw["to_week"] == ONWARD else _week(raw["to_week"], where, "to_week")
    if to_week is not None and to_week < from_week:
        _fail(where, f"it ends (week {to_week}) before it starts (week {from_week})")
    dose = _quantity(raw["dose"], "mg", where, "dose")
    _check_dose_range(dose, max_mg, where, "dose")
    return Step(number=number, from_week=from_week, to_week=to_week, dose_mg=dose)


def _check_sequence(steps, target, where):
    """Check that the steps follow on week by week, last 1-2 weeks, rise gently and end open at the target."""
    first = steps[0]
    if first.from_week != 1:
        _fail([*where, step_label(first)], f"it starts at week {first.from_week}; the first step must start at week 1")
    for before, step in zip(steps, steps[1:]):
        if before.to_week is None:
            _fail([*where, step_label(before)], 'only the last step may continue onward (to_week: "onward")')
        _check_follows(before, step, [*where, step_label(step)])
        _check_rise(before, step, [*where, step_label(step)])
    for step in steps:
        _check_length(step, [*where, step_label(step)])
    _check_end(steps[-1], target, [*where, step_label(steps[-1])])


def _check_rise(before, step, where):
    """Check that a step's dose is no lower than the step before and at most 1 mg higher."""
    was = format_number(before.dose_mg)
    if step.dose_mg < before.dose_mg:
        _fail(where, f"its dose ({format_number(step.dose_mg)} mg) is lower than step {before.number} ({was} mg); "
                     "an example schedule only goes up")
    rise = step.dose_mg - before.dose_mg
    if rise > MAX_RISE_MG:
        _fail(where, f"it rises by {format_number(rise)} mg from step {before.number} ({was} mg); "
                     f"a step may rise by at most {format_number(MAX_RISE_MG)} mg")


def _check_end(last, target, where):
    """Check that the last step continues onward, and only at the schedule's target dose."""
    aim = format_number(target)
    if last.to_week is not None:
        _fail(where, f'the last step must continue onward at the target dose ({aim} mg): set to_week: "onward"')
    if last.dose_mg != target:
        _fail(where, f"it continues onward at {format_number(last.dose_mg)} mg, "
                     f"but only the target dose ({aim} mg) may continue onward")


def _check_follows(before, step, where):
    """Check that a step starts the week after the step before ends: no gap, no overlap."""
    expected = before.to_week + 1
    if step.from_week > expected:
        missing = _weeks_text(expected, step.from_week - 1)
        _fail(where, f"it starts at week {step.from_week}, but step {before.number} ends at week {before.to_week}: "
                     f"{missing} missing (a gap)")
    if step.from_week < expected:
        _fail(where, f"it starts at week {step.from_week}, but step {before.number} runs to week {before.to_week}: "
                     "the weeks overlap")


def _check_length(step, where):
    """Check that a closed step lasts one or two weeks."""
    if step.to_week is None:
        return
    weeks = step.to_week - step.from_week + 1
    low, high = STEP_WEEKS
    if not low <= weeks <= high:
        _fail(where, f"it lasts {weeks} weeks; a step must last {low} or {high} weeks")


def _check_liquids(schedule, marking, where):
    """Check that every dose can be measured in every liquid the schedule shows, within 5%."""
    for strength in schedule.strengths_mg_per_ml:
        for step in schedule.steps:
            exact = step.dose_mg / strength
            measured = measured_volume(step.dose_mg, strength, marking)
            off = abs(measured - exact) / exact
            if off > MAX_MEASURE_ERROR:
                _fail([*where, step_label(step)],
                      f"{format_number(step.dose_mg)} mg of the {format_number(strength)} mg/mL liquid is "
                      f"{format_number(exact)} mL, which a syringe marked every {format_number(marking)} mL can only "
                      f"measure as {format_number(measured)} mL ({_percent(off)}% off; at most "
                      f"{_percent(MAX_MEASURE_ERROR)}% is allowed): choose other liquid_strengths for this schedule")


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


def _text(value, where, key):
    """Return a non-empty string field, or fail."""
    if not isinstance(value, str) or not value.strip():
        _fail(where, f'"{key}" must be some text, got {_show(value)}')
    return value.strip()


def _week(value, where, key):
    """Return a week number (a whole number from 1), or fail."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        hint = ' or "onward"' if key == "to_week" else ""
        _fail(where, f"{key} must be a week number from 1{hint}, got {_show(value)}")
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
        _fail(where, f'{key} "{value}" is in {match["unit"]}; it must be in {unit}')
    return Decimal(match["number"])


def _check_positive(value, unit, where, key):
    """Fail unless a quantity is above zero."""
    if value <= 0:
        _fail(where, f"{key} is {format_number(value)} {unit}; it must be more than 0 {unit}")


def _check_dose_range(dose, max_mg, where, key):
    """Fail unless a dose is above zero and no more than the site's maximum daily dose."""
    _check_positive(dose, "mg", where, key)
    if dose > max_mg:
        _fail(where, f"{key} is {format_number(dose)} mg, above the maximum daily dose this site shows "
                     f"({format_number(max_mg)} mg)")


def _raw_step_label(raw, number):
    """Name a step in a message before its weeks are checked."""
    if isinstance(raw, dict):
        from_week, to_week = raw.get("from_week"), raw.get("to_week")
        if _is_week(from_week) and (_is_week(to_week) or to_week == ONWARD):
            return step_label(Step(number, from_week, None if to_week == ONWARD else to_week, Decimal(0)))
        return f"step {number} (from_week {_show(from_week)}, to_week {_show(to_week)})"
    return f"step {number}"


def _is_week(value):
    """Tell whether a value is a usable week number."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _weeks_text(first, last):
    """Say which weeks are missing, e.g. "week 4 is" or "weeks 4–5 are"."""
    return f"week {first} is" if first == last else f"weeks {first}\u2013{last} are"


def _percent(fraction):
    """Format a fraction as a percentage to one decimal place, without trailing zeros."""
    return format_number((fraction * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _show(value):
    """Show a raw value from the data file in a message."""
    return "nothing" if value is None else repr(value)


def _fail(where, reason):
    """Raise DoseDataError: where (file, schedule, step), then the rule broken."""
    file, *inside = where
    raise DoseDataError(": ".join([file, *([", ".join(inside)] if inside else []), reason]))


# Arithmetic and wording


def measured_volume(dose_mg, strength_mg_per_ml, marking_ml) -> Decimal:
    """Return the volume in mL for a dose, rounded to the nearest syringe marking."""
    marks = (Decimal(dose_mg) / Decimal(strength_mg_per_ml) / Decimal(marking_ml)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return marks * Decimal(marking_ml)


def format_number(value) -> str:
    """Write a number as it reads aloud: "0.5" not ".5" or "0.50", "4.5" not "4.50", "10" not "1E+1"."""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "") else text


def step_label(step) -> str:
    """Name a step in a message, e.g. "step 3 (weeks 5–6)"."""
    return f"step {step.number} ({week_label(step).lower()})"


def week_label(step) -> str:
    """Say which weeks a step covers: "Weeks 1–2", "Week 3" or "Week 9 onward"."""
    if step.to_week is None:
        return f"Week {step.from_week} {ONWARD}"
    if step.to_week == step.from_week:
        return f"Week {step.from_week}"
    return f"Weeks {step.from_week}\u2013{step.to_week}"


# Rendering


def find_schedule(schedules, schedule_id, *, page) -> Schedule:
    """Return the schedule with this id, or raise DoseDataError naming the id and the page."""
    if not isinstance(schedule_id, str) or schedule_id not in schedules.by_id:
        known = ", ".join(sorted(schedules.by_id))
        raise DoseDataError(
            f'{page}: dose_table("{schedule_id}"): no schedule with this id in {schedules.path} (known ids: {known})'
        )
    return schedules.by_id[schedule_id]


def dose_table(schedules, schedule_id, *, page) -> str:
    """Render one schedule as a raw HTML block: caption, weeks, daily dose and mL per liquid strength."""
    schedule = find_schedule(schedules, schedule_id, page=page)
    headers = ["Weeks", "Daily dose (mg)"] + [
        f"Liquid {format_number(strength)} mg/mL: amount (mL)" for strength in schedule.strengths_mg_per_ml
    ]
    rows = [_row(step, schedule.strengths_mg_per_ml, schedules.marking_ml) for step in schedule.steps]
    return str(
        TABLE.format(
            caption=schedule.title,
            head=Markup("").join(HEAD_CELL.format(header) for header in headers),
            body=Markup("\n").join(rows),
            description=schedule.description,
            note=schedule.note,
        )
    )


def _row(step, strengths, marking):
    """Render one step as a table row: its weeks, its dose in mg, then mL for each strength."""
    values = [step.dose_mg] + [measured_volume(step.dose_mg, strength, marking) for strength in strengths]
    cells = Markup("").join(CELL.format(format_number(value)) for value in values)
    return ROW.format(weeks=week_label(step), cells=cells)
