"""MkDocs hook: the page HTML Material writes, made valid, escaped and safe to link out from.

1. Titles and descriptions are text. Material's templates print `page.title`,
   `page.meta.title`, `page.meta.description` and nav titles without escaping them, so a
   front-matter title with `<`, `>` or `"` would add elements or break an attribute. Each is
   turned into escaped markup (markupsafe.Markup) once, before any template runs: templates
   that print it raw print escaped text, and `| e` or `| striptags` on it stay correct.
2. Valid HTML (W3C Nu checker, tests/built/test_html_valid.py). Material's base.html writes two
   hidden checkboxes outside any template block: the drawer toggle and a search toggle, both
   with `autocomplete="off"`, which is not allowed on a checkbox. This site has no search, so
   its toggle goes; the drawer keeps its toggle without the attribute (site.js unchecks a
   drawer state the browser restores). The markup is matched exactly: if Material changes it,
   the build stops and says what to look at.
3. Tables of text scroll sideways inside Material's wrapper, written here at build time (Material's
   bundle added it in the browser; this site does not load the bundle).
4. Every link to another site gets rel="noopener noreferrer": the site it leads to learns
   nothing of the page the reader came from, and cannot reach back into it.
5. Material's files that no page loads are not copied into the site: its script bundle
   (overrides/assets/javascripts/site.js replaces it), the search index code (no search plugin) and
   source maps. Fewer files to copy and to publish.
6. The stylesheets linked in each page's <head> (Material's, trimmed by hooks/theme_css.py, and
   mkdocs.yml extra_css, minified by hooks/minify.py) are put inside the page, in
   <style data-critical> elements that hooks/csp.py allows by their hash. The first screen then
   draws as soon as the page arrives, without waiting for a second round trip (on a slow phone
   connection that saved about 0.35 s of first paint; bench/README.md). The files stay in the
   site. A stylesheet with a relative url() is left as a link (its URLs would change meaning).
"""

import fnmatch
import html
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Link, Section

