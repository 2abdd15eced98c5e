"""The symptom diary: one data file (extra.guide.diary) says what it records; the page is made from it.

The data file lists the symptoms (id, label in each language, chart colours, marker, line), the
rating scale and its words, the dose field, the storage key and a few limits. The dose limit is
not in that file: it is the schedules file's max_daily_dose, passed in at build time.

`render()` makes the diary's whole markup through the templates diary-*.html and embeds the
settings the page script needs as <script type="application/json" id="diary-config"> (data, not
code, so a strict Content-Security-Policy allows it). The script (overrides/assets/javascripts/diary.js)
knows no symptom, limit or word of its own: it builds the form's checks, the table rows, the chart,
the CSV columns and every message from those settings.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.utils import get_relative_url

from . import i18n, yamlfile
from .doses import format_number

# Marker shapes the page script can draw (its MARKERS); tests/unit/test_diary.py keeps the two in step.
MARKERS = ("circle", "square", "triangle", "triangle-down", "diamond", "cross", "plus")
# Fields every entry has besides the symptoms and the dose, in saved data and files.
FIXED_FIELDS = ("date", "notes", "updated_at")
# The engine's words for the diary are the locale strings whose names start with this.
LOCALE_PREFIX = "diary_"

FILE_KEYS = (
    "storage_key",
    "export_name",
    "import_max_entries",
    "notes_max_length",
    "scale",
    "symptoms",
    "dose",
    "chart",
)
SCALE_KEYS = ("min", "max", "words")
SYMPTOM_KEYS = ("id", "label", "worst", "color", "marker", "line")
DOSE_KEYS = ("id", "name", "unit", "step", "example", "color", "line")
CHART_KEYS = ("title", "description")
COLOR_KEYS = ("light", "dark")

FIELD_ID = re.compile(r"^[a-z][a-z0-9_]*$")
STORAGE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
EXPORT_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
LINE = re.compile(r"^(?:solid|\d+(?:\.\d+)?(?: \d+(?:\.\d+)?)*)$")
# Placeholders a chart description may use.
CHART_PLACEHOLDERS = {"min", "max", "from", "to"}
PLACEHOLDER = re.compile(r"\{(\w*)\}")


class DiaryDataError(ValueError):
    """The diary data file breaks a rule; the build must stop."""


@dataclass(frozen=True)
class Symptom:
    id: str
    label: dict  # language -> text
    worst: dict  # language -> what the top of the scale means for it ("the worst pain")
    light: str
    dark: str
    marker: str
    line: str


@dataclass(frozen=True)
class Dose:
    id: str
    name: dict  # language -> text
    unit: str
    step: Decimal
    decimals: int
    example: Decimal
    max: Decimal  # the schedules file's max_daily_dose, in `unit`
    light: str
    dark: str
    line: str


@dataclass(frozen=True)
class Diary:
    path: Path
    storage_key: str
    export_name: str
    import_max_entries: int
    notes_max_length: int
    scale_min: int
    scale_max: int
    scale_words: tuple  # ((value, {language: word}), ...) in order of value
    symptoms: tuple
    dose: Dose
    chart_title: dict
    chart_description: dict

    @property
    def languages(self):
        """Every language some text of the data is written in."""
        texts = [s.label for s in self.symptoms] + [w for _, w in self.scale_words]
        texts += [self.dose.name, self.chart_title, self.chart_description]
        return {language for text in texts for language in text}

    @property
    def fields(self):
        """Every field of an entry, in the order of saved data, files and table columns."""
        return ("date", *(s.id for s in self.symptoms), self.dose.id, "notes", "updated_at")


# Loading


def max_daily_dose(schedules) -> tuple[Decimal, str]:
    """The highest daily dose of the schedules data (macros/doses.py) and its unit: the diary's dose limit."""
    return schedules.rules.max_daily, schedules.rules.unit


