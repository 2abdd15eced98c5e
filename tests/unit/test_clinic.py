"""Unit tests for macros/clinic.py: the URL manifest's checks and the /for-clinics/ Markdown."""

import textwrap

import pytest
from helpers import ROOT, engine_locales, engine_renderer
from markupsafe import Markup

from macros import clinic, rawhtml

SITE = "https://clinic.example.org/ldn/"
SOURCES = {"index.md", "titration.md", "handouts/dose-plan.md", "for-clinics.md"}


def write(tmp_path, text):
    path = tmp_path / "urls.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def message(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(clinic.ManifestError) as error:
        clinic.load_manifest(path)
    return str(error.value).replace(str(path), "urls.yml")


def test_the_real_manifest_loads():
    links = clinic.load_manifest(ROOT / "urls.yml")
    assert links[0].url == "/" and all(link.note for link in links)


def test_a_link_knows_its_page_and_anchor():
    link = clinic.Link(url="/titration/#liquid-ldn", title="Liquid LDN", note="n", group="sections")
    assert (link.path, link.anchor) == ("/titration/", "liquid-ldn")
    assert clinic.Link(url="/", title="Home", note="n", group="pages").anchor is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("pages:\n  - url: /a/\n    title: A\n", "urls.yml: pages: '/a/': 'note' must be one line of text"),
        (
            "pages:\n  - url: /a/\n    title: A\n    note: n\n    colour: red\n",
            "urls.yml: pages: '/a/': unknown field(s) colour",
        ),
        (
            "pages:\n  - url: /A_page\n    title: A\n    note: n\n",
            "urls.yml: pages: '/A_page': 'url' must look like /page/ (kebab-case, ending in /)",
        ),
        (
            "sections:\n  - url: /a/\n    title: A\n    note: n\n",
            "urls.yml: sections: '/a/': 'url' must look like /page/#anchor",
        ),
        (
            "pages:\n  - url: /a/\n    title: A\n    note: n\n  - url: /a/\n    title: A\n    note: n\n",
            "urls.yml: '/a/' is listed twice",
        ),
        (
            "pages:\n  - url: /a/\n    title: A\n    note: n\n    redirect_to: /b/\n",
            "urls.yml: '/a/': 'redirect_to' '/b/' must be a page in the manifest that has not moved",
        ),
        ("links: []\n", "urls.yml: the top level must hold only pages, sections"),
    ],
    ids=[
        "missing-note",
        "unknown-field",
        "bad-page-url",
        "section-without-anchor",
        "duplicate",
        "redirect-unknown",
        "unknown-group",
    ],
)
def test_a_bad_manifest_names_the_entry_and_the_reason(tmp_path, text, expected):
    assert message(tmp_path, text) == expected


def test_a_section_cannot_redirect(tmp_path):
    text = """\
        pages:
          - url: /a/
            title: A
            note: n
        sections:
          - url: /a/#x
            title: X
            note: n
            redirect_to: /a/
        """
    assert message(tmp_path, text) == "urls.yml: '/a/#x': only a page can have 'redirect_to' (move its page instead)"


@pytest.mark.parametrize(
    "url,expected",
    [("/", "index.md"), ("/titration/", "titration.md"), ("/handouts/dose-plan/", "handouts/dose-plan.md")],
)
def test_source_for_finds_the_docs_file(url, expected):
    assert clinic.source_for(url, SOURCES) == expected


def test_source_for_a_missing_page_raises():
    with pytest.raises(
        clinic.ManifestError, match=r"urls.yml: '/gone/' has no page in docs/ \(looked for gone.md or gone/index.md\)"
    ):
        clinic.source_for("/gone/", SOURCES)


def test_clinic_links_renders_the_whole_markdown(tmp_path, monkeypatch):
    monkeypatch.setattr(
        clinic.qr, "qr_svg", lambda url, scale, label: Markup(f'<svg aria-label="QR code for {url}"></svg>')
    )
    path = write(
        tmp_path,
        """\
        pages:
          - url: /
            title: Home
            note: "Start here:"
          - url: /old/
            title: Old
            note: "Moved:"
            redirect_to: /titration/
          - url: /titration/
            title: Dose <plan> & *steps*
            note: "Read <this> & that:"
        sections:
          - url: /titration/#liquid-ldn
            title: Liquid
            note: "Measure it:"
        """,
    )
    markdown = clinic.clinic_links(
        clinic.load_manifest(path),
        SITE,
        SOURCES,
        "handouts/dose-plan.md",
        engine_renderer(),
        engine_locales(),
        "en",
        ["en"],
    )
    # Each entry's HTML is a marked raw block (macros/rawhtml.py): Markdown keeps it whole, unparsed.
    assert markdown == (
        "## Pages\n\n"
        "### [Home](../index.md) { #link-home }\n\n"
        + entry_block("https://clinic.example.org/ldn/", "Start here:")
        + "\n\n### [Dose &lt;plan&gt; &amp; \\*steps\\*](../titration.md) { #link-titration }\n\n"
        + entry_block("https://clinic.example.org/ldn/titration/", "Read &lt;this&gt; &amp; that:")
        + "\n\n## Sections of pages\n\n"
        "### [Liquid (Dose &lt;plan&gt; &amp; \\*steps\\*)](../titration.md#liquid-ldn) "
        "{ #link-titration-liquid-ldn }\n\n"
        + entry_block("https://clinic.example.org/ldn/titration/#liquid-ldn", "Measure it:")
        + "\n"
    )


