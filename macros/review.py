"""Review dates from page front matter: validate them and flag overdue pages."""

import datetime as dt
import logging
import os

# A warning under the "mkdocs" logger fails `mkdocs build --strict`: an overdue page must not ship.
log = logging.getLogger("mkdocs.plugins.guide.review")

TODAY_VARIABLE = "GUIDE_TODAY"
REVIEW_FIELDS = ("last_reviewed", "review_due")


class ReviewDateError(ValueError):
    """A page's review dates are missing or malformed."""


def today():
    """Return the date the build treats as today (GUIDE_TODAY=YYYY-MM-DD overrides the clock)."""
    value = os.environ.get(TODAY_VARIABLE)
    return dt.date.fromisoformat(value) if value else dt.date.today()


def review_dates(meta, page_id):
    """Return (last_reviewed, review_due) from front matter, or None if the page has neither."""
    present = [field for field in REVIEW_FIELDS if field in meta]
    if not present:
        return None
    dates = []
    for field in REVIEW_FIELDS:
        value = meta.get(field)
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                value = None
        if not isinstance(value, dt.date):
            raise ReviewDateError(
                f"{page_id}: front matter '{field}' must be a date (YYYY-MM-DD), got {meta.get(field)!r}"
            )
        dates.append(value)
    last, due = dates
    if due <= last:
        raise ReviewDateError(f"{page_id}: 'review_due' ({due}) must come after 'last_reviewed' ({last})")
    return last, due


def is_overdue(due, on):
    """True when the review due date has passed."""
    return on > due


def check_page(page, on=None):
    """Validate a page's review dates; warn (failing a strict build) when the page is overdue."""
    dates = review_dates(page.meta, page.file.src_uri)
    if dates is None:
        return None
    status = {"last_reviewed": dates[0], "review_due": dates[1], "overdue": is_overdue(dates[1], on or today())}
    if status["overdue"]:
        log.warning("%s: review was due on %s; review the page and update its dates", page.file.src_uri, dates[1])
    return status
