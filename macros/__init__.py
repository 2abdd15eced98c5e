"""mkdocs-macros entry point: registers thin wrappers around the pure functions beside it.

Every path, rule and text comes from mkdocs.yml (extra.guide, extra.clinic) and the data files
it names: this package knows no particular medicine.
"""

import logging
import os
from pathlib import Path

from mkdocs.utils import get_relative_url

from . import clinic, diary, doses, glossary, i18n, qr, rawhtml, references, review, settings, translations, urgent
from .templates import Renderer

# Outside the "mkdocs" logger namespace: a warning here must not fail a strict build.
LOG = logging.getLogger("guide.site")
# Set by hooks/guide.py from MkDocs's on_startup: "build", "serve" or "gh-deploy".
COMMAND_VARIABLE = "GUIDE_MKDOCS_COMMAND"


def define_env(env):
    """Load and validate every data file once, then register the page macros."""
    conf = env.conf
    guide = settings.load_settings(conf, env.project_dir)
    languages = i18n.site_languages(conf)
    locales = i18n.load_locales(guide.path("locales"), languages)
    renderer = Renderer(guide.path("templates"))
    bib = references.load_bibliography(guide.path("bibliography"))
    tracker = references.CitationTracker(bib, renderer, locales)
    schedules = doses.load_schedules(
        guide.path("schedules"), known_keys=set(bib), site_languages=languages, locales=locales
    )
    # Raw HTML blocks from macros survive indentation (a dose table inside `??? note`).
    rawhtml.register(conf)
    links = clinic.load_manifest(guide.path("manifest"), translations=languages[1:])
    terms = glossary.load_glossary(guide.path("glossary"), languages) if guide.path("glossary") else None
    urgent_help = (
        urgent.load_urgent_help(guide.path("urgent_help"), site_languages=languages, known_keys=set(bib))
        if guide.path("urgent_help")
        else None
    )
    diary_setup = (
        diary.load(guide.path("diary"), guide.path("locales"), languages, schedules) if guide.path("diary") else None
    )
    dose_pages = doses.PageTracker()
    if terms:
        dose_pages.named |= _check_glossary_doses(terms, schedules, guide.path("glossary"))
    _check_site_url(conf)
    never_pending = translations.load_translation_settings((conf.get("extra") or {}).get("translation"))
    translated = translations.check_docs(conf["docs_dir"], languages, never_pending) if len(languages) > 1 else {}
    env.variables["engine"] = {
        "settings": guide,
        "languages": languages,
        "locales": locales,
        "renderer": renderer,
        "tracker": tracker,
        "schedules": schedules,
        "links": links,
        "glossary": terms,
        "translated": translated,
        "urgent": urgent_help,
        "dose_pages": dose_pages,
    }

    def locale():
        return locales[_language(env)]

    @env.macro
    def cite(*keys):
        return tracker.cite(_page_id(env), *keys)

    def page_references():
        return tracker.references(_page_id(env))

    env.macro(page_references, "references")

    @env.macro
    def bibliography():
        return references.bibliography_html(bib, renderer, locale())

    @env.macro
    def dose_table(schedule_id):
        env.variables["engine"]["dose_pages"].table(_page_id(env), schedule_id)
        return doses.dose_table(
            schedules, schedule_id, page=_page_id(env), language=_language(env), locale=locale(), renderer=renderer
        )

    @env.macro
    def dose_form_picker():
        env.variables["engine"]["dose_pages"].picker(_page_id(env))
        script = get_relative_url(doses.SCRIPT, env.page.url or ".")
        return doses.dose_form_picker(
            schedules, language=_language(env), locale=locale(), renderer=renderer, script_url=script
        )

    sources_cache = []  # docs/ is walked once a build, not once per clinics page (bench/README.md)

    @env.macro
    def clinic_links():
        if not sources_cache:
            sources_cache.append(translations.docs_sources(_docs_dir(conf)))
        sources = sources_cache[0]
        return clinic.clinic_links(
            links, conf["site_url"], sources, _page_id(env), renderer, locales, _language(env), languages
        )

    @env.macro
    def public_url(url):
        return clinic.public_url(links, conf["site_url"], url)

    def diary_page():
        return diary.page_html(diary_setup, renderer, _language(env), env.page.url)

    env.macro(diary_page, "diary")

    @env.macro
    def paper_diary(days=14):
        return diary.paper_html(diary_setup, renderer, _language(env), days)

    @env.macro
    def diary_symptoms(capital=False):
        return diary.symptom_list(diary_setup, _language(env), capital)

    def cite_keys(keys):
        return tracker.cite(_page_id(env), *keys)

    @env.macro
    def urgent_signs(*sign_ids):
        return urgent.signs_html(
            _urgent(urgent_help), sign_ids, _language(env), guide.clinic, cite_keys, renderer, locale()
        )

    @env.macro
    def urgent_sign(sign_id):
        return urgent_signs(sign_id)

    @env.macro
    def urgent_tier(tier_id):
        return urgent.tier_html(
            _urgent(urgent_help), tier_id, _language(env), guide.clinic, cite_keys, renderer, locale()
        )

    @env.macro
    def emergency_numbers():
        return urgent.numbers_html(_urgent(urgent_help), _language(env), cite_keys, renderer, locale())

    @env.macro
    def urgent_contact():
        return urgent.contact_html(_urgent(urgent_help), _language(env), guide.clinic, renderer, locale())


