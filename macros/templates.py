"""The markup the macros produce lives in Jinja templates (overrides/macros/ by default).

Python hands each template plain data; Jinja's autoescape escapes it. A fork restyles a dose
table or a citation by editing the template, without touching Python.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from . import rawhtml


class TemplateError(ValueError):
    """A macro template is missing or broken; the build must stop."""


# One Jinja environment per template folder for the whole process: mkdocs-static-i18n builds the
# site once per language, and `mkdocs serve` rebuilds it, so templates are compiled once. Jinja
# recompiles a template whose file changed (auto_reload), so an edited one is never stale.
_ENVIRONMENTS = {}


def _environment(folder):
    if folder not in _ENVIRONMENTS:
        _ENVIRONMENTS[folder] = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folder),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
    return _ENVIRONMENTS[folder]


class Renderer:
    """Renders the macro templates of one folder, with autoescape and strict undefined variables."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self._env = _environment(str(self.folder))

    def render(self, name, **context) -> Markup:
        """Render template `name` with context; raise TemplateError naming the template on any problem."""
        try:
            template = self._env.get_template(name)
        except jinja2.TemplateNotFound as error:
            raise TemplateError(f"{self.folder / name}: template not found") from error
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(f"{self.folder / name}:{error.lineno}: {error.message}") from error
        try:
            return Markup(template.render(**context).strip())
        except jinja2.UndefinedError as error:
            raise TemplateError(f"{self.folder / name}: {error.message}") from error

    def block(self, name, **context) -> str:
        """Render a template as a raw HTML block, marked so that Markdown keeps it as it is at any
        indentation (inside `??? note`, a list item) and does not parse it again (rawhtml.mark)."""
        return rawhtml.mark(self.render(name, **context))

    def inline(self, name, **context) -> str:
        """Render a one-line template as inline HTML that Markdown keeps as it is (rawhtml.mark_inline)."""
        try:
            return rawhtml.mark_inline(self.render(name, **context))
        except rawhtml.RawBlockError as error:
            raise TemplateError(f"{self.folder / name}: {error}; write it on one line") from error
