"""Public URLs never break: every urls.yml entry resolves in the built site, none is ever removed,
and a moved page leaves a redirect at its old URL."""

import html as html_lib
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from helpers import FIXTURES, ROOT, mkdocs_build, page_path, variant_project
from sitecheck import parse

from macros.clinic import load_manifest

MANIFEST = ROOT / "urls.yml"
LOCK = FIXTURES / "published-urls.txt"
MANIFESTS = FIXTURES / "manifests"
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)"')
TAG = re.compile(r"<[^>]+>")


def manifest_problems(site, links):
    """(url, reason) for every manifest link that does not resolve in the built `site`."""
    problems = []
    for link in links:
        path = page_path(site, link.path)
        if not path.is_file():
            problems.append((link.url, f"no page: {path.relative_to(site)} is missing"))
        elif link.redirect_to:
            target = redirect_target(path, link.path)
            if target != link.redirect_to:
                problems.append((link.url, f"redirects to {target!r}, not to {link.redirect_to!r}"))
        elif link.anchor and link.anchor not in parse(path).ids:
            problems.append((link.url, f"no anchor: {link.path} has no id {link.anchor!r}"))
    return problems


def redirect_target(path, old_url):
    """The site-relative URL a mkdocs-redirects page sends readers to, or None if it is not one."""
    match = REFRESH.search(path.read_text(encoding="utf-8"))
    if not match:
        return None
    return urlsplit(urljoin("http://site" + old_url, html_lib.unescape(match.group(1)))).path


def heading_text(html, anchor):
    """Plain text of the heading with id `anchor` (tags and the permalink mark removed)."""
    match = re.search(rf'<(h[1-6]) id="{re.escape(anchor)}"[^>]*>(.*?)</\1>', html, re.S)
    return html_lib.unescape(TAG.sub("", match.group(2))).replace("¶", "").strip() if match else None


