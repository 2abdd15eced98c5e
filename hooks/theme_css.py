"""MkDocs hook: drop Material's styles for components this site does not use.

Material ships one stylesheet for every feature it has: search, blog, tags, content tabs,
code annotations, diagrams and more. About half of it styles things this site never shows,
yet every first visit downloads it (bench/README.md). Once MkDocs has copied it into the site
(before the first page is written: hooks/html.py puts it inside each page), this hook removes
from Material's main.*.min.css every selector that names a class of a component in UNUSED,
and from its palette.*.min.css the twenty-odd primary and accent colours that no palette of
mkdocs.yml uses.

The stylesheet is parsed with tinycss2 (a CSS Syntax Level 3 parser), not regular expressions:
a rule's selectors are read from its prelude tokens, its declarations (and any nested rules,
`.a{color:red;&:hover{...}}`) are kept whole, and @media/@supports/@container/@layer blocks are
trimmed inside and dropped only when left empty. A rule whose selectors it cannot read, or a
stretch of the stylesheet that does not parse, is kept as it is, with a warning on stderr.
The warning does not go through MkDocs's logger, on purpose: `mkdocs build --strict` turns
those into errors, and a rule we leave untouched is safe, never a reason to stop the build.

Material's stylesheet also draws keyboard focus rings only on elements its bundle marks with
the focus-visible polyfill's class (`.focus-visible`). This site does not load the bundle, so
those selectors are rewritten to the browser's own `:focus-visible`.

Loud failure: if a built page does use one of those classes (say someone turns on
`navigation.tabs`), the build stops and names the page and the class, so nothing ships
unstyled. Take the component out of UNUSED to get its styles back.
"""

import hashlib
import itertools
import os
import re
import sys
import tempfile
from pathlib import Path

import tinycss2
from mkdocs.exceptions import PluginError
from tinycss2.ast import (
    AtRule,
    FunctionBlock,
    IdentToken,
    LiteralToken,
    ParseError,
    QualifiedRule,
    SquareBracketsBlock,
)

# Components (CSS class "blocks": the part before __element or --modifier) with no place here.
UNUSED = frozenset(
    {
        # No search plugin (mkdocs.yml)
        "md-search",
        "md-search-result",
        # No repository link, edit button, versions or language selector
        "md-source",
        "md-source-file",
        "md-version",
        "md-select",
        # No blog or tags plugin
        "md-post",
        "md-author",
        "md-profile",
        "md-draft",
        "md-pin",
        "md-pagination",
        "md-tags",
        "md-tag",
        "md-tag-icon",
        "md-tag-shadow",
        # Features that are off: tabs, path, progress bar, annotations, banner, consent, feedback,
        # social links, page status
        "md-tabs",
        "md-path",
        "md-progress",
        "md-annotation",
        "md-annotation-list",
        "md-banner",
        "md-consent",
        "md-feedback",
        "md-social",
        "md-status",
        # Markdown extensions that are not loaded: content tabs, syntax highlighting, diagrams,
        # maths, CriticMarkup, comments
        "tabbed-set",
        "tabbed-labels",
        "tabbed-content",
        "tabbed-block",
        "tabbed-control",
        "tabbed-button",
        "highlight",
        "highlighttable",
        "linenos",
        "linenodiv",
        "mermaid",
        "katex-html",
        "arithmatex",
        "critic",
        "giscus",
        # pymdownx.keys, pymdownx.emoji and grid cards are not used; task lists have no custom checkbox
        "keys",
        "twemoji",
        "emojione",
        "gemoji",
        "grid",
        "cards",
        "card",
        "task-list-control",
        "task-list-indicator",
        # Material's own tooltips, buttons, form inputs, meta line and old copy button: site.js
        # draws this site's tooltips and copy buttons with classes of its own
        "md-tooltip",
        "md-tooltip2",
        "md-button",
        "md-input",
        "md-meta",
        "md-clipboard",
    }
)

# At-rules whose block holds rules (trimmed inside); every other at-rule is kept whole.
GROUPING = frozenset({"media", "supports", "container", "layer", "scope", "document", "-moz-document"})
# Tokens a selector is made of; anything else means we do not understand the prelude.
SELECTOR_TOKENS = frozenset({"ident", "hash", "whitespace", "literal", "function", "[] block", "string", "comment"})
POLYFILL_CLASS = "focus-visible"
CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')


WARNINGS = []


def warn(message):
    """Tell the person building, without making a strict build fail (see the module docstring)."""
    WARNINGS.append(message)
    print(f"hooks/theme_css.py: {message}", file=sys.stderr)


def block(class_name):
    """'md-search__input' -> 'md-search'; 'md-tag--active' -> 'md-tag'."""
    return re.split(r"__|--", class_name, maxsplit=1)[0]


# --- Selectors as tokens ----------------------------------------------------------------------