def text_languages(locales_dir, languages) -> list[str]:
    """The languages the diary's texts may be in: the site's, then every other one the engine has words for.

    Texts in a language the site does not build yet are kept, so a page in that language (and a
    file exported from it) works as soon as the language is switched on.
    """
    folders = sorted(p.name for p in Path(locales_dir).iterdir() if p.is_dir()) if Path(locales_dir).is_dir() else []
    return list(languages) + [name for name in folders if name not in languages]


def load_diary(path, *, languages, known_languages, max_dose) -> Diary:
    """Read and check the diary data file; raise DiaryDataError naming the file, the entry and the rule.

    `languages`: every text must be given in each of these (the site's languages).
    `known_languages`: a text may also be given in these (see text_languages()).
    `max_dose`: (number, unit), the schedules file's max_daily_dose: the dose field's limit.
    """
    path = Path(path)
    raw = yamlfile.load(path, DiaryDataError, mapping=f"a mapping with {', '.join(FILE_KEYS)}")
    where = str(path)
    _check_keys(raw, FILE_KEYS, where)
    texts = _TextReader(path, languages, known_languages)

    storage_key = raw["storage_key"]
    if not isinstance(storage_key, str) or not STORAGE_KEY.match(storage_key):
        _fail(where, "storage_key", f"must be a name of letters, digits, '-', '_' or '.', got {storage_key!r}")
    export_name = raw["export_name"]
    if not isinstance(export_name, str) or not EXPORT_NAME.match(export_name):
        _fail(where, "export_name", f"must be lowercase words joined by hyphens, like 'my-diary', got {export_name!r}")
    import_max = _positive_int(raw["import_max_entries"], where, "import_max_entries")
    notes_max = _positive_int(raw["notes_max_length"], where, "notes_max_length")

    scale_min, scale_max, words = _scale(raw["scale"], where, texts)
    symptoms = _symptoms(raw["symptoms"], where, texts)
    dose = _dose(raw["dose"], where, texts, max_dose)
    taken = {s.id for s in symptoms}
    if dose.id in taken or dose.id in FIXED_FIELDS:
        _fail(where, f'dose id "{dose.id}"', "is already the name of another field")
    lines = [(s.id, s.line) for s in symptoms] + [(dose.id, dose.line)]
    for index, (owner, line) in enumerate(lines):
        for other, other_line in lines[:index]:
            if line == other_line:
                _fail(
                    where, f'"{owner}"', f'line "{line}" is the same as "{other}"\'s: each line needs its own pattern'
                )

    if not isinstance(raw["chart"], dict):
        _fail(where, "chart", "must be a mapping with " + ", ".join(CHART_KEYS))
    _check_keys(raw["chart"], CHART_KEYS, f"{where}: chart")
    title = texts.read(raw["chart"]["title"], "chart.title")
    description = texts.read(raw["chart"]["description"], "chart.description")
    allowed = ", ".join("{" + name + "}" for name in sorted(CHART_PLACEHOLDERS))
    for language, text in description.items():
        unknown = set(PLACEHOLDER.findall(text)) - CHART_PLACEHOLDERS
        if unknown:
            _fail(
                where,
                f"chart.description ({language})",
                f"unknown placeholder {{{sorted(unknown)[0]}}} (use {allowed})",
            )
    return Diary(
        path=path,
        storage_key=storage_key,
        export_name=export_name,
        import_max_entries=import_max,
        notes_max_length=notes_max,
        scale_min=scale_min,
        scale_max=scale_max,
        scale_words=words,
        symptoms=symptoms,
        dose=dose,
        chart_title=title,
        chart_description=description,
    )


class _TextReader:
    """Reads a patient-facing text of the data file into {language: text}, checked."""

    def __init__(self, path, languages, known_languages):
        self.path = path
        self.languages = list(languages)
        self.known = list(dict.fromkeys([*languages, *known_languages]))

    def read(self, value, where) -> dict:
        place = f"{self.path}: {where}"
        try:
            for language in self.languages:
                i18n.text_in(value, language, self.known, place)
            if isinstance(value, dict):
                return {language: i18n.text_in(value, language, self.known, place) for language in value}
            return {self.languages[0]: i18n.text_in(value, self.languages[0], self.known, place)}
        except i18n.LocaleError as error:
            raise DiaryDataError(str(error)) from error


