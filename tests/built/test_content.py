"""Content checks on the built site: reading level, page furniture, safety points, no copied text.

Each check reads the real strict build (the `site` fixture). The text helpers are pure functions,
unit-tested here on tiny HTML strings so that a broken helper cannot make a check pass.
"""

import hashlib
import re
import unicodedata
from pathlib import Path
from urllib.parse import urljoin

import pytest
import textstat
import yaml
from bs4 import BeautifulSoup, NavigableString
from helpers import CONTENT_PAGES, FIXTURES, ROOT, page_path

# Hashed 8-word runs of the source article's body: the copy check needs no copy of its text.
SOURCE_FINGERPRINT = FIXTURES / "source-fingerprint.txt"
FINGERPRINT_DIGITS = 16
BASE = "http://example.test/"
MAX_GRADE = 8.0
NGRAM = 8

# Pages that need review dates and a description but not Key points or citations.
OTHER_PAGES = {
    "/references/": "references.md",
    "/for-clinics/": "for-clinics.md",
    "/handouts/dose-plan/": "handouts/dose-plan.md",
    "/handouts/paper-diary/": "handouts/paper-diary.md",
}
ALL_PAGES = {**CONTENT_PAGES, **OTHER_PAGES}
# Pages whose opioid warning must link to the opioid section of the safety page.
OPIOID_LINK_PAGES = ["/", "/what-to-expect/", "/titration/", "/side-effects/", "/sweating/"]
# Pages a patient acts from, on screen or on paper: each states the opioid warning itself, not
# only as a link (sudden withdrawal, and never taking more opioid to get past the block).
OPIOID_WARNING_PAGES = [
    "/",
    "/titration/",
    "/side-effects/",
    "/sweating/",
    "/next-steps/",
    "/safety/",
    "/handouts/dose-plan/",
    "/handouts/paper-diary/",
]
OPIOID_WARNING = [r"sudden (?:opioid )?withdrawal", r"(?:override|get past) (?:the|this) block"]

BLOCKS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "summary",
    "td",
    "th",
    "caption",
    "blockquote",
    "div",
}
# Not the page's own prose: furniture, tables, reference lists, citation markers and scripts.
NOT_MAIN_TEXT = (
    "script",
    "style",
    "table",
    ".dose-schedule",
    "ol.references",
    "ul.bibliography",
    "sup.cite",
    "a.headerlink",
    ".print-header",
    "aside.page-review",
)
NOT_VISIBLE_TEXT = ("script", "style", "ol.references", "ul.bibliography", "sup.cite", "a.headerlink")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
WORD = re.compile(r"[a-z0-9]+")
END_OF_SENTENCE = re.compile(r"[.!?][\"')\]]*$")
RESPONSE_RANGE = re.compile(r"\b50\s*(?:%|percent)?\s*(?:-|–|—|to)\s*70\s*(?:%|percent|per\s*cent)", re.I)

SAFETY_ESSENTIALS = {
    "opioid block": [r"blocks? opioid", r"cough medicines?", r"diarrho?ea medicines?"],
    "withdrawal with opioids, methadone or buprenorphine": [r"sudden withdrawal", r"methadone", r"buprenorphine"],
    "7-10 days opioid-free": [r"\b7\s*(?:to|-|–)\s*10 days\b"],
    "never override the block: fatal overdose": [
        r"(?:override|get past) the block",
        r"overdose",
        r"(?:die|kill|fatal|deadly)",
    ],
    "tell every clinician, surgeon, emergency team; card": [
        r"tell every (?:clinician|doctor)",
        r"surg(?:eon|ical team)",
        r"emergency team",
        r"\bcard\b",
    ],
    "surgery: follow the surgical team on stopping": [
        r"(?:operation|surgery)[^.]*\.?[^.]*surgical team's advice on when to stop",
    ],
    "liver signs": [r"liver", r"upper[- ]belly", r"dark urine", r"pale stools?", r"yellow skin"],
    "mood and suicidal thoughts": [r"low mood", r"suicid"],
    "pregnancy and breastfeeding": [r"pregnan", r"breastfeeding"],
    "missed dose: advice differs, never double": [
        r"missed dose",
        r"skip",
        r"do not all agree",
        r"do not take two doses",
    ],
    "label is for 50 mg; low dose is a prudent inference": [r"50 mg", r"prudent"],
    "emergency numbers (US and UK)": [r"\b911\b", r"\b999\b", r"\b988\b", r"116 123", r"NHS 111"],
}
# The safety points added with issue #12: each has a section of /safety/ (h2 or h3) holding all
# of its patterns and at least one citation marker.
SAFETY_TOPICS = {
    "opioid taper": [r"do not stop an opioid[^.]*suddenly", r"FDA", r"7 to 10 days", r"methadone and buprenorphine"],
    "opioid sensitivity after stopping": [
        r"after people stop naltrexone",
        r"smaller opioid doses",
        r"could cause an overdose",
        r"missed dose",
    ],
    "other medicines": [
        r"tell your pharmacist about everything",
        r"without a prescription",
        r"herbal",
        r"cannabis or CBD",
        r"kratom",
        r"cough, cold and diarrhea medicines",
    ],
    "compounding": [
        r"compounding pharmacy",
        r"not FDA-approved",
        r"does not review them",
        r"strength or purity",
        r"ask your pharmacist",
    ],
    "storage": [r"storage advice on your pharmacy label", r"out of sight and reach of children", r"use-by date"],
    "when to stop": [
        r"do not stop LDN on your own",
        r"allergic reaction",
        r"liver trouble",
        r"surgical team's advice on when to stop",
    ],
}

