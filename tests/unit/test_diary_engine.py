"""The symptom diary's data file (macros/diary.py): checked at build time, rendered in each language.

The page script (overrides/assets/javascripts/diary.js) is engine code: its words, symptoms and
limits come from the settings rendered here, and the checks below keep the two in step.
"""

import json
import re
from decimal import Decimal

import pytest
import yaml
from helpers import ROOT, engine_locales, engine_renderer

from macros import diary

DATA_FILE = ROOT / "data" / "diary.yml"
SCRIPT = ROOT / "overrides" / "assets" / "javascripts" / "diary.js"
LOCALES = engine_locales(("en", "es"))
MAX_DOSE = (Decimal("4.5"), "mg")
URLS = {"css": "../assets/stylesheets/diary.css", "js": "../assets/javascripts/diary.js"}
RAW = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def load(path=DATA_FILE, languages=("en",), known=("en", "es"), max_dose=MAX_DOSE):
    return diary.load_diary(path, languages=list(languages), known_languages=list(known), max_dose=max_dose)


def render(language, data=None):
    return diary.render(data or load(), engine_renderer(), language=language, all_locales=LOCALES, asset_urls=URLS)


def settings_of(html):
    return json.loads(
        re.search(r'<script type="application/json" id="diary-config">(.*?)</script>', html, re.S).group(1)
    )


# --- The real data file ---------------------------------------------------------------------


def test_the_real_data_file_loads_with_the_fields_in_saved_order():
    data = load()
    ids = [s["id"] for s in RAW["symptoms"]]
    assert data.fields == ("date", *ids, RAW["dose"]["id"], "notes", "updated_at")
    assert data.storage_key == RAW["storage_key"]
    assert data.dose.max == Decimal("4.5") and data.dose.decimals == 2


def test_the_form_lists_every_symptom_of_the_data_file_with_its_label():
    html = render("en")
    for symptom in RAW["symptoms"]:
        field = f"diary-field-{symptom['id']}"
        assert f'<label for="{field}">{symptom["label"]["en"]}</label>' in html
        assert re.search(rf'<input type="number" id="{field}" name="{symptom["id"]}" min="0" max="10" step="1"', html)
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html)
    assert headers == [
        "Date",
        *(s["label"]["en"] for s in RAW["symptoms"]),
        "LDN dose (mg)",
        "Notes",
        "Change",
    ]


def test_the_dose_field_takes_its_limit_from_the_schedules_not_the_data_file():
    html = render("en", load(max_dose=(Decimal("6"), "mg")))
    assert 'name="dose_mg" min="0" max="6" step="0.05"' in html
    assert settings_of(html)["dose"]["max"] == 6
    assert "max" not in RAW["dose"]


def test_the_settings_carry_symptoms_colours_columns_and_words():
    settings = settings_of(render("en"))
    assert [s["id"] for s in settings["symptoms"]] == [s["id"] for s in RAW["symptoms"]]
    assert [(s["light"], s["dark"]) for s in settings["symptoms"]] == [
        (s["color"]["light"], s["color"]["dark"]) for s in RAW["symptoms"]
    ]
    assert settings["storage_key"] == RAW["storage_key"]
    assert settings["columns"][1] == {"key": "pain", "heading": "Pain", "names": ["pain", "Pain", "Dolor"]}
    assert settings["columns"][-1]["names"] == ["updated_at", "Last changed", "Último cambio"]
    assert settings["text"]["save"] == "Save"
    assert settings["dates"] == {"pattern": LOCALES["en"]["date"], "months": LOCALES["en"]["months"]}


def test_the_diary_renders_in_spanish():
    html = render("es")
    settings = settings_of(html)
    assert settings["lang"] == "es"
    assert '<label for="diary-field-pain">Dolor</label>' in html
    assert '<label for="diary-field-dose_mg">Dosis de LDN (mg)</label>' in html
    assert ">Guardar</button>" in html
    assert "0 = nada, 10 = lo peor que pueda imaginar. Deje una casilla vacía para saltarla." in html
    assert [c["heading"] for c in settings["columns"]] == [
        "Fecha",
        *(s["label"]["es"] for s in RAW["symptoms"]),
        "Dosis de LDN (mg)",
        "Notas",
        "Último cambio",
    ]
    assert settings["chart"]["title"] == RAW["chart"]["title"]["es"]
    assert settings["dates"]["months"][10] == "noviembre"
    assert settings["text"]["refused"].startswith("No se importó el archivo {name}")
    # The same keys in both languages: a file saved on one page reads on the other.
    assert [c["key"] for c in settings["columns"]] == [c["key"] for c in settings_of(render("en"))["columns"]]


