"""The Spanish guide (/es/): every page translated, its language declared, plain, safe and Spanish.

Each check reads the real strict build (the `site` fixture) and reuses the text helpers of
test_content.py, so the Spanish pages are read by the same rules as the English ones. The new
helpers (Spanish main text, the English-word count) are unit-tested on tiny strings first, so a
broken helper cannot make a check pass.
"""

import re

import pytest
import textstat
import yaml
from bs4 import Comment
from helpers import ROOT, TEST_SITE_URL, page_path, site_pages
from test_content import (
    ALL_PAGES,
    CONTENT_PAGES,
    OPIOID_LINK_PAGES,
    OPIOID_WARNING,
    _drop,
    article_of,
    check_cited_equals_listed,
    check_key_points_open_the_page,
    key_points_items,
    links_to,
    main_text,
    read,
    soup_of,
    visible_text,
    words,
)

SPANISH = "/es"
MIN_FERNANDEZ_HUERTA = 70.0
KEY_POINTS = "Puntos clave"
REFERENCES = "Referencias"
LANGUAGES = ("en", "es")

# The opioid warning in Spanish, pattern for pattern with test_content.OPIOID_WARNING:
# sudden withdrawal, and never taking more opioid to get past the block.
OPIOID_WARNING_ES = [
    r"abstinencia (?:de opioides )?(?:repentina|súbita|brusca)|(?:repentina|súbita|brusca) abstinencia",
    r"(?:superar|vencer|pasar|saltar(?:se)?|anular) (?:el|este|ese) bloqueo",
]
assert len(OPIOID_WARNING_ES) == len(OPIOID_WARNING)

# Common English words that Spanish text does not use: a run of them is English left untranslated.
# Words that are also Spanish ("a", "no", "me", "he", "as", "has", "can", "do", "en") are left out.
# fmt: off
ENGLISH_WORDS = frozenset((
    "the", "and", "you", "your", "with", "this", "that", "for", "not", "are", "take", "if", "is", "of", "to",
    "in", "on", "it", "or", "be", "we", "our", "they", "what", "when", "how", "who", "which", "from", "have",
    "was", "were", "will", "should", "may", "does", "at", "by", "an", "about", "after", "before", "there",
))
# fmt: on
# A stray English word or two (a name, a quoted term) is allowed; a sentence is not.
MAX_ENGLISH_WORDS = 2
# Not the page's words in Spanish: scripts, code, reference lists (their titles stay in English),
# citation markers and anything marked as another language (lang="en").
NOT_SPANISH_TEXT = (
    "script",
    "style",
    "template",
    "code",
    "pre",
    "kbd",
    "samp",
    "ol.references",
    "ul.bibliography",
    "sup.cite",
)
TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
URL = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w.-]+\.(?:org|com|gov|net|uk|es)(?:/\S*)?", re.I)
LETTERS = re.compile(r"[^\W\d_]+")
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')


def spanish(url):
    return SPANISH + url


def english(url):
    return url.removeprefix(SPANISH) if url.startswith(SPANISH + "/") else url


SPANISH_CONTENT_PAGES = [spanish(url) for url in CONTENT_PAGES]
SPANISH_PAGES = [spanish(url) for url in ALL_PAGES]


# ---------------------------------------------------------------- text helpers (pure functions)


def main_text_es(html):
    """The Spanish page's own prose, by the rules of test_content.main_text, without 'Referencias'."""
    return main_text(html, references=REFERENCES)


def fernandez_huerta(text):
    textstat.set_lang("es")
    try:
        return textstat.fernandez_huerta(text)
    finally:
        textstat.set_lang("en_US")


def key_points_es(article):
    """The bullets of the 'Puntos clave' box, or None if the page has no such box."""
    return key_points_items(article, KEY_POINTS)


def reader_text(html):
    """What a reader of the page sees or hears, as text: the body (header, menu, footer too), the
    texts of alt/title/aria-label/placeholder and the description, without code, URLs, reference
    lists and anything marked lang="en" (or another language than Spanish)."""
    soup = soup_of(html)
    body = soup.body or soup
    _drop(body, NOT_SPANISH_TEXT)
    for element in body.select("[lang]"):
        if not element.get("lang", "").startswith("es"):
            element.decompose()
    for comment in body.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    parts = [body.get_text(" ")]
    parts += [
        f"{name}: {element[name]}." for element in body.find_all(True) for name in TEXT_ATTRIBUTES if element.get(name)
    ]
    meta = soup.find("meta", attrs={"name": "description"})
    if meta is not None:
        parts.append(f"description: {meta.get('content', '')}")
    return URL.sub(" ", "\n".join(parts))