SWEATING_TABLE_HEADER = ["Possible cause", "Other signs", "What to ask for"]
SWEATING_CAUSES = {
    "menopause or hormone therapy": r"menopause|hormone",
    "autonomic problems (dysautonomia)": r"autonomic|dysautonomia",
    "overactive thyroid": r"thyroid",
    "infection": r"infection",
    "low blood sugar": r"blood sugar",
    "other medicines (e.g. antidepressants)": r"medicine|antidepressant",
    "cannabis": r"cannabis",
}
NO_BENEFIT = re.compile(
    r"no (?:clear |real |significant |meaningful )?(?:benefit|difference|better)"
    r"|(?:did not|didn't|does not|was not|were not)\s+(?:\w+\s+){0,4}(?:better|more) than (?:a |the )?(?:placebo|dummy)"
    r"|no better than",
    re.I,
)


# ---------------------------------------------------------------- text helpers (pure functions)


def soup_of(html):
    return BeautifulSoup(html, "html.parser")


def article_of(html):
    """The page's <article> (Material puts the page content there)."""
    article = soup_of(html).find("article")
    assert article is not None, "no <article> in page"
    return article


def _drop(node, selectors):
    for selector in selectors:
        for element in node.select(selector):
            element.decompose()


def _drop_section(article, title="References"):
    """Remove the heading that reads `title` and everything after it at the same level."""
    for heading in article.find_all(re.compile(r"^h[2-6]$")):
        if heading.get_text(" ", strip=True).replace("¶", "").strip() == title:
            for sibling in list(heading.find_next_siblings()):
                sibling.decompose()
            heading.decompose()
            return


def _chunks(node, out):
    """Collect text by block: each block element (p, li, heading...) starts a new chunk."""
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # skip comments, doctypes
                out[-1] += str(child)
        elif child.name in BLOCKS:
            out.append("")
            _chunks(child, out)
            out.append("")
        else:
            _chunks(child, out)


def blocks_text(node):
    """Text of a node as one sentence-terminated line per block.

    textstat splits sentences only at . ! ?, so a heading or list item without a full stop
    would run into the next sentence; each block is closed with a full stop instead.
    """
    out = [""]
    _chunks(node, out)
    lines = [" ".join(chunk.split()) for chunk in out]
    return "\n".join(line if END_OF_SENTENCE.search(line) else f"{line}." for line in lines if line)


def main_text(html, references="References"):
    """The page's own prose, as read for the reading-level check.

    Removed: tables (dose tables included), the reference list and anything under the
    'References' heading, citation markers, the page-review aside, the print header and
    permalink marks. Abbreviation definitions live only in title attributes, so they never
    reach the text.
    """
    article = article_of(html)
    _drop(article, NOT_MAIN_TEXT)
    _drop_section(article, references)
    return blocks_text(article)


def visible_text(html):
    """All the page's visible text, tables included, without reference lists or markers."""
    article = article_of(html)
    _drop(article, NOT_VISIBLE_TEXT)
    return blocks_text(article)


def grade(text):
    return textstat.flesch_kincaid_grade(text)


def words(text):
    """Lower-case words with accents, case and punctuation removed."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return WORD.findall(text)


def ngrams(text, n=NGRAM):
    tokens = words(text)
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def shingle_hash(gram):
    """The fingerprint of one run of words: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(" ".join(gram).encode("utf-8")).hexdigest()[:FINGERPRINT_DIGITS]


def fingerprint(text, n=NGRAM):
    """The hashed n-word runs of a text, as kept in tests/fixtures/source-fingerprint.txt."""
    return {shingle_hash(gram) for gram in ngrams(text, n)}


def read_fingerprint(path=SOURCE_FINGERPRINT):
    assert path.is_file(), f"{path} is missing: the copy check compares pages with this fingerprint"
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return {line for line in lines if line and not line.startswith("#")}


def copied_runs(text, fingerprint_hashes, n=NGRAM):
    """Every run of n words in `text` whose hash is in the source's fingerprint, as strings."""
    return sorted(" ".join(gram) for gram in ngrams(text, n) if shingle_hash(gram) in fingerprint_hashes)


