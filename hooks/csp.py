"""MkDocs hook: a strict Content-Security-Policy on every page, from the page's own output.

Each built page gets, right after <meta charset>, a

    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'sha256-...'; ...">

Scripts and stylesheets load only from this site. An inline <script> runs only if its exact
text is hashed into the policy: the hashes are computed here from the HTML that is shipped,
never 'unsafe-inline'. Inline styles are not allowed at all (style-src 'self'), except the
<style data-critical> elements hooks/html.py writes (the page's stylesheets, put inside it so
the first screen draws without a second round trip), each allowed by its hash.

Loud failure: the build stops, naming the page, if the page has something the policy would
block and that no hash can allow: a style="" attribute, a <style> element not marked as ours,
an on*="" event-handler attribute or a javascript: URL. After the build every HTML file in the
site is read back: one with an inline script or style not in its policy stops the build (a
later hook or plugin changed it), and one with no policy yet (a redirect page a plugin wrote
after the pages) gets one.

What a <meta> policy cannot do: `frame-ancestors` (who may frame the page), `report-uri`
and `sandbox` are ignored in a meta element; they need an HTTP header, which GitHub Pages does
not let us set. A host that can send headers should send this policy plus
`frame-ancestors 'none'` (tests/browser/test_csp.py serves the site that way).
"""

import base64
import hashlib
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