def split_selectors(prelude):
    """A rule's prelude (tokens) -> one token list per selector, split at top-level commas."""
    parts, current = [], []
    for token in prelude:
        if isinstance(token, LiteralToken) and token.value == ",":
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    return [strip(part) for part in parts]


def strip(tokens):
    """Drop whitespace and comments at both ends of a token list."""
    start, end = 0, len(tokens)
    while start < end and tokens[start].type in ("whitespace", "comment"):
        start += 1
    while end > start and tokens[end - 1].type in ("whitespace", "comment"):
        end -= 1
    return tokens[start:end]


def readable(prelude):
    """True if every top-level token of the prelude can be part of a selector list."""
    return all(token.type in SELECTOR_TOKENS for token in prelude) and bool(strip(prelude))


def selector_classes(selector):
    """Class names a selector (tokens) itself requires: `.name` at its top level.

    Classes inside :not(), :is(), :where() or an attribute selector [..] are not required by
    the selector, so they never make it "unused".
    """
    names = []
    for before, token in itertools.pairwise(selector):
        if isinstance(before, LiteralToken) and before.value == "." and isinstance(token, IdentToken):
            names.append(token.value)
    return names


def selector_attributes(selector):
    """Attribute selectors `[name=value]` a selector itself requires, as '[name=value]' strings."""
    found = []
    for token in selector:
        if isinstance(token, SquareBracketsBlock):
            parts = [t for t in token.content if t.type != "whitespace"]
            if (
                len(parts) == 3
                and parts[1] == "="
                and parts[0].type == "ident"
                and parts[2].type in ("ident", "string")
            ):
                found.append(f"[{parts[0].value}={parts[2].value}]")
    return found


def uses_unused(selector, unused):
    """True if the selector needs a class of an unused component, or an attribute value in `unused`."""
    return any(block(name) in unused for name in selector_classes(selector)) or any(
        attribute in unused for attribute in selector_attributes(selector)
    )


def native_focus(tokens):
    """Replace the polyfill's `.focus-visible` class with the `:focus-visible` pseudo-class, at any depth."""
    out = []
    for token in tokens:
        if (
            isinstance(token, IdentToken)
            and token.value == POLYFILL_CLASS
            and out
            and isinstance(out[-1], LiteralToken)
            and out[-1].value == "."
        ):
            out[-1] = LiteralToken(out[-1].source_line, out[-1].source_column, ":")
        elif isinstance(token, FunctionBlock):
            token = FunctionBlock(token.source_line, token.source_column, token.name, native_focus(token.arguments))
        elif isinstance(token, SquareBracketsBlock):
            pass  # [class~="focus-visible"] names the class as a string: leave it
        out.append(token)
    return out


# --- Rules ------------------------------------------------------------------------------------


def trim_rule(rule, unused):
    """The rule's text with unused selectors removed; '' when none is left."""
    if not readable(rule.prelude):
        warn(
            f"kept a rule whose selector it cannot read (line {rule.source_line}, column {rule.source_column}): "
            f"{tinycss2.serialize(rule.prelude).strip()[:80]!r}"
        )
        return rule.serialize()
    selectors = split_selectors(rule.prelude)
    kept = [native_focus(s) for s in selectors if not uses_unused(s, unused)]
    if not kept:
        return ""
    prelude = ",".join(tinycss2.serialize(s) for s in kept)
    return prelude + "{" + tinycss2.serialize(rule.content) + "}"


def trim_at_rule(rule, unused):
    if rule.content is None or rule.lower_at_keyword not in GROUPING:
        return rule.serialize()
    children = tinycss2.parse_rule_list(rule.content)
    if any(isinstance(child, ParseError) for child in children):
        warn(f"kept @{rule.at_keyword} at line {rule.source_line} as it is: part of it does not parse")
        return rule.serialize()
    inner = trim_nodes(children, unused)
    if not inner.strip():
        return ""
    return "@" + rule.at_keyword + tinycss2.serialize(rule.prelude) + "{" + inner + "}"


def tail_start(source, offsets):
    """Where the unfinished rule at the end of `source` starts: after the last top-level block or ';'."""
    start = None
    for token in tinycss2.parse_component_value_list(source, skip_comments=True):
        if token.type == "{} block" or token == ";":
            start = None
        elif start is None and token.type != "whitespace":
            start = token
    return offsets(start) if start is not None else len(source)


def trim_nodes(nodes, unused, source=None, offsets=None):
    out = []
    for node in nodes:
        if isinstance(node, QualifiedRule):
            out.append(trim_rule(node, unused))
        elif isinstance(node, AtRule):
            out.append(trim_at_rule(node, unused))
        elif isinstance(node, ParseError):
            # Only at the top level (a nested error keeps its whole at-rule), and only at the
            # end: a rule the stylesheet ends in the middle of. Keep that unfinished text.
            tail = source[tail_start(source, offsets) :] if source is not None else ""
            warn(f"kept text that does not parse as CSS ({node.message}): {tail.strip()[:80]!r}")
            out.append(tail)
        else:
            out.append(node.serialize())  # whitespace and comments
    return "".join(out)


