"""Languages: interface strings per language, dates written the same on every platform, localized data."""

import datetime as dt
from types import SimpleNamespace

import pytest
from helpers import engine_locales

from macros import i18n

LOCALES = engine_locales()


@pytest.mark.parametrize(
    ("language", "date", "expected"),
    [
        ("en", dt.date(2026, 1, 5), "January 5, 2026"),
        ("en", "2027-11-25", "November 25, 2027"),
        ("es", dt.date(2026, 1, 5), "5 de enero de 2026"),
    ],
)
def test_dates_are_written_without_platform_codes(language, date, expected):
    # No strftime("%-d"): that only works with glibc.
    assert i18n.format_date(date, LOCALES[language]) == expected


def test_every_language_has_the_same_interface_strings():
    assert set(LOCALES["en"]) == set(LOCALES["es"])


def _locale_tree(tmp_path, files):
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


BASE = "months: [a, b, c, d, e, f, g, h, i, j, k, l]\ndate: '{day} {month} {year}'\n"


def test_a_string_missing_in_one_language_stops_the_build(tmp_path):
    folder = _locale_tree(tmp_path, {"en/common.yml": BASE + "hello: Hello\n", "es/common.yml": BASE})
    with pytest.raises(i18n.LocaleError, match=r"es: the strings differ from en: missing hello"):
        i18n.load_locales(folder, ["en", "es"])


def test_a_string_given_twice_names_both_files(tmp_path):
    folder = _locale_tree(tmp_path, {"en/a.yml": BASE + "hello: Hi\n", "en/b.yml": "hello: Hello\n"})
    with pytest.raises(i18n.LocaleError, match=r"en/b\.yml: 'hello' is also given in a\.yml"):
        i18n.load_locales(folder, ["en"])


def test_a_language_without_strings_stops_the_build(tmp_path):
    folder = _locale_tree(tmp_path, {"en/common.yml": BASE})
    with pytest.raises(i18n.LocaleError, match=r"no interface strings for 'es'"):
        i18n.load_locales(folder, ["en", "es"])


def test_month_names_are_required(tmp_path):
    folder = _locale_tree(tmp_path, {"en/common.yml": "months: [a]\ndate: '{day} {month} {year}'\n"})
    with pytest.raises(i18n.LocaleError, match=r"'months' must list the 12 month names"):
        i18n.load_locales(folder, ["en"])


def test_data_text_in_each_language():
    value = {"en": "Call now", "es": "Llame ahora"}
    assert i18n.text_in(value, "es", ["en", "es"], "data/x.yml: sign 'a'") == "Llame ahora"


def test_data_text_missing_a_language_names_the_entry():
    with pytest.raises(i18n.LocaleError, match=r"^data/x\.yml: sign 'a': no es text$"):
        i18n.text_in({"en": "Call now"}, "es", ["en", "es"], "data/x.yml: sign 'a'")


def test_a_plain_string_is_refused_on_a_two_language_site():
    with pytest.raises(i18n.LocaleError, match=r"give the text in each language \(en, es\)"):
        i18n.text_in("Call now", "en", ["en", "es"], "data/x.yml: sign 'a'")
    assert i18n.text_in("Call now", "en", ["en"], "data/x.yml: sign 'a'") == "Call now"


def test_a_page_language_comes_from_its_locale_else_the_theme():
    config = {"plugins": {}, "theme": {"language": "en"}}
    spanish = SimpleNamespace(file=SimpleNamespace(locale="es"))
    plain = SimpleNamespace(file=SimpleNamespace())
    assert i18n.page_language(spanish, config) == "es"
    assert i18n.page_language(plain, config) == "en"
