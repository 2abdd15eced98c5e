"""Two languages: every page has its translation, lang and hreflang are right, and drift stops the build.

A tiny two-language fixture (tests/fixtures/sites/i18n) is built by the real engine with the real
mkdocs-static-i18n settings, so these checks do not depend on the real guide's pages.
"""

import re

import pytest
from helpers import FIXTURES, fixture_pages, mkdocs_build, page_path, translated_project

from macros.translations import source_hash

MANIFEST = """\
pages:
  - url: /
    title: Home
    note: "Home:"
    es: {url: /es/, title: Inicio, note: "Inicio:"}
  - url: /safety/
    title: Safety
    note: "Safety:"
    es: {url: /es/safety/, title: Seguridad, note: "Seguridad:"}
"""


def _project(tmp_path, pages=None):
    return translated_project(
        tmp_path, pages or fixture_pages("i18n"), MANIFEST, translation={"never_pending": ["safety.md"]}
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("i18n")
    result = mkdocs_build(_project(tmp_path), tmp_path / "site")
    assert result.returncode == 0, result.stderr[-4000:]
    return tmp_path / "site"


def html(site, url):
    return page_path(site, url).read_text(encoding="utf-8")


@pytest.mark.parametrize(("url", "lang"), [("/", "en"), ("/safety/", "en"), ("/es/", "es"), ("/es/safety/", "es")])
def test_every_page_says_its_language(built, url, lang):
    assert re.search(rf'<html lang="{lang}"', html(built, url))


@pytest.mark.parametrize("url", ["/", "/safety/", "/about/", "/es/", "/es/safety/", "/es/about/"])
def test_every_page_links_both_languages_and_x_default(built, url):
    page = html(built, url)
    path = url.removeprefix("/es")
    assert f'<link rel="alternate" hreflang="en" href="https://guide.example.org{path}">' in page
    assert f'<link rel="alternate" hreflang="es" href="https://guide.example.org/es{path}">' in page
    assert f'<link rel="alternate" hreflang="x-default" href="https://guide.example.org{path}">' in page


def test_spanish_pages_link_spanish_pages_and_use_spanish_words(built):
    page = html(built, "/es/")
    assert 'href="safety/#opioids"' in page
    assert 'aria-label="Referencia 1"' in page and "Última revisión:" in page


def test_a_page_without_a_translation_stops_the_build(tmp_path):
    pages = fixture_pages("i18n")
    del pages["about.es.md"]
    result = mkdocs_build(_project(tmp_path, pages), tmp_path / "site")
    assert result.returncode != 0
    assert "about.es.md: missing: about.md has no es translation" in result.stderr


def test_an_english_page_changed_after_translation_stops_the_build(tmp_path):
    pages = fixture_pages("i18n")
    pages["about.md"] += "\nA new sentence.\n"
    result = mkdocs_build(_project(tmp_path, pages), tmp_path / "site")
    assert result.returncode != 0
    assert "about.es.md: about.md changed since it was translated" in result.stderr


def test_a_pending_translation_builds_with_a_notice_linking_the_english(tmp_path):
    pages = fixture_pages("i18n")
    pages["about.md"] += "\nA new sentence.\n"
    pages["about.es.md"] = pages["about.es.md"].replace(
        "translation_of:", "translation_pending: true\nsource_changed: 2026-12-01\ntranslation_of:"
    )
    result = mkdocs_build(_project(tmp_path, pages), tmp_path / "site")
    assert result.returncode == 0, result.stderr[-4000:]
    page = html(tmp_path / "site", "/es/about/")
    assert "Estamos actualizando esta traducción" in page
    assert "La página en inglés cambió el 1 de diciembre de 2026." in page
    assert '<a href="../../about/" hreflang="en">Leer la página en inglés</a>' in page
    assert "Estamos actualizando" not in html(tmp_path / "site", "/es/")


def test_a_pending_safety_page_stops_the_build(tmp_path):
    pages = fixture_pages("i18n")
    pages["safety.md"] += "\nA new sentence.\n"
    pages["safety.es.md"] = pages["safety.es.md"].replace(
        "translation_of:", "translation_pending: true\nsource_changed: 2026-12-01\ntranslation_of:"
    )
    result = mkdocs_build(_project(tmp_path, pages), tmp_path / "site")
    assert result.returncode != 0
    assert "safety.md is a safety page (extra.translation.never_pending)" in result.stderr


def test_the_fixture_translations_match_their_sources():
    folder = FIXTURES / "sites" / "i18n"
    for source in ("index", "safety", "about"):
        text = (folder / f"{source}.es.md").read_text(encoding="utf-8")
        assert f"translation_of: {source_hash((folder / f'{source}.md').read_text(encoding='utf-8'))}" in text