def trim_css(text, unused=UNUSED):
    """Remove selectors that need a class of an unused component; drop rules left empty."""
    lines = [0]
    for line in text.splitlines(keepends=True):
        lines.append(lines[-1] + len(line))

    def offset(node):
        return lines[node.source_line - 1] + node.source_column - 1

    nodes = tinycss2.parse_stylesheet(text, skip_comments=True)
    return trim_nodes(nodes, unused, source=text, offsets=offset)


def unused_classes_in(html, unused=UNUSED):
    """Classes in the page's class="..." attributes that belong to an unused component."""
    return sorted({name for value in CLASS_ATTRIBUTE.findall(html) for name in value.split() if block(name) in unused})


COLOUR = re.compile(r"\[data-md-color-(primary|accent)=([\w-]+)\]")


def unused_colours(css, palette):
    """'[data-md-color-primary=red]'... for every primary and accent colour in `css` that no
    palette entry of mkdocs.yml (theme.palette) uses: Material's palette stylesheet defines all
    twenty-odd of them, a site shows one or two."""
    options = palette if isinstance(palette, list) else [palette or {}]
    used = {
        "primary": {str(o.get("primary") or "indigo").replace(" ", "-") for o in options},
        "accent": {str(o.get("accent") or "indigo").replace(" ", "-") for o in options},
    }
    return frozenset(
        f"[data-md-color-{kind}={value}]" for kind, value in COLOUR.findall(css) if value not in used[kind]
    )


_trimmed = set()  # stylesheets trimmed in this build


def trim_site_copies(site_dir, palette=None):
    """Trim Material's stylesheets in the site folder, once a build (hooks/html.py then inlines them):
    main.*.min.css loses the unused components, palette.*.min.css the colours no palette uses."""
    folder = Path(site_dir, "assets", "stylesheets")
    for sheet in sorted([*folder.glob("main.*.min.css"), *folder.glob("palette.*.min.css")]):
        if sheet not in _trimmed:
            text = sheet.read_text(encoding="utf-8")
            unused = UNUSED | unused_colours(text, palette) if sheet.name.startswith("palette.") else UNUSED
            sheet.write_text(cached_trim(text, unused), encoding="utf-8")
            _trimmed.add(sheet)


def theme_palette(config):
    return config["theme"].get("palette")


_done = set()  # site folders whose stylesheets are trimmed in this build


def ensure_trimmed(config):
    """Trim the site folder's copies once a build, at the first page or theme template written."""
    site_dir = str(config["site_dir"])
    if site_dir not in _done:
        trim_site_copies(site_dir, theme_palette(config))
        _done.add(site_dir)


def on_pre_build(config, **kwargs):
    _trimmed.clear()
    _done.clear()


def on_post_template(output, template_name, config, **kwargs):
    # Theme templates (404.html) are written right after MkDocs copies the files.
    ensure_trimmed(config)
    return output


def on_post_page(output, page, config, **kwargs):
    ensure_trimmed(config)
    found = unused_classes_in(output)
    if found:
        raise PluginError(
            f"{page.file.src_uri}: uses {', '.join(found)}, whose Material styles hooks/theme_css.py removes. "
            "Take the component out of UNUSED in hooks/theme_css.py, or do not use it."
        )
    return output


# Parsing Material's 137 KB stylesheet with tinycss2 takes about half a second, the same every
# build: the result is kept in the system's temporary folder, keyed by the stylesheet, UNUSED
# and this file's own code, so only the first build after a change pays for it.
CACHE = Path(tempfile.gettempdir()) / "mkdocs-theme-css"


def cached_trim(text, unused=UNUSED, cache=CACHE):
    """trim_css(text), from the cache when the same input was trimmed before (its warnings repeated)."""
    key = hashlib.sha256(
        "\0".join([text, ",".join(sorted(unused)), Path(__file__).read_text(encoding="utf-8")]).encode("utf-8")
    ).hexdigest()[:40]
    css, notes = cache / f"{key}.css", cache / f"{key}.warnings"
    if css.is_file() and notes.is_file():
        for message in filter(None, notes.read_text(encoding="utf-8").split("\n")):
            print(f"hooks/theme_css.py: {message}", file=sys.stderr)
        return css.read_text(encoding="utf-8")
    del WARNINGS[:]
    result = trim_css(text, unused)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        for path, content in ((notes, "\n".join(WARNINGS)), (css, result)):  # css last: it marks a complete entry
            partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            partial.write_text(content, encoding="utf-8")
            partial.replace(path)
    except OSError as error:
        print(f"hooks/theme_css.py: could not cache the trimmed stylesheet ({error})", file=sys.stderr)
    return result


def on_post_build(config, **kwargs):
    trim_site_copies(config["site_dir"], theme_palette(config))