def locked_urls(path=LOCK):
    """The URLs of the append-only lock list (comments and blank lines skipped)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def missing_from_manifest(locked, links):
    """Locked URLs that the manifest no longer lists."""
    listed = {link.url for link in links}
    return [url for url in locked if url not in listed]


# The real manifest and the real site


def test_every_manifest_url_resolves_in_the_built_site(site):
    assert manifest_problems(site, load_manifest(MANIFEST)) == []


def test_no_published_url_is_ever_removed_from_the_manifest():
    assert missing_from_manifest(locked_urls(), load_manifest(MANIFEST)) == []


def test_every_manifest_url_is_in_the_lock_list():
    """A new URL is published once it is in urls.yml: add it to the lock list in the same change."""
    locked = set(locked_urls())
    assert [link.url for link in load_manifest(MANIFEST) if link.url not in locked] == []


def test_lock_list_has_the_design_contract_and_the_clinic_sections():
    required = [
        "/",
        "/what-to-expect/",
        "/titration/",
        "/side-effects/",
        "/sweating/",
        "/safety/",
        "/next-steps/",
        "/evidence/",
        "/symptom-diary/",
        "/references/",
        "/about/",
        "/for-clinics/",
        "/titration/#schedules",
        "/titration/#liquid-ldn",
        "/titration/#missed-dose",
        "/sweating/#other-causes",
        "/safety/#opioids",
        "/safety/#get-help-now",
        "/next-steps/#questions-to-ask",
    ]
    assert [url for url in required if url not in locked_urls()] == []


@pytest.mark.parametrize("link", [link for link in load_manifest(MANIFEST) if link.anchor], ids=lambda link: link.url)
def test_section_title_is_the_heading_on_the_page(site, link):
    html = page_path(site, link.path).read_text(encoding="utf-8")
    assert heading_text(html, link.anchor) == link.title


def test_every_redirect_in_mkdocs_yml_keeps_its_old_url_in_the_manifest():
    """A redirect without a manifest entry is a moved page whose old URL could be forgotten."""
    maps = _plugin_config(ROOT / "mkdocs.yml", "redirects").get("redirect_maps") or {}
    moved = {link.path for link in load_manifest(MANIFEST) if link.redirect_to}
    old_urls = {"/" + re.sub(r"(index)?\.md$", "", old).removesuffix("/") + "/" for old in maps}
    assert sorted(url.replace("//", "/") for url in old_urls - moved) == []


# Negative twins: bad manifests are reported, each naming the URL and the reason


def test_a_manifest_with_a_bad_anchor_is_reported_by_name(site):
    links = load_manifest(MANIFESTS / "bad-anchor.yml")
    assert manifest_problems(site, links) == [
        ("/titration/#no-such-section", "no anchor: /titration/ has no id 'no-such-section'"),
    ]


def test_a_manifest_with_a_missing_page_is_reported_by_name(site):
    links = load_manifest(MANIFESTS / "missing-page.yml")
    assert manifest_problems(site, links) == [("/no-such-page/", "no page: no-such-page/index.html is missing")]


def test_a_url_dropped_from_the_manifest_is_reported(tmp_path):
    lock = tmp_path / "published-urls.txt"
    lock.write_text("# lock\n/\n/safety/\n/safety/#opioids\n", encoding="utf-8")
    links = load_manifest(MANIFESTS / "bad-anchor.yml")
    assert missing_from_manifest(locked_urls(lock), links) == ["/", "/safety/", "/safety/#opioids"]


def test_a_bad_anchor_in_urls_yml_fails_the_strict_build(tmp_path):
    """/for-clinics/ links to every manifest entry, so MkDocs itself checks each anchor."""
    config = variant_project(tmp_path, _clinic_pages(), drop_nav=True)
    (tmp_path / "urls.yml").write_text((MANIFESTS / "bad-anchor.yml").read_text(encoding="utf-8"), encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "titration.md#no-such-section" in result.stderr
    assert "does not contain an anchor '#no-such-section'" in result.stderr


# Moved pages: a redirect at the old URL, and the old URL stays in the manifest


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory):
    """A tiny site where /old-page/ moved to /new-page/, with the real plugins and a redirect."""
    tmp_path = tmp_path_factory.mktemp("moved")
    # An English-only site: the tiny pages have no translations.
    plugins = [p for p in _plugin_list(ROOT / "mkdocs.yml") if not (isinstance(p, dict) and "i18n" in p)]
    for plugin in plugins:
        if isinstance(plugin, dict) and "redirects" in plugin:
            plugin["redirects"] = {"redirect_maps": {"old-page.md": "new-page.md"}}
    pages = {"index.md": "# Home\n", "new-page.md": "# New page\n\n## A section { #a-section }\n\nText.\n"}
    config = variant_project(tmp_path, pages, plugins=plugins)
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return tmp_path / "site"


def test_a_moved_page_redirects_to_its_new_url(moved_site):
    links = load_manifest(MANIFESTS / "moved.yml")
    assert [link.url for link in links if link.redirect_to] == ["/old-page/"]
    assert manifest_problems(moved_site, links) == []


def test_a_redirect_to_the_wrong_page_is_reported(moved_site):
    links = load_manifest(MANIFESTS / "moved-wrong-target.yml")
    assert manifest_problems(moved_site, links) == [("/old-page/", "redirects to '/new-page/', not to '/'")]


def test_a_moved_page_without_a_redirect_is_reported(site):
    links = load_manifest(MANIFESTS / "moved-no-redirect.yml")
    assert manifest_problems(site, links) == [("/gone-page/", "no page: gone-page/index.html is missing")]


def _clinic_pages():
    """A stub titration page with one section, and a page that lists the manifest."""
    return {
        "titration.md": "# Starting and raising the dose\n\n## Example schedules { #schedules }\n\nText.\n",
        "for-clinics.md": "# For clinics\n\n{{ clinic_links() }}\n",
    }


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !ENV tags need MkDocs; their values do not matter here."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def _plugin_list(config):
    return yaml.load(Path(config).read_text(encoding="utf-8"), Loader=_IgnoreTags)["plugins"]


def _plugin_config(config, name):
    for plugin in _plugin_list(config):
        if isinstance(plugin, dict) and name in plugin:
            return plugin[name] or {}
    return {}
