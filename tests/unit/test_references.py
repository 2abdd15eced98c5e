"""Unit tests for macros/references.py: loading and checking .bib files, AMA formatting, citations."""

import logging
import textwrap

import pytest
import yaml
from helpers import FIXTURES, ROOT, engine_locales, engine_renderer

from macros import rawhtml, references

BIB = FIXTURES / "bib"
# The identifiers and titles checked before they went into references.bib (kept in the repo).
VERIFIED = FIXTURES / "verified-references.yml"
RENDERER = engine_renderer()
LOCALES = engine_locales()
EN = LOCALES["en"]


def format_entry(entry, locale=EN):
    """One entry as the reference-list template renders it (without the back link)."""
    return (
        str(RENDERER.render("bibliography.html", entries=[references.entry_parts(entry, locale)], t=locale))
        .removeprefix('<ul class="bibliography">\n<li id="' + entry.key + '">')
        .removesuffix("</li>\n</ul>")
    )


def tracker_for(bib, *pages, language="en"):
    """A citation tracker with each page started, as on_pre_page_macros does."""
    tracker = references.CitationTracker(bib, RENDERER, LOCALES)
    for page in pages or ("safety.md",):
        tracker.start_page(page, language)
    return tracker


YOUNGER_2009 = r"""
    @article{younger2009,
      author  = {Younger, J. and Mackey, S.},
      title   = {Fibromyalgia symptoms are reduced by low-dose naltrexone: a pilot study},
      journal = {Pain Med},
      year    = {2009},
      volume  = {10},
      number  = {4},
      pages   = {663-672},
      doi     = {10.1111/j.1526-4637.2009.00613.x},
      pmid    = {19453963},
      pmcid   = {PMC2891387},
    }
"""
BESTED_2023 = r"""
    @article{bested2023,
      author  = {Bested, K. and others},
      title   = {Low-dose naltrexone for treatment of pain in patients with fibromyalgia},
      journal = {Pain Rep},
      year    = {2023},
    }
"""


def parse(text, source="test.bib"):
    """Parse a dedented BibTeX snippet."""
    return references.parse_bibliography(textwrap.dedent(text), source=source)


def only(text):
    """Parse a snippet holding exactly one entry and return that entry."""
    (entry,) = parse(text).values()
    return entry


def load_error(name):
    """Load a bad fixture and return the BibliographyError message."""
    with pytest.raises(references.BibliographyError) as caught:
        references.load_bibliography(BIB / name)
    return str(caught.value)


# Formatting whole entries ----------------------------------------------------------------------


def test_article_with_doi_pmid_and_pmcid():
    assert format_entry(only(YOUNGER_2009)) == (
        "Younger J, Mackey S. Fibromyalgia symptoms are reduced by low-dose naltrexone: a pilot study. "
        "<em>Pain Med</em>. 2009;10(4):663-672. "
        '<span class="ref-links">'
        '<a href="https://doi.org/10.1111/j.1526-4637.2009.00613.x">doi:10.1111/j.1526-4637.2009.00613.x</a> '
        '<a href="https://pubmed.ncbi.nlm.nih.gov/19453963/">PubMed</a> '
        '<a href="https://pmc.ncbi.nlm.nih.gov/articles/PMC2891387/">Free full text (PMC)</a>'
        "</span>"
    )


def test_book():
    entry = only(
        r"""
        @book{moore2009,
          author    = {Moore, E. A. and Wilkinson, S.},
          title     = {The Promise of Low Dose Naltrexone Therapy},
          publisher = {McFarland},
          year      = {2009},
        }
        """
    )
    assert format_entry(entry) == (
        "Moore EA, Wilkinson S. <em>The Promise of Low Dose Naltrexone Therapy</em>. McFarland; 2009."
    )


def test_more_than_six_authors_lists_first_three_then_et_al():
    entry = only(
        r"""
        @article{yang2023,
          author  = {Yang, J. and Shin, K. M. and Do, A. and Bierle, D. M. and Abu Dabrh, A. M. and
                     Yin, Z. and Bauer, B. A. and Mohabbat, A. B.},
          title   = {The Safety and Efficacy of Low-Dose Naltrexone in Patients with Fibromyalgia: A Systematic Review},
          journal = {J Pain Res},
          year    = {2023},
          volume  = {16},
          pages   = {1017-1023},
        }
        """
    )
    assert format_entry(entry) == (
        "Yang J, Shin KM, Do A, et al. The Safety and Efficacy of Low-Dose Naltrexone in Patients with "
        "Fibromyalgia: A Systematic Review. <em>J Pain Res</em>. 2023;16:1017-1023."
    )


