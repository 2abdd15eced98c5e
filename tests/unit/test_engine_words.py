"""The engine knows no medicine: a guide for another medicine changes only content and data.

macros/, hooks/, overrides/ (templates, interface strings, and the scripts and stylesheets in
overrides/assets/) and scripts/ hold no word that belongs to one medicine. Words about the
medicine live in docs/ pages, data/ files, references.bib, urls.yml and mkdocs.yml.
"""

import re

import pytest
from helpers import ROOT

ENGINE = ["macros", "hooks", "overrides", "scripts"]
# Words of this guide's medicine and condition, in any case, inside other words too ("ldn-diary").
MEDICINE_WORDS = re.compile(r"ldn|naltrexon|fibromyalg|fibromialg", re.I)
TEXT_SUFFIXES = {".py", ".html", ".js", ".css", ".yml", ".yaml", ".json", ".svg", ".txt", ".md", ""}


def engine_files():
    files = []
    for folder in ENGINE:
        path = ROOT / folder
        assert path.is_dir(), f"{path} is missing: the engine-word check needs it"
        files += [
            p
            for p in sorted(path.rglob("*"))
            if p.is_file() and p.suffix in TEXT_SUFFIXES and "__pycache__" not in p.parts
        ]
    return files


def medicine_words(text):
    """(line number, line) for each line of text that names the medicine."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if MEDICINE_WORDS.search(line)]


def test_the_check_finds_the_words_in_any_case():
    assert medicine_words("ok\nvar KEY = 'ldn-diary';\nNaltrexone\nFIBROMYALGIA") == [
        (2, "var KEY = 'ldn-diary';"),
        (3, "Naltrexone"),
        (4, "FIBROMYALGIA"),
    ]
    assert medicine_words("a dose table\nlandmark") == []


@pytest.mark.parametrize("path", engine_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_engine_file_names_no_medicine(path):
    hits = medicine_words(path.read_text(encoding="utf-8"))
    assert hits == [], f"{path.relative_to(ROOT)} names the medicine: {hits[:5]}"