def english_words(text):
    """The common English words in a text, lower-case, in order (whole words only)."""
    return [word for word in LETTERS.findall(text.lower()) if word in ENGLISH_WORDS]


def english_contexts(text, limit=8):
    """The lines (up to a few words either side) that hold English words, each once, to say where they are."""
    found = []
    for line in text.splitlines():
        tokens = line.split()
        for i, token in enumerate(tokens):
            if english_words(token):
                context = " ".join(tokens[max(0, i - 4) : i + 5])
                if context not in found:
                    found.append(context)
    return found[:limit]


def alternates(html):
    """hreflang -> list of hrefs of the page's <link rel="alternate"> tags."""
    found = {}
    for lang, href in ALTERNATE.findall(html):
        found.setdefault(lang, []).append(href)
    return found


def html_lang(html):
    match = re.search(r"<html\b[^>]*\blang=\"([^\"]*)\"", html)
    return match.group(1) if match else None


# ---------------------------------------------------------------- unit tests of the helpers

TINY_SPANISH_PAGE = """
<html lang="es"><head><meta name="description" content="Una página corta."></head><body>
<article class="md-content__inner">
<div class="print-header"><p>Encabezado impreso.</p></div>
<h1 id="t">Título<a class="headerlink" href="#t">¶</a></h1>
<div class="admonition note"><p class="admonition-title">Puntos clave</p>
<ul><li>Primer punto</li><li>Segundo punto con <abbr title="dosis baja de naltrexona">LDN</abbr>.</li></ul></div>
<p>Palabras sencillas<sup class="cite">[<a href="#ref-x">1</a>]</sup> aquí.</p>
<p>Un artículo: “<em lang="en">Low-Dose Naltrexone for Fibromyalgia: what to expect and how to take it</em>”.</p>
<h2 id="references">Referencias</h2>
<ol class="references"><li>Someone. A paper title about the way that you take it.</li></ol>
<p>Después de las referencias.</p>
<p>Vea https://example.org/the/page/for/you y <code>the and for</code>.</p>
</article></body></html>
"""
ENGLISH_PARAGRAPH = (
    "Take LDN once a day. If you take an opioid, talk to your prescriber first. "
    "This is not medical advice, and the site does not track you."
)
SPANISH_PARAGRAPH = (
    "Tome la LDN una vez al día. Si toma un opioide, hable primero con su médico. "
    "Esto no es un consejo médico, y el sitio no le hace seguimiento. Nada de lo que escribe se envía."
)


def test_main_text_es_keeps_prose_and_leaves_out_references_and_furniture():
    text = main_text_es(TINY_SPANISH_PAGE)
    assert text.startswith("Título.\nPuntos clave.\nPrimer punto.\nSegundo punto con LDN.\nPalabras sencillas aquí.")
    for left_out in ("Encabezado impreso", "¶", "[1]", "Referencias", "A paper title", "Después de las referencias"):
        assert left_out not in text


def test_fernandez_huerta_tells_plain_from_hard_spanish():
    plain = "Tome una pastilla al día. Beba agua. Llame si se siente mal. " * 5
    hard = (
        "La administración concomitante de antagonistas opioidérgicos intrínsecamente contraindicados "
        "necesita consideraciones farmacológicas individualizadas y multidisciplinarias. "
    ) * 5
    assert fernandez_huerta(hard) < MIN_FERNANDEZ_HUERTA <= fernandez_huerta(plain)


def test_fernandez_huerta_leaves_the_english_setting_as_it_was():
    # Reading ease counts syllables by language: left in Spanish, this text scores about 123, not 103.
    text = "Take one pill a day. Drink water."
    before = textstat.flesch_reading_ease(text)
    fernandez_huerta("Una frase.")
    assert textstat.flesch_reading_ease(text) == before


def test_key_points_es_counts_the_bullets_of_the_spanish_box():
    items = key_points_es(article_of(TINY_SPANISH_PAGE))
    assert [li.get_text(" ", strip=True) for li in items] == ["Primer punto", "Segundo punto con LDN ."]
    assert (
        key_points_es(
            article_of(
                "<article><div class='admonition note'><p class='admonition-title'>Key points"
                "</p><ul><li>x</li></ul></div></article>"
            )
        )
        is None
    )


def test_the_english_check_catches_an_english_paragraph():
    found = english_words(ENGLISH_PARAGRAPH)
    assert len(found) > MAX_ENGLISH_WORDS
    assert {"take", "you", "if", "the", "this", "not"} <= set(found)