def test_exactly_six_authors_are_all_listed():
    entry = only(
        r"""
        @article{six,
          author  = {Ologunowa, A. and Otoo, M. N. and Caffrey, A. R. and Buchanan, A. and Eze, U. J. and Vyas, A.},
          title   = {Six authors},
          journal = {J Pain Palliat Care Pharmacother},
          year    = {2025},
        }
        """
    )
    assert references.format_authors(entry) == "Ologunowa A, Otoo MN, Caffrey AR, Buchanan A, Eze UJ, Vyas A"


def test_latex_accents_become_unicode():
    entry = only(
        r"""
        @article{accents,
          author  = {Bye-M{\o}ller, L. and M{\"u}ller, J.-P. and de Paula, T. M. H.},
          title   = {Na{\"\i}ve {\'e}tudes of {LDN} \& pain at 45\%},
          journal = {Lancet Rheumatol},
          year    = {2024},
          volume  = {6},
          number  = {1},
          pages   = {e31-e39},
        }
        """
    )
    assert format_entry(entry) == (
        "Bye-Møller L, Müller J-P, de Paula TMH. Naïve études of LDN &amp; pain at 45%. "
        "<em>Lancet Rheumatol</em>. 2024;6(1):e31-e39."
    )


def test_partly_verified_author_list_ends_in_et_al():
    assert format_entry(only(BESTED_2023)) == (
        "Bested K, et al. Low-dose naltrexone for treatment of pain in patients with fibromyalgia. "
        "<em>Pain Rep</em>. 2023."
    )


def test_group_author_follows_a_semicolon():
    entry = only(
        r"""
        @article{croop1997,
          author  = {Croop, R. S. and Labriola, D. F. and {Naltrexone Usage Study Group}},
          title   = {The safety profile of naltrexone},
          journal = {Arch Gen Psychiatry},
          year    = {1997},
        }
        """
    )
    assert references.format_authors(entry) == "Croop RS, Labriola DF; Naltrexone Usage Study Group"


def test_manual_without_author_uses_key_field():
    entry = only(
        r"""
        @manual{label,
          key   = {Naltrexone},
          title = {Naltrexone hydrochloride 50 mg tablets (generic/REVIA)},
          note  = {US prescribing information},
        }
        """
    )
    assert format_entry(entry) == (
        "<em>Naltrexone hydrochloride 50 mg tablets (generic/REVIA)</em>. US prescribing information."
    )


def test_online_page_without_year():
    entry = only(
        r"""
        @online{blog,
          author       = {Kim, Y. H.},
          title        = {A blog post},
          organization = {LDN Support Group blog},
          note         = {Published August 30 (the page shows no year)},
          url          = {https://example.org/post?a=1&b=2},
          urldate      = {2026-11-25},
        }
        """
    )
    assert format_entry(entry) == (
        "Kim YH. A blog post. LDN Support Group blog. Published August 30 (the page shows no year). "
        "Accessed November 25, 2026. "
        '<a href="https://example.org/post?a=1&amp;b=2">https://example.org/post?a=1&amp;b=2</a>'
    )


def test_text_from_the_file_is_html_escaped():
    entry = only(
        r"""
        @article{evil,
          author  = {O'Brien, A.},
          title   = {<script>alert("x")</script> and <b>bold</b>},
          journal = {J <i>Evil</i>},
          year    = {2020},
        }
        """
    )
    assert format_entry(entry) == (
        "O&#39;Brien A. &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt;. "
        "<em>J &lt;i&gt;Evil&lt;/i&gt;</em>. 2020."
    )


# Citations on a page ---------------------------------------------------------------------------


def test_cite_numbers_by_first_use_and_reuses_numbers():
    tracker = tracker_for(parse(YOUNGER_2009 + BESTED_2023), "safety.md", "evidence.md")
    # Marked as inline raw HTML (macros/rawhtml.py): Markdown keeps the marker whole.
    assert tracker.cite("safety.md", "bested2023") == rawhtml.mark_inline(
        '<sup class="cite">[<a href="#ref-bested2023" id="cite-bested2023-1" aria-label="Reference 1">1</a>]</sup>'
    )
    assert tracker.cite("safety.md", "younger2009", "bested2023") == rawhtml.mark_inline(
        '<sup class="cite">['
        '<a href="#ref-younger2009" id="cite-younger2009-1" aria-label="Reference 2">2</a>, '
        '<a href="#ref-bested2023" id="cite-bested2023-2" aria-label="Reference 1">1</a>'
        "]</sup>"
    )


