"""Shared helpers for the site and browser tests (and bench/run.py): building, serving and reading sites."""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
# Tests pass "today" in, so the review-date check does not depend on the calendar.
TEST_TODAY = "2026-11-25"
# Not a local address: a strict build refuses one (its QR codes would lead nowhere).
TEST_SITE_URL = "https://guide.example.org/"
# Browser tests: Debian's Chromium (Playwright cannot download one here) and the two widths.
# Two builds of one Chromium (Debian's `chromium` source package, the same version):
# - CHROMIUM, the full browser: axe runs in it (tests/browser/test_a11y.py), and the bench
#   measures first paint in it;
# - HEADLESS_SHELL (package chromium-headless-shell), the build Playwright itself runs for
#   headless tests: the same Blink and V8 without the browser's own interface and profile
#   services, so a fresh context (own storage) costs a fifth of the CPU. Every other browser
#   test uses it; test_headless_shell.py checks that both lay out every page the same.
CHROMIUM = Path("/usr/bin/chromium")
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The content pages (URL -> source file): each has Key points, citations and review dates.
CONTENT_PAGES = {
    "/": "index.md",
    "/what-to-expect/": "what-to-expect.md",
    "/titration/": "titration.md",
    "/side-effects/": "side-effects.md",
    "/sweating/": "sweating.md",
    "/safety/": "safety.md",
    "/next-steps/": "next-steps.md",
    "/evidence/": "evidence.md",
    "/symptom-diary/": "symptom-diary.md",
    "/about/": "about.md",
}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def engine_renderer():
    """The real macro templates (overrides/macros), for unit tests of the rendering functions."""
    from macros.templates import Renderer

    return Renderer(ROOT / "overrides" / "macros")


def engine_locales(languages=("en", "es")):
    """The real interface strings of each language (overrides/locales)."""
    from macros.i18n import load_locales

    return load_locales(ROOT / "overrides" / "locales", list(languages))


def build_env(**extra):
    """Environment for a build: fixed date and site URL, quiet banners."""
    env = dict(os.environ)
    env.update(
        GUIDE_TODAY=TEST_TODAY,
        SITE_URL=TEST_SITE_URL,
        NO_MKDOCS_2_WARNING="1",
        DISABLE_MKDOCS_2_WARNING="true",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


def mkdocs_build(config, site_dir, strict=True, **env):
    """Run `mkdocs build --strict` in a fresh process (macros is imported once per process)."""
    mode = ["--strict"] if strict else ["--no-strict"]
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *mode, "--config-file", str(config), "--site-dir", str(site_dir)],
        capture_output=True,
        text=True,
        env=build_env(**env),
        cwd=Path(config).parent,
    )


def site_pages(site, with_404=True):
    """Site-relative URLs of every built page: each index.html, and the 404 page unless with_404=False."""
    site = Path(site)
    urls = sorted("/" + p.parent.relative_to(site).as_posix().strip(".") + "/" for p in site.rglob("index.html"))
    urls = [url.replace("//", "/") for url in urls]
    return urls + (["/404.html"] if with_404 and (site / "404.html").exists() else [])


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    """Serve `folder` on a free localhost port in a background thread; return (server, base URL)."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def page_path(site_dir, url):
    """The built HTML file for a site-relative URL such as '/safety/'."""
    rel = url.strip("/")
    return Path(site_dir) / rel / "index.html" if rel else Path(site_dir) / "index.html"


PROJECT_PARTS = ("macros", "hooks", "data", "overrides", "references.bib", "urls.yml")


def copy_project_parts(target):
    """Copy the engine, data and bibliography of the real project (PROJECT_PARTS) into `target`."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy(source, target / part)


def variant_project(tmp_path, pages, drop_nav=True, translated=False, **config):
    """Copy the real project's config and data into tmp_path with only the given docs pages.

    `pages` maps a docs-relative path to its Markdown. The real mkdocs.yml settings
    (strict validation, macros, glossary) apply; the nav is dropped so it lists only these pages.
    Unless `translated`, the i18n plugin is left out: the variant is an English-only site, so
    its pages need no translations. Extra keyword arguments replace top-level keys of mkdocs.yml.
    """
    import yaml

    copy_project_parts(tmp_path)
    for name, text in pages.items():
        page = tmp_path / "docs" / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config_lines = replace_top_level(text, "nav", None) if drop_nav else text
    if not translated:
        config_lines = _drop_plugin(config_lines, "i18n")
    for key, value in config.items():
        config_lines = replace_top_level(config_lines, key, yaml.safe_dump({key: value}, sort_keys=False))
    (tmp_path / "mkdocs.yml").write_text(config_lines, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def _drop_plugin(text, name):
    """Remove one entry (`  - name:` and its indented settings) from the plugins list of mkdocs.yml."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith(f"  - {name}:"):
            skipping = True
            continue
        if skipping and (line.startswith("  - ") or (line.strip() and not line.startswith("   "))):
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


def replace_top_level(text, key, replacement):
    """Remove (or replace) one top-level block of a YAML file, keeping the rest untouched.

    mkdocs.yml uses !ENV tags, so it is edited as text rather than loaded and dumped.
    """
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith(f"{key}:"):
            skipping = True
            continue
        if skipping and line.strip() and not line.startswith((" ", "#", "-")):
            skipping = False
        if not skipping:
            out.append(line)
    if replacement:
        out.append(replacement)
    return "".join(out)


def fixture_pages(name):
    """The Markdown pages of tests/fixtures/sites/NAME, as a dict for variant_project()."""
    folder = FIXTURES / "sites" / name
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md"))}


def translated_project(tmp_path, pages, manifest, **extra):
    """A two-language variant of the project (variant_project with the i18n plugin) in tmp_path:
    `manifest` is the YAML of its URL manifest (urls-i18n.yml), extra.guide names the real data
    files, and keyword arguments are further keys of `extra` (e.g. translation=...)."""
    guide = {
        "bibliography": "references.bib",
        "manifest": "urls-i18n.yml",
        "schedules": "data/titration.yml",
        "templates": "overrides/macros",
        "locales": "overrides/locales",
    }
    config = variant_project(tmp_path, pages, translated=True, extra={"guide": guide, **extra})
    (tmp_path / "urls-i18n.yml").write_text(manifest, encoding="utf-8")
    return config


def unmarked(block):
    """A macro's raw HTML block without the markers and blank lines around it (macros/rawhtml.py)."""
    from macros import rawhtml

    return block.strip().removeprefix(rawhtml.START).removesuffix(rawhtml.END).strip()
