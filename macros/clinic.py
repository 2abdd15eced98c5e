"""The public URL manifest (urls.yml): load and validate it; render the /for-clinics/ list."""
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

import yaml
from markupsafe import escape

from . import qr

GROUPS = ("pages", "sections")  # their headings are interface strings: clinic_group_pages...
REQUIRED = ("url", "title", "note")
ALLOWED = set(REQUIRED) | {"redirect_to"}
# Lower-case kebab-case paths and anchors only: safe in Markdown, HTML and a pasted note.
PAGE_URL = re.compile(r"^/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)*$")
SECTION_URL = re.compile(r"^(/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)*)#([a-z0-9]+(?:-[a-z0-9]+)*)$")
# Characters that Markdown or attr_list would read as markup in a heading (HTML's are escaped apart).
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#!|])")

class ManifestError(ValueError):
    """urls.yml is malformed: names the file, the entry and the reason."""


@dataclass(frozen=True)
class Link:
    """One public URL: a page or a section of a page."""

    url: str
    title: str
    note: str
    group: str
    redirect_to: str | None = None

    @property
    def path(self):
        """The page part of the URL ('/titration/' for '/titration/#schedules')."""
        return self.url.split("#", 1)[0]

    @property
    def anchor(self):
        """The section id, or None for a whole page."""
        return self.url.split("#", 1)[1] if "#" in self.url else None


def load_manifest(path):
    """Read and validate urls.yml; return its links, pages first, in file order."""
    try:
        data = yaml.safe_load(open(path, encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ManifestError(f"{path}: cannot read the manifest: {error}") from error
    if not isinstance(data, dict) or set(data) - set(GROUPS):
        raise ManifestError(f"{path}: the top level must hold only {', '.join(GROUPS)}")
    links = [_link(path, group, entry) for group in GROUPS for entry in data.get(group) or []]
    _check_links(path, links)
    return links


def _link(path, group, entry):
    if not isinstance(entry, dict):
        raise ManifestError(f"{path}: {group}: each entry must be a mapping, got {entry!r}")
    where = f"{path}: {group}: {entry.get('url', entry)!r}"
    unknown = set(entry) - ALLOWED
    if unknown:
        raise ManifestError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for field in REQUIRED:
        value = entry.get(field)
        if not isinstance(value, str) or not value.strip() or "\n" in value:
            raise ManifestError(f"{where}: '{field}' must be one line of text")
    pattern = PAGE_URL if group == "pages" else SECTION_URL
    if not pattern.match(entry["url"]):
        shape = "/page/ (kebab-case, ending in /)" if group == "pages" else "/page/#anchor"
        raise ManifestError(f"{where}: 'url' must look like {shape}")
    return Link(group=group, **entry)


def _check_links(path, links):
    seen, urls = set(), {link.url for link in links}
    for link in links:
        if link.url in seen:
            raise ManifestError(f"{path}: {link.url!r} is listed twice")
        seen.add(link.url)
        target = link.redirect_to
        if target is None:
            continue
        if link.group != "pages":
            raise ManifestError(f"{path}: {link.url!r}: only a page can have 'redirect_to' (move its page instead)")
        if target not in urls or next(other for other in links if other.url == target).redirect_to:
            raise ManifestError(f"{path}: {link.url!r}: 'redirect_to' {target!r} must be a page in the manifest that has not moved")


def source_for(url_path, sources):
    """The docs file (e.g. 'titration.md') that builds a page URL, from the set of docs files."""
    rel = url_path.strip("/")
    candidates = [f"{rel}.md", f"{rel}/index.md"] if rel else ["index.md"]
    for candidate in candidates:
        if candidate in sources:
            return candidate
    raise ManifestError(f"urls.yml: {url_path!r} has no page in docs/ (looked for {' or '.join(candidates)})")


def markdown_text(text):
    """Escape data for a Markdown heading: Markdown's markup characters, then HTML's."""
    # In this order, so the '#' of an entity such as &#39; is not backslash-escaped.
    return str(escape(MARKDOWN_SPECIAL.sub(r"\\\1", text)))


def heading_id(url):
    """A stable id on /for-clinics/ for one manifest URL: 'link-titration-liquid-ldn'."""
    words = re.split(r"[/#]+", url.strip("/#"))
    return "link-" + ("-".join(w for w in words if w) or "home")


def clinic_links(links, site_url, sources, here, renderer, locale):
    """Markdown for /for-clinics/: per live URL a linked heading, copyable address and note, a QR code.

    Each heading links to the docs file (relative to `here`), so `mkdocs build --strict`
    checks every manifest page and anchor. Moved URLs (with redirect_to) are not listed.
    """
    titles = {link.url: link.title for link in links}
    out = []
    for group in GROUPS:
        out.append(f"## {markdown_text(locale['clinic_group_' + group])}\n")
        for link in (link for link in links if link.group == group and not link.redirect_to):
            out.append(_entry(link, titles, site_url, sources, here, renderer, locale))
    return "\n".join(out)


def _entry(link, titles, site_url, sources, here, renderer, locale):
    target = str(PurePosixPath(source_for(link.path, sources)))
    relative = _relative(target, here) + (f"#{link.anchor}" if link.anchor else "")
    title = link.title if link.group == "pages" else f"{link.title} ({titles.get(link.path, link.path)})"
    full = qr.absolute_url(site_url, link.url)
    code = qr.qr_svg(full, scale=3, label=locale["qr_label"].format(url=full))
    block = renderer.render("clinic-entry.html", url=full, note=link.note, qr=code, t=locale)
    return f"### [{markdown_text(title)}]({relative}) {{ #{heading_id(link.url)} }}\n\n{block}\n"


def _relative(target, here):
    """A docs-relative link from the page `here` to the docs file `target`."""
    up = len(PurePosixPath(here).parent.parts)
    return "../" * up + target


def docs_sources(docs_dir):
    """Every Markdown file under docs_dir, as docs-relative POSIX paths ('handouts/dose-plan.md')."""
    return {path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md")}


def public_url(links, site_url, url):
    """The full address of a manifest URL as a Markdown code span, for paper; unknown or moved URLs raise.

    A code span keeps the glossary's <abbr> tags out of the address; manifest URLs hold no backticks.
    """
    live = {link.url for link in links if not link.redirect_to}
    if url not in live:
        raise ManifestError(f"urls.yml: {url!r} is not a live URL in the manifest; add it there first")
    return f"`{qr.absolute_url(site_url, url)}`"