def entry_block(url, note):
    return rawhtml.mark(
        textwrap.dedent(
            f"""\
            <div class="clinic-link">
            <div class="clinic-link__text">
            <p class="clinic-link__label">Address</p>
            <pre><code>{url}</code></pre>
            <p class="clinic-link__label">Line for a note</p>
            <pre><code>{note} {url}</code></pre>
            </div>
            <div class="clinic-link__qr"><svg aria-label="QR code for {url}"></svg></div>
            </div>"""
        )
    )


def test_markdown_text_escapes_html_and_markdown():
    assert (
        clinic.markdown_text("It's [a] `b` {#c} <d> & e_f")
        == "It&#39;s \\[a\\] \\`b\\` \\{\\#c\\} &lt;d&gt; &amp; e\\_f"
    )


def test_public_url_is_a_code_span_of_a_live_manifest_url():
    links = clinic.load_manifest(ROOT / "urls.yml")
    assert clinic.public_url(links, SITE, "/safety/#opioids") == "`https://clinic.example.org/ldn/safety/#opioids`"


def test_public_url_of_an_unknown_url_raises():
    links = clinic.load_manifest(ROOT / "urls.yml")
    with pytest.raises(clinic.ManifestError, match=r"urls\.yml: '/safety/#nope' is not a live URL in the manifest"):
        clinic.public_url(links, SITE, "/safety/#nope")


TWINS = """\
    pages:
      - url: /
        title: Home
        note: "Start here:"
        es:
          url: /es/
          title: Inicio
          note: "Empiece aquí:"
    sections:
      - url: /#start
        title: Start
        note: "Begin:"
        es:
          url: /es/#start
          title: Comienzo
          note: "Comience:"
    """


def test_translations_are_links_of_their_own(tmp_path):
    links = clinic.load_manifest(write(tmp_path, TWINS), translations=["es"])
    assert [(link.url, link.lang, link.source_url) for link in links] == [
        ("/", "", ""),
        ("/es/", "es", "/"),
        ("/#start", "", ""),
        ("/es/#start", "es", "/#start"),
    ]


def test_a_missing_translation_names_the_entry(tmp_path):
    text = "pages:\n  - url: /a/\n    title: A\n    note: n\n"
    with pytest.raises(clinic.ManifestError, match=r"'/a/': no es version \(add es: \{url: /es/a/"):
        clinic.load_manifest(write(tmp_path, text), translations=["es"])


def test_a_translation_keeps_the_same_path_and_anchor(tmp_path):
    text = TWINS.replace("url: /es/#start", "url: /es/#comienzo")
    with pytest.raises(clinic.ManifestError, match=r"'/#start': es: 'url' must be /es/#start"):
        clinic.load_manifest(write(tmp_path, text), translations=["es"])


def test_a_moved_page_moves_in_every_language(tmp_path):
    text = TWINS.replace(
        "    sections:",
        "      - url: /old/\n        title: Old\n        note: o\n        redirect_to: /\n"
        "        es: {url: /es/old/, title: Viejo, note: v}\n    sections:",
    )
    links = {link.url: link for link in clinic.load_manifest(write(tmp_path, text))}
    assert links["/es/old/"].redirect_to == "/es/"


def test_the_clinics_page_shows_each_language_page_language_first(tmp_path, monkeypatch):
    monkeypatch.setattr(clinic.qr, "qr_svg", lambda url, scale, label: Markup(f'<svg aria-label="{label}"></svg>'))
    links = clinic.load_manifest(write(tmp_path, TWINS), translations=["es"])
    markdown = clinic.clinic_links(
        links,
        SITE,
        {"index.md", "for-clinics.md"},
        "for-clinics.md",
        engine_renderer(),
        engine_locales(),
        "es",
        ["en", "es"],
    )
    assert "### [Inicio](index.md) { #link-home }" in markdown
    assert "### [Comienzo (Inicio)](index.md#start) { #link-start }" in markdown
    spanish, english = (
        markdown.index("Empiece aquí: https://clinic.example.org/ldn/es/"),
        markdown.index("Start here: https://clinic.example.org/ldn/</code>"),
    )
    assert spanish < english
    assert '<p class="clinic-link__language" lang="en">English</p>' in markdown
    assert 'aria-label="Código QR para https://clinic.example.org/ldn/"' in markdown