def _urgent(urgent_help):
    if urgent_help is None:
        raise urgent.UrgentHelpError("mkdocs.yml: extra.guide.urgent_help is not set; the urgent-help macros need it")
    return urgent_help


def _page_id(env):
    return env.page.file.src_uri


def _language(env):
    return i18n.page_language(env.page, env.conf)


def _docs_dir(conf):
    return Path(conf["docs_dir"])


def _check_site_url(conf):
    """Refuse to print QR codes for a loopback or private address, except while serving locally."""
    site_url = conf["site_url"]
    if os.environ.get(COMMAND_VARIABLE) == "serve":
        return
    if settings.is_local_address(site_url):
        message = (
            f"site_url is {site_url!r}, a local address: printed QR codes and links would lead "
            f"nowhere. Set {settings.SITE_URL_VARIABLE} to the address the guide is published at, "
            f"e.g. {settings.SITE_URL_VARIABLE}=https://guide.example.org/ make build"
        )
        if conf["strict"]:
            raise settings.SettingsError(message)
        LOG.warning(message)
    elif settings.has_path(site_url):
        LOG.warning(
            "site_url %r puts the guide below the host: other pages on that origin can read what the "
            "symptom diary stores. Host the guide on its own origin (a domain or subdomain).",
            site_url,
        )


def on_pre_page_macros(env):
    """Start the page: its citations, its review dates, and what the theme templates show around it."""
    page, guide = env.page, env.variables["engine"]
    language = _language(env)
    locale = guide["locales"][language]
    guide["tracker"].start_page(_page_id(env), language)
    status = review.check_page(page)
    url = page.canonical_url
    page.meta["guide"] = {
        "lang": language,
        "ui": locale,
        "clinic": guide["settings"].clinic,
        # The print header (overrides/partials/print-header.html) shows this page's QR code.
        "print_qr": qr.qr_svg(url, scale=2, label=locale["qr_label"].format(url=url)),
        "review": _review_lines(status, locale),
        "build_date_text": i18n.format_date(review.today(), locale),
        **_language_links(env, language, locale),
    }


def _language_links(env, language, locale):
    """The page in every language (hreflang, the language switch) and any pending-translation notice."""
    engine, conf = env.variables["engine"], env.conf
    languages = engine["languages"]
    if len(languages) < 2:
        return {"alternates": [], "pending": None}
    urls = translations.alternate_urls(env.page.url, language, languages)
    names = {lang: engine["locales"][lang]["language_name"] for lang in languages}
    alternates = [
        {
            "lang": lang,
            "name": names[lang],
            "href": qr.absolute_url(conf["site_url"], "/" + url),
            "relative": _as_folder(get_relative_url(url or ".", env.page.url or ".")),
            "current": lang == language,
        }
        for lang, url in urls.items()
    ]
    # A pending translation links to alternates[0], the page in the first language.
    status = engine["translated"].get(env.page.file.src_uri)
    pending = None
    if status is not None and status.pending:
        pending = {"date": i18n.format_date(status.source_changed, locale)}
    return {"alternates": alternates, "pending": pending}


def _as_folder(url):
    """'..' -> '../': a relative link to a folder page ends in a slash, as MkDocs writes them."""
    return url + "/" if url in (".", "..") or url.endswith("/..") else url


def _review_lines(status, locale):
    if status is None:
        return None
    return {
        "overdue": status["overdue"],
        "last_reviewed": status["last_reviewed"].isoformat(),
        "review_due": status["review_due"].isoformat(),
        "last_reviewed_text": i18n.format_date(status["last_reviewed"], locale),
        "review_due_text": i18n.format_date(status["review_due"], locale),
    }


def _check_glossary_doses(terms, schedules, path):
    """Doses in the glossary's definitions are checked like doses in page text; return the other_doses named."""
    return {
        named
        for language, entries in terms.items()
        for term, definition in entries
        for named in doses.check_text(definition, schedules, where=f"{path}: {language}: {term!r}")
    }


def _check_page_doses(env):
    """Every dose a page names in words (after Jinja) or in its front matter is checked against the data."""
    engine = env.variables["engine"]
    where = (Path(env.conf["docs_dir"]).relative_to(env.project_dir) / env.page.file.src_uri).as_posix()
    pages = engine["dose_pages"]
    pages.finish(_page_id(env))
    pages.named |= doses.check_text(env.markdown, engine["schedules"], where=where)
    front = {key: value for key, value in env.page.meta.items() if key != "guide"}
    pages.named |= doses.check_front_matter(front, engine["schedules"], where=where)


def on_post_page_macros(env):
    """Check the doses the page names; refuse urgency stated in its own words; append the glossary of its language."""
    _check_page_doses(env)
    if env.variables["engine"]["urgent"]:
        urgent.check_page(env.variables["engine"]["urgent"], env.markdown, _language(env), _page_id(env))
    terms = env.variables["engine"]["glossary"]
    if terms:
        env.markdown += glossary.abbreviations(terms[_language(env)])


def on_post_build(env):
    env.variables["engine"]["tracker"].warn_uncited()
    doses.warn_unused_other_doses(env.variables["engine"]["schedules"], env.variables["engine"]["dose_pages"].named)