def _scale(raw, where, texts):
    if not isinstance(raw, dict):
        _fail(where, "scale", "must be a mapping with " + ", ".join(SCALE_KEYS))
    _check_keys(raw, SCALE_KEYS, f"{where}: scale")
    low, high = raw["min"], raw["max"]
    for name, value in (("min", low), ("max", high)):
        if not isinstance(value, int) or isinstance(value, bool):
            _fail(where, f"scale.{name}", f"must be a whole number, got {value!r}")
    if low >= high:
        _fail(where, "scale", f"min ({low}) must be below max ({high})")
    if not isinstance(raw["words"], dict):
        _fail(where, "scale.words", "must map scale values to what they mean, like 0: {en: none}")
    words = []
    for value, text in raw["words"].items():
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            _fail(where, f"scale.words: {value!r}", f"must be a whole number from {low} to {high}")
        words.append((value, texts.read(text, f"scale.words.{value}")))
    values = {value for value, _ in words}
    if low not in values or high not in values:
        _fail(where, "scale.words", f"must say what {low} and {high} mean")
    return low, high, tuple(sorted(words, key=lambda item: item[0]))


def _symptoms(raw, where, texts):
    if not isinstance(raw, list) or not raw:
        _fail(where, "symptoms", "must be a list of one or more symptoms")
    symptoms, markers = [], {}
    for index, entry in enumerate(raw, start=1):
        name = f"symptom {index}"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            name = f'symptom "{entry["id"]}"'
        if not isinstance(entry, dict):
            _fail(where, name, "must be a mapping with " + ", ".join(SYMPTOM_KEYS))
        _check_keys(entry, SYMPTOM_KEYS, f"{where}: {name}")
        symptom_id = _field_id(entry["id"], where, name)
        if symptom_id in FIXED_FIELDS or any(s.id == symptom_id for s in symptoms):
            _fail(where, name, "this id is already used by another field")
        light, dark = _colors(entry["color"], where, name)
        marker = entry["marker"]
        if marker not in MARKERS:
            _fail(where, name, f"marker {marker!r} is not one of {', '.join(MARKERS)}")
        if marker in markers:
            _fail(where, name, f'marker "{marker}" is already used by "{markers[marker]}"')
        markers[marker] = symptom_id
        symptoms.append(
            Symptom(
                id=symptom_id,
                label=texts.read(entry["label"], f"{name}: label"),
                worst=texts.read(entry["worst"], f"{name}: worst"),
                light=light,
                dark=dark,
                marker=marker,
                line=_line(entry["line"], where, name),
            )
        )
    return tuple(symptoms)


def _dose(raw, where, texts, max_dose):
    name = "dose"
    if not isinstance(raw, dict):
        _fail(where, name, "must be a mapping with " + ", ".join(DOSE_KEYS))
    _check_keys(raw, DOSE_KEYS, f"{where}: dose")
    dose_id = _field_id(raw["id"], where, name)
    maximum, unit = Decimal(max_dose[0]), max_dose[1]
    if raw["unit"] != unit:
        _fail(
            where,
            "dose.unit",
            f"is {raw['unit']!r}, but the schedules file's max_daily_dose, the dose limit, is in {unit}",
        )
    step = _decimal(raw["step"], where, "dose.step")
    example = _decimal(raw["example"], where, "dose.example")
    if step <= 0:
        _fail(where, "dose.step", f"must be above 0, got {raw['step']!r}")
    decimals = max(0, -step.normalize().as_tuple().exponent)
    for label, value in (("dose.example", example), ("the schedules file's max_daily_dose", maximum)):
        if value < 0 or value > maximum or max(0, -value.normalize().as_tuple().exponent) > decimals:
            _fail(
                where,
                label,
                f"{format_number(value)} must be from 0 to {format_number(maximum)} {unit} with at most {decimals} "
                f"decimals (the step {format_number(step)})",
            )
    light, dark = _colors(raw["color"], where, name)
    return Dose(
        id=dose_id,
        name=texts.read(raw["name"], "dose.name"),
        unit=raw["unit"],
        step=step,
        decimals=decimals,
        example=example,
        max=maximum,
        light=light,
        dark=dark,
        line=_line(raw["line"], where, name),
    )