def key_points_items(article, title="Key points"):
    """The bullets of the Key points box (titled `title`), or None if the page has no such box."""
    for box in article.select("div.admonition"):
        found = box.find(class_="admonition-title")
        if found and found.get_text(strip=True) == title:
            lists = box.find_all("ul", recursive=False)
            return [li for ul in lists for li in ul.find_all("li", recursive=False)]
    return None


def first_block_after_title(article):
    h1 = article.find("h1")
    return h1.find_next_sibling() if h1 else None


def links_to(html, page_url, target):
    """True if the page has a link that resolves to `target` (site-relative, with #anchor)."""
    here = urljoin(BASE, page_url.lstrip("/"))
    wanted = urljoin(BASE, target.lstrip("/"))
    return any(urljoin(here, a["href"]) == wanted for a in soup_of(html).select("article a[href]"))


def front_matter(md_file, root=ROOT):
    match = FRONT_MATTER.match((Path(root) / "docs" / md_file).read_text(encoding="utf-8"))
    return yaml.safe_load(match.group(1)) if match else {}


def sections(article):
    """(heading text, section text) for each h2/h3 section of the article, in order."""
    result, heading, parts = [], "", []
    for child in article.children:
        if getattr(child, "name", None) in ("h2", "h3"):
            result.append((heading, " ".join(parts)))
            heading, parts = child.get_text(" ", strip=True), []
        elif getattr(child, "name", None):
            parts.append(child.get_text(" ", strip=True))
    result.append((heading, " ".join(parts)))
    return result


def cell_text(node):
    """An element's text with whitespace collapsed; inline tags (<abbr>) add no spaces: '(mg)', not '( mg )'."""
    return " ".join(node.get_text().split())


def section_blocks(article):
    """(heading text, list of elements) for each h2/h3 section of the article, in order."""
    result, heading, nodes = [], "", []
    for child in article.children:
        if getattr(child, "name", None) in ("h2", "h3"):
            result.append((heading, nodes))
            heading, nodes = child.get_text(" ", strip=True), []
        elif getattr(child, "name", None):
            nodes.append(child)
    result.append((heading, nodes))
    return result


def sections_with_all(article, patterns):
    """Headings of the sections whose text matches every pattern and that hold a citation marker."""
    found = []
    for heading, nodes in section_blocks(article):
        text = " ".join(cell_text(node) for node in nodes)
        cited = any(node.select("sup.cite") or node.name == "sup" for node in nodes)
        if cited and all(re.search(pattern, text, re.I) for pattern in patterns):
            found.append(heading)
    return found


def trial_reported_negative(article, author, year):
    """True if a section naming `author` also gives `year` and says there was no benefit."""
    return any(
        author in text and year in text and NO_BENEFIT.search(text) and re.search(r"placebo|dummy", text, re.I)
        for _, text in sections(article)
    )


def read(site, url):
    return page_path(site, url).read_text(encoding="utf-8")


# ---------------------------------------------------------------- unit tests of the helpers

TINY_PAGE = """
<html><body><article class="md-content__inner">
<div class="print-header"><p>Printed header text.</p></div>
<h1 id="t">Title here<a class="headerlink" href="#t">¶</a></h1>
<div class="admonition note"><p class="admonition-title">Key points</p>
<ul><li>First point</li><li>Second <abbr title="a long hard definition">LDN</abbr> point.</li></ul></div>
<p>Plain words<sup class="cite">[<a href="#ref-x">1</a>]</sup> here.</p>
<table><tr><th>Cell head</th></tr><tr><td>Cell text</td></tr></table>
<div class="dose-schedule"><p>Dose description.</p></div>
<h2 id="references">References</h2>
<ol class="references"><li>Someone. A paper title.</li></ol>
<p>After the references.</p>
<aside class="page-review"><p>Last reviewed: today.</p></aside>
</article></body></html>
"""


def test_main_text_keeps_prose_and_closes_each_block():
    assert main_text(TINY_PAGE) == "Title here.\nKey points.\nFirst point.\nSecond LDN point.\nPlain words here."


@pytest.mark.parametrize(
    "left_out",
    [
        "Printed header",
        "¶",
        "[1]",
        "Cell",
        "Dose description",
        "References",
        "A paper title",
        "After the references",
        "Last reviewed",
        "a long hard definition",
    ],
)
def test_main_text_leaves_out_furniture_tables_and_references(left_out):
    assert left_out not in main_text(TINY_PAGE)


def test_visible_text_keeps_tables_but_not_reference_lists():
    text = visible_text(TINY_PAGE)
    assert "Cell text" in text and "Dose description" in text
    assert "A paper title" not in text and "[1]" not in text


def test_grade_tells_plain_from_hard_text():
    plain = "Take one pill a day. Drink water. Call us if you feel sick. " * 5
    hard = (
        "Pharmacological antagonism of endogenous opioidergic neurotransmission necessitates "
        "individualised consideration of contraindications and comorbidities. "
    ) * 5
    assert grade(plain) <= MAX_GRADE < grade(hard)