def test_the_english_check_passes_a_spanish_paragraph():
    assert english_words(SPANISH_PARAGRAPH) == []


def test_the_english_check_matches_whole_words_only():
    assert english_words("Tome, tomar, también, andar, ánimo, forma, notas, isla, desde, estar, ahora.") == []
    assert english_words("THE End, and/or: for") == ["the", "and", "or", "for"]


def test_reader_text_leaves_out_references_code_urls_and_text_marked_english():
    text = reader_text(TINY_SPANISH_PAGE)
    assert "Palabras sencillas" in text and "Una página corta." in text and "dosis baja de naltrexona" in text
    assert english_words(text) == [], english_contexts(text)


def test_reader_text_keeps_english_that_is_not_marked():
    page = TINY_SPANISH_PAGE.replace("</article>", f"<p>{ENGLISH_PARAGRAPH}</p></article>")
    assert len(english_words(reader_text(page))) > MAX_ENGLISH_WORDS
    attribute = TINY_SPANISH_PAGE.replace("<h1 ", '<h1 title="Switch to the dark mode if you like" ')
    assert len(english_words(reader_text(attribute))) > MAX_ENGLISH_WORDS


def test_alternates_and_html_lang_read_the_head():
    page = (
        '<html lang="es" class="no-js"><head><link rel="alternate" hreflang="en" href="https://x.org/a/">'
        '<link rel="alternate" hreflang="es" href="https://x.org/es/a/"></head></html>'
    )
    assert html_lang(page) == "es"
    assert alternates(page) == {"en": ["https://x.org/a/"], "es": ["https://x.org/es/a/"]}


# ---------------------------------------------------------------- pages and languages


def test_every_english_page_has_its_spanish_page_and_no_spanish_page_is_alone(site):
    pages = set(site_pages(site, with_404=False))
    english_pages = {url for url in pages if not url.startswith(SPANISH + "/")}
    spanish_pages = pages - english_pages
    assert len(english_pages) >= len(ALL_PAGES), sorted(english_pages)
    assert sorted(url for url in english_pages if spanish(url) not in pages) == []
    assert sorted(url for url in spanish_pages if english(url) not in pages) == []


def test_the_spanish_pages_checked_here_are_all_built(site):
    built = set(site_pages(site, with_404=False))
    assert [url for url in SPANISH_PAGES if url not in built] == []


def test_every_page_declares_its_language(site):
    wrong = []
    for url in site_pages(site):
        expected = "es" if url.startswith(SPANISH + "/") else "en"
        path = site / url.lstrip("/") if url.endswith(".html") else page_path(site, url)
        found = html_lang(path.read_text(encoding="utf-8"))
        if found != expected:
            wrong.append(f"{url}: lang={found!r}, want {expected!r}")
    assert wrong == []


def test_every_page_links_itself_in_each_language_and_x_default(site):
    problems = []
    for url in site_pages(site, with_404=False):
        english_url = TEST_SITE_URL + english(url).lstrip("/")
        wanted = {
            "en": [english_url],
            "es": [TEST_SITE_URL + spanish(english(url)).lstrip("/")],
            "x-default": [english_url],
        }
        found = alternates(read(site, url))
        if found != wanted:
            problems.append(f"{url}: {found} != {wanted}")
    assert problems == []


def test_the_language_alternates_point_at_each_other(site):
    problems = []
    for url in site_pages(site, with_404=False):
        here = alternates(read(site, url))
        for lang in LANGUAGES:
            for href in here.get(lang, []):
                target = "/" + href.removeprefix(TEST_SITE_URL)
                path = page_path(site, target)
                if not path.is_file():
                    problems.append(f"{url}: hreflang={lang} {href} is not a built page")
                elif alternates(path.read_text(encoding="utf-8")) != here:
                    problems.append(f"{url}: {target} does not list the same alternates")
                elif html_lang(path.read_text(encoding="utf-8")) != lang:
                    problems.append(f"{url}: hreflang={lang} leads to a page in another language")
    assert problems == []


# ---------------------------------------------------------------- plain Spanish


@pytest.mark.parametrize("url", SPANISH_CONTENT_PAGES)
def test_spanish_page_reads_at_fernandez_huerta_70_or_more(site, url):
    text = main_text_es(read(site, url))
    score = fernandez_huerta(text)
    print(f"{url}: Fernández-Huerta {score:.1f}")
    assert score >= MIN_FERNANDEZ_HUERTA, f"{url}: Fernández-Huerta {score:.1f} is below {MIN_FERNANDEZ_HUERTA}"
    assert len(words(text)) >= 40, f"{url}: only {len(words(text))} words of main text (score {score:.1f})"