def _field_id(value, where, name):
    if not isinstance(value, str) or not FIELD_ID.match(value):
        _fail(where, name, f"id {value!r} must be lowercase letters, digits and '_', starting with a letter")
    return value


def _colors(raw, where, name):
    if not isinstance(raw, dict):
        _fail(where, name, "color must be {light: '#rrggbb', dark: '#rrggbb'}")
    _check_keys(raw, COLOR_KEYS, f"{where}: {name}: color")
    for key in COLOR_KEYS:
        if not isinstance(raw[key], str) or not COLOR.match(raw[key]):
            _fail(where, f"{name}: color.{key}", f"must be a colour written like '#1f63b5', got {raw[key]!r}")
    return raw["light"].lower(), raw["dark"].lower()


def _line(value, where, name):
    if not isinstance(value, str) or not LINE.match(value):
        _fail(where, name, f"line {value!r} must be 'solid' or dash and gap lengths like '8 4'")
    return value


def _positive_int(value, where, name):
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        _fail(where, name, f"must be a whole number above 0, got {value!r}")
    return value


def _decimal(value, where, name):
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        _fail(where, name, f"must be a number, got {value!r}")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        _fail(where, name, f"must be a number, got {value!r}")
    if not number.is_finite():
        _fail(where, name, f"must be a number, got {value!r}")
    return number


def _check_keys(raw, keys, where):
    missing = [key for key in keys if key not in raw]
    unknown = sorted(str(key) for key in raw if key not in keys)
    if missing:
        raise DiaryDataError(f"{where}: missing {', '.join(missing)}")
    if unknown:
        raise DiaryDataError(f"{where}: unknown key(s) {', '.join(unknown)} (expected {', '.join(keys)})")


def _fail(where, entry, problem):
    raise DiaryDataError(f"{where}: {entry}: {problem}")


# Rendering


def words(locale) -> dict:
    """The engine's diary words of one language: its diary_* locale strings, without the prefix."""
    return {key[len(LOCALE_PREFIX) :]: value for key, value in locale.items() if key.startswith(LOCALE_PREFIX)}


def _in(texts, language, where):
    """One language's text of a {language: text} mapping made by load_diary()."""
    if language not in texts:
        raise DiaryDataError(f"{where}: no {language} text")
    return texts[language]


def headings(diary, language, locale) -> list[str]:
    """The CSV column headings in one language, in the order of diary.fields."""
    said = words(locale)
    where = str(diary.path)
    name = _in(diary.dose.name, language, f"{where}: dose.name")
    return [
        said["date"],
        *(_in(s.label, language, f'{where}: symptom "{s.id}": label') for s in diary.symptoms),
        said["dose_label"].format(name=name, unit=diary.dose.unit),
        said["notes"],
        said["updated_at"],
    ]