def test_copied_runs_catches_eight_words_in_a_row_whatever_the_case_and_punctuation():
    source = fingerprint("Patients often do not experience noticeable improvements immediately, it says.")
    page = "Some PATIENTS often do not experience noticeable improvements — immediately; really."
    assert copied_runs(page, source) == ["patients often do not experience noticeable improvements immediately"]


def test_copied_runs_lets_seven_words_and_rewording_pass():
    source = fingerprint("Patients often do not experience noticeable improvements immediately, it says.")
    assert copied_runs("Patients often do not experience noticeable improvements. Then more.", source) == []
    assert copied_runs("Many people do not notice a change at once.", source) == []


def test_key_points_items_counts_the_bullets_of_the_box_only():
    article = article_of(TINY_PAGE)
    assert [li.get_text(" ", strip=True) for li in key_points_items(article)] == ["First point", "Second LDN point."]
    assert (
        key_points_items(
            article_of(
                "<article><div class='admonition note'><p class='admonition-title'>Note</p>"
                "<ul><li>x</li></ul></div></article>"
            )
        )
        is None
    )


def test_links_to_resolves_relative_links_and_needs_the_anchor():
    good = '<article><a href="../safety/#opioids">x</a></article>'
    assert links_to(good, "/titration/", "/safety/#opioids")
    assert links_to('<article><a href="safety/#opioids">x</a></article>', "/", "/safety/#opioids")
    assert not links_to('<article><a href="../safety/">x</a></article>', "/titration/", "/safety/#opioids")
    assert not links_to('<article><a href="safety/#opioids">x</a></article>', "/titration/", "/safety/#opioids")


def test_trial_reported_negative_needs_name_year_and_result_in_one_section():
    good = "<article><h2>Trials</h2><p>Bested 2023 found LDN did no better than a placebo.</p></article>"
    no_result = "<article><h2>Trials</h2><p>Bested 2023 studied LDN against a placebo.</p></article>"
    apart = (
        "<article><h2>A</h2><p>Bested 2023 studied LDN.</p><h2>B</h2><p>It found no benefit over placebo.</p></article>"
    )
    assert trial_reported_negative(article_of(good), "Bested", "2023")
    assert not trial_reported_negative(article_of(no_result), "Bested", "2023")
    assert not trial_reported_negative(article_of(apart), "Bested", "2023")


@pytest.mark.parametrize("text", ["50-70% respond", "50 to 70 percent", "50–70 %", "50% to 70%"])
def test_response_range_pattern_finds_the_claim(text):
    assert RESPONSE_RANGE.search(text)


@pytest.mark.parametrize("text", ["about 65 in 100 said it helped", "50 mg tablet; 70 women", "1 in 3"])
def test_response_range_pattern_lets_other_numbers_pass(text):
    assert not RESPONSE_RANGE.search(text)


# ---------------------------------------------------------------- checks on the built site


@pytest.mark.parametrize("url", CONTENT_PAGES)
def test_page_reads_at_grade_8_or_below(site, url):
    text = main_text(read(site, url))
    score = grade(text)
    print(f"{url}: Flesch-Kincaid grade {score:.1f}")
    assert score <= MAX_GRADE, f"{url}: Flesch-Kincaid grade {score:.1f} is above {MAX_GRADE}"
    assert len(words(text)) >= 40, f"{url}: only {len(words(text))} words of main text (grade {score:.1f})"


def check_key_points_open_the_page(article, url, title="Key points"):
    """The page's first block is its Key points box (titled `title`), with 3 to 5 bullets."""
    items = key_points_items(article, title)
    assert items is not None, f"{url}: no '{title}' box"
    assert 3 <= len(items) <= 5, f"{url}: {title} has {len(items)} bullets, want 3-5"
    first = first_block_after_title(article)
    assert first is not None and "admonition" in first.get("class", []), f"{url}: {title} is not the first block"
    assert first.find(class_="admonition-title").get_text(strip=True) == title


def check_cited_equals_listed(article, url, heading="References"):
    """Every citation marker has its entry in the page's reference list under `heading`, and no more."""
    markers = article.select("sup.cite a[href^='#ref-']")
    items = article.select("ol.references > li")
    assert markers, f"{url}: no citation markers"
    assert items, f"{url}: no reference list"
    listed = {li["id"] for li in items}
    cited = {a["href"][1:] for a in markers}
    assert cited == listed, f"{url}: cited {sorted(cited)} but listed {sorted(listed)}"
    found = article.find(id="references")
    assert found is not None and found.get_text(strip=True).replace("¶", "") == heading, f"{url}: no '{heading}'"


@pytest.mark.parametrize("url", CONTENT_PAGES)
def test_page_opens_with_key_points_of_3_to_5_bullets(site, url):
    check_key_points_open_the_page(article_of(read(site, url)), url)


