"""Urgent help from one data file: each warning sign once, with its tier, and the numbers to call.

Loading (YAML -> a checked ``UrgentHelp``) is separate from rendering (boxes through the
urgent-*.html templates) and from the prose check (``urgency_in_prose``), which stops a page
that states urgency in its own words instead of showing the boxes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from . import yamlfile
from .i18n import LocaleError, text_in
from .settings import phone_href

FILE_KEYS = ("languages", "tiers", "signs", "services", "numbers", "phrases")
TIER_KEYS = ("id", "style", "title", "action", "clinic", "services")
OPTIONAL_TIER_KEYS = ("contact",)
SIGN_KEYS = ("id", "tier", "text", "cite")
OPTIONAL_SIGN_KEYS = ("action", "services")
SERVICE_KEYS = ("id", "number", "label", "cite")
# The looks a box may take: admonition types the theme styles.
STYLES = ("danger", "warning", "note", "info", "tip")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NUMBER = re.compile(r"^\+?[0-9][0-9 -]*[0-9]$")
# Every rendered box and line carries this attribute (see the urgent-*.html templates): the
# prose check leaves out what lies inside such an element. The boxes hold no nested <div>.
RENDERED = re.compile(r"<(div|p|ul)\b[^>]*\bdata-urgent\b[^>]*>.*?</\1>", re.S)
# Not prose: headings and link text point to the boxes ("See [Get help now](...)").
HEADING = re.compile(r"^ {0,3}#{1,6}\s.*$", re.M)
LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)")
COMMENT = re.compile(r"<!--.*?-->", re.S)
CODE = re.compile(r"`[^`\n]*`")
# Raw HTML blocks (a paragraph that starts with a tag) are made by macros: reference lists, tables.
BLANK_LINE = re.compile(r"\n[ \t]*\n")
TAG = re.compile(r"<[^>\n]*>")
EXCERPT = 60  # characters either side of a phrase quoted in the error


class UrgentHelpError(ValueError):
    """The urgent-help file is malformed, or a page states urgency in its own words; the build must stop."""


@dataclass(frozen=True)
class Service:
    """A number to call: as dialed, and what it is for (per language)."""

    id: str
    number: str
    label: dict
    cite: tuple[str, ...]


@dataclass(frozen=True)
class Tier:
    """How urgent a sign is, and what to do: its box's title, action and generic contact line."""

    id: str
    style: str
    title: dict
    action: dict
    contact: dict | None
    clinic: bool
    services: tuple[str, ...]


@dataclass(frozen=True)
class Sign:
    """One warning sign, written once, with its tier and sources."""

    id: str
    tier: str
    text: dict
    action: dict | None
    services: tuple[str, ...]
    cite: tuple[str, ...]


@dataclass(frozen=True)
class UrgentHelp:
    """The checked urgent-help file."""

    path: Path
    languages: tuple[str, ...]
    tiers: dict[str, Tier]
    signs: dict[str, Sign]
    services: dict[str, Service]
    numbers: dict[str, tuple[str, ...]]
    phrases: dict[str, tuple[str, ...]]

    def text(self, value, language, where):
        """A text of the file in one language."""
        return text_in(value, language, list(self.languages), f"{self.path}: {where}")


# Loading ---------------------------------------------------------------------------------------


def load_urgent_help(path, *, site_languages, known_keys) -> UrgentHelp:
    """Read and check the urgent-help file; raise UrgentHelpError naming the file, entry and problem."""
    path = Path(path)
    raw = yamlfile.load(path, UrgentHelpError, mapping=f"a mapping with {', '.join(FILE_KEYS)}")
    _keys(raw, FILE_KEYS, (), f"{path}")
    languages = _languages(raw["languages"], site_languages, path)
    services = _entries(
        raw["services"], "services", path, lambda entry, where: _service(entry, where, languages, known_keys, path)
    )
    tiers = _entries(raw["tiers"], "tiers", path, lambda entry, where: _tier(entry, where, languages, services, path))
    signs = _entries(
        raw["signs"],
        "signs",
        path,
        lambda entry, where: _sign(entry, where, languages, tiers, services, known_keys, path),
    )
    numbers = _per_language(raw["numbers"], "numbers", languages, path)
    for language, ids in numbers.items():
        for service in ids:
            if service not in services:
                raise UrgentHelpError(f"{path}: numbers: {language}: unknown service '{service}'")
    phrases = _per_language(raw["phrases"], "phrases", languages, path)
    return UrgentHelp(path, languages, tiers, signs, services, numbers, phrases)


