"""Urgent help on the built site: one tier per warning sign everywhere, no urgency in a page's own
words, and the clinic's details in the boxes, the print header and the handouts."""

import re
from collections import defaultdict

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import ROOT, mkdocs_build, page_path, site_pages, variant_project

DATA = yaml.safe_load((ROOT / "data" / "urgent-help.yml").read_text(encoding="utf-8"))
TIER_OF = {sign["id"]: sign["tier"] for sign in DATA["signs"]}
CLINIC = {"name": "Riverside Pain Clinic", "phone": "555-0100", "after_hours": "555-0199"}
HANDOUTS = ["/handouts/dose-plan/", "/handouts/paper-diary/"]
# The generic wording of the same-day box, shown when mkdocs.yml sets no clinic.
GENERIC = next(tier for tier in DATA["tiers"] if tier["id"] == "same-day")["contact"]["en"]

PAGE = """---
description: A page for the urgent-help tests.
---

# Urgent test

A fact {{{{ cite("younger2009") }}}}.

{body}

## References

{{{{ references() }}}}
"""


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def real_extra():
    """The real mkdocs.yml `extra` block (variant_project replaces whole top-level keys)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^extra:\n(?:(?:[ #].*)?\n)*", text, re.M).group(0)
    return yaml.safe_load(block)["extra"]


def all_real_pages():
    """Every Markdown page of the real guide, for a variant build of the whole site."""
    docs = ROOT / "docs"
    return {path.relative_to(docs).as_posix(): path.read_text(encoding="utf-8") for path in docs.rglob("*.md")}


def signs_and_tiers(site):
    """{sign id: {tier: [pages]}} over every built page."""
    found = defaultdict(lambda: defaultdict(list))
    for url in site_pages(site, with_404=False):
        for item in soup(page_path(site, url)).select("[data-sign]"):
            found[item["data-sign"]][item.get("data-tier")].append(url)
    return found


# ---------------------------------------------------------------- one tier per sign, on every page


def test_every_rendered_sign_has_exactly_one_tier_across_all_pages(site):
    found = signs_and_tiers(site)
    assert len(found) >= 10, f"only {len(found)} signs rendered on the whole site"
    mixed = {sign: dict(tiers) for sign, tiers in found.items() if len(tiers) != 1}
    assert mixed == {}, f"signs shown with more than one tier: {mixed}"
    wrong = {sign: next(iter(tiers)) for sign, tiers in found.items() if next(iter(tiers)) != TIER_OF.get(sign)}
    assert wrong == {}, f"signs shown with a tier the data file does not give them: {wrong}"


def test_every_sign_of_the_data_file_is_shown_somewhere(site):
    assert sorted(set(TIER_OF) - set(signs_and_tiers(site))) == []


def test_each_box_carries_its_tier_and_holds_only_signs_of_that_tier(site):
    boxes = 0
    for url in site_pages(site, with_404=False):
        for box in soup(page_path(site, url)).select("div.urgent"):
            boxes += 1
            assert box.get("data-tier") in TIER_OF.values(), f"{url}: a box without a known data-tier"
            tiers = {item["data-tier"] for item in box.select("[data-sign]")}
            assert tiers == {box["data-tier"]}, f"{url}: a {box['data-tier']} box holds signs of {tiers}"
    assert boxes >= 10


@pytest.mark.parametrize(
    ("url", "signs"),
    [
        ("/safety/", ["liver", "suicide", "low-mood", "pregnancy", "overdose", "allergy", "withdrawal"]),
        ("/side-effects/", ["liver", "allergy", "withdrawal", "low-mood", "suicide", "side-effect-worse"]),
        ("/sweating/", ["withdrawal", "chest-pain", "faint", "sweating-fever", "sweating"]),
        ("/next-steps/", ["liver", "withdrawal", "sweating", "sweating-fever"]),
        ("/titration/", ["side-effect-worse", "side-effect-mild"]),
    ],
)
def test_pages_show_the_signs_they_discuss(site, url, signs):
    shown = {item["data-sign"] for item in soup(page_path(site, url)).select("[data-sign]")}
    assert sorted(set(signs) - shown) == []


def test_the_fixed_disagreements_have_one_tier_each(site):
    """Liver signs, opioid withdrawal and sweating once had different urgency on different pages."""
    found = signs_and_tiers(site)
    assert dict(found["liver"]).keys() == {"same-day"}
    assert dict(found["withdrawal"]).keys() == {"same-day"}
    assert dict(found["sweating"]).keys() == {"next-visit"}
    assert len(found["liver"]["same-day"]) >= 3 and len(found["sweating"]["next-visit"]) >= 2


def test_every_page_language_list_of_numbers_is_on_the_safety_page(site):
    numbers = soup(page_path(site, "/safety/")).select("ul.urgent-numbers a[href^='tel:']")
    services = {s["id"]: s["number"] for s in DATA["services"]}
    assert [a.get_text(strip=True) for a in numbers] == [services[i] for i in DATA["numbers"]["en"]]


# ---------------------------------------------------------------- urgency only from the data file


def test_a_page_stating_urgency_in_its_own_words_stops_the_build(tmp_path):
    body = "If your eyes turn yellow, get help at once."
    result = mkdocs_build(variant_project(tmp_path, {"index.md": PAGE.format(body=body)}), tmp_path / "site")
    assert result.returncode != 0
    assert "index.md: states urgency in its own words: 'at once'" in result.stderr
    assert "get help at once" in result.stderr


def test_a_number_in_a_page_s_own_words_stops_the_build(tmp_path):
    body = "For a bad reaction, call 911."
    result = mkdocs_build(variant_project(tmp_path, {"index.md": PAGE.format(body=body)}), tmp_path / "site")
    assert result.returncode != 0
    assert "index.md: states urgency in its own words: '911'" in result.stderr


def test_boxes_headings_and_links_may_name_the_urgency(tmp_path):
    body = '{{ urgent_sign("liver") }}\n\n## Get help now\n\nSee [get help at once](#get-help-now) for the signs.'
    result = mkdocs_build(variant_project(tmp_path, {"index.md": PAGE.format(body=body)}), tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'data-sign="liver" data-tier="same-day"' in html


# ---------------------------------------------------------------- the clinic's details


@pytest.fixture(scope="module")
def clinic_site(tmp_path_factory):
    """The whole guide built with extra.clinic set."""
    folder = tmp_path_factory.mktemp("clinic")
    extra = real_extra()
    extra["clinic"] = dict(CLINIC)
    config = variant_project(folder, all_real_pages(), drop_nav=False, translated=True, extra=extra)
    result = mkdocs_build(config, folder / "site")
    if result.returncode != 0:
        pytest.fail(f"the build with a clinic set failed:\n{result.stderr[-4000:]}", pytrace=False)
    return folder / "site"


def test_a_set_clinic_is_named_in_the_urgent_boxes(clinic_site):
    box = soup(page_path(clinic_site, "/safety/")).select_one('div.urgent[data-tier="same-day"]')
    text = " ".join(box.get_text().split())
    assert "Call Riverside Pain Clinic at 555-0100." in text and "After hours, call 555-0199." in text
    assert box.select_one('a[href="tel:5550100"]') is not None
    assert GENERIC not in text


def test_a_set_clinic_never_replaces_the_emergency_numbers(clinic_site):
    box = soup(page_path(clinic_site, "/safety/")).select_one('div.urgent[data-tier="emergency"]')
    assert "Riverside" not in box.get_text() and box.select_one('a[href="tel:911"]') is not None


def test_a_set_clinic_is_in_the_print_header_of_every_page(clinic_site):
    pages = site_pages(clinic_site, with_404=False)
    missing = []
    for url in pages:
        header = soup(page_path(clinic_site, url)).select_one(".print-header")
        text = " ".join(header.get_text().split()) if header else ""
        if CLINIC["name"] not in text or CLINIC["phone"] not in text:
            missing.append(url)
    assert len(pages) >= 10 and missing == []


@pytest.mark.parametrize("url", HANDOUTS)
def test_a_set_clinic_is_on_both_handouts(clinic_site, url):
    line = soup(page_path(clinic_site, url)).select_one("article .urgent-contact")
    assert line is not None, f"{url} has no contact line"
    text = " ".join(line.get_text().split())
    assert f"Call {CLINIC['name']} at {CLINIC['phone']}." in text and CLINIC["after_hours"] in text


def test_no_clinic_gives_the_generic_wording(site):
    box = soup(page_path(site, "/safety/")).select_one('div.urgent[data-tier="same-day"]')
    assert GENERIC in " ".join(box.get_text().split())
    assert soup(page_path(site, "/safety/")).select_one(".print-header__clinic") is None


@pytest.mark.parametrize("url", HANDOUTS)
def test_no_clinic_gives_the_generic_line_on_the_handouts(site, url):
    line = soup(page_path(site, url)).select_one("article .urgent-contact")
    assert line is not None and GENERIC in " ".join(line.get_text().split())
    assert line.select_one('a[href="tel:911"]') is not None