@pytest.mark.parametrize("url", CONTENT_PAGES)
def test_page_cites_and_lists_its_references(site, url):
    check_cited_equals_listed(article_of(read(site, url)), url)


@pytest.mark.parametrize("url", ALL_PAGES)
def test_page_shows_review_dates(site, url):
    aside = soup_of(read(site, url)).select_one("aside.page-review")
    assert aside is not None, f"{url}: no page-review aside"
    text = aside.get_text(" ", strip=True)
    assert "Last reviewed" in text and "Next review due" in text, f"{url}: review dates missing: {text!r}"


@pytest.mark.parametrize("url,md_file", ALL_PAGES.items())
def test_page_description_comes_from_its_front_matter(site, url, md_file):
    wanted = front_matter(md_file).get("description")
    assert wanted, f"{md_file}: no description in front matter"
    meta = soup_of(read(site, url)).find("meta", attrs={"name": "description"})
    assert meta is not None and meta["content"] == wanted.strip(), f"{url}: meta description is not the page's own"


def test_front_matter_reads_the_description_and_notices_its_absence(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "x.md").write_text("---\ndescription: One line.\n---\n\n# X\n", encoding="utf-8")
    (tmp_path / "docs" / "y.md").write_text("---\nlast_reviewed: 2026-11-25\n---\n\n# Y\n", encoding="utf-8")
    assert front_matter("x.md", tmp_path)["description"] == "One line."
    assert front_matter("y.md", tmp_path).get("description") is None


def test_safety_page_carries_every_safety_essential(site):
    text = visible_text(read(site, "/safety/"))
    missing = {
        essential: pattern
        for essential, patterns in SAFETY_ESSENTIALS.items()
        for pattern in patterns
        if not re.search(pattern, text, re.I)
    }
    assert missing == {}, f"safety page lacks: {missing}"


def test_safety_check_would_catch_a_missing_essential():
    text = "LDN blocks opioid painkillers, cough medicines and diarrhea medicines."
    missing = [e for e, patterns in SAFETY_ESSENTIALS.items() if not all(re.search(p, text, re.I) for p in patterns)]
    assert "opioid block" not in missing and "7-10 days opioid-free" in missing and "liver signs" in missing


@pytest.mark.parametrize("topic", SAFETY_TOPICS)
def test_safety_page_gives_each_new_safety_point_a_cited_section(site, topic):
    article = article_of(read(site, "/safety/"))
    assert sections_with_all(article, SAFETY_TOPICS[topic]), (
        f"/safety/ has no section that states {topic} ({SAFETY_TOPICS[topic]}) with a citation marker"
    )


def test_a_safety_point_needs_its_citation_in_the_same_section():
    cited = article_of(
        '<article><h2>Storing</h2><p>Keep it out of reach.<sup class="cite">[1]</sup></p>'
        "<h2>Other</h2><p>Nothing here.</p></article>"
    )
    uncited = article_of(
        "<article><h2>Storing</h2><p>Keep it out of reach.</p>"
        '<h2>Other</h2><p>A fact.<sup class="cite">[1]</sup></p></article>'
    )
    assert sections_with_all(cited, [r"out of reach"]) == ["Storing"]
    assert sections_with_all(uncited, [r"out of reach"]) == []


@pytest.mark.parametrize(
    "anchor",
    [
        "opioids",
        "get-help-now",
        "stopping-opioids",
        "opioid-sensitivity",
        "other-medicines",
        "when-to-stop",
        "your-ldn",
        "storage",
    ],
)
def test_safety_sections_exist_and_say_something(site, anchor):
    heading = soup_of(read(site, "/safety/")).find(id=anchor)
    assert heading is not None and heading.name in ("h2", "h3"), f"/safety/#{anchor} is not a section"
    following = heading.find_next_sibling()
    assert following is not None and following.name not in ("h1", "h2"), f"/safety/#{anchor} is empty"


def test_safety_page_states_7_to_10_days_in_the_opioid_section(site):
    section = dict(sections(article_of(read(site, "/safety/"))))
    opioid_text = next(text for heading, text in section.items() if "opioid" in heading.lower())
    assert re.search(r"\b7 to 10 days\b", opioid_text)
    assert not re.search(r"\b(?:1|2|3|4|5) days\b", opioid_text)


@pytest.mark.parametrize("url", OPIOID_LINK_PAGES)
def test_page_links_its_opioid_warning_to_the_safety_section(site, url):
    assert links_to(read(site, url), url, "/safety/#opioids"), f"{url}: no link to /safety/#opioids"


@pytest.mark.parametrize("url", OPIOID_WARNING_PAGES)
def test_page_states_the_opioid_warning(site, url):
    text = visible_text(read(site, url))
    missing = [pattern for pattern in OPIOID_WARNING if not re.search(pattern, text, re.I)]
    assert not missing, f"{url}: the opioid warning lacks {missing}"