# ---------------------------------------------------------------- page furniture and citations


@pytest.mark.parametrize("url", SPANISH_CONTENT_PAGES)
def test_spanish_page_opens_with_puntos_clave_of_3_to_5_bullets(site, url):
    check_key_points_open_the_page(article_of(read(site, url)), url, KEY_POINTS)


@pytest.mark.parametrize("url", SPANISH_CONTENT_PAGES)
def test_spanish_page_cites_and_lists_its_references(site, url):
    check_cited_equals_listed(article_of(read(site, url)), url, REFERENCES)


# ---------------------------------------------------------------- safety


def english_warnings(site, url):
    text = visible_text(read(site, url))
    return [i for i, pattern in enumerate(OPIOID_WARNING) if re.search(pattern, text, re.I)]


def test_the_english_pages_state_the_opioid_warning_where_expected(site):
    """The Spanish check below follows the English pages; it must have pages to follow."""
    stating = [url for url in ALL_PAGES if english_warnings(site, url) == list(range(len(OPIOID_WARNING)))]
    assert {"/", "/titration/", "/side-effects/", "/next-steps/", "/safety/"} <= set(stating), stating


@pytest.mark.parametrize("url", ALL_PAGES)
def test_spanish_page_states_the_opioid_warning_where_the_english_does(site, url):
    text = visible_text(read(site, spanish(url)))
    missing = [
        OPIOID_WARNING_ES[i] for i in english_warnings(site, url) if not re.search(OPIOID_WARNING_ES[i], text, re.I)
    ]
    assert not missing, f"{spanish(url)}: the English page states the opioid warning; the Spanish lacks {missing}"


@pytest.mark.parametrize(
    "text",
    [
        "Puede causar una abstinencia repentina. Nunca tome más opioide para vencer el bloqueo.",
        "una abstinencia de opioides súbita; no tome más para superar este bloqueo",
    ],
)
def test_the_spanish_opioid_warning_patterns_find_the_warning(text):
    assert all(re.search(pattern, text, re.I) for pattern in OPIOID_WARNING_ES)


def test_the_spanish_opioid_warning_patterns_need_the_warning():
    text = "La abstinencia de opioides puede causar sudor. La LDN bloquea los opioides."
    assert not any(re.search(pattern, text, re.I) for pattern in OPIOID_WARNING_ES)


@pytest.mark.parametrize("url", OPIOID_LINK_PAGES)
def test_spanish_page_links_its_opioid_warning_to_the_spanish_safety_section(site, url):
    assert links_to(read(site, spanish(url)), spanish(url), "/es/safety/#opioids"), f"{spanish(url)}: no link"


# ---------------------------------------------------------------- no English under /es/


def test_every_page_under_es_is_checked_for_english(site):
    checked = [url for url in site_pages(site, with_404=False) if url.startswith(SPANISH + "/")]
    assert len(checked) == len(SPANISH_PAGES), checked


@pytest.mark.parametrize("url", SPANISH_PAGES)
def test_spanish_page_serves_no_english_text(site, url):
    text = reader_text(read(site, url))
    found = english_words(text)
    print(f"{url}: {len(found)} English word(s): {found}")
    assert len(found) <= MAX_ENGLISH_WORDS, (
        f"{url}: {len(found)} common English words {found} (at most {MAX_ENGLISH_WORDS}): {english_contexts(text)}"
    )


# ---------------------------------------------------------------- public links
# Every Spanish URL of urls.yml resolving (page and anchor) and each Spanish section title being its
# heading are checked by test_manifest.py: load_manifest() gives each `es:` twin as a link of its own.


def test_every_spanish_page_title_in_urls_yml_is_the_page_title(site):
    """Section titles are checked by test_manifest.py; this checks the pages' own titles."""
    manifest = yaml.safe_load((ROOT / "urls.yml").read_text(encoding="utf-8"))
    wrong = []
    for entry in manifest["pages"]:
        twin = entry["es"]
        if entry.get("redirect_to"):
            continue
        h1 = article_of(read(site, twin["url"])).find("h1")
        title = " ".join(h1.get_text().replace("¶", "").split()) if h1 else None
        if title != twin["title"]:
            wrong.append(f"{twin['url']}: urls.yml says {twin['title']!r}, the page says {title!r}")
    assert wrong == []
