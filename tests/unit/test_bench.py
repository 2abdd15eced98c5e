"""bench/run.py judges every budget, prints each with "ok" or "MISSED", and writes them to its JSON.

The figures here are made up: this checks the bench's judging and reporting, not the site's speed
(budgets are reported by `make bench`, never asserted in tests).
"""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def size(pages, ours, plain, same_output=None):
    same_output = same_output or plain
    return {
        "pages": pages,
        "runs": 1,
        "ours": {"median_s": ours, "per_page_ms": round(1000 * ours / pages, 1)},
        "plain": {"median_s": plain, "per_page_ms": round(1000 * plain / pages, 1)},
        "same_output": {"median_s": same_output, "per_page_ms": round(1000 * same_output / pages, 1)},
        "ratio": round(ours / plain, 2),
        "ratio_same_output": round(ours / same_output, 2),
    }


def page(gzip_kb, used=50):
    files = [{"url": "/x.css", "type": "stylesheet", "raw": 2048, "gzip": 1024, "used_pct": used}]
    return {"files": files, "raw": 3 * gzip_kb * 1024, "gzip": gzip_kb * 1024}


def results(**change):
    """A run where every budget is met; `change` replaces whole sections."""
    made = {
        "commit": "abc1234",
        "date": "2026-12-06T10:00:00+00:00",
        "build": {
            "sizes": {"1x": size(28, 0.6, 0.5), "10x": size(280, 2.0, 1.5), "50x": size(1400, 9.0, 7.0)},
            "per_page_50x_over_10x": {"ours": 0.9, "plain": 0.93},
        },
        "first_visit": {
            "pages": {"/": page(30), "/symptom-diary/": page(45), "/es/symptom-diary/": page(46)},
            "site_total": {"files": 9, "raw": 200_000, "gzip": 60_000},
        },
        "paint": {"pages": {"/": {"fcp_ms": 400, "lcp_ms": 500}, "/safety/": {"fcp_ms": 420, "lcp_ms": 610}}},
        "diary": {
            "entries": 3660,
            "saves": 9,
            "desktop": {"open_ms": 300, "save_median_ms": 20, "save_max_ms": 30},
            "cpu_4x": {"open_ms": 900, "save_median_ms": 70, "save_max_ms": 90},
        },
        "checks": {
            "sitecheck_s": 0.5,
            "sitecheck_broken": 0,
            "linkinator_s": 3.0,
            "linkinator_ok": True,
            "make_test_s": 120.0,
            "make_test_exit": 0,
            "pytest_summary": "1372 passed in 118s",
            "pytest_failed": [],
        },
    }
    made.update(change)
    return made


def budget_lines(text):
    return text.split("\nBudgets\n", 1)[1].split("\n\n", 1)[0].splitlines()


def test_every_budget_is_printed_with_ok_and_written_to_the_json(bench, tmp_path):
    text = bench.publish(results(), tmp_path)
    lines = budget_lines(text)
    written = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))["budgets"]
    # build at three sizes, linear, first visit, unused files, FCP, LCP, diary, make test
    assert len(lines) == len(written) == 10
    assert all(line.startswith("  ok      ") for line in lines), "\n".join(lines)
    assert all(budget["ok"] is True for budget in written)
    for line, budget in zip(lines, written, strict=True):
        assert budget["name"] in line


def test_each_budget_missed_is_printed_as_missed_and_written_so(bench, tmp_path):
    over = results(
        build={
            "sizes": {"1x": size(28, 1.5, 0.5), "10x": size(280, 2.0, 1.5), "50x": size(1400, 20.0, 7.0)},
            "per_page_50x_over_10x": {"ours": 2.0, "plain": 0.93},
        },
        first_visit={
            "pages": {"/": page(41), "/symptom-diary/": page(49, used=0), "/es/symptom-diary/": page(51)},
            "site_total": {"files": 9, "raw": 200_000, "gzip": 60_000},
        },
        paint={"pages": {"/": {"fcp_ms": 1100, "lcp_ms": None}}},
        diary={
            "entries": 3660,
            "saves": 9,
            "desktop": {"open_ms": 300, "save_median_ms": 250, "save_max_ms": 300},
            "cpu_4x": {"open_ms": 900, "save_median_ms": 700, "save_max_ms": 900},
        },
    )
    over["checks"]["make_test_s"] = 151.0
    text = bench.publish(over, tmp_path)
    written = {b["name"].split(" <=")[0]: b for b in json.loads((tmp_path / "latest.json").read_text())["budgets"]}
    missed = {name for name, budget in written.items() if not budget["ok"]}
    assert missed == {
        "build at 1x (28 pages)",
        "build at 50x (1400 pages)",
        "build linear: time per page at 50x",
        "first visit",
        "no page loads a CSS/JS file it does not use (0% used on load)",
        "first contentful paint",
        "largest contentful paint",
        "diary save with 3660 entries (ten years)",
        "make test",
    }
    assert written["first visit"]["missed_on"] == ["/", "/es/symptom-diary/"]
    lines = budget_lines(text)
    assert sum(line.startswith("  MISSED  ") for line in lines) == len(missed)
    assert any(line.startswith("  MISSED  first visit") and line.endswith("on /, /es/symptom-diary/") for line in lines)