def test_the_fingerprint_is_hashes_only_and_would_catch_the_article():
    hashes = read_fingerprint()
    assert len(hashes) > 500 and all(re.fullmatch(r"[0-9a-f]{16}", h) for h in hashes)


@pytest.mark.parametrize("url", ALL_PAGES)
def test_page_copies_no_run_of_8_words_from_the_source_article(site, url):
    runs = copied_runs(visible_text(read(site, url)), read_fingerprint())
    assert runs == [], f"{url} copies {len(runs)} run(s) of {NGRAM} words from the source article: {runs[:5]}"


@pytest.mark.parametrize("url", ALL_PAGES)
def test_page_does_not_claim_50_to_70_percent_respond(site, url):
    text = visible_text(read(site, url))
    assert not RESPONSE_RANGE.search(text), f"{url} repeats the unsupported 50-70% response claim"


@pytest.mark.parametrize("author,year", [("Bested", "2023"), ("Bruun", "2024")])
def test_evidence_page_reports_the_large_negative_trials(site, author, year):
    article = article_of(read(site, "/evidence/"))
    _drop(article, ["ol.references", "sup.cite"])
    assert trial_reported_negative(article, author, year), (
        f"/evidence/ does not name {author} {year} with its result (no benefit over placebo) in one section"
    )


def test_what_to_expect_reports_the_negative_trials_and_the_chart_reviews(site):
    text = visible_text(read(site, "/what-to-expect/"))
    assert re.search(r"largest trials[^.]*no (?:benefit|better)", text, re.I)
    assert re.search(r"chart reviews?", text, re.I)
    assert not re.search(r"benefit (?:in|within) 4\s*(?:to|-|–)\s*12 weeks", text, re.I)


def _sweating_table(site):
    article = article_of(read(site, "/sweating/"))
    anchor = article.find(id="other-causes")
    assert anchor is not None, "/sweating/ has no #other-causes section"
    for table in anchor.find_all_next("table"):
        header = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        if header == SWEATING_TABLE_HEADER:
            return table
    return None


def test_sweating_page_has_the_other_causes_table(site):
    assert _sweating_table(site) is not None, f"no table headed {SWEATING_TABLE_HEADER} after #other-causes"


@pytest.mark.parametrize("cause,pattern", SWEATING_CAUSES.items())
def test_sweating_table_lists_each_cause(site, cause, pattern):
    table = _sweating_table(site)
    assert table is not None
    first_cells = [row.find("td").get_text(" ", strip=True) for row in table.select("tbody tr") if row.find("td")]
    assert any(re.search(pattern, cell, re.I) for cell in first_cells), f"sweating table lacks {cause}"
    for row in table.select("tbody tr"):
        cells = row.find_all("td")
        assert len(cells) == 3 and all(c.get_text(strip=True) for c in cells), f"incomplete row: {row}"


def test_sweating_page_gives_hyperhidrosis_and_dysautonomia_figures(site):
    text = visible_text(read(site, "/sweating/"))
    assert re.search(r"3 to 5 in (?:every )?100", text)
    assert re.search(r"45 in 100", text)
    assert not re.search(r"up to 50%", text)


def test_titration_page_shows_one_example_plan_and_folds_the_others(site):
    article = article_of(read(site, "/titration/"))
    schedules = article.select(".dose-schedule")
    assert len(schedules) == 3, f"{len(schedules)} example schedules on /titration/, want 3"
    folded = [schedule.find_parent("details") is not None for schedule in schedules]
    assert folded == [False, True, True], f"want the first plan shown and the other two folded, got {folded}"
    # Folded plans are reached by keyboard: each sits in a <details> whose <summary> names it.
    for schedule in schedules[1:]:
        summary = schedule.find_parent("details").find("summary")
        assert summary is not None and summary.get_text(strip=True), "a folded plan has no summary to open it"


def test_titration_page_says_once_at_the_top_that_the_prescriber_s_plan_comes_first(site):
    html = read(site, "/titration/")
    pattern = re.compile(r"prescriber's (?:own )?plan (?:always )?comes first", re.I)
    assert len(pattern.findall(visible_text(html))) == 1, "say it once, not in every table"
    items = key_points_items(article_of(html))
    assert any(pattern.search(cell_text(li)) for li in items), "not in the Key points"


@pytest.mark.parametrize("anchor", ["schedules", "liquid-ldn", "missed-dose"])
def test_titration_sections_exist(site, anchor):
    assert article_of(read(site, "/titration/")).find(id=anchor) is not None


# ---------------------------------------------------------------- the pharmacist's review (issue #12)