# Material 9.8.2 base.html, outside any block: (exact markup, what it becomes).
TOGGLES = (
    (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">',
    ),
    ('\n    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">', ""),
)
TABLE_OPEN = re.compile(r"<table\b[^>]*>", re.I)
TABLE_CLOSE = re.compile(r"</table\s*>", re.I)
HAS_CLASS = re.compile(r"""\sclass\s*=""", re.I)
# An <a> start tag, its attribute values quoted or not (a quoted value may hold ">").
ANCHOR = re.compile(r"""<a\s(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I)
HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
REL = re.compile(r"""\srel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
EXTERNAL_REL = ("noopener", "noreferrer")
STYLESHEET = re.compile(r"""<link rel="stylesheet" href="([^"]+)"\s*/?>""")
RELATIVE_URL = re.compile(r"""url\(\s*['"]?(?!['"\s]|data:|https?:|/|#)""", re.I)
# Theme files no page of this site loads (paths inside Material's templates folder).
UNLOADED_THEME_FILES = ("assets/javascripts/bundle.*.min.js", "*.map")
SEARCH_THEME_FILES = ("assets/javascripts/lunr/*", "assets/javascripts/workers/*")


# --- 1. Titles and descriptions as text ------------------------------------------------------


def as_text(value, is_html=False):
    """Escaped markup for a title or description; None stays None.

    `is_html`: the value is already HTML text (MkDocs takes a title from the page's first
    heading with its entities, like `A &amp; B`), so it is unescaped first, never escaped twice.
    """
    if value is None or isinstance(value, Markup):
        return value
    text = str(value)
    return escape(html.unescape(text) if is_html else text)


HEADERLINK_TITLE = re.compile(r'(<a class="headerlink" href="#[^"]*" title=")([^"]*)(")')


def localize_permalinks(content, title):
    """Give every section's permalink the page language's title (toc's permalink_title is one string)."""
    return HEADERLINK_TITLE.sub(lambda m: m.group(1) + str(escape(title)) + m.group(3), content) if title else content


def on_page_content(content, page, config, files, **kwargs):
    """After the Markdown is rendered (the title is known) and before any template runs."""
    meta = page.meta
    content = localize_permalinks(content, ((meta.get("guide") or {}).get("ui") or {}).get("permalink_title"))
    for key in ("title", "description", "author"):
        if isinstance(meta.get(key), str):
            meta[key] = as_text(meta[key])
    # page.title is the nav title, else meta title, else the first heading (HTML text).
    from_heading = "title" not in page.__dict__ and "title" not in meta
    page.title = as_text(page.title, is_html=from_heading)
    return content


def on_nav(nav, config, files, **kwargs):
    """Section and link titles come from mkdocs.yml as text."""

    def walk(items):
        for item in items:
            if isinstance(item, (Section, Link)):
                item.title = as_text(item.title)
            if isinstance(item, Section):
                walk(item.children)

    walk(nav.items)
    return nav


# --- 5. Theme files no page loads -------------------------------------------------------------


def on_files(files, config, **kwargs):
    patterns = UNLOADED_THEME_FILES
    if not any(name.split("/")[-1] == "search" for name in config["plugins"]):
        patterns += SEARCH_THEME_FILES
    theme_dirs = {os.path.abspath(folder) for folder in config["theme"].dirs}
    for file in list(files):
        from_theme = file.src_dir is not None and os.path.abspath(file.src_dir) in theme_dirs
        if from_theme and any(fnmatch.fnmatch(file.src_uri, pattern) for pattern in patterns):
            files.remove(file)
    return files


# --- 2. Valid toggles -------------------------------------------------------------------------


def fix_toggles(output, where):
    for old, new in TOGGLES:
        count = output.count(old)
        if count != 1:
            raise PluginError(
                f"{where}: hooks/html.py expected Material's markup {old.strip()!r} once, found it {count} times. "
                "Material's base.html changed: update TOGGLES in hooks/html.py "
                "(and check the page with the Nu HTML checker)."
            )
        output = output.replace(old, new)
    return output


# --- 3. Tables --------------------------------------------------------------------------------


def wrap_tables(output):
    """Wrap each <table> without a class as Material's bundle did (tables with a class are left alone)."""
    out, position = [], 0
    for start in TABLE_OPEN.finditer(output):
        if start.start() < position or HAS_CLASS.search(start.group(0)):
            continue
        end = TABLE_CLOSE.search(output, start.end())
        if not end or TABLE_OPEN.search(output, start.end(), end.start()):
            continue  # nested or unclosed: leave it as it is
        out += [
            output[position : start.start()],
            '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">',
            output[start.start() : end.end()],
            "</div></div>",
        ]
        position = end.end()
    out.append(output[position:])
    return "".join(out)


# --- 4. Links to other sites ------------------------------------------------------------------


def is_external(href, own_host):
    parts = urlsplit(html.unescape(href.strip()))
    return parts.scheme in ("http", "https", "") and bool(parts.netloc) and parts.netloc != own_host


def protect_links(output, own_host):
    """Add rel="noopener noreferrer" to every <a> that leads to another host (keeping other rel words)."""

    def fix(match):
        tag = match.group(0)
        if "//" not in tag and "&" not in tag:
            return tag  # no host in it, even escaped: a link within the site (most of them)
        href = HREF.search(tag)
        if not href or not is_external(next(v for v in href.groups() if v is not None), own_host):
            return tag
        rel = REL.search(tag)
        if not rel:
            return tag[:-1].rstrip("/").rstrip() + ' rel="noopener noreferrer">'
        words = next(v for v in rel.groups() if v is not None).split()
        words += [word for word in EXTERNAL_REL if word not in words]
        return tag[: rel.start()] + f' rel="{" ".join(words)}"' + tag[rel.end() :]

    return ANCHOR.sub(fix, output)


# --- 6. Stylesheets inside the page -----------------------------------------------------------


_stylesheets = {}  # path -> its <style> element, or None to keep the link; read once a build


def style_element(path):
    """The stylesheet at `path` as a <style data-critical> element, or None if it must stay a link."""
    try:
        css = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None  # not in the site: the link stays (and the browser reports it)
    if RELATIVE_URL.search(css) or "</style" in css.lower():
        return None
    return f"<style data-critical>{css}</style>"


def on_pre_build(config, **kwargs):
    _stylesheets.clear()


def inline_stylesheets(output, page_dir, site_dir, site_path="/"):
    """Replace each <link rel="stylesheet"> of the <head> that names a local file with its text.

    `page_dir`: the page's folder inside the site ('' for the home page, 'safety/'); an href
    starting with '/' is taken from the site's own path (`site_path`, '/' or '/guide/').
    """
    head_end = output.find("</head>")
    if head_end < 0:
        return output
    site_dir = Path(site_dir)

    def inline(match):
        href = html.unescape(match.group(1))
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or parts.query:
            return match.group(0)
        if parts.path.startswith("/"):
            if not parts.path.startswith(site_path):
                return match.group(0)
            path = site_dir / parts.path[len(site_path) :]
        else:
            path = site_dir / page_dir / parts.path
        path = Path(os.path.normpath(path))
        if path not in _stylesheets:
            _stylesheets[path] = style_element(path)
        return _stylesheets[path] or match.group(0)

    return STYLESHEET.sub(inline, output[:head_end]) + output[head_end:]


def site_host(config):
    return urlsplit(config.get("site_url") or "").netloc


def site_path(config):
    return urlsplit(config.get("site_url") or "").path or "/"


def on_post_page(output, page, config, **kwargs):
    output = fix_toggles(output, page.file.src_uri)
    output = protect_links(wrap_tables(output), site_host(config))
    return inline_stylesheets(output, posixpath.dirname(page.file.dest_uri), config["site_dir"], site_path(config))


def on_post_template(output, template_name, config, **kwargs):
    """Pages made from a theme template alone (404.html) get the same treatment."""
    if not template_name.endswith(".html"):
        return output
    output = protect_links(fix_toggles(output, template_name), site_host(config))
    return inline_stylesheets(output, posixpath.dirname(template_name), config["site_dir"], site_path(config))
