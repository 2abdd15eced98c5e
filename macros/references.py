"""Load and validate references.bib; format AMA-style entries, citation markers and reference lists.

Loading (text -> validated ``Entry`` objects) is separate from rendering (entries -> HTML), and both
are pure functions; ``CitationTracker`` holds the only state, the citation numbers of each page.

Author lists follow AMA Manual of Style, 11th edition: list every author when there are six or
fewer; when there are more than six, list the first three followed by "et al.". An author list
that the evidence verifies only in part ends in ``and others`` in the .bib file and is printed
with "et al." after the verified names.
"""

from __future__ import annotations

import datetime
import difflib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import bibtexparser
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    ImplicitComment,
    ParsingFailedBlock,
)
from bibtexparser.model import (
    Entry as BibtexEntry,
)
from pylatexenc.latex2text import LatexNodes2Text

from .i18n import format_date

# Deliberately outside the "mkdocs" logger namespace: `mkdocs build --strict` fails the build on
# any warning logged under "mkdocs", and an entry that no page cites is a note for maintainers,
# not a broken page. Python's last-resort handler still prints it to stderr.
LOG = logging.getLogger("guide.references")

# Keys become HTML ids and URL fragments (/references/#bested2023), so keep them plain.
KEY_PATTERN = re.compile(r"[a-z][a-z0-9-]*")
DOI_PATTERN = re.compile(r"10\.\d{4,9}/\S+")
PMID_PATTERN = re.compile(r"[1-9][0-9]{0,8}")
PMCID_PATTERN = re.compile(r"PMC[0-9]+")
YEAR_PATTERN = re.compile(r"[0-9]{4}")
URL_PATTERN = re.compile(r"https://\S+")
# bibtexparser reads `author = {X}` NEWLINE `title = {Y}` (no comma) as one field; catch it here.
MISSING_COMMA_PATTERN = re.compile(r"[}\"]\s*\n\s*([A-Za-z]+)\s*=")
# A bare & is a LaTeX alignment character: pylatexenc would silently turn it into spaces.
BARE_AMPERSAND_PATTERN = re.compile(r"(?<!\\)&")
# Finds the key of an entry that bibtexparser could not parse (it reports only the raw text).
ENTRY_START_PATTERN = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]*)")
WHITESPACE_PATTERN = re.compile(r"[ \t\r\n]+")

# "author" is also satisfied by a BibTeX "key" field: BibTeX's own convention for a work with no
# author (here: no *verified* author, e.g. a drug label or a paper whose author list is unchecked);
# requiring it makes leaving the author out a deliberate, visible choice.
REQUIRED_FIELDS = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author", "title", "publisher", "year"),
    "manual": ("author", "title"),
    # A paper known by its verified DOI whose journal and year are not verified: the DOI is what
    # lets a reader find it, so it is required instead of the year.
    "misc": ("author", "title", "doi"),
    "online": ("author", "title", "url", "urldate"),
}
KNOWN_FIELDS = frozenset(
    {
        "author",
        "title",
        "journal",
        "year",
        "volume",
        "number",
        "pages",
        "publisher",
        "edition",
        "organization",
        "note",
        "url",
        "urldate",
        "doi",
        "pmid",
        "pmcid",
        "key",
    }
)
# Prose fields are LaTeX-decoded ({\o} -> ø); identifiers, numbers and URLs are kept verbatim.
TEXT_FIELDS = frozenset({"title", "journal", "publisher", "edition", "organization", "note", "key"})
IDENTIFIER_PATTERNS = {
    "doi": (DOI_PATTERN, "expected 10.NNNN/suffix"),
    "pmid": (PMID_PATTERN, "expected digits only"),
    "pmcid": (PMCID_PATTERN, "expected PMC followed by digits"),
    "year": (YEAR_PATTERN, "expected four digits"),
    "url": (URL_PATTERN, "expected an https:// address"),
}
STRAY_TEXT_SHOWN = 60  # characters of stray text quoted in the error message
MAX_AUTHORS_LISTED = 6
AUTHORS_BEFORE_ET_AL = 3

PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/{}/"
DOI_URL = "https://doi.org/{}"
PMC_URL = "https://pmc.ncbi.nlm.nih.gov/articles/{}/"