def test_references_lists_the_page_in_citation_order_with_back_links():
    tracker = tracker_for(parse(YOUNGER_2009 + BESTED_2023), "safety.md", "evidence.md")
    tracker.cite("safety.md", "bested2023")
    tracker.cite("safety.md", "bested2023")
    assert tracker.references("safety.md") == (
        '\n\n<!-- raw-block -->\n<ol class="references" data-print-note="The numbered sources are listed '
        'on the web page at the address at the top.">\n'
        '<li id="ref-bested2023">Bested K, et al. Low-dose naltrexone for treatment of pain in patients '
        "with fibromyalgia. <em>Pain Rep</em>. 2023. "
        '<a class="ref-backlink" href="#cite-bested2023-1" aria-label="Back to text">&#x21a9;&#xfe0e;</a></li>'
        "\n</ol>\n<!-- /raw-block -->\n\n"
    )


def test_pages_are_numbered_independently():
    tracker = tracker_for(parse(YOUNGER_2009 + BESTED_2023), "safety.md", "evidence.md")
    tracker.cite("safety.md", "bested2023")
    assert 'aria-label="Reference 1"' in tracker.cite("evidence.md", "younger2009")
    assert 'id="ref-younger2009"' not in tracker.references("safety.md")


def test_start_page_resets_numbering_for_a_rebuild():
    tracker = tracker_for(parse(YOUNGER_2009 + BESTED_2023), "safety.md", "evidence.md")
    tracker.cite("safety.md", "bested2023")
    tracker.references("safety.md")
    tracker.start_page("safety.md", "en")
    assert 'id="cite-younger2009-1" aria-label="Reference 1"' in tracker.cite("safety.md", "younger2009")


def test_cite_after_the_list_stops_the_build_naming_the_page():
    tracker = tracker_for(parse(YOUNGER_2009 + BESTED_2023))
    tracker.cite("safety.md", "bested2023")
    tracker.references("safety.md")
    with pytest.raises(references.BibliographyError) as caught:
        tracker.cite("safety.md", "younger2009")
    assert str(caught.value) == (
        "safety.md: cite('younger2009') comes after references(); move the citation above the page's reference list"
    )


def test_a_second_reference_list_on_a_page_stops_the_build():
    tracker = tracker_for(parse(YOUNGER_2009))
    tracker.cite("safety.md", "younger2009")
    tracker.references("safety.md")
    with pytest.raises(references.BibliographyError, match=r"^safety\.md: references\(\) is used twice"):
        tracker.references("safety.md")


def test_spanish_pages_get_spanish_labels_and_original_titles():
    tracker = tracker_for(parse(YOUNGER_2009), "safety.es.md", language="es")
    assert 'aria-label="Referencia 1"' in tracker.cite("safety.es.md", "younger2009")
    html = tracker.references("safety.es.md")
    assert 'aria-label="Volver al texto"' in html and "Texto completo gratis (PMC)" in html
    assert "Fibromyalgia symptoms are reduced by low-dose naltrexone: a pilot study." in html


def test_a_spanish_online_entry_dates_its_access_in_spanish():
    entry = only(
        r"""
        @online{blog,
          author  = {Kim, Y. H.},
          title   = {A blog post},
          url     = {https://example.org/post},
          urldate = {2026-11-25},
        }
        """
    )
    assert "Consultado el 25 de noviembre de 2026." in format_entry(entry, LOCALES["es"])


def test_bibliography_sorts_by_first_author_with_key_anchors():
    bib = parse(YOUNGER_2009 + BESTED_2023)
    html = references.bibliography_html(bib, RENDERER, EN)
    assert html.startswith('\n\n<!-- raw-block -->\n<ul class="bibliography">\n<li id="bested2023">Bested K, et al.')
    assert html.index('id="bested2023"') < html.index('id="younger2009"')
    assert html.endswith("</li>\n</ul>\n<!-- /raw-block -->\n\n")


def test_uncited_entries_are_warned_outside_the_mkdocs_logger(caplog):
    tracker = tracker_for(parse(YOUNGER_2009 + BESTED_2023, source="references.bib"))
    tracker.cite("safety.md", "bested2023")
    with caplog.at_level(logging.WARNING, logger="guide.references"):
        assert tracker.warn_uncited() == ["younger2009"]
    (record,) = caplog.records
    assert record.name == "guide.references"  # not "mkdocs.*": --strict would fail the build
    assert record.getMessage() == "references.bib: 1 entries are cited by no page: younger2009"


# Bad input stops the build ---------------------------------------------------------------------


def test_cite_of_unknown_key_names_key_and_page():
    tracker = tracker_for(parse(YOUNGER_2009, source="references.bib"))
    with pytest.raises(references.BibliographyError) as caught:
        tracker.cite("safety.md", "younger2090")
    assert str(caught.value) == (
        "safety.md: cite() uses unknown key 'younger2090', which is not in references.bib (did you mean 'younger2009'?)"
    )


