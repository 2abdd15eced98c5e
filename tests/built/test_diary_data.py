"""The built diary page is made from data/diary.yml alone, and its dose limit from the schedules file.

tests/unit/test_diary.py checks the rendering and every data rule in detail; these check the
real build: what a patient's browser receives, and that a broken data file stops the build.
"""

import json
import re

import yaml
from helpers import ROOT, engine_locales, mkdocs_build, page_path, variant_project

DATA = yaml.safe_load((ROOT / "data" / "diary.yml").read_text(encoding="utf-8"))
EN = engine_locales(("en",))["en"]
URL = "/symptom-diary/"
# The schedules file's highest daily dose, as its maintainers write it ("4.5 mg").
MAX_DOSE = re.compile(r'^(\s*max_daily_dose:\s*)"([\d.]+) ?mg"', re.M)


def html_of(site):
    return page_path(site, URL).read_text(encoding="utf-8")


def config_of(html):
    return json.loads(
        re.search(r'<script type="application/json" id="diary-config">(.*?)</script>', html, re.S).group(1)
    )


def test_the_form_the_table_and_the_settings_match_the_data_file(site):
    html = html_of(site)
    config = config_of(html)
    symptoms = DATA["symptoms"]
    # The form: one 0-to-10 box per symptom, with its label.
    boxes = re.findall(r'<label for="diary-field-([a-z0-9_]+)">([^<]*)</label>', html)
    assert boxes[1 : 1 + len(symptoms)] == [(s["id"], s["label"]["en"]) for s in symptoms]
    # The table's columns and the CSV headings: the same fields, the same words.
    headers = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', html)
    dose_label = EN["diary_dose_label"].format(name=DATA["dose"]["name"]["en"], unit=DATA["dose"]["unit"])
    assert headers == ["Date", *(s["label"]["en"] for s in symptoms), dose_label, "Notes", "Change"]
    assert [c["heading"] for c in config["columns"]] == [*headers[:-1], "Last changed"]
    assert [c["key"] for c in config["columns"]] == [
        "date",
        *(s["id"] for s in symptoms),
        DATA["dose"]["id"],
        "notes",
        "updated_at",
    ]
    # The chart's series, colours and markers.
    assert [(s["id"], s["label"], s["light"], s["dark"], s["marker"], s["line"]) for s in config["symptoms"]] == [
        (s["id"], s["label"]["en"], s["color"]["light"], s["color"]["dark"], s["marker"], s["line"]) for s in symptoms
    ]
    assert config["storage_key"] == DATA["storage_key"] == "ldn-diary"  # patients' diaries are saved under it
    assert config["import_max_entries"] == DATA["import_max_entries"]


def test_the_dose_limit_is_the_schedules_maximum(site):
    written = MAX_DOSE.search((ROOT / "data" / "titration.yml").read_text(encoding="utf-8"))
    assert written, "data/titration.yml: no max_daily_dose in mg"
    html = html_of(site)
    assert config_of(html)["dose"]["max"] == float(written.group(2))
    assert re.search(rf'name="{DATA["dose"]["id"]}" min="0" max="{written.group(2)}" step=', html)


def diary_only_project(tmp_path):
    """A copy of the project with only the diary page (its links to other pages made plain text)."""
    page = (ROOT / "docs" / "symptom-diary.md").read_text(encoding="utf-8")
    page = re.sub(r"\[([^\]]+)\]\((?!https?:)[^)]+\)", r"\1", page)
    return variant_project(tmp_path, {"symptom-diary.md": page})


def test_a_new_schedules_maximum_moves_the_diary_limit_with_it(tmp_path):
    config = diary_only_project(tmp_path)
    schedules = tmp_path / "data" / "titration.yml"
    text = schedules.read_text(encoding="utf-8")
    assert MAX_DOSE.search(text)
    schedules.write_text(MAX_DOSE.sub(r'\g<1>"6 mg"', text, count=1), encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    html = html_of(tmp_path / "site")
    assert config_of(html)["dose"]["max"] == 6
    assert f'name="{DATA["dose"]["id"]}" min="0" max="6" step=' in html


def test_a_broken_diary_data_file_stops_the_build_naming_it(tmp_path):
    config = diary_only_project(tmp_path)
    data = tmp_path / "data" / "diary.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace('light: "#1f63b5"', 'light: "blue"', 1), encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "diary.yml" in result.stderr and 'symptom "fatigue": color.light' in result.stderr
    assert not (tmp_path / "site" / "symptom-diary" / "index.html").exists()
