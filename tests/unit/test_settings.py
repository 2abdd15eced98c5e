"""extra.guide and extra.clinic in mkdocs.yml: data file paths, the clinic's details, site_url guards."""

import pytest

from macros import settings


def _config(tmp_path, guide=None, clinic=None):
    for name in ("refs.bib", "urls.yml", "doses.yml"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "locales").mkdir(exist_ok=True)
    base = {
        "bibliography": "refs.bib",
        "manifest": "urls.yml",
        "schedules": "doses.yml",
        "templates": "templates",
        "locales": "locales",
    }
    extra = {"guide": {**base, **(guide or {})}}
    if clinic is not None:
        extra["clinic"] = clinic
    return {"extra": extra}


def test_paths_come_from_mkdocs_yml(tmp_path):
    loaded = settings.load_settings(_config(tmp_path), tmp_path)
    assert loaded.path("schedules") == (tmp_path / "doses.yml").resolve()
    assert loaded.path("diary") is None


def test_a_missing_data_file_names_the_key(tmp_path):
    with pytest.raises(settings.SettingsError, match=r"extra\.guide\.schedules: nowhere\.yml does not exist"):
        settings.load_settings(_config(tmp_path, {"schedules": "nowhere.yml"}), tmp_path)


def test_an_unknown_key_is_refused(tmp_path):
    with pytest.raises(settings.SettingsError, match=r"extra\.guide: unknown key\(s\) schedule"):
        settings.load_settings(_config(tmp_path, {"schedule": "doses.yml"}), tmp_path)


def test_an_unset_clinic_is_generic(tmp_path):
    clinic = settings.load_settings(_config(tmp_path), tmp_path).clinic
    assert not clinic.is_set and clinic.name == ""


def test_a_clinic_sets_its_name_and_numbers(tmp_path):
    raw = {"name": "Hill Clinic", "phone": "+1 (555) 010-0100", "after_hours": "555 010 0199"}
    clinic = settings.load_settings(_config(tmp_path, clinic=raw), tmp_path).clinic
    assert clinic.is_set and clinic.phone == "+1 (555) 010-0100"
    assert settings.phone_href(clinic.phone) == "tel:+15550100100"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"phone": "call us"}, r"extra\.clinic\.phone: 'call us' is not a phone number"),
        ({"name": "A\nB"}, r"extra\.clinic\.name must be one line of text"),
        ({"fax": "1"}, r"extra\.clinic: unknown key\(s\) fax"),
    ],
)
def test_a_bad_clinic_detail_names_the_field(tmp_path, raw, message):
    with pytest.raises(settings.SettingsError, match=message):
        settings.load_settings(_config(tmp_path, clinic=raw), tmp_path)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://localhost:8000/",
        "http://192.168.1.20/",
        "http://10.0.0.5/ldn/",
        "http://[::1]:8000/",
        "http://printer.local/",
    ],
)
def test_local_addresses_are_recognised(url):
    assert settings.is_local_address(url)


@pytest.mark.parametrize("url", ["https://guide.example.org/", "https://8.8.8.8/", "https://clinic.example.org/ldn/"])
def test_public_addresses_are_not_local(url):
    assert not settings.is_local_address(url)


def test_a_path_below_the_host_is_noticed():
    assert settings.has_path("https://owner.github.io/guide/")
    assert not settings.has_path("https://guide.example.org/")
