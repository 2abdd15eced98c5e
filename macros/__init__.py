"""mkdocs-macros entry point: registers thin wrappers around the pure functions beside it."""
from pathlib import Path

from . import clinic, doses, qr, references, review


def define_env(env):
    """Load and validate every data file once, then register the page macros."""
    project = Path(env.project_dir)
    bib = references.load_bibliography(project / "references.bib")
    tracker = references.CitationTracker(bib)
    schedules = doses.load_schedules(project / "data" / "titration.yml", known_keys=set(bib))
    env.variables["ldn"] = {"tracker": tracker, "schedules": schedules}

    @env.macro
    def cite(*keys):
        return tracker.cite(_page_id(env), *keys)

    def page_references():
        return tracker.references(_page_id(env))

    env.macro(page_references, "references")

    @env.macro
    def bibliography():
        return references.bibliography_html(bib)

    @env.macro
    def dose_table(schedule_id):
        return doses.dose_table(schedules, schedule_id, page=_page_id(env))

    links = clinic.load_manifest(project / "urls.yml")

    @env.macro
    def clinic_links():
        return clinic.clinic_links(links, env.conf["site_url"], clinic.docs_sources(Path(env.conf["docs_dir"])), _page_id(env))

    @env.macro
    def public_url(url):
        return clinic.public_url(links, env.conf["site_url"], url)


def _page_id(env):
    return env.page.file.src_uri


def on_pre_page_macros(env):
    env.variables["ldn"]["tracker"].start_page(_page_id(env))
    review.check_page(env.page)
    # The print header (overrides/partials/print-header.html) shows this page's QR code.
    env.page.meta["print_qr"] = qr.qr_svg(env.page.canonical_url, scale=2)


def on_post_build(env):
    env.variables["ldn"]["tracker"].warn_uncited()
