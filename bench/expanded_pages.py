"""A MkDocs hook for `make bench`: write each page's Markdown as the plugins leave it.

bench/run.py adds this hook to a copy of the project and builds it once. What it writes is each
page after mkdocs-macros (macros expanded, the glossary's abbreviations appended), which is the
Markdown our build hands to Python-Markdown. Plain Material then builds those pages as they are:
the same output for it to make, with none of our engine's work.
"""

import os
from pathlib import Path

from mkdocs.plugins import event_priority

FOLDER_VARIABLE = "BENCH_EXPANDED_PAGES"


@event_priority(-100)  # after every other plugin's on_page_markdown
def on_page_markdown(markdown, page, **_):
    folder = os.environ.get(FOLDER_VARIABLE)
    if folder:
        out = Path(folder) / page.file.src_uri
        # The first language built writes first; a fallback page in a later language does not overwrite it.
        if not out.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(markdown, encoding="utf-8")
    return markdown