def test_references_without_citations_is_an_error():
    tracker = tracker_for(parse(YOUNGER_2009), "about.md")
    with pytest.raises(references.BibliographyError, match=r"^about\.md: references\(\) .* cites nothing"):
        tracker.references("about.md")


def test_unbalanced_braces():
    message = load_error("unbalanced-braces.bib")
    assert message.startswith(f"{BIB / 'unbalanced-braces.bib'}:1: entry 'broken2020': malformed entry")


def test_missing_comma():
    assert load_error("missing-comma.bib") == (
        f"{BIB / 'missing-comma.bib'}:1: entry 'nocomma2020': missing comma before field 'title'"
    )


def test_duplicate_key():
    assert load_error("duplicate-key.bib") == (
        f"{BIB / 'duplicate-key.bib'}:8: entry 'twice2020': duplicate key (first defined on line 1)"
    )


@pytest.mark.parametrize(
    ("name", "key", "kind", "field"),
    [
        ("missing-author.bib", "noauthor2020", "article", "author"),
        ("missing-title.bib", "notitle2020", "article", "title"),
        ("missing-year.bib", "noyear2020", "article", "year"),
        ("missing-journal.bib", "nojournal2020", "article", "journal"),
        ("online-missing-urldate.bib", "nourldate", "online", "urldate"),
    ],
)
def test_missing_required_field(name, key, kind, field):
    assert load_error(name) == (f"{BIB / name}:1: entry '{key}': missing required field(s) for @{kind}: {field}")


@pytest.mark.parametrize(
    ("name", "key", "reason"),
    [
        ("bad-doi.bib", "baddoi2020", "malformed doi 'doi:10.1111/pme.1': expected 10.NNNN/suffix"),
        ("bad-pmid.bib", "badpmid2020", "malformed pmid 'PMID 19453963': expected digits only"),
        ("bad-pmcid.bib", "badpmcid2020", "malformed pmcid '2891387': expected PMC followed by digits"),
    ],
)
def test_malformed_identifier(name, key, reason):
    assert load_error(name) == f"{BIB / name}:1: entry '{key}': {reason}"


def test_text_outside_entries_after_an_early_closing_brace():
    assert load_error("stray-text.bib") == (
        f"{BIB / 'stray-text.bib'}:3: text outside any entry (an extra closing brace in the entry above?): "
        "', journal = {Pain Med}, year    = {2020}, }'"
    )


def test_unknown_field():
    assert load_error("unknown-field.bib").startswith(
        f"{BIB / 'unknown-field.bib'}:1: entry 'typo2020': unknown field 'pmdi'"
    )


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(references.BibliographyError, match=r"references\.bib: cannot read"):
        references.load_bibliography(tmp_path / "references.bib")


# The real references.bib -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_bib():
    return references.load_bibliography(ROOT / "references.bib")


def _verified_records():
    """The checked identifiers, by key; the test fails naming the file if it is missing."""
    assert VERIFIED.is_file(), f"{VERIFIED} is missing: it holds the checked identifiers of every reference"
    return yaml.safe_load(VERIFIED.read_text(encoding="utf-8"))


KEYS = _verified_records()


def test_real_bibliography_has_every_checked_key(real_bib):
    assert sorted(KEYS) == sorted(real_bib)


@pytest.mark.parametrize("key", sorted(KEYS))
def test_real_identifiers_and_titles_are_the_verified_ones(real_bib, key):
    entry, record = real_bib[key], KEYS[key]
    for name in ("doi", "pmid", "pmcid"):
        # Equal both ways: no identifier that was not checked, and none checked left out.
        assert (entry.get(name) or None) == record[name], name
    if record["title"]:
        assert entry.get("title") == record["title"]


def test_real_bibliography_formats_every_entry(real_bib):
    html = references.bibliography_html(real_bib, RENDERER, EN)
    assert html.count("<li id=") == len(KEYS)
    assert "\\" not in html and "{" not in html  # no LaTeX left undecoded


@pytest.mark.parametrize(
    "value",
    [
        "Low-dose naltrexone for fibromyalgia",
        "Pain Rep",
        "{LDN} in {F}ibromyalgia",
        'M{\\"u}ller',
        "pages 1--5",
        "p~value",
        "50\\% of women",
        "``quoted''",
        "de Paula",
        "T. M. H.",
        "Vatvani, A. D. and others",
    ],
)
def test_latex_fast_path_gives_the_same_text_as_the_parser(value):
    """Plain values skip pylatexenc for speed; the result must be what the parser would give."""
    assert references._latex_text(value) == references._LATEX.latex_to_text(value)