def test_the_settings_cannot_end_their_script_element(tmp_path):
    path = tmp_path / "diary.yml"
    label = "Pain </script><script>alert(1)</script> & co"
    path.write_text(DATA_FILE.read_text(encoding="utf-8").replace('"Pain"', json.dumps(label), 1), encoding="utf-8")
    html = render("en", load(path))
    element = re.search(r'id="diary-config">(.*?)</script>', html, re.S).group(1)
    assert "<" not in element and "&" not in element
    assert settings_of(html)["symptoms"][0]["label"] == label
    assert '<label for="diary-field-pain">Pain &lt;/script&gt;' in html


def test_the_asset_urls_are_relative_to_the_page():
    setup = diary.load(DATA_FILE, ROOT / "overrides" / "locales", ["en"], _FakeSchedules())
    html = diary.page_html(setup, engine_renderer(), "es", "es/symptom-diary/")
    assert '<script src="../../assets/javascripts/diary.js" defer></script>' in html
    assert '<link rel="stylesheet" href="../../assets/stylesheets/diary.css">' in html


class _FakeSchedules:
    class rules:  # stands in for doses.Rules
        max_daily = Decimal("4.5")
        unit = "mg"


def test_the_macro_without_the_data_file_names_the_setting():
    with pytest.raises(diary.DiaryDataError, match=r"extra\.guide\.diary"):
        diary.page_html(None, engine_renderer(), "en", "symptom-diary/")


# --- The page script and the engine stay in step -------------------------------------------


def test_every_word_the_script_uses_is_in_each_language():
    script = SCRIPT.read_text(encoding="utf-8")
    names = set(re.findall(r'\bt\("([a-z_0-9]+)"', script))
    for first_argument in re.findall(r"tCount\(([^,\n]+),", script):
        names |= {f"{name}_{form}" for name in re.findall(r'"([a-z_]+)"', first_argument) for form in ("one", "many")}
    assert len(names) > 50
    for language in ("en", "es"):
        words = diary.words(LOCALES[language])
        assert not sorted(names - set(words)), language


def test_the_script_draws_every_marker_the_data_file_may_choose():
    script = SCRIPT.read_text(encoding="utf-8")
    block = script[script.index("var MARKERS = {") : script.index("};", script.index("var MARKERS = {"))]
    drawn = re.findall(r'^\s*"?([a-z-]+)"?: function', block, re.M)
    assert tuple(drawn) == diary.MARKERS


def test_the_script_knows_no_symptom_limit_or_word_of_its_own():
    script = SCRIPT.read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", script, flags=re.S)
    code = re.sub(r"(?m)(?:^|\s)//(?:\s.*)?$", "", code)  # line comments, not the // of a URL
    for symptom in RAW["symptoms"]:
        for name in (symptom["id"], symptom["label"]["en"]):
            assert not re.search(rf"\b{re.escape(name)}\b", code, re.I), name
    for name in (RAW["dose"]["id"], RAW["storage_key"], RAW["export_name"], "4.5", "3660"):
        assert not re.search(rf"\b{re.escape(name)}\b", code), name
    # No words for the patient: none of the engine's English texts (the start of each) is in the code.
    for text in diary.words(LOCALES["en"]).values():
        start = " ".join(text.split("{")[0].split()[:3])
        if len(start.split()) >= 2:
            assert start not in code, start
    assert not re.search(r"ldn|naltrexone|fibromyalgia", script, re.I)


# --- A data file that breaks a rule stops the build, naming the file and the entry -------


