"""An overdue page warns readers, and the strict build refuses to ship it."""

from helpers import mkdocs_build, page_path, variant_project

PAGE = """---
description: A page for the review-date test.
last_reviewed: 2025-01-10
review_due: 2026-01-10
---

# Review test

Text.
"""


def test_strict_build_fails_on_an_overdue_page(tmp_path):
    result = mkdocs_build(variant_project(tmp_path, {"index.md": PAGE}), tmp_path / "site", GUIDE_TODAY="2026-01-11")
    assert result.returncode != 0
    assert "index.md: review was due on 2026-01-10" in result.stderr


def test_overdue_page_shows_a_notice_to_readers(tmp_path):
    config = variant_project(tmp_path, {"index.md": PAGE})
    result = mkdocs_build(config, tmp_path / "site", strict=False, GUIDE_TODAY="2026-01-11")
    assert result.returncode == 0, result.stderr
    html = page_path(tmp_path / "site", "/").read_text(encoding="utf-8")
    assert "This page is overdue for review" in html
    assert "January 10, 2026" in html


def test_page_in_date_builds_strictly_without_the_notice(tmp_path):
    result = mkdocs_build(variant_project(tmp_path, {"index.md": PAGE}), tmp_path / "site", GUIDE_TODAY="2026-01-10")
    assert result.returncode == 0, result.stderr
    html = page_path(tmp_path / "site", "/").read_text(encoding="utf-8")
    assert "overdue for review" not in html
    assert 'Last reviewed: <time datetime="2025-01-10">January 10, 2025</time>' in html


def test_every_built_page_shows_its_review_dates(site):
    missing = [
        str(path.relative_to(site))
        for path in sorted(site.rglob("index.html"))
        if not any(label in path.read_text(encoding="utf-8") for label in ("Last reviewed:", "Última revisión:"))
    ]
    assert missing == []
