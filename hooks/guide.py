"""MkDocs hook: the command that runs, and the root 404 page of a site in several languages.

A build for a loopback or private site_url stops (its QR codes would lead nowhere); serving on
localhost is the one place that address is right. mkdocs-macros does not see the command, so
this hook passes it on through the process environment (see macros/__init__.py).
"""

import os
from pathlib import Path

import jinja2

COMMAND_VARIABLE = "GUIDE_MKDOCS_COMMAND"
# The site's 404 page, as the first language's build wrote it (see on_post_build).
_first_404 = {}


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Jinja bytecode kept in this process (the theme's templates, compiled once)."""

    def __init__(self):
        self.codes = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.codes:
            bucket.bytecode_from_string(self.codes[bucket.key])

    def dump_bytecode(self, bucket):
        self.codes[bucket.key] = bucket.bytecode_to_string()


_MEMORY_BYTECODE = _MemoryBytecodeCache()


def on_startup(command, dirty, **kwargs):
    os.environ[COMMAND_VARIABLE] = command


def on_env(env, config, files, **kwargs):
    """Compile the theme's templates once per process, not once per language build.

    The bytecode is kept in memory only; Jinja checks each template's source and recompiles a
    changed one, so `mkdocs serve` never shows a stale template.
    """
    env.bytecode_cache = _MEMORY_BYTECODE
    return env


def on_post_build(config, **kwargs):
    """Keep the root 404 page in the site's first language.

    mkdocs-static-i18n builds each other language after the first, into the same site folder,
    and each build writes its 404.html at the root: the last language would win, and every
    missing page would be served in it, marked with its lang. The first language's page is
    kept; hosts such as GitHub Pages serve only the root 404.html.
    """
    plugin = config["plugins"].get("i18n")
    if plugin is None:
        return
    first = next(lang.locale for lang in plugin.config.languages if lang.default)
    page = Path(config["site_dir"]) / "404.html"
    if config["theme"]["language"] == first:
        _first_404[config["site_dir"]] = page.read_bytes() if page.exists() else None
    elif _first_404.get(config["site_dir"]) is not None:
        page.write_bytes(_first_404[config["site_dir"]])
