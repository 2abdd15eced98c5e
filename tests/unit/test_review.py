"""Review dates: read from front matter, refused when malformed, overdue pages flagged."""

import datetime as dt
import logging
from types import SimpleNamespace

import pytest

from macros import review


def page(meta, src_uri="safety.md"):
    return SimpleNamespace(meta=dict(meta), file=SimpleNamespace(src_uri=src_uri))


def test_dates_are_read_from_front_matter():
    meta = {"last_reviewed": dt.date(2026, 11, 25), "review_due": "2027-11-25"}
    assert review.review_dates(meta, "safety.md") == (dt.date(2026, 11, 25), dt.date(2027, 11, 25))


def test_a_page_without_review_dates_is_left_alone():
    assert review.review_dates({"description": "x"}, "about.md") is None


def test_a_missing_due_date_names_the_page_and_field():
    with pytest.raises(review.ReviewDateError, match=r"safety\.md: front matter 'review_due' must be a date"):
        review.review_dates({"last_reviewed": dt.date(2026, 11, 25)}, "safety.md")


def test_a_malformed_date_is_refused():
    with pytest.raises(
        review.ReviewDateError, match=r"'last_reviewed' must be a date \(YYYY-MM-DD\), got '25/11/2026'"
    ):
        review.review_dates({"last_reviewed": "25/11/2026", "review_due": "2027-11-25"}, "safety.md")


def test_a_due_date_before_the_review_is_refused():
    with pytest.raises(review.ReviewDateError, match=r"'review_due' \(2026-01-01\) must come after"):
        review.review_dates({"last_reviewed": "2026-11-25", "review_due": "2026-01-01"}, "safety.md")


def test_today_can_be_passed_in(monkeypatch):
    monkeypatch.setenv("GUIDE_TODAY", "2030-02-03")
    assert review.today() == dt.date(2030, 2, 3)


@pytest.mark.parametrize("on,overdue", [("2027-11-25", False), ("2027-11-26", True)])
def test_check_page_marks_overdue_after_the_due_date(on, overdue, caplog):
    target = page({"last_reviewed": "2026-11-25", "review_due": "2027-11-25"})
    with caplog.at_level(logging.WARNING):
        status = review.check_page(target, on=dt.date.fromisoformat(on))
    assert status["overdue"] is overdue
    assert "review" not in target.meta  # macros/__init__.py hands the theme its own formatted lines
    assert ("review was due on 2027-11-25" in caplog.text) is overdue
