"""The glossary: hard words explained wherever they appear, in the page's own language.

The data file maps each language to its terms and their plain definitions. Each page gets its
language's list appended as Markdown abbreviations (`*[term]: definition`), which Python-Markdown's
abbr extension turns into <abbr title="...">; the site's script makes them reachable by touch.
"""

from __future__ import annotations

import re

from . import yamlfile

# Characters that would end or break a Markdown abbreviation definition.
BAD_TERM = re.compile(r"[\[\]\n]")


class GlossaryError(ValueError):
    """The glossary file is malformed; the build must stop."""


def load_glossary(path, languages) -> dict[str, list[tuple[str, str]]]:
    """Read the glossary: for each language a mapping of term to definition, all languages present."""
    data = yamlfile.load(path, GlossaryError, mapping=f"one mapping of terms per language ({', '.join(languages)})")
    # Terms for a language the site is not built in are left unused: a clinic may build fewer
    # languages than the data carries.
    glossary = {}
    for language in languages:
        terms = data.get(language)
        if not isinstance(terms, dict) or not terms:
            raise GlossaryError(f"{path}: no terms for '{language}'")
        entries = []
        for term, definition in terms.items():
            where = f"{path}: {language}: {term!r}"
            if not isinstance(term, str) or not term.strip() or BAD_TERM.search(term):
                raise GlossaryError(f"{where}: a term must be one line of text without [ or ]")
            if not isinstance(definition, str) or not definition.strip() or "\n" in definition.strip():
                raise GlossaryError(f"{where}: the definition must be one line of text")
            entries.append((term.strip(), definition.strip()))
        glossary[language] = entries
    return glossary


def abbreviations(entries) -> str:
    """The Markdown abbreviations for one language, to append to a page: one block each.

    Python-Markdown's abbr block processor takes one definition a pass and hands the rest of the
    block back, so every other block processor tests the remainder again: this guide's forty-odd
    definitions in one block took 7-8% of its build; as blocks of one line, almost nothing.
    """
    return "".join(f"\n\n*[{term}]: {definition}" for term, definition in entries) + "\n"
