"""A precise offline check of every internal link and #anchor in a built site folder.

linkinator (run beside it) checks that pages exist, but it validates a fragment only if it
meets the link before it fetches the target page, so a link to a missing anchor on a page
it has already crawled passes. This check reads every page once and misses none.
"""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}


class PageLinks(HTMLParser):
    """Collects the ids on a page and the URLs it links to."""

    def __init__(self):
        super().__init__()
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key) and (key == "id" or tag == "a"):
                self.ids.add(attrs[key])
        url = attrs.get(LINK_ATTRS.get(tag, ""))
        if url:
            self.links.append(url)


def parse(path):
    parser = PageLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def target_file(site, page, url_path):
    """The file a relative or root-relative link points to, or None if there is none."""
    base = site if url_path.startswith("/") else page.parent
    target = (base / unquote(url_path.lstrip("/"))).resolve()
    if target.is_dir() or url_path.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() and site.resolve() in target.parents else None


def broken_links(site):
    """(page, link, reason) for every internal link or anchor in `site` that does not resolve."""
    site = Path(site)
    pages = {path.resolve(): parse(path) for path in site.rglob("*.html")}
    broken = []
    for page, parsed in sorted(pages.items()):
        for url in parsed.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue  # another site, or mailto:/tel:/data: - not ours to check offline
            target = target_file(site, page, parts.path) if parts.path else page
            where = str(page.relative_to(site.resolve()))
            if target is None:
                broken.append((where, url, "no such file"))
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append((where, url, "no such anchor"))
    return broken
