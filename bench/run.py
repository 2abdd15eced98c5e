"""Benchmarks for the site, reported against budgets: `make bench` (or .venv/bin/python bench/run.py).

1. Build: our strict build vs the same pages with plain Material and no macros (median of N runs).
2. First visit: what Chromium really fetches for each page with an empty cache, raw and gzip,
   and how much of each CSS/JS file the page uses (Chromium coverage).
3. Checks: the offline link check (sitecheck.broken_links, linkinator) and the whole test suite.

The figures go to bench/results/latest.json (gitignored); the previous latest.json, if any, is
compared against. Budgets are reported, never timed inside tests.
"""
import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from helpers import build_env, serve, site_pages  # noqa: E402
from sitecheck import broken_links  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 800}
BUDGET_BUILD_RATIO = 1.5
BUDGET_FIRST_VISIT_GZIP = 75 * 1024
BUDGET_DIARY_SAVE_MS = 200  # one diary save (redraw of table and chart) with ten years of entries
CPU_SLOWDOWN = 4  # a phone-like CPU, for information
# Servers (GitHub Pages, nginx) gzip text; images and fonts are sent as they are.
COMPRESSIBLE = re.compile(r"\.(html?|css|js|mjs|json|svg|xml|txt|map)$|/$")
MACRO_CALL = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
BUILT_IN = re.compile(r"Documentation built in ([\d.]+) seconds")
PLAIN_CONFIG = "site_name: Plain Material\ntheme:\n  name: material\n"


# --- 1. Build time --------------------------------------------------------------------------