# The fixed part of the policy. connect-src 'none': no script on this site sends anything
# anywhere (the diary stays on the device); form-action 'none': no form is ever submitted.
DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'none'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'none'"),
)
CHARSET = '<meta charset="utf-8">'
META = re.compile(r"""<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*/?>""", re.I)
# Where a comment or a <script>/<style> element starts. The page is read left to right, as the
# HTML parser does: inside a comment nothing is markup, and the text of a script or style is
# raw (a "<!--" inside a stylesheet is text), up to its closing tag.
OPENING = re.compile(r"<!--|<(script|style)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.I)
TAG = re.compile(r"<[a-zA-Z][\w:-]*((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
ATTRIBUTE = re.compile(r"""\s([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
# Script types a browser runs; anything else (application/json...) is a data block.
RUNNABLE = {"", "text/javascript", "application/javascript", "module"}
CRITICAL = "data-critical"


def sha256(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def attributes(source):
    """{name: value} of a start tag's attribute source (names lower-cased, value '' if bare)."""
    found = {}
    for match in ATTRIBUTE.finditer(source):
        value = next((v for v in match.groups()[1:] if v is not None), "")
        found.setdefault(match.group(1).lower(), value)
    return found


class Page:
    """A page read once: its markup (comments and raw text left out), its scripts and its styles."""

    def __init__(self, html):
        self.scripts, self.styles, markup = [], [], []
        lower, position = html.lower(), 0
        while found := OPENING.search(html, position):
            markup.append(html[position : found.start()])
            if found.group(0) == "<!--":
                end = lower.find("-->", found.end())
                position = len(html) if end < 0 else end + 3
                continue
            tag = found.group(1).lower()
            close = lower.find(f"</{tag}", found.end())
            close = len(html) if close < 0 else close
            (self.scripts if tag == "script" else self.styles).append(
                (attributes(found.group(2)), html[found.end() : close])
            )
            markup.append(f"<{tag}{found.group(2)}>")
            end = lower.find(">", close)
            position = len(html) if end < 0 else end + 1
        markup.append(html[position:])
        self.markup = "".join(markup)

    def inline_scripts(self):
        return [
            text
            for attrs, text in self.scripts
            if "src" not in attrs and attrs.get("type", "").strip().lower() in RUNNABLE
        ]


def inline_scripts(html):
    """The text of every inline script the browser would run."""
    return Page(html).inline_scripts()


def inline_styles(html):
    """(attributes, text) of every <style> element."""
    return Page(html).styles


# Cheap first look at the markup, lower-cased (a case-blind pattern is slower on a long page):
# with none of these strings there is nothing to block.
SUSPECT = re.compile(r"""\s(?:style|on[a-z]+)\s*=|javascript:""")


def blocked(html):
    """What the policy would block and no hash can allow: one line per problem."""
    page = html if isinstance(html, Page) else Page(html)
    problems = []
    if SUSPECT.search(page.markup.lower()):
        for tag in TAG.finditer(page.markup):
            for name, value in attributes(tag.group(1)).items():
                element = tag.group(0)[:60]
                if name == "style":
                    problems.append(f"a style attribute (style-src 'self' blocks it): {element}")
                elif name.startswith("on"):
                    problems.append(f"an event-handler attribute {name}= (inline script): {element}")
                elif name in ("href", "src", "action", "formaction") and value.strip().lower().startswith(
                    "javascript:"
                ):
                    problems.append(f"a javascript: URL: {element}")
    for attrs, _ in page.styles:
        if CRITICAL not in attrs:
            problems.append(f"a <style> element without {CRITICAL} (style-src 'self' blocks it)")
    return problems


def policy(html):
    """The policy for this page: the fixed directives plus the hashes of its inline scripts and styles."""
    page = html if isinstance(html, Page) else Page(html)
    scripts = sorted({sha256(text) for text in page.inline_scripts()})
    styles = sorted({sha256(text) for _, text in page.styles})
    parts = []
    for name, value in DIRECTIVES:
        extra = scripts if name == "script-src" else styles if name == "style-src" else []
        parts.append(" ".join([name, value, *extra]))
    return "; ".join(parts)


def add_policy(html, where):
    page = Page(html)
    problems = blocked(page)
    if problems:
        raise PluginError(
            f"{where}: the Content-Security-Policy would block "
            + "; ".join(problems)
            + ". Move scripts and styles into files under overrides/assets/ (see hooks/csp.py)."
        )
    if META.search(html):
        raise PluginError(f"{where}: already has a Content-Security-Policy <meta>; hooks/csp.py writes the only one")
    if html.count(CHARSET) != 1:
        raise PluginError(f"{where}: expected one {CHARSET} to put the Content-Security-Policy after")
    meta = f'{CHARSET}\n      <meta http-equiv="Content-Security-Policy" content="{policy(page)}">'
    return html.replace(CHARSET, meta, 1)


def check(html, where):
    """Problems of a finished page: no policy, or an inline script or style its policy does not allow."""
    found = META.search(html)
    if not found:
        return [f"{where}: no Content-Security-Policy <meta>"]
    directives = {part.split()[0]: part.split()[1:] for part in found.group(1).split(";") if part.strip()}
    page = Page(html)
    problems = [
        f"{where}: an inline script not allowed by its policy: {text.strip()[:80]!r}"
        for text in page.inline_scripts()
        if sha256(text) not in directives.get("script-src", [])
    ]
    problems += [
        f"{where}: an inline style not allowed by its policy: {text.strip()[:80]!r}"
        for _, text in page.styles
        if sha256(text) not in directives.get("style-src", [])
    ]
    return problems + [f"{where}: {problem}" for problem in blocked(page)]


# Digests of the pages this hook finished: a file that still has the same text after the build
# was checked when its policy was made, and is not checked again. A digest stays true across
# builds (the same text has the same policy), so the set is kept from one language's build to
# the next (mkdocs-static-i18n runs a whole build per language, on_pre_build included: clearing
# it there made every English page be checked again) and only emptied when it grows large under
# `mkdocs serve`.
_finished = set()
FINISHED_MAX = 50_000


def finish(output, where):
    output = add_policy(output, where)
    if len(_finished) >= FINISHED_MAX:
        _finished.clear()
    _finished.add(hashlib.sha256(output.encode("utf-8")).digest())
    return output


def on_post_page(output, page, config, **kwargs):
    return finish(output, page.file.src_uri)


def on_post_template(output, template_name, config, **kwargs):
    return finish(output, template_name) if template_name.endswith(".html") else output


def on_post_build(config, **kwargs):
    site = Path(config["site_dir"])
    problems = []
    for path in sorted(site.rglob("*.html")):
        where = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8")
        if hashlib.sha256(text.encode("utf-8")).digest() in _finished:
            continue
        if not META.search(text) and CHARSET in text:
            # Written after the pages (e.g. a redirect page): give it its policy now.
            path.write_text(add_policy(text, where), encoding="utf-8")
            continue
        problems += check(text, where)
    if problems:
        raise PluginError("Content-Security-Policy check of the built site failed:\n  " + "\n  ".join(problems))