def test_a_failing_suite_misses_the_test_budget_however_quick(bench, tmp_path):
    failed = results()
    failed["checks"].update(make_test_s=21.0, make_test_exit=2, pytest_failed=["tests/unit/test_x.py::test_y"])
    text = bench.publish(failed, tmp_path)
    line = next(line for line in budget_lines(text) if "make test" in line)
    assert line.startswith("  MISSED  ") and "it failed (exit 2)" in line, line
    assert "  failed: tests/unit/test_x.py::test_y" in text


def test_the_report_compares_with_the_run_it_replaces(bench, tmp_path):
    bench.publish(results(), tmp_path)
    quicker = results()
    quicker["checks"]["make_test_s"] = 100.0
    text = bench.publish(quicker, tmp_path)
    assert "Compared with the previous run (abc1234" in text
    assert "  make test s: 120.0 -> 100.0" in text


def test_the_build_table_shows_both_baselines(bench, tmp_path):
    run = results(
        build={
            "sizes": {"1x": size(28, 0.6, 0.5, 0.45), "10x": size(280, 5.0, 1.25, 3.4), "50x": size(1400, 9.0, 7.0)},
            "per_page_50x_over_10x": {"ours": 0.9, "plain": 0.93, "same_output": 0.92},
        }
    )
    text = bench.publish(run, tmp_path)
    row = next(line for line in text.splitlines() if line.startswith("10x "))
    # ours s, plain s, ratio, same output s, ratio
    assert row.split()[3:8] == ["5.0", "1.25", "4.0", "3.4", "1.47"], row
    # The budget stays against plain Material with the macros removed.
    assert "  MISSED  build at 10x (280 pages) <= 1.5x plain Material: 4.0" in text


def test_the_expanded_pages_hook_writes_each_page_once(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("expanded_pages", ROOT / "bench" / "expanded_pages.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)

    class Page:
        class file:  # MkDocs's page.file
            src_uri = "handouts/dose-plan.es.md"

    assert hook.on_page_markdown("untouched", Page) == "untouched"  # no folder set: writes nothing
    assert not any(tmp_path.iterdir())
    monkeypatch.setenv(hook.FOLDER_VARIABLE, str(tmp_path))
    assert hook.on_page_markdown("first <sup>1</sup>", Page) == "first <sup>1</sup>"
    hook.on_page_markdown("a later language's fallback", Page)
    assert (tmp_path / "handouts" / "dose-plan.es.md").read_text(encoding="utf-8") == "first <sup>1</sup>"


def test_the_same_output_pages_are_the_expanded_ones_without_our_markers(bench, tmp_path):
    from macros import rawhtml

    expanded = tmp_path / "expanded"
    (expanded / "handouts").mkdir(parents=True)
    cite = rawhtml.mark_inline("<sup>1</sup>")
    (expanded / "index.md").write_text(f"# Home\n\nText {cite}.\n" + rawhtml.mark("<div>box</div>"), encoding="utf-8")
    (expanded / "handouts" / "dose-plan.md").write_text("# Plan\n", encoding="utf-8")
    ours, plain, same = bench.synthetic_projects(tmp_path / "work", 2, expanded)
    home = (same.parent / "docs" / "index.md").read_text(encoding="utf-8")
    assert home == "# Home\n\nText <sup>1</sup>.\n\n\n\n<div>box</div>\n\n\n"
    assert (same.parent / "docs" / "copy-2" / "index.md").read_text(encoding="utf-8") == home
    assert "{{" in (ours.parent / "docs" / "index.md").read_text(encoding="utf-8")
    assert "{{" not in (plain.parent / "docs" / "index.md").read_text(encoding="utf-8")
    assert same.read_text(encoding="utf-8") == plain.read_text(encoding="utf-8")