def _keys(raw, required, optional, where):
    if not isinstance(raw, dict):
        raise UrgentHelpError(f"{where}: expected a mapping, got {raw!r}")
    unknown = sorted(set(map(str, raw)) - set(required) - set(optional))
    if unknown:
        raise UrgentHelpError(f"{where}: unknown key(s) {', '.join(unknown)}")
    missing = [key for key in required if key not in raw]
    if missing:
        raise UrgentHelpError(f"{where}: missing {', '.join(missing)}")


def _languages(raw, site_languages, path):
    if not isinstance(raw, list) or not raw or not all(isinstance(lang, str) and lang for lang in raw):
        raise UrgentHelpError(f"{path}: languages must list the languages the texts are written in, like [en, es]")
    missing = [lang for lang in site_languages if lang not in raw]
    if missing:
        raise UrgentHelpError(
            f"{path}: the site is built in {', '.join(missing)} but the texts are written only in {', '.join(raw)}"
        )
    return tuple(raw)


def _entries(raw, group, path, make):
    """A list of entries with unique ids, as a dict in file order."""
    if not isinstance(raw, list) or not raw:
        raise UrgentHelpError(f"{path}: {group} must be a list of entries, each with an id")
    out = {}
    for index, entry in enumerate(raw, start=1):
        ident = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(ident, str) or not ID.match(ident):
            raise UrgentHelpError(f"{path}: {group}: entry {index}: 'id' must be lowercase words joined by hyphens")
        if ident in out:
            raise UrgentHelpError(f"{path}: {group}: '{ident}' is listed twice")
        out[ident] = make(entry, f"{group}: '{ident}'")
    return out


def _texts(value, languages, where):
    """A text in every language of the file, checked; returned as the mapping it is."""
    try:
        for language in languages:
            text_in(value, language, list(languages), where)
    except LocaleError as error:
        raise UrgentHelpError(str(error)) from error
    return value if isinstance(value, dict) else {languages[0]: value}


def _cites(raw, known_keys, where):
    if not isinstance(raw, list) or not raw or not all(isinstance(key, str) for key in raw):
        raise UrgentHelpError(f"{where}: 'cite' must list one or more keys of the bibliography")
    for key in raw:
        if key not in known_keys:
            raise UrgentHelpError(f"{where}: cite '{key}' is not a key in the bibliography")
    return tuple(raw)


def _service_ids(raw, services, where):
    if not isinstance(raw, list):
        raise UrgentHelpError(f"{where}: 'services' must be a list of service ids")
    for ident in raw:
        if ident not in services:
            raise UrgentHelpError(f"{where}: unknown service '{ident}'")
    return tuple(raw)


def _service(raw, where, languages, known_keys, path):
    where = f"{path}: {where}"
    _keys(raw, SERVICE_KEYS, (), where)
    number = raw["number"]
    if not isinstance(number, str) or not NUMBER.match(number):
        raise UrgentHelpError(f'{where}: number {number!r} must be written as dialed, in quotes, like "911"')
    return Service(
        raw["id"], number, _texts(raw["label"], languages, f"{where}: label"), _cites(raw["cite"], known_keys, where)
    )


def _tier(raw, where, languages, services, path):
    where = f"{path}: {where}"
    _keys(raw, TIER_KEYS, OPTIONAL_TIER_KEYS, where)
    if raw["style"] not in STYLES:
        raise UrgentHelpError(f"{where}: style '{raw['style']}' is not one of {', '.join(STYLES)}")
    if not isinstance(raw["clinic"], bool):
        raise UrgentHelpError(f"{where}: clinic must be true or false")
    contact = raw.get("contact")
    if raw["clinic"] and contact is None:
        raise UrgentHelpError(
            f"{where}: a tier with clinic: true needs 'contact', the wording used when no clinic is set"
        )
    return Tier(
        id=raw["id"],
        style=raw["style"],
        title=_texts(raw["title"], languages, f"{where}: title"),
        action=_texts(raw["action"], languages, f"{where}: action"),
        contact=_texts(contact, languages, f"{where}: contact") if contact is not None else None,
        clinic=raw["clinic"],
        services=_service_ids(raw["services"], services, where),
    )


