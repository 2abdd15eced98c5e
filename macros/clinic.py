"""The public URL manifest (urls.yml): load and validate it; render the /for-clinics/ list."""

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from markupsafe import escape

from . import qr, yamlfile

GROUPS = ("pages", "sections")  # their headings are interface strings: clinic_group_pages...
REQUIRED = ("url", "title", "note")
ALLOWED = set(REQUIRED) | {"redirect_to"}
# A translation of an entry sits under its language code: es: {url: /es/titration/, title, note}.
LANGUAGE_KEY = re.compile(r"^[a-z]{2}$")
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
    lang: str = ""  # "" for the site's first language; a code such as "es" for a translation
    source_url: str = ""  # for a translation: the URL of the entry it translates

    @property
    def path(self):
        """The page part of the URL ('/titration/' for '/titration/#schedules')."""
        return self.url.split("#", 1)[0]

    @property
    def anchor(self):
        """The section id, or None for a whole page."""
        return self.url.split("#", 1)[1] if "#" in self.url else None


def load_manifest(path, translations=None):
    """Read and validate urls.yml; return its links (each translation as a link of its own), pages first.

    `translations`: the languages other than the first that every entry must have (the site's);
    None accepts whatever the file gives.
    """
    data = yamlfile.load(Path(path), ManifestError)
    if not isinstance(data, dict) or set(data) - set(GROUPS):
        raise ManifestError(f"{path}: the top level must hold only {', '.join(GROUPS)}")
    links = []
    for group in GROUPS:
        for entry in data.get(group) or []:
            link = _link(path, group, entry)
            links.append(link)
            links.extend(_translations(path, group, entry, link, translations))
    _check_links(path, links)
    return links


def _translations(path, group, entry, link, required):
    """The entry's translations, each a Link at /<lang>/ + the same path and anchor."""
    languages = sorted(key for key in entry if LANGUAGE_KEY.match(key))
    missing = sorted(set(required or ()) - set(languages))
    if missing:
        raise ManifestError(
            f"{path}: {group}: {link.url!r}: no {', '.join(missing)} version (add "
            f"{missing[0]}: {{url: /{missing[0]}{link.url}, title: ..., note: ...}})"
        )
    twins = []
    for language in languages:
        twin = entry[language]
        where = f"{path}: {group}: {link.url!r}: {language}"
        if not isinstance(twin, dict) or set(twin) != set(REQUIRED):
            raise ManifestError(f"{where}: must give exactly {', '.join(REQUIRED)}")
        _check_text(twin, where)
        if twin["url"] != f"/{language}{link.url}":
            raise ManifestError(f"{where}: 'url' must be /{language}{link.url} (the same path and anchor)")
        redirect = f"/{language}{link.redirect_to}" if link.redirect_to else None
        twins.append(
            Link(
                url=twin["url"],
                title=twin["title"],
                note=twin["note"],
                group=group,
                redirect_to=redirect,
                lang=language,
                source_url=link.url,
            )
        )
    return twins


def _check_text(entry, where):
    for field in REQUIRED:
        value = entry.get(field)
        if not isinstance(value, str) or not value.strip() or "\n" in value:
            raise ManifestError(f"{where}: '{field}' must be one line of text")


def _link(path, group, entry):
    if not isinstance(entry, dict):
        raise ManifestError(f"{path}: {group}: each entry must be a mapping, got {entry!r}")
    where = f"{path}: {group}: {entry.get('url', entry)!r}"
    unknown = {key for key in entry if key not in ALLOWED and not LANGUAGE_KEY.match(str(key))}
    if unknown:
        raise ManifestError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    _check_text(entry, where)
    pattern = PAGE_URL if group == "pages" else SECTION_URL
    if not pattern.match(entry["url"]):
        shape = "/page/ (kebab-case, ending in /)" if group == "pages" else "/page/#anchor"
        raise ManifestError(f"{where}: 'url' must look like {shape}")
    return Link(group=group, **{key: value for key, value in entry.items() if key in ALLOWED})


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
            raise ManifestError(
                f"{path}: {link.url!r}: 'redirect_to' {target!r} must be a page in the manifest that has not moved"
            )


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
    """A stable id on /for-clinics/ for one manifest URL: 'link-titration-schedules'."""
    words = re.split(r"[/#]+", url.strip("/#"))
    return "link-" + ("-".join(w for w in words if w) or "home")


def clinic_links(links, site_url, sources, here, renderer, locales, language, languages):
    """Markdown for the clinics page: per live URL a linked heading, then for each language its address,
    a line to paste into a note and a QR code (the page's own language first).

    Each heading links to the docs file (relative to `here`), so `mkdocs build --strict` checks every
    manifest page and anchor. Moved URLs (with redirect_to) are not listed.
    """
    locale, first = locales[language], languages[0]
    versions = {}  # source URL -> {language: Link}
    for link in links:
        versions.setdefault(link.source_url or link.url, {})[link.lang or first] = link
    order = [language] + [lang for lang in languages if lang != language]
    out = []
    for group in GROUPS:
        out.append(f"## {markdown_text(locale['clinic_group_' + group])}\n")
        for source in (link for link in links if link.group == group and not link.lang and not link.redirect_to):
            shown = [(lang, versions[source.url][lang]) for lang in order if lang in versions[source.url]]
            title = _title(source, versions, language)
            out.append(_entry(source, title, shown, site_url, sources, here, renderer, locales, language))
    return "\n".join(out)


def _title(source, versions, language):
    """The heading of an entry in the page's language; a section also names its page."""
    own = versions[source.url].get(language, source)
    if source.group == "pages":
        return own.title
    page = versions.get(source.path, {})
    return f"{own.title} ({page.get(language, page.get(next(iter(page), ''), source)).title})"


def _entry(source, title, shown, site_url, sources, here, renderer, locales, language):
    target = str(PurePosixPath(source_for(source.path, sources)))
    relative = _relative(target, here) + (f"#{source.anchor}" if source.anchor else "")
    blocks = []
    for lang, link in shown:
        full = qr.absolute_url(site_url, link.url)
        code = qr.qr_svg(full, scale=3, label=locales[language]["qr_label"].format(url=full))
        blocks.append(
            {"lang": lang, "language": locales[lang]["language_name"], "url": full, "note": link.note, "qr": code}
        )
    block = renderer.block("clinic-entry.html", versions=blocks, many=len(blocks) > 1, t=locales[language])
    return f"### [{markdown_text(title)}]({relative}) {{ #{heading_id(source.url)} }}\n\n{block}\n"


def _relative(target, here):
    """A docs-relative link from the page `here` to the docs file `target`."""
    up = len(PurePosixPath(here).parent.parts)
    return "../" * up + target


def public_url(links, site_url, url):
    """The full address of a manifest URL as a Markdown code span, for paper; unknown or moved URLs raise.

    A code span keeps the glossary's <abbr> tags out of the address; manifest URLs hold no backticks.
    """
    live = {link.url for link in links if not link.redirect_to}
    if url not in live:
        raise ManifestError(f"urls.yml: {url!r} is not a live URL in the manifest; add it there first")
    return f"`{qr.absolute_url(site_url, url)}`"