def plain_project(workdir):
    """docs/ with every macro call rendered away, and a mkdocs.yml with theme material only."""
    project = workdir / "plain"
    shutil.copytree(ROOT / "docs", project / "docs")
    for page in (project / "docs").rglob("*.md"):
        page.write_text(MACRO_CALL.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    return project / "mkdocs.yml"


def timed_build(config, site_dir, strict):
    """Build in a fresh process; return (wall seconds, mkdocs's own 'built in' seconds)."""
    mode = "--strict" if strict else "--no-strict"
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", mode, "--clean", "--config-file", str(config), "--site-dir", str(site_dir)],
        capture_output=True, text=True, env=build_env(), cwd=Path(config).parent,
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build of {config} failed:\n{result.stderr[-4000:]}")
    built_in = BUILT_IN.search(result.stderr)
    return wall, float(built_in.group(1)) if built_in else None


def bench_build(workdir, runs):
    plain = plain_project(workdir)
    walls = {"ours": [], "plain": []}
    internal = {"ours": [], "plain": []}
    for _ in range(runs):  # interleaved, so both see the same machine load
        for name, config, strict in (("ours", ROOT / "mkdocs.yml", True), ("plain", plain, False)):
            wall, built_in = timed_build(config, workdir / f"site-{name}", strict)
            walls[name].append(wall)
            internal[name].append(built_in)
    result = {name: {"runs_s": [round(t, 3) for t in walls[name]], "median_s": round(statistics.median(walls[name]), 3),
                     "mkdocs_built_in_median_s": statistics.median([t for t in internal[name] if t is not None] or [0])}
              for name in walls}
    result["ratio"] = round(result["ours"]["median_s"] / result["plain"]["median_s"], 2)
    result["ratio_built_in"] = round(result["ours"]["mkdocs_built_in_median_s"] / result["plain"]["mkdocs_built_in_median_s"], 2) \
        if result["plain"]["mkdocs_built_in_median_s"] else None
    return result, workdir / "site-ours"


# --- 2. First visit in Chromium -------------------------------------------------------------

def used_ranges(length, functions):
    """Bytes of a script that ran: paint each block range, outer ranges first, inner ones over them."""
    painted = bytearray(length)
    ranges = [r for f in functions for r in f["ranges"]]
    for r in sorted(ranges, key=lambda r: r["endOffset"] - r["startOffset"], reverse=True):
        end = min(r["endOffset"], length)
        painted[r["startOffset"]:end] = (b"\x01" if r["count"] else b"\x00") * max(0, end - r["startOffset"])
    return sum(painted)


def visit(browser, url, base_url):
    """Load one page in a fresh context (empty cache); return every response and CSS/JS usage."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    fetched = []

    def on_response(response):
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - redirects and aborted loads have no body
            body = b""
        path = urlsplit(response.url).path
        squeezed = len(gzip.compress(body, 6)) if COMPRESSIBLE.search(path) else len(body)
        fetched.append({"url": response.url.replace(base_url, ""), "type": response.request.resource_type,
                        "status": response.status, "raw": len(body), "gzip": min(squeezed, len(body) or squeezed)})

    context.on("response", on_response)
    cdp = context.new_cdp_session(page)
    sheets = {}
    cdp.on("CSS.styleSheetAdded", lambda e: sheets.__setitem__(e["header"]["styleSheetId"], e["header"]))
    for command in ("DOM.enable", "CSS.enable", "Profiler.enable"):
        cdp.send(command)
    cdp.send("CSS.startRuleUsageTracking")
    cdp.send("Profiler.startPreciseCoverage", {"callCount": True, "detailed": True})
    page.goto(base_url + url, wait_until="networkidle")
    rules = cdp.send("CSS.stopRuleUsageTracking")["ruleUsage"]
    scripts = cdp.send("Profiler.takePreciseCoverage")["result"]
    context.close()

    usage = {}
    for sheet_id, header in sheets.items():
        source = header.get("sourceURL", "").replace(base_url, "")
        if not source:
            continue
        used = sum(r["endOffset"] - r["startOffset"] for r in rules if r["styleSheetId"] == sheet_id and r["used"])
        usage[source] = {"used": used, "length": int(header.get("length", 0))}
    sizes = {f["url"]: f["raw"] for f in fetched}
    for script in scripts:
        source = script["url"].replace(base_url, "")
        if source in sizes and sizes[source]:
            usage[source] = {"used": used_ranges(sizes[source], script["functions"]), "length": sizes[source]}
    for item in fetched:
        if item["type"] in ("stylesheet", "script") and item["url"] in usage and usage[item["url"]]["length"]:
            item["used_pct"] = round(100 * usage[item["url"]]["used"] / usage[item["url"]]["length"], 1)
    return fetched


def bench_first_visit(site):
    from playwright.sync_api import sync_playwright

    server, base_url = serve(site)
    pages = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for url in site_pages(site, with_404=False):
                fetched = visit(browser, url, base_url)
                pages[url] = {"raw": sum(f["raw"] for f in fetched), "gzip": sum(f["gzip"] for f in fetched), "files": fetched}
            browser.close()
    finally:
        server.shutdown()
    whole_site = {}
    for page in pages.values():
        for item in page["files"]:
            whole_site[item["url"]] = item
    return {"pages": pages, "site_total": {"files": len(whole_site), "raw": sum(f["raw"] for f in whole_site.values()),
                                           "gzip": sum(f["gzip"] for f in whole_site.values())}}


# --- 3. Link check and test suite -----------------------------------------------------------

def bench_checks(site, run_tests):
    result = {}
    start = time.perf_counter()
    broken = broken_links(site)
    result["sitecheck_s"] = round(time.perf_counter() - start, 3)
    result["sitecheck_broken"] = len(broken)
    linkinator = ROOT / "node_modules" / ".bin" / "linkinator"
    if linkinator.exists():
        start = time.perf_counter()
        done = subprocess.run([str(linkinator), str(site), "--recurse", "--check-fragments", "--skip", r"^https?://(?!localhost)"],
                              capture_output=True, text=True)
        result["linkinator_s"] = round(time.perf_counter() - start, 3)
        result["linkinator_ok"] = done.returncode == 0
    if run_tests:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], capture_output=True, text=True, cwd=ROOT,
                              env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        result["pytest_s"] = round(time.perf_counter() - start, 3)
        result["pytest_exit"] = done.returncode
        result["pytest_summary"] = (done.stdout.strip().splitlines() or [""])[-1]
        result["pytest_failed"] = [line.split()[1] for line in done.stdout.splitlines() if line.startswith(("FAILED ", "ERROR "))]
    return result


# --- 4. The symptom diary with ten years of entries -------------------------------------------

DIARY_URL = "/symptom-diary/"
DIARY_DAYS = 3660  # ten years of daily entries: the most a file may import


def diary_entries(config, days=DIARY_DAYS, start="2016-12-01"):
    """A diary of `days` daily entries for the page's own settings (its symptoms, scale and dose limit)."""
    import datetime as dt

    first, low, high = dt.date.fromisoformat(start), config["scale"]["min"], config["scale"]["max"]
    doses = [d for d in (0.5, 1, 1.5, 2, 3, 4.5) if d <= config["dose"]["max"]]
    entries = []
    for i in range(days):
        entry = {"date": (first + dt.timedelta(days=i)).isoformat()}
        entry.update({s["id"]: low + (i * 7 + k * 3) % (high - low + 1) for k, s in enumerate(config["symptoms"])})
        entry[config["dose"]["id"]] = doses[min(i // 14, len(doses) - 1)]
        entry["notes"] = "Slept badly, woke twice; busy day at work." if i % 5 == 0 else ""
        entry["updated_at"] = "2026-11-01T20:00:00.000Z"
        entries.append(entry)
    return {"version": 1, "entries": entries}


# One save: the form filled in for a new date, then the submit handler (re-read storage, write,
# redraw table and chart) and the style and layout it causes, timed inside the page.
DIARY_SAVE = """(date) => {
  document.getElementById('diary-field-date').value = date;
  document.querySelector('.diary-field--rating input').value = '3';
  const t0 = performance.now();
  document.getElementById('diary-form').requestSubmit();
  document.body.getBoundingClientRect();
  document.getElementById('diary-chart').getBoundingClientRect();
  return performance.now() - t0;
}"""


def bench_diary(browser, site, saves=9):
    """Open the diary holding ten years of entries, then save one more entry, again and again (median ms).

    Measured at full speed (the budget) and with the CPU 4x slower (a phone, for information).
    """
    server, base_url = serve(site)
    result = {"entries": DIARY_DAYS, "saves": saves}
    try:
        for label, slowdown in (("desktop", 1), ("cpu_4x", CPU_SLOWDOWN)):
            context = browser.new_context(viewport=DESKTOP)
            page = context.new_page()
            page.goto(base_url + DIARY_URL)
            config = json.loads(page.locator("#diary-config").text_content())
            data = diary_entries(config)
            page.evaluate(
                "([key, value]) => localStorage.setItem(key, value)", [config["storage_key"], json.dumps(data)]
            )
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
            start = time.perf_counter()
            page.reload()
            last = data["entries"][-1]["date"]
            page.locator(f"#diary-table tbody tr[data-date='{last}']").wait_for()
            opened = (time.perf_counter() - start) * 1000
            times = []
            for i in range(1, saves + 1):
                date = page.evaluate(
                    "([d, i]) => new Date(Date.parse(d) + i * 86400000).toISOString().slice(0, 10)", [last, i]
                )
                times.append(page.evaluate(DIARY_SAVE, date))
            kept = page.evaluate("key => JSON.parse(localStorage.getItem(key)).entries.length", config["storage_key"])
            context.close()
            if kept != DIARY_DAYS + saves:
                sys.exit(f"diary bench: {kept} entries saved after {saves} saves, expected {DIARY_DAYS + saves}")
            result[label] = {
                "open_ms": round(opened),
                "save_ms": [round(t, 1) for t in times],
                "save_median_ms": round(statistics.median(times), 1),
                "save_max_ms": round(max(times), 1),
            }
    finally:
        server.shutdown()
    return result


# --- Report -----------------------------------------------------------------------------------

def kb(n):
    return f"{n / 1024:.1f}"


def table(rows, headers):
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)]
    line = lambda cells: "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def git_commit():
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    return done.stdout.strip() + ("+dirty" if dirty else "")


def report(results, previous):
    build, visit_, checks = results["build"], results["first_visit"], results["checks"]
    out = [f"Benchmarks at {results['commit']} ({results['date']}), {build['runs']} build runs, median\n"]
    out.append(table([
        ["our site (strict, macros)", build["ours"]["median_s"], build["ours"]["mkdocs_built_in_median_s"], " ".join(map(str, build["ours"]["runs_s"]))],
        ["plain Material, no macros", build["plain"]["median_s"], build["plain"]["mkdocs_built_in_median_s"], " ".join(map(str, build["plain"]["runs_s"]))],
        ["ratio", build["ratio"], build["ratio_built_in"], ""],
    ], ["build", "wall s", "mkdocs 'built in' s", "runs (wall s)"]))

    rows = []
    for url, page in visit_["pages"].items():
        kinds = {}
        for f in page["files"]:
            kinds[f["type"]] = kinds.get(f["type"], 0) + f["gzip"]
        rows.append([url, len(page["files"]), kb(page["raw"]), kb(page["gzip"]),
                     kb(kinds.get("document", 0)), kb(kinds.get("stylesheet", 0)), kb(kinds.get("script", 0)),
                     kb(sum(v for k, v in kinds.items() if k not in ("document", "stylesheet", "script"))),
                     "ok" if page["gzip"] <= BUDGET_FIRST_VISIT_GZIP else "OVER"])
    total = visit_["site_total"]
    rows.append(["whole site (unique files)", total["files"], kb(total["raw"]), kb(total["gzip"]), "", "", "", "", ""])
    out.append("\nFirst visit, empty cache, as fetched by Chromium (KB; gzip level 6 for text, images and fonts as sent)\n")
    out.append(table(rows, ["page", "files", "raw", "gzip", "html gz", "css gz", "js gz", "other gz", "<=75 KB gz"]))

    first = next(iter(visit_["pages"].values()))
    out.append(f"\nWhat a page loads (here {next(iter(visit_['pages']))}; every page loads the same assets, plus its own HTML)\n")
    out.append(table([[f["url"], f["type"], kb(f["raw"]), kb(f["gzip"]), f.get("used_pct", "")] for f in first["files"]],
                     ["file", "type", "raw KB", "gzip KB", "% used on load"]))

    out.append("\n" + table([
        ["sitecheck.broken_links()", checks["sitecheck_s"], f"{checks['sitecheck_broken']} broken"],
        ["linkinator", checks.get("linkinator_s", "-"), {True: "ok", False: "FAILED", None: "not installed"}[checks.get("linkinator_ok")]],
        ["pytest (whole suite)", checks.get("pytest_s", "skipped"), checks.get("pytest_summary", "")],
    ], ["check", "wall s", "result"]))

    for failed in checks.get("pytest_failed", []):
        out.append(f"  failed: {failed}")
    over = [url for url, page in visit_["pages"].items() if page["gzip"] > BUDGET_FIRST_VISIT_GZIP]
    unused = sorted({f["url"] for page in visit_["pages"].values() for f in page["files"] if f.get("used_pct") == 0})
    biggest = max(visit_["pages"].values(), key=lambda p: p["gzip"])
    out.append("\nBudgets")
    out.append(f"  build <= {BUDGET_BUILD_RATIO}x plain Material: {build['ratio']}x  "
               + ("ok" if build["ratio"] <= BUDGET_BUILD_RATIO else "MISSED"))
    out.append(f"  first visit <= {BUDGET_FIRST_VISIT_GZIP // 1024} KB gzip per page: largest {kb(biggest['gzip'])} KB  "
               + ("ok" if not over else f"MISSED on {len(over)} page(s): {', '.join(over)}"))
    search = {f["url"]: f["gzip"] for f in first["files"] if "search" in f["url"]}
    if over and search:
        out.append(f"    of which search costs {kb(sum(search.values()))} KB gzip on every first visit ({', '.join(search)});"
                   f" without it the largest page would be {kb(biggest['gzip'] - sum(search.values()))} KB")
    out.append("  nothing loaded unused: " + ("ok (every CSS/JS file is partly used on load)" if not unused
                                              else "files loaded but 0% used on load: " + ", ".join(unused)))
    diary = results.get("diary")
    if diary:
        figures = diary["desktop"]
        out.append(f"  diary save with {diary['entries']} entries (ten years) <= {BUDGET_DIARY_SAVE_MS} ms: "
                   f"median {figures['save_median_ms']} ms, slowest {figures['save_max_ms']} ms "
                   f"(4x slower CPU: median {diary['cpu_4x']['save_median_ms']} ms; open {figures['open_ms']} ms)  "
                   + ("ok" if figures["save_median_ms"] <= BUDGET_DIARY_SAVE_MS else "MISSED"))
    if previous:
        out.append(f"\nCompared with the previous run ({previous.get('commit')}, {previous.get('date')})")
        pairs = [("build ours s", lambda r: r["build"]["ours"]["median_s"]), ("build ratio", lambda r: r["build"]["ratio"]),
                 ("largest first visit gzip KB", lambda r: round(max(p["gzip"] for p in r["first_visit"]["pages"].values()) / 1024, 1)),
                 ("pytest s", lambda r: r["checks"].get("pytest_s"))]
        for name, get in pairs:
            try:
                out.append(f"  {name}: {get(previous)} -> {get(results)}")
            except (KeyError, TypeError, ValueError):
                pass
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="build runs per variant (median)")
    parser.add_argument("--no-tests", action="store_true", help="skip timing the pytest suite")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ldn-bench-") as tmp:
        build, site = bench_build(Path(tmp), args.runs)
        build["runs"] = args.runs
        results = {"commit": git_commit(), "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                   "build": build, "first_visit": bench_first_visit(site), "checks": bench_checks(site, not args.no_tests)}
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results["diary"] = bench_diary(browser, site)
            browser.close()

    RESULTS.mkdir(parents=True, exist_ok=True)
    latest = RESULTS / "latest.json"
    previous = json.loads(latest.read_text()) if latest.exists() else None
    print(report(results, previous))
    latest.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nWrote {latest.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
