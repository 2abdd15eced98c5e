"""MkDocs hook: drop Material's styles for components this site does not use.

Material ships one stylesheet for every feature it has: search, blog, tags, content tabs,
code annotations, diagrams and more. About half of it styles things this site never shows,
yet every first visit downloads it (bench/README.md). After the build, this hook removes from
Material's main.*.min.css every selector that names a class of a component in UNUSED.

Loud failure: if a built page does use one of those classes (say someone turns on
`navigation.tabs`), the build stops and names the page and the class, so nothing ships
unstyled. Take the component out of UNUSED to get its styles back.
"""
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

# Components (CSS class "blocks": the part before __element or --modifier) with no place here.
UNUSED = frozenset({
    # No search plugin (mkdocs.yml)
    "md-search", "md-search-result",
    # No repository link, edit button, versions or language selector
    "md-source", "md-source-file", "md-version", "md-select",
    # No blog or tags plugin
    "md-post", "md-author", "md-profile", "md-draft", "md-pin", "md-pagination",
    "md-tags", "md-tag", "md-tag-icon", "md-tag-shadow",
    # Features that are off: tabs, path, progress bar, annotations, banner, consent, feedback,
    # social links, page status
    "md-tabs", "md-path", "md-progress", "md-annotation", "md-annotation-list", "md-banner",
    "md-consent", "md-feedback", "md-social", "md-status",
    # Markdown extensions that are not loaded: content tabs, syntax highlighting, diagrams,
    # maths, CriticMarkup, comments
    "tabbed-set", "tabbed-labels", "tabbed-content", "tabbed-block", "tabbed-control", "tabbed-button",
    "highlight", "highlighttable", "linenos", "linenodiv",
    "mermaid", "katex-html", "arithmatex", "critic", "giscus",
})

RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")  # an innermost rule: selectors { declarations }
EMPTY_AT_RULE = re.compile(r"@(?:media|supports|container)[^{}]*\{\}")
NESTED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")  # :not(...), :is(...), [attr="..."]
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')


def block(class_name):
    """'md-search__input' -> 'md-search'; 'md-tag--active' -> 'md-tag'."""
    return re.split(r"__|--", class_name, maxsplit=1)[0]


def split_selectors(prelude):
    """Split a selector list at its top-level commas (not those inside parentheses)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return [part.strip() for part in parts]


def selector_classes(selector):
    """Class names the selector itself requires (those inside :not(), :is() or [..] are skipped)."""
    previous = None
    while previous != selector:
        previous, selector = selector, NESTED.sub("", selector)
    return CLASS.findall(selector)


def trim_css(text, unused=UNUSED):
    """Remove selectors that need a class of an unused component; drop rules left empty."""
    def keep(match):
        prelude = match.group(1)
        if prelude.lstrip().startswith("@"):
            return match.group(0)
        selectors = split_selectors(prelude)
        kept = [s for s in selectors if not any(block(name) in unused for name in selector_classes(s))]
        if len(kept) == len(selectors):
            return match.group(0)
        return ",".join(kept) + "{" + match.group(2) + "}" if kept else ""

    text = RULE.sub(keep, text)
    previous = None
    while previous != text:
        previous, text = text, EMPTY_AT_RULE.sub("", text)
    return text


def unused_classes_in(html, unused=UNUSED):
    """Classes in the page's class="..." attributes that belong to an unused component."""
    return sorted({name for value in CLASS_ATTRIBUTE.findall(html) for name in value.split() if block(name) in unused})


def on_post_page(output, page, config, **kwargs):
    found = unused_classes_in(output)
    if found:
        raise PluginError(
            f"{page.file.src_uri}: uses {', '.join(found)}, whose Material styles hooks/theme_css.py removes. "
            "Take the component out of UNUSED in hooks/theme_css.py, or do not use it."
        )
    return output


def on_post_build(config, **kwargs):
    for sheet in sorted(Path(config["site_dir"], "assets", "stylesheets").glob("main.*.min.css")):
        sheet.write_text(trim_css(sheet.read_text(encoding="utf-8")), encoding="utf-8")
