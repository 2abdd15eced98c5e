"""Translations: every page has one, each records the source version it came from, drift stops the build."""

import datetime as dt

import pytest

from macros import translations

SOURCE = "---\ndescription: x\n---\n\n# Safety\n\nText.\n"
LANGS = ["en", "es"]


def docs(tmp_path, pages):
    for name, text in pages.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def translated(source_text=SOURCE, extra=""):
    return f"---\ntranslation_of: {translations.source_hash(source_text)}\n{extra}---\n\n# Seguridad\n"


def test_the_hash_ignores_line_ending_style():
    assert translations.source_hash("a\r\nb\n") == translations.source_hash("a\nb\n")
    assert len(translations.source_hash("a")) == 12


def test_translation_paths_keep_folders():
    assert translations.translation_path("handouts/dose-plan.md", "es") == "handouts/dose-plan.es.md"


def test_an_up_to_date_translation_passes(tmp_path):
    folder = docs(tmp_path, {"safety.md": SOURCE, "safety.es.md": translated()})
    status = translations.check_docs(folder, LANGS)["safety.es.md"]
    assert (status.source, status.language, status.pending) == ("safety.md", "es", False)


def test_a_missing_translation_stops_the_build_naming_the_page(tmp_path):
    folder = docs(tmp_path, {"safety.md": SOURCE, "safety.es.md": translated(), "handouts/plan.md": SOURCE})
    with pytest.raises(
        translations.TranslationError, match=r"handouts/plan\.es\.md: missing: handouts/plan\.md has no es"
    ):
        translations.check_docs(folder, LANGS)


def test_a_translation_without_a_source_is_refused(tmp_path):
    folder = docs(tmp_path, {"safety.md": SOURCE, "safety.es.md": translated(), "old.es.md": translated()})
    with pytest.raises(translations.TranslationError, match=r"old\.es\.md: a es page with no source page"):
        translations.check_docs(folder, LANGS)


def test_a_changed_source_stops_the_build_naming_the_page(tmp_path):
    folder = docs(tmp_path, {"safety.md": SOURCE + "More.\n", "safety.es.md": translated()})
    with pytest.raises(translations.TranslationError) as caught:
        translations.check_docs(folder, LANGS)
    message = str(caught.value)
    assert "safety.es.md: safety.md changed since it was translated" in message
    assert f"set translation_of: {translations.source_hash(SOURCE + 'More.' + chr(10))}" in message


def test_a_pending_translation_builds_with_its_date(tmp_path):
    extra = "translation_pending: true\nsource_changed: 2026-12-01\n"
    folder = docs(tmp_path, {"about.md": SOURCE + "More.\n", "about.es.md": translated(extra=extra)})
    status = translations.check_docs(folder, LANGS, never_pending=())["about.es.md"]
    assert status.pending and status.source_changed == dt.date(2026, 12, 1)


def test_a_pending_safety_page_stops_the_build(tmp_path):
    extra = "translation_pending: true\nsource_changed: 2026-12-01\n"
    folder = docs(tmp_path, {"safety.md": SOURCE + "More.\n", "safety.es.md": translated(extra=extra)})
    with pytest.raises(translations.TranslationError, match=r"safety\.md is a safety page .* may never be pending"):
        translations.check_docs(folder, LANGS, never_pending=("safety.md",))


def test_pending_needs_the_date_the_source_changed(tmp_path):
    folder = docs(
        tmp_path, {"about.md": SOURCE + "x\n", "about.es.md": translated(extra="translation_pending: true\n")}
    )
    with pytest.raises(translations.TranslationError, match=r"needs source_changed: YYYY-MM-DD"):
        translations.check_docs(folder, LANGS)


def test_pending_on_an_up_to_date_page_is_refused(tmp_path):
    extra = "translation_pending: true\nsource_changed: 2026-12-01\n"
    folder = docs(tmp_path, {"about.md": SOURCE, "about.es.md": translated(extra=extra)})
    with pytest.raises(translations.TranslationError, match=r"marked translation_pending, but it matches about\.md"):
        translations.check_docs(folder, LANGS)


def test_a_translation_needs_its_source_hash(tmp_path):
    folder = docs(tmp_path, {"about.md": SOURCE, "about.es.md": "---\ntitle: x\n---\n# Sobre\n"})
    with pytest.raises(translations.TranslationError, match=r"'translation_of' must be the 12-digit hash of about\.md"):
        translations.check_docs(folder, LANGS)


def test_never_pending_must_name_real_pages(tmp_path):
    folder = docs(tmp_path, {"about.md": SOURCE, "about.es.md": translated()})
    with pytest.raises(translations.TranslationError, match=r"never_pending: safety\.md is not a page"):
        translations.check_docs(folder, LANGS, never_pending=("safety.md",))


@pytest.mark.parametrize(
    ("url", "language", "expected"),
    [
        ("safety/", "en", {"en": "safety/", "es": "es/safety/"}),
        ("es/safety/", "es", {"en": "safety/", "es": "es/safety/"}),
        ("", "en", {"en": "", "es": "es/"}),
        ("es/", "es", {"en": "", "es": "es/"}),
        ("es/handouts/dose-plan/", "es", {"en": "handouts/dose-plan/", "es": "es/handouts/dose-plan/"}),
    ],
)
def test_alternate_urls(url, language, expected):
    assert translations.alternate_urls(url, language, LANGS) == expected


def test_the_stamp_script_records_the_source_hash_and_clears_pending(tmp_path):
    import importlib.util

    from helpers import ROOT

    spec = importlib.util.spec_from_file_location("translations_script", ROOT / "scripts" / "translations.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    (tmp_path / "about.md").write_text(SOURCE, encoding="utf-8")
    page = tmp_path / "about.es.md"
    page.write_text(
        "---\ntranslation_of: 000000000000\ntranslation_pending: true\nsource_changed: 2026-12-01\n---\n\n# Sobre\n",
        encoding="utf-8",
    )
    assert script.stamp(page) == translations.source_hash(SOURCE)
    assert (
        page.read_text(encoding="utf-8") == f"---\ntranslation_of: {translations.source_hash(SOURCE)}\n---\n\n# Sobre\n"
    )
    assert translations.check_docs(tmp_path, LANGS)["about.es.md"].pending is False
