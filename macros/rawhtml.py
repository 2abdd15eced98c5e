"""Raw HTML blocks from macros that survive indentation (details, admonitions, list items).

Python-Markdown keeps raw HTML as is only when the block starts at the beginning of a line (at
most three spaces in). A macro called inside `??? note` and piped through Jinja's `indent` filter
gives HTML indented by four spaces: Markdown would wrap it in a paragraph and parse the text in
it (`*` turns into emphasis, `<p><div>` is invalid). So a macro marks its block with two comment
lines; a small Markdown preprocessor takes everything between them, at whatever indentation,
into Markdown's own store of raw HTML, and leaves a placeholder at the same indentation, which
Markdown swaps back for the HTML, unwrapped, at the end.

Inline HTML from a macro (a citation marker) is marked the same way within its line: the span goes
into the store whole, so Markdown's inline step does not take it apart tag by tag. That step costs
time for every tag and every inline pattern, and a page of this kind has dozens of citations.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

START = "<!-- raw-block -->"
END = "<!-- /raw-block -->"
INLINE_START = "<!-- raw -->"
INLINE_END = "<!-- /raw -->"
INLINE = re.compile(re.escape(INLINE_START) + "(.*?)" + re.escape(INLINE_END))
# After MkDocs collects the ids in raw HTML (21) and before Markdown's own raw HTML step (20).
PRIORITY = 20.5


class RawBlockError(ValueError):
    """A marked raw block is not closed, or a line of it is less indented than its start."""


def mark(html) -> str:
    """Wrap a rendered HTML block in the markers, with the blank lines a raw block needs around it."""
    return f"\n\n{START}\n{html}\n{END}\n\n"


def mark_inline(html) -> str:
    """Wrap rendered inline HTML (one line) in the inline markers."""
    if "\n" in html:
        raise RawBlockError(f"inline HTML from a macro spans more than one line: {html[:80]!r}")
    return f"{INLINE_START}{html}{INLINE_END}"


class RawBlockPreprocessor(Preprocessor):
    """Move each marked block, and each marked inline span, into the HTML stash; a block's placeholder
    keeps its indentation. Inline markers inside a marked block are dropped: the block is kept whole."""

    def run(self, lines):
        out, index = [], 0
        while index < len(lines):
            line = lines[index]
            if line.strip() != START:
                if INLINE_START in line:
                    line = INLINE.sub(lambda match: self.md.htmlStash.store(match.group(1)), line)
                out.append(line)
                index += 1
                continue
            indent = line[: len(line) - len(line.lstrip())]
            body, index = self._body(lines, index + 1, indent)
            out.extend(["", indent + self.md.htmlStash.store("\n".join(body)), ""])
        return out

    @staticmethod
    def _body(lines, index, indent):
        """The block's lines without its indentation, and the index after its end marker."""
        body = []
        while index < len(lines):
            line = lines[index]
            if line.strip() == END:
                return body, index + 1
            if line.strip() and not line.startswith(indent):
                raise RawBlockError(f"a raw HTML block from a macro is less indented than its start: {line.strip()!r}")
            if INLINE_START in line:
                line = INLINE.sub(r"\1", line)
            body.append(line[len(indent) :] if line.strip() else "")
            index += 1
        raise RawBlockError(f"a raw HTML block from a macro has no end marker {END!r}")


class RawBlockExtension(Extension):
    """Register the preprocessor on each Markdown instance MkDocs makes (one per page)."""

    def extendMarkdown(self, md):
        md.preprocessors.register(RawBlockPreprocessor(md), "guide_raw_block", PRIORITY)


def register(config) -> None:
    """Add the extension to MkDocs's Markdown extensions once (config is MkDocs's, after validation)."""
    extensions = config["markdown_extensions"]
    if not any(isinstance(extension, RawBlockExtension) for extension in extensions):
        extensions.append(RawBlockExtension())
