"""Languages: which language a page is in, the engine's interface strings, dates and localized data text.

The engine's own words (table headers, link labels, notices) live in one YAML file per language
(`overrides/locales/<lang>/*.yml` by default); words about the medicine live in the data files,
where a patient-facing text is either one string (a one-language site) or a mapping such as
`{en: "...", es: "..."}` with one entry per language the site is built in.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import yamlfile

# Every locale file must give these: the month names and the date pattern used everywhere.
MONTHS = "months"
DATE_PATTERN = "date"


class LocaleError(ValueError):
    """A locale file or a localized data text is missing or malformed; the build must stop."""


def page_language(page, config) -> str:
    """The language of a page: its i18n locale (mkdocs-static-i18n sets one), else the theme's."""
    locale = getattr(getattr(page, "file", None), "locale", None)
    if locale:
        return locale
    return site_languages(config)[0]


def site_languages(config) -> list[str]:
    """The languages the site is built in, default first: the i18n plugin's, else the theme's."""
    plugin = config["plugins"].get("i18n") if "plugins" in config else None
    if plugin is not None:
        languages = plugin.config.languages
        default = [lang.locale for lang in languages if lang.default]
        others = [lang.locale for lang in languages if not lang.default and lang.build]
        return default + others
    theme = config["theme"]
    return [theme.get("language") or "en"]


def load_locales(folder, languages) -> dict[str, dict]:
    """Read the interface strings of each language: every `<folder>/<lang>/*.yml`, merged.

    Each concern keeps its own file (dates.yml, doses.yml...); a name given in two files, or
    a name one language has and another lacks, stops the build.
    """
    folder = Path(folder)
    locales = {}
    for language in languages:
        files = sorted((folder / language).glob("*.yml"))
        if not files:
            raise LocaleError(f"{folder / language}: no interface strings for '{language}' (expected *.yml files)")
        merged, origin = {}, {}
        for path in files:
            data = yamlfile.load(path, LocaleError, mapping="a mapping of string names to text")
            for key, value in data.items():
                if key in merged:
                    raise LocaleError(f"{path}: '{key}' is also given in {origin[key].name}")
                merged[key], origin[key] = value, path
        _check_locale(folder / language, merged)
        locales[language] = merged
    first = languages[0]
    for language in languages[1:]:
        missing = sorted(set(locales[first]) - set(locales[language]))
        extra = sorted(set(locales[language]) - set(locales[first]))
        if missing or extra:
            problem = f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(extra)}"
            raise LocaleError(f"{folder / language}: the strings differ from {first}: {problem}")
    return locales


def _check_locale(path, data):
    months = data.get(MONTHS)
    if not (isinstance(months, list) and len(months) == 12 and all(isinstance(m, str) and m for m in months)):
        raise LocaleError(f"{path}: '{MONTHS}' must list the 12 month names")
    pattern = data.get(DATE_PATTERN)
    if not isinstance(pattern, str) or "{day}" not in pattern or "{month}" not in pattern or "{year}" not in pattern:
        raise LocaleError(f"{path}: '{DATE_PATTERN}' must be a pattern with {{day}}, {{month}} and {{year}}")
    for key, value in data.items():
        if key != MONTHS and not isinstance(value, str):
            raise LocaleError(f"{path}: '{key}' must be text, got {value!r}")


def format_date(value, locale) -> str:
    """Write a date the same way on every platform: "27 November 2026" / "27 de noviembre de 2026"."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return locale[DATE_PATTERN].format(day=value.day, month=locale[MONTHS][value.month - 1], year=value.year)


def text_in(value, language, languages, where) -> str:
    """The text of a data field in one language; fail naming `where` when it is missing.

    A plain string is accepted only on a one-language site: on a site with more languages, a
    string with no language would be served to every reader as if it were theirs.
    """
    if isinstance(value, str) and value.strip():
        if len(languages) > 1:
            raise LocaleError(
                f"{where}: give the text in each language ({', '.join(languages)}), like "
                f"{{{languages[0]}: ..., {languages[1]}: ...}}"
            )
        return value.strip()
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(languages))
        if unknown:
            raise LocaleError(f"{where}: text in a language the site does not build: {', '.join(map(str, unknown))}")
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            raise LocaleError(f"{where}: no {language} text")
        return text.strip()
    raise LocaleError(f"{where}: must be some text, got {value!r}")