_LATEX = LatexNodes2Text(keep_comments=True)  # keep_comments: a bare % stays text, not a comment
# Text with none of these is plain already: skip the (slow) LaTeX parser for it.
LATEX_SPECIAL = re.compile(r"[\\{}$~%&#^_]|--|``|''|!`|\?`")


def _latex_text(value) -> str:
    """Decode LaTeX markup (accents, braces, ~, --) in a BibTeX value into plain text."""
    return _LATEX.latex_to_text(value) if LATEX_SPECIAL.search(value) else value


class BibliographyError(ValueError):
    """A problem in references.bib or in a page's citations; it stops the build."""


@dataclass(frozen=True)
class Author:
    """One author: family name (with any "de", "van" part) and initials; no initials for a group."""

    family: str
    initials: str = ""


@dataclass(frozen=True)
class Entry:
    """One validated bibliography entry, its text fields already decoded from LaTeX."""

    key: str
    type: str
    fields: dict[str, str]
    authors: tuple[Author, ...] = ()
    et_al: bool = False  # the .bib list ends in "and others": only part of it is verified
    source: str = "references.bib"
    line: int = 0

    def get(self, name, default=""):
        """Return a field's value, or default when the entry has no such field."""
        return self.fields.get(name, default)


# Loading ---------------------------------------------------------------------------------------