def normal_heading(text) -> str:
    """A column heading as compared on import (the page script does the same): NFC, trimmed, one space, lowercase."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().lower()


def columns(diary, language, all_locales) -> list[dict]:
    """Each column: its field key, its heading on this page, and every name an imported file may give it.

    A file exported in any language the engine has words for, or with the fields' own keys as
    headings, maps to the same fields. Two fields that would answer to one name stop the build.
    """
    names = {key: [key] for key in diary.fields}
    for other, other_locale in all_locales.items():
        try:
            other_headings = headings(diary, other, other_locale)
        except DiaryDataError:
            continue  # a language the data has no texts in: its files cannot be read anyway
        for key, heading in zip(diary.fields, other_headings, strict=True):
            names[key].append(heading)
    owner = {}
    for key, given in names.items():
        for name in given:
            normal = normal_heading(name)
            if owner.setdefault(normal, key) != key:
                raise DiaryDataError(
                    f"{diary.path}: the column heading {name!r} would stand for both "
                    f'"{owner[normal]}" and "{key}" in an imported file'
                )
    page_headings = headings(diary, language, all_locales[language])
    return [
        {"key": key, "heading": heading, "names": list(dict.fromkeys(names[key]))}
        for key, heading in zip(diary.fields, page_headings, strict=True)
    ]


def config(diary, language, all_locales) -> dict:
    """The settings the page script reads: fields, limits, colours, columns and every word, in one language."""
    locale = all_locales[language]
    where = str(diary.path)
    said = words(locale)
    dose = diary.dose
    return {
        "lang": language,
        "storage_key": diary.storage_key,
        "export_name": diary.export_name,
        "import_max_entries": diary.import_max_entries,
        "notes_max_length": diary.notes_max_length,
        "scale": {
            "min": diary.scale_min,
            "max": diary.scale_max,
            "words": [
                {"value": value, "word": _in(text, language, f"{where}: scale.words.{value}")}
                for value, text in diary.scale_words
            ],
        },
        "symptoms": [
            {
                "id": s.id,
                "label": _in(s.label, language, f'{where}: symptom "{s.id}": label'),
                "light": s.light,
                "dark": s.dark,
                "marker": s.marker,
                "line": s.line,
            }
            for s in diary.symptoms
        ],
        "dose": {
            "id": dose.id,
            "name": _in(dose.name, language, f"{where}: dose.name"),
            "label": said["dose_label"].format(name=_in(dose.name, language, f"{where}: dose.name"), unit=dose.unit),
            "unit": dose.unit,
            "decimals": dose.decimals,
            "max": float(dose.max),
            "example": format_number(dose.example),
            "light": dose.light,
            "dark": dose.dark,
            "line": dose.line,
        },
        "columns": columns(diary, language, all_locales),
        "chart": {
            "title": _in(diary.chart_title, language, f"{where}: chart.title"),
            "description": _in(diary.chart_description, language, f"{where}: chart.description"),
        },
        "dates": {"pattern": locale[i18n.DATE_PATTERN], "months": locale[i18n.MONTHS]},
        "text": said,
    }


def config_json(settings) -> Markup:
    """The settings as JSON that is safe inside <script type="application/json">: no '<', '>' or '&'."""
    text = json.dumps(settings, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def render(diary, renderer, *, language, all_locales, asset_urls) -> str:
    """The diary's whole markup for a page in `language`, as a raw HTML block.

    `asset_urls`: {"css": ..., "js": ...}, the diary's stylesheet and script relative to the page.
    """
    settings = config(diary, language, all_locales)
    said = settings["text"]
    scale = settings["scale"]
    scale_words = ", ".join(said["scale_word"].format(value=w["value"], word=w["word"]) for w in scale["words"])
    dose = settings["dose"]
    return renderer.block(
        "diary-app.html",
        t=said,
        symptoms=settings["symptoms"],
        scale=scale,
        ratings_legend=said["ratings_legend"].format(min=scale["min"], max=scale["max"]),
        scale_hint=said["scale_hint"].format(scale=scale_words),
        dose=dose,
        dose_max=format_number(diary.dose.max),
        dose_step=format_number(diary.dose.step),
        dose_hint=said["dose_hint"].format(example=dose["example"]),
        notes_max=diary.notes_max_length,
        columns=settings["columns"],
        config_json=config_json(settings),
        css_url=asset_urls["css"],
        js_url=asset_urls["js"],
    )


# The engine's side of the macro


# The diary's own stylesheet and script, relative to docs_dir; only the diary page loads them.
STYLESHEET = "assets/stylesheets/diary.css"
SCRIPT = "assets/javascripts/diary.js"


def load(path, locales_dir, languages, schedules):
    """Load the diary data for a site; return (diary, the engine's words in every language it knows).

    Files exported in any of those languages can be imported on every page, so the words of all
    of them are kept, not only the site's.
    """
    known = text_languages(locales_dir, languages)
    diary = load_diary(path, languages=languages, known_languages=known, max_dose=max_daily_dose(schedules))
    all_locales = i18n.load_locales(locales_dir, known)
    # Fail now, naming the file, if a language the data is written in lacks a text a page needs.
    for language in known:
        if language in languages or language in diary.languages:
            config(diary, language, all_locales)
    return diary, all_locales


def page_html(setup, renderer, language, page_url) -> str:
    """{{ diary() }}: the diary for a page in `language` at `page_url` (MkDocs's page.url)."""
    if setup is None:
        raise DiaryDataError("{{ diary() }} needs the diary data file: set extra.guide.diary in mkdocs.yml")
    diary, all_locales = setup
    urls = {"css": get_relative_url(STYLESHEET, page_url), "js": get_relative_url(SCRIPT, page_url)}
    return render(diary, renderer, language=language, all_locales=all_locales, asset_urls=urls)


def symptom_list(setup, language, capital=False) -> str:
    """{{ diary_symptoms() }}: the diary's symptoms as words in a sentence, "pain, fatigue ... and sweating".

    Each label loses its capital first letter unless its first word is an abbreviation ("IBS");
    capital=True gives the list a capital first letter, to start a sentence.
    """
    if setup is None:
        raise DiaryDataError("{{ diary_symptoms() }} needs the diary data file: set extra.guide.diary in mkdocs.yml")
    diary, all_locales = setup
    where = str(diary.path)
    labels = [_in_sentence(_in(s.label, language, f'{where}: symptom "{s.id}": label')) for s in diary.symptoms]
    said = words(all_locales[language])
    text = labels[0] if len(labels) == 1 else said["list_and"].format(list=", ".join(labels[:-1]), last=labels[-1])
    if capital:
        text = text[:1].upper() + text[1:]
    return str(escape(text))


def paper_html(setup, renderer, language, days) -> str:
    """{{ paper_diary(days) }}: a diary to print and fill in by hand, with the same symptoms, scale and dose."""
    if setup is None:
        raise DiaryDataError("{{ paper_diary() }} needs the diary data file: set extra.guide.diary in mkdocs.yml")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 31:
        raise DiaryDataError(f"paper_diary({days!r}): the number of days must be a whole number from 1 to 31")
    diary, all_locales = setup
    where = str(diary.path)
    said = words(all_locales[language])
    ends = dict(diary.scale_words)
    symptoms = [
        {
            "label": _in(s.label, language, f'{where}: symptom "{s.id}": label'),
            "worst": said["paper_worst"].format(
                max=diary.scale_max, worst=_in(s.worst, language, f'{where}: symptom "{s.id}": worst')
            ),
        }
        for s in diary.symptoms
    ]
    return renderer.block(
        "diary-paper.html",
        t=said,
        symptoms=symptoms,
        scale={
            "min": diary.scale_min,
            "max": diary.scale_max,
            "min_word": _in(ends.get(diary.scale_min, {}), language, f"{where}: scale.words"),
            "max_word": _in(ends.get(diary.scale_max, {}), language, f"{where}: scale.words"),
        },
        dose=said["dose_label"].format(
            name=_in(diary.dose.name, language, f"{where}: dose.name"), unit=diary.dose.unit
        ),
        days=range(1, days + 1),
    )


def _in_sentence(label):
    first = label.split()[0]
    return label if first.isupper() and len(first) > 1 else label[:1].lower() + label[1:]