def _sign(raw, where, languages, tiers, services, known_keys, path):
    where = f"{path}: {where}"
    _keys(raw, SIGN_KEYS, OPTIONAL_SIGN_KEYS, where)
    if raw["tier"] not in tiers:
        raise UrgentHelpError(f"{where}: unknown tier '{raw['tier']}' (expected one of {', '.join(tiers)})")
    action = raw.get("action")
    return Sign(
        id=raw["id"],
        tier=raw["tier"],
        text=_texts(raw["text"], languages, f"{where}: text"),
        action=_texts(action, languages, f"{where}: action") if action is not None else None,
        services=_service_ids(raw.get("services", []), services, where),
        cite=_cites(raw["cite"], known_keys, where),
    )


def _per_language(raw, group, languages, path):
    if not isinstance(raw, dict):
        raise UrgentHelpError(f"{path}: {group} must map each language to a list")
    unknown = sorted(set(map(str, raw)) - set(languages))
    if unknown:
        raise UrgentHelpError(f"{path}: {group}: a language the texts are not written in: {', '.join(unknown)}")
    out = {}
    for language in languages:
        items = raw.get(language)
        if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
            raise UrgentHelpError(f"{path}: {group}: no list for '{language}'")
        out[language] = tuple(item.strip() for item in items)
    return out


# Rendering ---------------------------------------------------------------------------------------


def signs_html(help_, sign_ids, language, clinic, cite, renderer, locale) -> str:
    """One box per tier for the given signs, most urgent first, as a raw HTML block.

    `cite(keys)` returns the citation marker HTML for a tuple of bibliography keys (trusted markup).
    """
    sign_ids = list(sign_ids)
    if not sign_ids:
        raise UrgentHelpError("urgent_signs() needs at least one sign id")
    for ident in sign_ids:
        if ident not in help_.signs:
            raise UrgentHelpError(f"unknown sign '{ident}': {help_.path} has {', '.join(help_.signs)}")
    repeated = sorted({ident for ident in sign_ids if sign_ids.count(ident) > 1})
    if repeated:
        raise UrgentHelpError(f"sign '{repeated[0]}' is asked for twice in one call")
    boxes = []
    for tier in help_.tiers.values():
        chosen = [help_.signs[ident] for ident in sign_ids if help_.signs[ident].tier == tier.id]
        if chosen:
            boxes.append(
                renderer.block("urgent-box.html", **_box_context(help_, tier, chosen, language, clinic, cite, locale))
            )
    return "".join(boxes)


def tier_html(help_, tier_id, language, clinic, cite, renderer, locale) -> str:
    """The box of one tier with every sign of that tier, as a raw HTML block."""
    if tier_id not in help_.tiers:
        raise UrgentHelpError(f"unknown tier '{tier_id}': {help_.path} has {', '.join(help_.tiers)}")
    signs = [sign for sign in help_.signs.values() if sign.tier == tier_id]
    return renderer.block(
        "urgent-box.html", **_box_context(help_, help_.tiers[tier_id], signs, language, clinic, cite, locale)
    )


def numbers_html(help_, language, cite, renderer, locale) -> str:
    """Every number of the page's language, with what each is for, as a raw HTML block."""
    return renderer.block(
        "urgent-numbers.html", numbers=_numbers(help_, help_.numbers[language], language, cite), t=locale
    )


def contact_html(help_, language, clinic, renderer, locale) -> str:
    """One line for paper: whom to call (the clinic, or the generic same-day wording) and the emergency numbers."""
    tiers = list(help_.tiers.values())
    emergency = tiers[0]
    day = next((tier for tier in tiers if tier.clinic), None)
    return renderer.block(
        "urgent-contact.html",
        clinic=_clinic(clinic),
        generic=help_.text(day.contact, language, f"tiers: '{day.id}': contact") if day else "",
        emergency=_numbers(help_, emergency.services, language, None),
        t=locale,
    )