def load_bibliography(path) -> dict[str, Entry]:
    """Read and validate a .bib file; return its entries by key, in file order."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BibliographyError(f"{path}: cannot read the bibliography: {error}") from error
    return parse_bibliography(text, source=str(path))


def parse_bibliography(text, source="references.bib") -> dict[str, Entry]:
    """Parse and validate BibTeX text; source names the file in error messages."""
    library = bibtexparser.parse_string(text)
    # Syntax first: an entry closed too early also looks like an entry missing fields, but the
    # stray text after it is the real cause and the better message.
    for block in library.blocks:
        if isinstance(block, ParsingFailedBlock):
            raise _failed_block_error(block, source)
        if isinstance(block, ImplicitComment):
            _check_stray_text(block, source)
    return {block.key: _entry(block, source) for block in library.blocks if isinstance(block, BibtexEntry)}


def _error(source, line, key, problem) -> BibliographyError:
    """Build the one error message shape: file, line, entry key and the problem."""
    return BibliographyError(f"{source}:{line}: entry '{key}': {problem}")


def _failed_block_error(block, source) -> BibliographyError:
    """Turn a block bibtexparser could not use into an error naming its line and key."""
    line = (block.start_line or 0) + 1
    if isinstance(block, DuplicateBlockKeyBlock):
        first = (block.previous_block.start_line or 0) + 1
        return _error(source, line, block.key, f"duplicate key (first defined on line {first})")
    if isinstance(block, DuplicateFieldKeyBlock):
        names = ", ".join(sorted(block.duplicate_keys))
        return _error(source, line, block.ignore_error_block.key, f"field given twice: {names}")
    match = ENTRY_START_PATTERN.search(block.raw or "")
    key = match.group(1) if match else "?"
    return _error(source, line, key, f"malformed entry (unbalanced braces or a missing comma?): {block.error}")


def _check_stray_text(block, source):
    """Reject text outside entries, which is usually the tail of an entry closed too early."""
    lines = (block.raw or "").splitlines()
    stray = [(n, t.strip()) for n, t in enumerate(lines) if t.strip() and not t.lstrip().startswith("%")]
    if stray:
        line = (block.start_line or 0) + stray[0][0] + 1
        text = " ".join(t for _, t in stray)
        raise BibliographyError(
            f"{source}:{line}: text outside any entry (an extra closing brace in the entry "
            f"above?): {text[:STRAY_TEXT_SHOWN]!r}"
        )


def _entry(block, source) -> Entry:
    """Validate one parsed BibTeX entry and convert it to an Entry."""
    line = (block.start_line or 0) + 1
    key, kind = block.key, block.entry_type.lower()
    if not KEY_PATTERN.fullmatch(key):
        raise _error(source, line, key, "key must be lower-case letters, digits and hyphens")
    if kind not in REQUIRED_FIELDS:
        raise _error(
            source,
            line,
            key,
            f"unsupported entry type @{kind} (use one of: " + ", ".join("@" + name for name in REQUIRED_FIELDS) + ")",
        )
    raw = {f.key.lower(): str(f.value) for f in block.fields}
    for name, value in raw.items():
        problem = _field_problem(name, value)
        if problem:
            raise _error(source, line, key, problem)
    missing = [name for name in REQUIRED_FIELDS[kind] if not _has_required(raw, name)]
    if missing:
        raise _error(source, line, key, f"missing required field(s) for @{kind}: " + ", ".join(missing))
    try:
        authors, et_al = _authors(raw.get("author", ""))
    except ValueError as error:
        raise _error(source, line, key, f"field 'author': {error}") from error
    fields = {name: _clean(name, value) for name, value in raw.items() if name != "author"}
    return Entry(key, kind, fields, authors, et_al, source, line)


def _field_problem(name, value):
    """Return what is wrong with one raw field, or None."""
    if name not in KNOWN_FIELDS:
        return f"unknown field '{name}' (known: {', '.join(sorted(KNOWN_FIELDS))})"
    comma = MISSING_COMMA_PATTERN.search(value)
    if comma:
        return f"missing comma before field '{comma.group(1)}'"
    if not value.strip():
        return f"field '{name}' is empty"
    if name in IDENTIFIER_PATTERNS:
        pattern, expected = IDENTIFIER_PATTERNS[name]
        if not pattern.fullmatch(value.strip()):
            return f"malformed {name} {value.strip()!r}: {expected}"
    if name == "urldate" and not _is_iso_date(value.strip()):
        return f"malformed urldate {value.strip()!r}: expected a date as YYYY-MM-DD"
    if name in TEXT_FIELDS | {"author"} and BARE_AMPERSAND_PATTERN.search(value):
        return f"field '{name}' has a bare '&': write \\& in BibTeX"
    return None


def _has_required(raw, name) -> bool:
    """Say whether a required field is present; a "key" field stands in for a missing author."""
    return name in raw or (name == "author" and "key" in raw)


def _is_iso_date(text) -> bool:
    """Say whether text is a real calendar date written YYYY-MM-DD."""
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _clean(name, value) -> str:
    """Decode LaTeX in prose fields and fold line breaks into single spaces."""
    text = _latex_text(value) if name in TEXT_FIELDS else value
    return WHITESPACE_PATTERN.sub(" ", text).strip()


def _authors(value) -> tuple[tuple[Author, ...], bool]:
    """Parse a BibTeX author list into Authors and whether it ends in "and others"."""
    names = split_multiple_persons_names(value) if value.strip() else []
    et_al = bool(names) and names[-1].strip().lower() == "others"
    if et_al:
        names = names[:-1]
    if et_al and not names:
        raise ValueError("'and others' needs at least one named author before it")
    return tuple(_author(name) for name in names), et_al


def _author(name) -> Author:
    """Parse one BibTeX name ("de Paula, T. M. H." or "{Group Name}") into an Author."""
    if name.strip().lower() == "others":
        raise ValueError("'and others' may only end the author list")
    try:
        parts = parse_single_name_into_parts(name)
    except InvalidNameError as error:
        raise ValueError(f"cannot read the name {name!r}: {error}") from error
    family = _latex_text(" ".join(parts.von + parts.last)).strip()
    if not parts.first:
        # Braces mark a group author in BibTeX; a bare surname has no initials for AMA style.
        if len(parts.last) == 1 and name.strip().startswith("{"):
            return Author(family)
        raise ValueError(f"the name {name.strip()!r} has no initials (write 'Family, A. B.' or brace a group name)")
    initials = "".join(_initials(_latex_text(token)) for token in parts.first)
    if parts.jr:
        initials += " " + _latex_text(" ".join(parts.jr))
    return Author(family, initials)


def _initials(given) -> str:
    """Reduce one given-name token to AMA initials: "T." -> "T", "Jean-Paul" -> "J-P"."""
    pieces = [piece for piece in given.split("-") if piece.strip(".")]
    return "-".join("".join(part[0] for part in piece.split(".") if part) for piece in pieces)


# Formatting ------------------------------------------------------------------------------------


def format_authors(entry) -> str:
    """Return the AMA author list as plain text, e.g. "Yang J, Shin KM, Do A, et al."."""
    names = [" ".join(filter(None, (a.family, a.initials))) for a in entry.authors]
    groups = [not a.initials for a in entry.authors]
    et_al = entry.et_al
    if len(names) > MAX_AUTHORS_LISTED:
        names, groups, et_al = names[:AUTHORS_BEFORE_ET_AL], groups[:AUTHORS_BEFORE_ET_AL], True
    text = ""
    for index, (name, group) in enumerate(zip(names, groups, strict=True)):
        # AMA sets a group author off from the named authors with a semicolon.
        text += ("" if index == 0 else "; " if group else ", ") + name
    return text + ", et al." if et_al else text


def entry_parts(entry, locale) -> dict:
    """One entry in AMA style as data for the templates: text segments, then links.

    A segment is {"text": ...}, {"em": ..., "after": ...} (italics, then the punctuation that
    follows), or {"href": ..., "label": ...}. Nothing here is HTML: the template escapes it all.
    """
    segments = []
    if entry.authors:
        segments.append({"text": _sentence(format_authors(entry))})
    segments.extend(_BODY[entry.type](entry, locale))
    if entry.type != "online" and entry.get("note"):
        segments.append({"text": _sentence(entry.get("note"))})
    return {"key": entry.key, "segments": segments, "links": _links(entry, locale)}


def _sentence(text) -> str:
    """End text with a full stop unless it already ends with . ? or !."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _emphasis(text) -> dict:
    """Italicise text and end the sentence after the closing tag."""
    return {"em": text, "after": "" if text.endswith((".", "?", "!")) else "."}