# Each wording the review corrected, as a pattern that must never come back, on any page.
OLD_WORDINGS = {
    "dose-finding figure read as a response rate": r"enough for 95 in 100|5\.4 mg for 95",
    # de Paula 2023 (n=86) is larger than Bested 2023: the largest trials are those of LDN on its own.
    "'the two largest trials' without 'of LDN on its own'": r"two largest (?:and (?:newest|most recent) )?trials"
    r"(?! of LDN on its own)",
    "dysautonomia stated as caused by fibromyalgia": r"fibromyalgia itself can affect the nerves",
    "'swelling' for inflammation in the brain": r"swelling and irritation|lower swelling",
    "liver harm 'up to 300 mg'": r"up to 300 mg",
    "one missed-dose rule stated as agreed": r"usual advice for naltrexone is",
    "the example plans credited to the source article": r"plans below follow the habits of one doctor",
    "provenance opening patient pages": r"in the parts of the naltrexone label we checked",
    "'most/largest' without a count": r"\bthe longest trial\b|\bone large chart review\b|\bthe best trials\b",
}
# A claim about one page that must be there, with the page.
NEW_WORDINGS = [
    ("/", r"two largest trials of LDN on its own, with 58 and 99 people"),
    ("/what-to-expect/", r"two largest trials of LDN on its own, with 58 and 99 people"),
    (
        "/evidence/",
        r"two largest trials of LDN on its own are Bested 2023, with 58 people, and Bruun 2024, with 99 women",
    ),
    ("/evidence/", r"no placebo group, so it cannot show that LDN works"),
    ("/evidence/", r"pooled 5 RCTs\. Pain was lower with LDN than with a placebo"),
    ("/evidence/", r"SMD was -0\.61.*from -1\.14 to -0\.08"),
    ("/next-steps/", r"They do not show that fibromyalgia causes the nerve problems"),
    ("/what-to-expect/", r"calm some immune cells in the brain and spinal cord"),
    ("/safety/", r"Liver damage was seen in studies at 300 mg a day.*five times the usual 50 mg dose"),
    ("/safety/", r"Leaflets for naltrexone do not all agree"),
    ("/titration/", r"Advice for naltrexone differs from leaflet to leaflet"),
    ("/titration/", r"this guide's examples, not plans from the doctor's article"),
]
PROVENANCE_PAGES = {"/about/", "/evidence/"}
PROVENANCE = re.compile(r"parts of the (?:50 mg )?(?:naltrexone )?label (?:we|that we) (?:checked|could read)", re.I)


@pytest.mark.parametrize("what", OLD_WORDINGS)
@pytest.mark.parametrize("url", ALL_PAGES)
def test_a_corrected_wording_does_not_return(site, url, what):
    text = visible_text(read(site, url))
    match = re.search(OLD_WORDINGS[what], text, re.I)
    assert match is None, f"{url}: {what}: {match.group(0)!r}"


@pytest.mark.parametrize("url,pattern", NEW_WORDINGS)
def test_the_corrected_wording_is_there(site, url, pattern):
    assert re.search(pattern, visible_text(read(site, url)), re.S), f"{url} lacks {pattern!r}"


@pytest.mark.parametrize("url", ALL_PAGES)
def test_how_the_guide_was_made_stays_on_about_and_evidence(site, url):
    found = PROVENANCE.search(visible_text(read(site, url)))
    assert found is None or url in PROVENANCE_PAGES, f"{url} tells readers how the guide was made: {found.group(0)!r}"


def test_the_ann_med_surg_review_is_cited_without_authors(site):
    article = article_of(read(site, "/evidence/"))
    item = article.select_one("ol.references li#ref-annmedsurg2025")
    assert item is not None, "/evidence/ does not cite the 2025 Ann Med Surg meta-analysis"
    assert item.get_text(" ", strip=True).startswith("Efficacy and safety of low-dose naltrexone (LDN) in fibromyalgia")


@pytest.mark.parametrize("url", ["/side-effects/", "/sweating/", "/titration/", "/next-steps/"])
def test_patient_pages_lead_with_the_answer_not_with_the_sources(site, url):
    items = key_points_items(article_of(read(site, url)))
    first = items[0].get_text(" ", strip=True)
    assert not re.search(r"\bwe (?:did not find|checked|could not)\b", first, re.I), f"{url}: {first!r}"


# ---------------------------------------------------------------- one English: US spelling

# UK spellings (and UK words) with the US form the guide uses. Matched as whole words, any case.
UK_SPELLINGS = {
    r"colour\w*": "color",
    r"favour\w*": "favor",
    r"behaviour\w*": "behavior",
    r"centre[sd]?": "center",
    r"(?:milli)?litres?": "liter, milliliter",
    r"metres?": "meter",
    r"randomis\w*": "randomized",
    r"organis(?:e|ed|es|ing|ation)\w*": "organize",
    r"recognis\w*": "recognize",
    r"analys(?:e|ed|ing)": "analyze",
    r"diarrhoea\w*": "diarrhea",
    r"anaemi\w*": "anemia",
    r"haem\w*": "hem-",
    r"oestrogen": "estrogen",
    r"paediatric\w*": "pediatric",
    r"fibres?": "fiber",
    r"programmes?": "program",
    r"grey": "gray",
    r"whilst": "while",
    r"poo": "poop or stool",
    r"hot flush(?:es)?": "hot flashes",
    r"carers?": "caregiver",
    r"licence": "license",
    r"practise\w*": "practice (verb)",
    r"ageing": "aging",
    r"tonnes?": "ton",
    r"dial(?:led|ling)": "dialed",
    r"cancel(?:led|ling)": "canceled",
    r"label(?:led|ling)": "labeled",
    r"out of hours": "after hours",
    r"GP": "doctor",
    r"A&E": "emergency room",
    r"tick": "check",
    r"adverts?": "ad",
}
UK_PATTERN = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in UK_SPELLINGS) + r")(?![\w-])", re.I)