def bad(change):
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _set(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _append_symptom(**fields):
    def change(data):
        data["symptoms"].append({**data["symptoms"][0], **fields})

    return change


BAD = {
    "duplicate id": (_append_symptom(marker="plus", line="1 1"), 'symptom "pain": this id is already used'),
    "reserved id": (_append_symptom(id="notes", marker="plus", line="1 1"), 'symptom "notes": this id is already used'),
    "bad id": (_append_symptom(id="Nausea!", marker="plus", line="1 1"), "id 'Nausea!' must be lowercase"),
    "bad colour": (_set(["symptoms", 0, "color", "dark"], "red"), 'symptom "pain": color.dark: must be a colour'),
    "unknown marker": (_set(["symptoms", 0, "marker"], "star"), "marker 'star' is not one of circle"),
    "marker twice": (
        _append_symptom(id="nausea", line="1 1"),
        'symptom "nausea": marker "circle" is already used by "pain"',
    ),
    "line twice": (_append_symptom(id="nausea", marker="plus"), '"nausea": line "solid" is the same as "pain"\'s'),
    "no spanish": (_set(["symptoms", 1, "label"], {"en": "Fatigue"}), 'symptom "fatigue": label: no es text'),
    "unknown language": (
        _set(["symptoms", 1, "label"], {"en": "Fatigue", "es": "Cansancio", "fr": "Fatigue"}),
        "text in a language the site does not build: fr",
    ),
    "unit": (_set(["dose", "unit"], "mcg"), "dose.unit: is 'mcg', but the schedules file's max_daily_dose"),
    "example too big": (_set(["dose", "example"], 5), "dose.example: 5 must be from 0 to 4.5 mg"),
    "example decimals": (
        _set(["dose", "example"], 1.125),
        "dose.example: 1.125 must be from 0 to 4.5 mg with at most 2",
    ),
    "scale ends": (_set(["scale", "words"], {0: {"en": "none", "es": "nada"}}), "scale.words: must say what 0 and 10"),
    "placeholder": (
        _set(["chart", "description", "en"], "From {start} to {to}."),
        "chart.description (en): unknown placeholder {start}",
    ),
    "storage key": (_set(["storage_key"], "my diary"), "storage_key: must be a name"),
    "unknown key": (_set(["colour_scheme"], "dark"), "unknown key(s) colour_scheme"),
    "missing key": (lambda data: data.pop("notes_max_length"), "missing notes_max_length"),
    "zero limit": (_set(["import_max_entries"], 0), "import_max_entries: must be a whole number above 0"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_broken_data_file_is_refused_naming_the_file_and_entry(tmp_path, case):
    change, message = BAD[case]
    path = tmp_path / "diary.yml"
    path.write_text(bad(change), encoding="utf-8")
    with pytest.raises(diary.DiaryDataError) as error:
        load(path, languages=("en", "es"), known=("en", "es"))
    assert str(error.value).startswith(str(path)), error.value
    assert message in str(error.value)


def test_the_schedules_maximum_must_fit_the_dose_step(tmp_path):
    with pytest.raises(
        diary.DiaryDataError, match=r"max_daily_dose: 4\.125 must be from 0 to 4\.125 mg with at most 2"
    ):
        load(max_dose=(Decimal("4.125"), "mg"))


def test_a_key_written_twice_is_refused_with_its_line(tmp_path):
    path = tmp_path / "diary.yml"
    path.write_text("storage_key: a\nstorage_key: b\n", encoding="utf-8")
    with pytest.raises(diary.DiaryDataError, match=r"line 2: the YAML does not parse: .*written twice"):
        load(path)


def test_two_fields_with_one_heading_in_any_language_are_refused(tmp_path):
    path = tmp_path / "diary.yml"
    path.write_text(bad(_set(["symptoms", 1, "label"], {"en": "Fatigue", "es": "Notas"})), encoding="utf-8")
    with pytest.raises(diary.DiaryDataError, match=r"heading 'Notas' would stand for both"):
        diary.config(load(path), "en", LOCALES)


def test_a_site_language_needs_every_text(tmp_path):
    path = tmp_path / "diary.yml"
    path.write_text(bad(_set(["chart", "title"], {"en": "Chart"})), encoding="utf-8")
    load(path)  # a one-language site: only English is needed
    with pytest.raises(diary.DiaryDataError, match=r"chart\.title: no es text"):
        load(path, languages=("en", "es"))


def test_the_symptoms_as_words_in_a_sentence_in_each_language(tmp_path):
    setup = (load(), LOCALES)
    labels = [s["label"] for s in RAW["symptoms"]]
    english = ", ".join(label["en"].lower() for label in labels[:-1]) + " and " + labels[-1]["en"].lower()
    assert diary.symptom_list(setup, "en") == english
    assert diary.symptom_list(setup, "en", capital=True) == english[0].upper() + english[1:]
    assert diary.symptom_list(setup, "es").endswith(" y " + labels[-1]["es"].lower())
    # An abbreviation keeps its capitals; text is escaped for the page.
    path = tmp_path / "diary.yml"
    path.write_text(bad(_set(["symptoms", 0, "label"], {"en": "IBS <flare>", "es": "SII"})), encoding="utf-8")
    assert diary.symptom_list((load(path), LOCALES), "en").startswith("IBS &lt;flare&gt;, fatigue, ")
