"""What differs between guides is configuration: `extra.guide` and `extra.clinic` in mkdocs.yml.

`extra.guide` names the data files (paths relative to mkdocs.yml), so the engine holds no path
to any one guide's data. `extra.clinic` holds a clinic's own name and phone numbers, shown on
paper and in the urgent-help boxes; left empty, generic wording is shown instead.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# Data files every guide has, and the ones a guide may leave out.
REQUIRED_PATHS = ("bibliography", "manifest", "schedules", "templates", "locales")
OPTIONAL_PATHS = ("urgent_help", "diary", "glossary")
CLINIC_FIELDS = ("name", "phone", "after_hours")
# A phone number as people write it: digits, spaces, +, -, dots and brackets.
PHONE = re.compile(r"^\+?[0-9 ().-]{3,30}$")
SITE_URL_VARIABLE = "SITE_URL"


class SettingsError(ValueError):
    """mkdocs.yml's extra.guide or extra.clinic is missing or malformed; the build must stop."""


@dataclass(frozen=True)
class Clinic:
    """A clinic's own details; every field may be empty (then generic wording is shown)."""

    name: str = ""
    phone: str = ""
    after_hours: str = ""

    @property
    def is_set(self) -> bool:
        return bool(self.name or self.phone or self.after_hours)

    @property
    def phone_href(self) -> str:
        """The tel: link of the phone number ("" when there is none)."""
        return phone_href(self.phone) if self.phone else ""

    @property
    def after_hours_href(self) -> str:
        """The tel: link of the after-hours number ("" when there is none)."""
        return phone_href(self.after_hours) if self.after_hours else ""


@dataclass(frozen=True)
class Settings:
    """The guide's data file paths (absolute) and the clinic's details."""

    paths: dict
    clinic: Clinic

    def path(self, name) -> Path | None:
        """The absolute path of a data file named in extra.guide, or None for an optional one left out."""
        return self.paths.get(name)


def load_settings(config, project_dir) -> Settings:
    """Read and check extra.guide and extra.clinic from the MkDocs config."""
    project_dir = Path(project_dir)
    extra = config.get("extra") or {}
    guide = extra.get("guide")
    if not isinstance(guide, dict):
        raise SettingsError(f"mkdocs.yml: extra.guide must name the guide's data files ({', '.join(REQUIRED_PATHS)})")
    unknown = sorted(set(guide) - set(REQUIRED_PATHS) - set(OPTIONAL_PATHS))
    if unknown:
        raise SettingsError(f"mkdocs.yml: extra.guide: unknown key(s) {', '.join(unknown)}")
    paths = {}
    for name in (*REQUIRED_PATHS, *OPTIONAL_PATHS):
        value = guide.get(name)
        if value is None and name in OPTIONAL_PATHS:
            continue
        if not isinstance(value, str) or not value.strip():
            raise SettingsError(f"mkdocs.yml: extra.guide.{name} must be a path relative to mkdocs.yml")
        path = (project_dir / value).resolve()
        if not path.exists():
            raise SettingsError(f"mkdocs.yml: extra.guide.{name}: {value} does not exist")
        paths[name] = path
    return Settings(paths=paths, clinic=load_clinic(extra.get("clinic")))


def load_clinic(raw) -> Clinic:
    """Check extra.clinic: optional name, phone and after-hours phone, all plain one-line text."""
    if raw is None:
        return Clinic()
    if not isinstance(raw, dict):
        raise SettingsError("mkdocs.yml: extra.clinic must be a mapping with name, phone, after_hours")
    unknown = sorted(set(raw) - set(CLINIC_FIELDS))
    if unknown:
        raise SettingsError(
            f"mkdocs.yml: extra.clinic: unknown key(s) {', '.join(unknown)} (expected {', '.join(CLINIC_FIELDS)})"
        )
    values = {}
    for name in CLINIC_FIELDS:
        value = raw.get(name)
        value = "" if value is None else value
        if not isinstance(value, str) or "\n" in value or len(value) > 120:
            raise SettingsError(f"mkdocs.yml: extra.clinic.{name} must be one line of text, got {value!r}")
        value = value.strip()
        if name != "name" and value and not PHONE.match(value):
            raise SettingsError(
                f"mkdocs.yml: extra.clinic.{name}: {value!r} is not a phone number "
                "(digits, spaces, +, -, dots and brackets)"
            )
        values[name] = value
    return Clinic(**values)


def phone_href(number) -> str:
    """A tel: link for a phone number as written: 'tel:+441234567890'."""
    return "tel:" + re.sub(r"[^0-9+]", "", number)


def is_local_address(site_url) -> bool:
    """True when site_url's host is a loopback, private or link-local address (or 'localhost')."""
    host = urlsplit(site_url or "").hostname or ""
    if host == "localhost" or host.endswith(".localhost") or host.endswith(".local"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified


def has_path(site_url) -> bool:
    """True when site_url puts the guide below the host ('https://owner.github.io/guide/')."""
    return urlsplit(site_url or "").path.strip("/") != ""