def uk_spellings(text):
    """The UK spellings in a text, in order."""
    return [match.group(0) for match in UK_PATTERN.finditer(text)]


@pytest.mark.parametrize(
    "text,found",
    [
        ("Randomised trials in a pain centre, with diarrhoea and poo.", ["Randomised", "centre", "diarrhoea", "poo"]),
        ("Hot flushes, colour, millilitre and tick the box.", ["Hot flushes", "colour", "millilitre", "tick"]),
    ],
)
def test_uk_spellings_are_found(text, found):
    assert uk_spellings(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Randomized trials in a pain center, with diarrhea and poop.",
        "Hot flashes, color, milliliter, ticket, poodle, centered, meta-analyses, checkup, canceled.",
    ],
)
def test_us_spellings_pass(text):
    assert uk_spellings(text) == []


def english_reader_text(html):
    """What an English reader sees or hears: visible text, glossary definitions and the description."""
    soup = soup_of(html)
    titles = " ".join(abbr.get("title", "") for abbr in soup.select("article abbr"))
    meta = soup.find("meta", attrs={"name": "description"})
    return " ".join([visible_text(html), titles, meta["content"] if meta else ""])


@pytest.mark.parametrize("url", ALL_PAGES)
def test_english_pages_use_us_spelling(site, url):
    found = uk_spellings(english_reader_text(read(site, url)))
    assert found == [], f"{url} uses UK spellings: {found} (see UK_SPELLINGS for the US form)"


def test_the_english_glossary_and_the_url_notes_use_us_spelling():
    glossary = yaml.safe_load((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8"))["en"]
    texts = [f"{term}: {definition}" for term, definition in glossary.items()]
    manifest = yaml.safe_load((ROOT / "urls.yml").read_text(encoding="utf-8"))
    texts += [f"{entry['title']} {entry['note']}" for group in manifest.values() for entry in group]
    found = [(text, uk_spellings(text)) for text in texts if uk_spellings(text)]
    assert found == []


# ---------------------------------------------------------------- handouts

HANDOUT_UNIT_FIELDS = {
    "/handouts/dose-plan/": [
        r"Dose each day \(mg\)",
        r"how much \(mL\)",
        r"Target dose \(mg each day\)",
        r"strength in mg per mL",
    ],
    "/handouts/paper-diary/": [r"LDN dose \(mg\)"],
}


@pytest.mark.parametrize("url", HANDOUT_UNIT_FIELDS)
def test_handout_units_every_dose_field_names_its_unit(site, url):
    article = article_of(read(site, url))
    headers = [cell_text(cell) for cell in article.select("table th, table td:first-child")]
    dose_fields = [h for h in headers if re.search(r"\bdose\b|how much|strength", h, re.I)]
    assert dose_fields, f"{url}: no dose fields found"
    without_unit = [h for h in dose_fields if not re.search(r"\((?:mg|mL)[^)]*\)|\bmg\b|\bmL\b", h)]
    assert without_unit == [], f"{url}: dose fields without a unit: {without_unit}"
    for pattern in HANDOUT_UNIT_FIELDS[url]:
        assert any(re.search(pattern, h) for h in headers), f"{url}: no field {pattern!r} among {headers}"


def test_dose_plan_has_separate_mg_and_ml_columns_a_review_date_and_the_leading_zero_reminder(site):
    html = read(site, "/handouts/dose-plan/")
    article = article_of(html)
    header = [cell_text(th) for th in article.select(".handout-rows thead th")]
    assert any("(mg)" in h for h in header) and any("(mL)" in h for h in header), header
    assert not any("(mg)" in h and "(mL)" in h for h in header), "mg and mL share a column"
    fields = [cell_text(td) for td in article.select(".handout-fields td:first-child")]
    assert any(re.search(r"review", f, re.I) for f in fields), fields
    assert "write 0.5, never .5" in visible_text(html)


@pytest.mark.parametrize("url", ["/handouts/dose-plan/", "/handouts/paper-diary/"])
def test_handouts_carry_the_opioid_sensitivity_point(site, url):
    text = visible_text(read(site, url))
    assert re.search(
        r"after you stop LDN, or miss doses, an opioid dose you used to take could cause an overdose", text, re.I
    ), f"{url} lacks the opioid-sensitivity point"