def _locator(entry) -> str:
    """Return AMA's "year;volume(issue):pages" from whichever of those parts the entry has."""
    volume = entry.get("volume") + (f"({entry.get('number')})" if entry.get("number") else "")
    text = entry.get("year") + (";" + volume if volume else "")
    return text + (":" + entry.get("pages") if entry.get("pages") else "")


def _article(entry, locale) -> list:
    """Title. Journal. year;volume(issue):pages."""
    return [
        {"text": _sentence(entry.get("title"))},
        _emphasis(entry.get("journal")),
        {"text": _sentence(_locator(entry))},
    ]


def _book(entry, locale) -> list:
    """Title. Edition. Publisher; year."""
    parts = [_emphasis(entry.get("title"))]
    if entry.get("edition"):
        parts.append({"text": entry.get("edition") + " ed."})
    return [*parts, {"text": entry.get("publisher") + "; " + entry.get("year") + "."}]


def _manual(entry, locale) -> list:
    """Title. Organization. Year."""
    parts = [_emphasis(entry.get("title"))]
    return parts + [{"text": _sentence(entry.get(name))} for name in ("organization", "year") if entry.get(name)]


def _misc(entry, locale) -> list:
    """Title. Year (when known)."""
    parts = [{"text": _sentence(entry.get("title"))}]
    return parts + ([{"text": _sentence(entry.get("year"))}] if entry.get("year") else [])


def _online(entry, locale) -> list:
    """Title. Website. Published ... Accessed Month D, YYYY. URL."""
    parts = [{"text": _sentence(entry.get(name))} for name in ("title", "organization", "note") if entry.get(name)]
    accessed = format_date(entry.get("urldate"), locale)
    parts.append({"text": _sentence(locale["reference_accessed"].format(date=accessed))})
    return [*parts, {"href": entry.get("url"), "label": entry.get("url")}]


_BODY = {"article": _article, "book": _book, "manual": _manual, "misc": _misc, "online": _online}


def _links(entry, locale) -> list:
    """Return the DOI, PubMed and PMC links the entry has identifiers for."""
    links = []
    if entry.get("doi"):
        # Keep the DOI readable in the address but percent-encode characters like # and <.
        href = DOI_URL.format(quote(entry.get("doi"), safe="/();:"))
        links.append({"href": href, "label": "doi:" + entry.get("doi")})
    if entry.get("pmid"):
        links.append({"href": PUBMED_URL.format(entry.get("pmid")), "label": "PubMed"})
    if entry.get("pmcid"):
        links.append({"href": PMC_URL.format(entry.get("pmcid")), "label": locale["reference_free_full_text"]})
    return links


def sort_name(entry) -> str:
    """Return the text an entry is alphabetised by: first author's family name, else its key field."""
    name = entry.authors[0].family if entry.authors else entry.get("key") or entry.get("title")
    # Strip accents so Møller sorts among the Ms.
    folded = unicodedata.normalize("NFKD", name.replace("ø", "o").replace("Ø", "O"))
    return "".join(char for char in folded if not unicodedata.combining(char)).casefold()


