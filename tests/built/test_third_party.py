"""No built page loads anything from another host: no CDN, font service, analytics or embed."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from helpers import TEST_SITE_URL, fixture_pages, mkdocs_build, variant_project

LOADING_LINK_RELS = {
    "stylesheet",
    "preconnect",
    "preload",
    "modulepreload",
    "prefetch",
    "dns-prefetch",
    "icon",
    "apple-touch-icon",
    "manifest",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""", re.I)


def is_foreign(url, own_host):
    """True for an absolute or protocol-relative URL on a host other than ours."""
    parts = urlsplit(url.strip())
    if parts.scheme in ("data", "blob", ""):
        return bool(parts.netloc) and parts.netloc != own_host
    return parts.scheme in ("http", "https") and parts.netloc != own_host


class LoadedUrls(HTMLParser):
    """Collects the URLs a page makes the browser fetch (not links a reader clicks)."""

    def __init__(self):
        super().__init__()
        self.urls = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed", "track"):
            self.urls += [attrs[a] for a in ("src", "data") if attrs.get(a)]
            self.urls += [c.split()[0] for c in (attrs.get("srcset") or "").split(",") if c.strip()]
        if tag == "object" and attrs.get("data"):
            self.urls.append(attrs["data"])
        if tag == "link" and LOADING_LINK_RELS & set((attrs.get("rel") or "").lower().split()):
            self.urls.append(attrs.get("href") or "")
        if attrs.get("style"):
            self.urls += css_urls(attrs["style"])
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.urls += css_urls(data)

    def handle_endtag(self, tag):
        self._in_style = False


def css_urls(css):
    """URLs loaded by CSS: url(...) and @import."""
    return CSS_URL.findall(css) + CSS_IMPORT.findall(css)


def foreign_loads(site, own_host):
    """(file, url) for every resource a built page or stylesheet would fetch from another host."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            parser = LoadedUrls()
            parser.feed(path.read_text(encoding="utf-8"))
            urls = parser.urls
        elif path.suffix == ".css":
            urls = css_urls(path.read_text(encoding="utf-8"))
        else:
            continue
        found += [(str(path.relative_to(site)), url) for url in urls if is_foreign(url, own_host)]
    return found


def test_built_site_loads_nothing_from_another_host(site):
    assert foreign_loads(site, urlsplit(TEST_SITE_URL).netloc) == []


def test_a_page_with_a_cdn_script_is_caught(tmp_path):
    result = mkdocs_build(variant_project(tmp_path, fixture_pages("third-party-script")), tmp_path / "site")
    assert result.returncode == 0, result.stderr
    found = foreign_loads(tmp_path / "site", urlsplit(TEST_SITE_URL).netloc)
    assert found == [("index.html", "https://cdn.example.com/tracker.js")]


def test_css_imports_and_fonts_from_elsewhere_are_caught(tmp_path):
    (tmp_path / "a.css").write_text('@import "https://fonts.example.net/x.css";\nbody{background:url(/img/ok.png)}\n')
    (tmp_path / "b.html").write_text(
        '<link rel="preconnect" href="https://fonts.example.net"><a href="https://pubmed.example.org/">ok</a>'
    )
    assert foreign_loads(tmp_path, "127.0.0.1:8000") == [
        ("a.css", "https://fonts.example.net/x.css"),
        ("b.html", "https://fonts.example.net"),
    ]
