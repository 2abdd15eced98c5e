"""Translations stay in step with their source pages.

Each page of the default language (`safety.md`) has a translation beside it in every other
language the site builds (`safety.es.md`). The translation's front matter records which version
of the source it was made from: `translation_of:` the first 12 hex digits of the SHA-256 of the
source file. When the source changes, the build stops and names the page, until the translation
is brought up to date and the hash renewed (`python scripts/translations.py` prints them), or the
translation is marked `translation_pending: true` with `source_changed: YYYY-MM-DD`, which shows
readers a notice linking to the source page. Pages listed in `extra.translation.never_pending`
(the safety pages) may never be pending: a reader must never act on an out-of-date translation.
A page with no translation stops the build: readers are never served the source language marked
as theirs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from . import yamlfile

HASH_DIGITS = 12
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
HASH_PATTERN = re.compile(f"[0-9a-f]{{{HASH_DIGITS}}}")
SETTINGS_KEYS = ("never_pending",)


class TranslationError(ValueError):
    """A translation is missing, out of date, or marked pending where that is not allowed."""


@dataclass(frozen=True)
class Status:
    """Where one translated page stands against its source."""

    source: str  # docs-relative path of the source page, e.g. "safety.md"
    translation: str  # e.g. "safety.es.md"
    language: str
    pending: bool
    source_changed: dt.date | None


def source_hash(text) -> str:
    """The version stamp of a source page: SHA-256 of its text with line endings made LF."""
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:HASH_DIGITS]


def translation_path(source, language) -> str:
    """'handouts/dose-plan.md' -> 'handouts/dose-plan.es.md'."""
    path = PurePosixPath(source)
    return str(path.with_name(f"{path.stem}.{language}{path.suffix}"))


def split_sources(paths, languages) -> tuple[list[str], dict[str, list[str]]]:
    """Sort docs-relative Markdown paths into source pages and, per language, translated pages."""
    suffixes = {f".{language}" for language in languages[1:]}
    sources, translated = [], {language: [] for language in languages[1:]}
    for path in sorted(paths):
        suffix = PurePosixPath(path).suffixes[-2] if len(PurePosixPath(path).suffixes) > 1 else ""
        if suffix in suffixes:
            translated[suffix[1:]].append(path)
        else:
            sources.append(path)
    return sources, translated


def read_front_matter(text, where) -> dict:
    match = FRONT_MATTER.match(text)
    if not match:
        return {}
    try:
        data = yamlfile.parse(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise TranslationError(f"{where}: the front matter does not parse: {error}") from error
    if not isinstance(data, dict):
        raise TranslationError(f"{where}: the front matter must be a mapping")
    return data


def docs_sources(docs_dir):
    """Every Markdown file under docs_dir, as docs-relative POSIX paths ('handouts/dose-plan.md')."""
    return {path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md")}


def check_docs(docs_dir, languages, never_pending=()) -> dict[str, Status]:
    """Check every translation under docs_dir; return each translated page's Status by its path."""
    docs_dir = Path(docs_dir)
    sources, translated = split_sources(sorted(docs_sources(docs_dir)), languages)
    statuses = {}
    for language, pages in translated.items():
        expected = {translation_path(source, language): source for source in sources}
        for page in pages:
            if page not in expected:
                raise TranslationError(
                    f"{docs_dir / page}: a {language} page with no source page beside it "
                    f"(expected {page.replace(f'.{language}.md', '.md')})"
                )
        missing = sorted(set(expected) - set(pages))
        if missing:
            raise TranslationError(
                f"{docs_dir / missing[0]}: missing: {expected[missing[0]]} has no {language} translation "
                f"({len(missing)} page(s) without one: {', '.join(missing)}). Readers of /{language}/ must "
                "never be served another language: translate it."
            )
        for page, source in sorted(expected.items()):
            statuses[page] = _status(docs_dir, source, page, language, never_pending)
    for name in never_pending:
        if name not in sources:
            raise TranslationError(f"mkdocs.yml: extra.translation.never_pending: {name} is not a page in docs/")
    return statuses


def _status(docs_dir, source, page, language, never_pending) -> Status:
    where = docs_dir / page
    source_text = (docs_dir / source).read_text(encoding="utf-8")
    meta = read_front_matter(where.read_text(encoding="utf-8"), where)
    recorded = meta.get("translation_of")
    current = source_hash(source_text)
    if not isinstance(recorded, str) or not HASH_PATTERN.fullmatch(recorded):
        raise TranslationError(
            f"{where}: front matter 'translation_of' must be the {HASH_DIGITS}-digit hash of "
            f"{source} it was translated from (now {current})"
        )
    pending = meta.get("translation_pending", False)
    if pending not in (True, False):
        raise TranslationError(f"{where}: 'translation_pending' must be true or false, got {pending!r}")
    changed = meta.get("source_changed")
    if recorded == current:
        if pending:
            raise TranslationError(
                f"{where}: marked translation_pending, but it matches {source}: "
                "remove translation_pending and source_changed"
            )
        return Status(source, page, language, False, None)
    if not pending:
        raise TranslationError(
            f"{where}: {source} changed since it was translated (translation_of: {recorded}, now {current}). "
            f"Update the translation and set translation_of: {current}, or, for a page not listed in "
            "extra.translation.never_pending, set translation_pending: true and source_changed: YYYY-MM-DD"
        )
    if source in never_pending:
        raise TranslationError(
            f"{where}: {source} is a safety page (extra.translation.never_pending): its "
            "translation may never be pending. Update the translation now."
        )
    if not isinstance(changed, dt.date):
        raise TranslationError(
            f"{where}: a pending translation needs source_changed: YYYY-MM-DD, the date {source} changed"
        )
    return Status(source, page, language, True, changed)


def load_translation_settings(raw) -> tuple[str, ...]:
    """Check mkdocs.yml extra.translation: {never_pending: [page.md, ...]}; return never_pending."""
    if raw is None:
        return ()
    if not isinstance(raw, dict) or set(raw) - set(SETTINGS_KEYS):
        raise TranslationError(f"mkdocs.yml: extra.translation takes only {', '.join(SETTINGS_KEYS)}")
    pages = raw.get("never_pending") or []
    if not isinstance(pages, list) or not all(isinstance(page, str) and page.endswith(".md") for page in pages):
        raise TranslationError("mkdocs.yml: extra.translation.never_pending must list docs pages such as safety.md")
    return tuple(pages)


def alternate_urls(page_url, language, languages) -> dict[str, str]:
    """Site-relative URLs of one page in every language: the default at the root, others under /<lang>/."""
    default = languages[0]
    base = page_url if language == default else page_url.removeprefix(f"{language}/")
    if language != default and base == page_url and page_url != f"{language}/":
        raise TranslationError(f"{page_url}: a {language} page outside /{language}/")
    base = "" if base == f"{language}/" else base
    return {lang: (base if lang == default else f"{lang}/{base}") for lang in languages}