def bibliography_html(bib, renderer, locale) -> str:
    """Return every entry as a raw HTML list sorted by first author, each with id = its key."""
    ordered = sorted(bib.values(), key=lambda e: (sort_name(e), e.get("year"), e.key))
    return renderer.block("bibliography.html", entries=[entry_parts(e, locale) for e in ordered], t=locale)


# Citations -------------------------------------------------------------------------------------


@dataclass
class _PageCitations:
    """Citation state of one page while it is rendered."""

    language: str
    numbers: dict[str, int] = field(default_factory=dict)  # key -> number, in order of first use
    uses: dict[str, int] = field(default_factory=dict)  # key -> markers made so far
    listed: bool = False  # references() has been rendered for this page


class CitationTracker:
    """Numbers each page's citations by first use and lists them at the page's foot.

    State is kept per page_id (the page's src_uri). ``start_page`` resets a page when it starts
    rendering, so that ``mkdocs serve`` rebuilds start from [1] again. A cite() after the page's
    reference list stops the build: its number would point at a list that does not show it.
    """

    def __init__(self, bib, renderer, locales):
        self._bib = bib
        self._renderer = renderer
        self._locales = locales
        self._pages: dict[str, _PageCitations] = {}

    def start_page(self, page_id, language) -> None:
        """Forget any earlier citations of this page: it is being rendered again."""
        if language not in self._locales:
            raise BibliographyError(f"{page_id}: no interface strings for language '{language}'")
        self._pages[page_id] = _PageCitations(language)

    def cite(self, page_id, *keys) -> str:
        """Return an inline marker such as [1] or [1, 2] for keys, numbered on this page."""
        self._check_keys(page_id, keys)
        state = self._state(page_id, "cite()")
        if state.listed:
            raise BibliographyError(
                f"{page_id}: cite({', '.join(map(repr, keys))}) comes after references(); "
                "move the citation above the page's reference list"
            )
        markers = []
        for key in keys:
            number = state.numbers.setdefault(key, len(state.numbers) + 1)
            state.uses[key] = state.uses.get(key, 0) + 1
            markers.append({"key": key, "use": state.uses[key], "number": number})
        return self._renderer.inline("citation.html", markers=markers, t=self._locales[state.language])

    def references(self, page_id) -> str:
        """Return this page's reference list (raw HTML), in citation order."""
        state = self._state(page_id, "references()")
        if not state.numbers:
            raise BibliographyError(f"{page_id}: references() is used but the page cites nothing before it")
        if state.listed:
            raise BibliographyError(f"{page_id}: references() is used twice on the page")
        state.listed = True
        locale = self._locales[state.language]
        entries = [entry_parts(self._bib[key], locale) for key in state.numbers]
        return self._renderer.block("reference-list.html", entries=entries, t=locale)

    def _state(self, page_id, what):
        state = self._pages.get(page_id)
        if state is None:
            raise BibliographyError(f"{page_id}: {what} before the page started rendering")
        return state

    def cited_keys(self) -> set[str]:
        """Return every key cited on any page rendered so far."""
        return {key for state in self._pages.values() for key in state.numbers}

    def uncited(self) -> list[str]:
        """Return the keys no page cites, in file order."""
        cited = self.cited_keys()
        return [key for key in self._bib if key not in cited]

    def warn_uncited(self) -> list[str]:
        """Log one warning (outside the "mkdocs" logger, see LOG) listing uncited entries."""
        keys = self.uncited()
        if keys:
            LOG.warning("%s: %d entries are cited by no page: %s", self._source(), len(keys), ", ".join(keys))
        return keys

    def _check_keys(self, page_id, keys):
        """Raise for an empty cite(), an unknown key or a key repeated in one cite()."""
        if not keys:
            raise BibliographyError(f"{page_id}: cite() needs at least one key")
        for key in keys:
            if key not in self._bib:
                close = difflib.get_close_matches(str(key), list(self._bib), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise BibliographyError(
                    f"{page_id}: cite() uses unknown key '{key}', which is not in {self._source()}{hint}"
                )
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise BibliographyError(f"{page_id}: cite() repeats key '{repeated[0]}' in one marker")

    def _source(self) -> str:
        """Name the .bib file the entries came from, for messages."""
        return next(iter(self._bib.values())).source if self._bib else "references.bib"
