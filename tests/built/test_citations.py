"""On every built page, citation markers and the page's reference list agree."""

import re

from helpers import page_path

MARKER = re.compile(r'<a href="#ref-([a-z0-9-]+)" id="(cite-[a-z0-9-]+)"')
ENTRY = re.compile(r'<li id="ref-([a-z0-9-]+)"')
BACKLINK = re.compile(r'href="#(cite-[a-z0-9-]+)"')
UNRESOLVED = re.compile(r"\[@[\w-]+\]|cite\(|references\(\)|dose_table\(")
ROW = re.compile(r'<tr><th scope="row">(.*?)</th>((?:<td[^>]*>.*?</td>)+)</tr>')


def pages(site):
    return sorted(site.rglob("index.html"))


def agreement(html):
    """(keys cited but not listed, keys listed but not cited, back-links with no marker)."""
    cited = {key for key, _ in MARKER.findall(html)}
    marker_ids = {marker_id for _, marker_id in MARKER.findall(html)}
    listed = ENTRY.findall(html)
    back = set(BACKLINK.findall(html))
    return cited - set(listed), set(listed) - cited, back - marker_ids


def test_every_page_cites_only_what_it_lists_and_lists_only_what_it_cites(site):
    problems = {
        str(page.relative_to(site)): result
        for page in pages(site)
        if any(result := agreement(page.read_text(encoding="utf-8")))
    }
    assert problems == {}


def test_agreement_check_catches_a_marker_without_an_entry():
    html = '<a href="#ref-a" id="cite-a-1">1</a> <ol><li id="ref-b"><a href="#cite-b-1">↩</a></li></ol>'
    assert agreement(html) == ({"a"}, {"b"}, {"cite-b-1"})


def test_no_page_shows_an_unresolved_citation_or_macro(site):
    shown = {
        str(page.relative_to(site)): UNRESOLVED.findall(
            re.sub(r"<script\b.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S)
        )
        for page in pages(site)
    }
    assert {page: found for page, found in shown.items() if found} == {}


def test_content_pages_have_numbered_markers_in_order(site):
    html = page_path(site, "/what-to-expect/").read_text(encoding="utf-8")
    numbers = [int(n) for n in re.findall(r'aria-label="Reference (\d+)"', html)]
    first_uses = [n for i, n in enumerate(numbers) if n not in numbers[:i]]
    assert first_uses == list(range(1, len(first_uses) + 1)) and len(first_uses) >= 2


def test_references_page_lists_every_entry_with_its_key_as_anchor(site):
    html = page_path(site, "/references/").read_text(encoding="utf-8")
    for key in ("bested2023", "bruun2024", "younger2009", "naltrexonelabel", "kimldnblog"):
        assert f'<li id="{key}"' in html
    assert 'id="nosuchkey"' not in html
    assert "https://pubmed.ncbi.nlm.nih.gov/" in html and "https://doi.org/" in html


def test_titration_page_shows_the_standard_schedule_from_the_data_file(site):
    html = page_path(site, "/titration/").read_text(encoding="utf-8")
    # The first table of the standard schedule (capsules): each week's dose from data/titration.yml.
    table = html[html.index('data-dose-schedule="standard"') :]
    rows = ROW.findall(table[: table.index("</table>")])
    assert rows[0] == ("Week\u00a01", '<td class="dose-amount">0.5\u00a0mg</td>')
    assert rows[-1] == ("Week\u00a09 onward", '<td class="dose-amount">4.5\u00a0mg</td>')
    assert len(rows) == 9
    assert "45\u00a0mg" not in table