def _box_context(help_, tier, signs, language, clinic, cite, locale):
    where = f"tiers: '{tier.id}'"
    show_clinic = tier.clinic and clinic.is_set
    contact = tier.contact if tier.contact and not show_clinic else None
    # The signs first: their citation markers come before the numbers' in reading order.
    signs = [_sign_context(help_, sign, language, cite) for sign in signs]
    return {
        "tier": {
            "id": tier.id,
            "style": tier.style,
            "title": help_.text(tier.title, language, f"{where}: title"),
            "action": help_.text(tier.action, language, f"{where}: action"),
            "contact": help_.text(contact, language, f"{where}: contact") if contact else "",
            "numbers": _numbers(help_, tier.services, language, cite),
        },
        "clinic": _clinic(clinic) if show_clinic else None,
        "signs": signs,
        "t": locale,
    }


def _sign_context(help_, sign, language, cite):
    where = f"signs: '{sign.id}'"
    return {
        "id": sign.id,
        "tier": sign.tier,
        "text": help_.text(sign.text, language, f"{where}: text"),
        "action": help_.text(sign.action, language, f"{where}: action") if sign.action else "",
        "cite": Markup(cite(sign.cite)),
        "numbers": _numbers(help_, sign.services, language, cite),
    }


def _numbers(help_, ids, language, cite):
    """The services of `ids` that the language lists, in the language's order."""
    shown = [ident for ident in help_.numbers[language] if ident in ids]
    return [
        {
            "number": help_.services[ident].number,
            "href": phone_href(help_.services[ident].number),
            "label": help_.text(help_.services[ident].label, language, f"services: '{ident}': label"),
            "cite": Markup(cite(help_.services[ident].cite)) if cite else "",
        }
        for ident in shown
    ]


def _clinic(clinic):
    """The clinic for a box (its fields and tel: links), or None when mkdocs.yml sets none."""
    return clinic if clinic.is_set else None


# The prose check ---------------------------------------------------------------------------------


def prose_of(markdown) -> str:
    """A page's own prose: its Markdown without the rendered boxes, raw HTML blocks, headings, link text,
    code, comments and tags (the text between inline tags stays)."""
    text = COMMENT.sub(" ", RENDERED.sub(" ", markdown))
    text = "\n\n".join(chunk for chunk in BLANK_LINE.split(text) if not chunk.lstrip().startswith("<"))
    for pattern in (HEADING, LINK, CODE, TAG):
        text = pattern.sub(" ", text)
    return text


def forbidden(help_, language) -> list[str]:
    """The phrases and numbers a page in `language` may not use in its own prose."""
    numbers = [help_.services[ident].number for ident in help_.numbers[language]]
    return [*help_.phrases[language], *numbers]


def _phrase_pattern(phrases):
    """One phrase, or any of several, as a whole word or words, any case, any spacing."""
    either = "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in phrases)
    return r"(?<![\w-])(?:" + either + r")(?![\w-])"


@functools.lru_cache(maxsize=256)
def _compiled(phrases: tuple[str, ...]):
    """(any of the phrases, each phrase) as compiled patterns; compiled once a build, not once a page."""
    return re.compile(_phrase_pattern(phrases), re.I), [re.compile(_phrase_pattern([p]), re.I) for p in phrases]


def urgency_in_prose(help_, markdown, language) -> list[tuple[str, str]]:
    """(phrase, excerpt) for each urgency phrase or number the page's own prose uses."""
    prose = prose_of(markdown)
    phrases = tuple(forbidden(help_, language))
    if not phrases:
        return []
    anything, each = _compiled(phrases)
    # One pass over the prose finds nothing on almost every page; only then is each phrase sought.
    if not anything.search(prose):
        return []
    found = []
    for phrase, pattern in zip(phrases, each, strict=True):
        match = pattern.search(prose)
        if match:
            start, end = max(0, match.start() - EXCERPT), match.end() + EXCERPT
            found.append((phrase, " ".join(prose[start:end].split())))
    return found


def check_page(help_, markdown, language, page) -> None:
    """Stop the build when a page states urgency in its own words."""
    found = urgency_in_prose(help_, markdown, language)
    if found:
        phrase, excerpt = found[0]
        more = f" (and {len(found) - 1} more: {', '.join(repr(p) for p, _ in found[1:])})" if len(found) > 1 else ""
        raise UrgentHelpError(
            f"{page}: states urgency in its own words: '{phrase}' in \"...{excerpt}...\"{more}. "
            f"Show the sign with urgent_sign()/urgent_signs() from {help_.path.name} instead, or link to its box."
        )
