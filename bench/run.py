"""Benchmarks for the site, reported against budgets: `make bench` (or .venv/bin/python bench/run.py).

1. Build: our strict build vs plain Material (same pages, macros removed, `theme: material`
   only), at 1x, 10x and 50x the site's pages (synthetic copies of the real pages, macros and
   all, in a temporary folder): time per page at each size and the ratio at each size. Beside
   it, not a budget: the ratio to plain Material on the pages as our macros expand them (the
   same output to make, without our engine).
2. First visit: what Chromium fetches for each page with an empty cache until the network is
   idle, raw and gzip, and how much of each CSS/JS file the page uses (Chromium coverage).
3. First paint: first contentful paint and largest contentful paint of each page in Chromium
   on a slow connection (150 ms latency, 1.6 Mbps down, 750 kbps up) and a 4x slower CPU,
   served gzipped as a static host would.
4. Checks: the offline link check (sitecheck.broken_links, linkinator) and `make test`.

Every budget is printed with "ok" or "MISSED"; the figures go to bench/results/latest.json
(gitignored), and the previous latest.json, if any, is compared against. Budgets are reported
here, never asserted in tests.
"""

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import mimetypes
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
from helpers import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    build_env,
    copy_project_parts,
    serve,
    site_pages,
)
from sitecheck import broken_links  # noqa: E402

from macros import rawhtml  # noqa: E402

RESULTS = ROOT / "bench" / "results"

# Budgets (bench/README.md says why each is what it is).
BUDGET_BUILD_RATIO = 1.5  # our build / plain Material's, at every size
BUDGET_BUILD_FLAT = 1.25  # time per page at 50x / at 10x: the build stays linear
BUDGET_FIRST_VISIT_KB = 40  # gzip KB a first visit fetches, per page...
# ...except the diary, which runs an app (the page in every language: /symptom-diary/, /es/symptom-diary/)
BUDGET_FIRST_VISIT_KB_PAGE = {"/symptom-diary/": 50}
BUDGET_PAINT_S = 1.0  # first and largest contentful paint, throttled
BUDGET_MAKE_TEST_S = 150  # `make test`, warm machine
BUDGET_DIARY_SAVE_MS = 200  # one diary save (redraw of table and chart) with ten years of entries

SIZES = (1, 10, 50)
# The throttled connection and CPU (Chrome DevTools Protocol units: bytes per second, ms).
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4

# Servers (GitHub Pages, nginx) gzip text; images and fonts are sent as they are.
COMPRESSIBLE = re.compile(r"\.(html?|css|js|mjs|json|svg|xml|txt|map)$|/$")
MACRO_CALL = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
BUILT_IN = re.compile(r"Documentation built in ([\d.]+) seconds")
RAW_MARKERS = re.compile(
    "|".join(re.escape(m) for m in (rawhtml.START, rawhtml.END, rawhtml.INLINE_START, rawhtml.INLINE_END))
)


# --- 1. Build time at 1x, 10x, 50x ------------------------------------------------------------


def top_level_block(text, key):
    """One top-level block of a YAML file, as text (mkdocs.yml has !ENV tags: not loaded and dumped)."""
    out, inside = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith(f"{key}:"):
            inside = True
        elif inside and line.strip() and not line.startswith((" ", "#", "-")):
            break
        if inside:
            out.append(line)
    return "".join(out)


# The copies are not in the nav (the nav stays the real one, so each page's nav is as long as
# on the real site and the build can be linear); MkDocs is told not to warn about that.
QUIET_NAV = "validation:\n  nav:\n    omitted_files: info\n"


def copy_pages(docs, copies):
    """Add copies 2..N of every Markdown page under docs/copy-K/ (same relative links work there)."""
    pages = [p for p in docs.rglob("*.md") if not p.relative_to(docs).parts[0].startswith("copy-")]
    for k in range(2, copies + 1):
        for page in pages:
            target = docs / f"copy-{k}" / page.relative_to(docs)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, target)


def synthetic_projects(workdir, copies, expanded=None):
    """(ours, plain, same_output) mkdocs.yml paths for the site's pages times `copies`.

    plain: the pages with every macro call removed, `theme: material` and nothing else (the
    budget's baseline). same_output: the same plain Material on the pages as our plugins expand
    them (`expanded`, from expanded_pages()), so it makes the same pages ours does; None if
    `expanded` is None.
    """
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    ours = workdir / f"ours-{copies}x"
    copy_project_parts(ours)
    shutil.copytree(ROOT / "docs", ours / "docs")
    copy_pages(ours / "docs", copies)
    # The copies are not in the nav: say so at info level, not as a warning that stops a strict build.
    (ours / "mkdocs.yml").write_text(text.replace("omitted_files: warn", "omitted_files: info"), encoding="utf-8")

    plain_config = "site_name: Plain Material\ntheme:\n  name: material\n" + QUIET_NAV + top_level_block(text, "nav")
    plain = workdir / f"plain-{copies}x"
    shutil.copytree(ROOT / "docs", plain / "docs")
    for page in (plain / "docs").rglob("*.md"):
        page.write_text(MACRO_CALL.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    copy_pages(plain / "docs", copies)
    (plain / "mkdocs.yml").write_text(plain_config, encoding="utf-8")

    if expanded is None:
        return ours / "mkdocs.yml", plain / "mkdocs.yml", None
    same = workdir / f"same-output-{copies}x"
    shutil.copytree(ROOT / "docs", same / "docs")
    for page in expanded.rglob("*.md"):
        # Without our markers for raw HTML (macros/rawhtml.py): the page as one would write it by hand.
        text = RAW_MARKERS.sub("", page.read_text(encoding="utf-8"))
        (same / "docs" / page.relative_to(expanded)).write_text(text, encoding="utf-8")
    copy_pages(same / "docs", copies)
    (same / "mkdocs.yml").write_text(plain_config, encoding="utf-8")
    return ours / "mkdocs.yml", plain / "mkdocs.yml", same / "mkdocs.yml"


def expanded_pages(workdir):
    """Each page's Markdown as our plugins hand it to Python-Markdown, from one build of the real
    pages with bench/expanded_pages.py added to the hooks; return the folder it is written to."""
    import expanded_pages as hook

    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if "\nhooks:\n" not in text:
        sys.exit("mkdocs.yml: no top-level `hooks:` list to add bench/expanded_pages.py to")
    project, out = workdir / "expand", workdir / "expanded-pages"
    copy_project_parts(project)
    shutil.copytree(ROOT / "docs", project / "docs")
    (project / "mkdocs.yml").write_text(
        text.replace("\nhooks:\n", f"\nhooks:\n  - {Path(hook.__file__).resolve()}\n", 1), encoding="utf-8"
    )
    timed_build(project / "mkdocs.yml", workdir / "site-expand", strict=True, env={hook.FOLDER_VARIABLE: str(out)})
    pages = {p.relative_to(project / "docs") for p in (project / "docs").rglob("*.md")}
    written = {p.relative_to(out) for p in out.rglob("*.md")}
    if written != pages:
        sys.exit(f"bench/expanded_pages.py wrote {len(written)} pages of {len(pages)}: {sorted(pages ^ written)[:5]}")
    shutil.rmtree(project)
    shutil.rmtree(workdir / "site-expand")
    return out


def timed_build(config, site_dir, strict, env=None):
    """Build in a fresh process (with `env` added to the build's environment); return (wall seconds,
    mkdocs's own 'built in' seconds)."""
    mode = "--strict" if strict else "--no-strict"
    start = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            mode,
            "--clean",
            "--config-file",
            str(config),
            "--site-dir",
            str(site_dir),
        ],
        capture_output=True,
        text=True,
        env=build_env() | (env or {}),
        cwd=Path(config).parent,
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build of {config} failed:\n{result.stderr[-4000:]}")
    built_in = BUILT_IN.search(result.stderr)
    return wall, float(built_in.group(1)) if built_in else None


BASELINES = ("ours", "plain", "same_output")


def bench_build(workdir, runs):
    sizes = {}
    site = None
    expanded = expanded_pages(workdir)
    for copies in SIZES:
        configs = dict(zip(BASELINES, synthetic_projects(workdir, copies, expanded), strict=True))
        pages = sum(1 for _ in (configs["ours"].parent / "docs").rglob("*.md"))
        walls = {name: [] for name in BASELINES}
        internal = {name: [] for name in BASELINES}
        n = runs if copies == 1 else max(1, runs // 2)
        for _ in range(n):  # interleaved, so all see the same machine load
            for name in BASELINES:
                wall, built_in = timed_build(configs[name], workdir / f"site-{name}-{copies}x", name == "ours")
                walls[name].append(wall)
                internal[name].append(built_in)
        size = {"pages": pages, "runs": n}
        for name in walls:
            median = statistics.median(walls[name])
            size[name] = {
                "runs_s": [round(t, 3) for t in walls[name]],
                "median_s": round(median, 3),
                "per_page_ms": round(1000 * median / pages, 1),
                "mkdocs_built_in_median_s": statistics.median([t for t in internal[name] if t is not None] or [0]),
            }
        size["ratio"] = round(size["ours"]["median_s"] / size["plain"]["median_s"], 2)
        size["ratio_same_output"] = round(size["ours"]["median_s"] / size["same_output"]["median_s"], 2)
        sizes[f"{copies}x"] = size
        if copies == 1:
            site = workdir / "site-ours-1x"
        for name, config in configs.items():
            if copies != 1 or name != "ours":
                shutil.rmtree(config.parent, ignore_errors=True)
    flat = {name: round(sizes["50x"][name]["per_page_ms"] / sizes["10x"][name]["per_page_ms"], 2) for name in BASELINES}
    return {"sizes": sizes, "per_page_50x_over_10x": flat}, site


def profile_build(workdir, top=25):
    """cProfile of one strict build of the real site, in a fresh process: the top functions by own time."""
    out = workdir / "build.prof"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cProfile",
            "-o",
            str(out),
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--clean",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(workdir / "site-profile"),
        ],
        capture_output=True,
        text=True,
        env=build_env(),
        cwd=ROOT,
        check=True,
    )
    import pstats

    stats = pstats.Stats(str(out))
    rows = sorted(stats.stats.items(), key=lambda item: item[1][3], reverse=True)[:top]  # cumulative time
    return [
        {
            "function": f"{Path(file).name}:{line}({name})",
            "calls": calls,
            "cumulative_s": round(cum, 3),
            "own_s": round(own, 3),
        }
        for (file, line, name), (_, calls, own, cum, _) in rows
    ]


# --- 2. First visit in Chromium -------------------------------------------------------------


def used_ranges(length, functions):
    """Bytes of a script that ran: paint each block range, outer ranges first, inner ones over them."""
    painted = bytearray(length)
    ranges = [r for f in functions for r in f["ranges"]]
    for r in sorted(ranges, key=lambda r: r["endOffset"] - r["startOffset"], reverse=True):
        end = min(r["endOffset"], length)
        painted[r["startOffset"] : end] = (b"\x01" if r["count"] else b"\x00") * max(0, end - r["startOffset"])
    return sum(painted)


def visit(browser, url, base_url):
    """Load one page in a fresh context (empty cache); return every response and CSS/JS usage."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    fetched = []

    def on_response(response):
        try:
            body = response.body()
        except Exception:
            body = b""
        path = urlsplit(response.url).path
        squeezed = len(gzip.compress(body, 6)) if COMPRESSIBLE.search(path) else len(body)
        fetched.append(
            {
                "url": response.url.replace(base_url, ""),
                "type": response.request.resource_type,
                "status": response.status,
                "raw": len(body),
                "gzip": min(squeezed, len(body) or squeezed),
            }
        )

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
        if sizes.get(source):
            usage[source] = {"used": used_ranges(sizes[source], script["functions"]), "length": sizes[source]}
    for item in fetched:
        if item["type"] in ("stylesheet", "script") and item["url"] in usage and usage[item["url"]]["length"]:
            item["used_pct"] = round(100 * usage[item["url"]]["used"] / usage[item["url"]]["length"], 1)
    return fetched


def bench_first_visit(browser, site):
    server, base_url = serve(site)
    pages = {}
    try:
        for url in site_pages(site, with_404=False):
            fetched = visit(browser, url, base_url)
            pages[url] = {
                "raw": sum(f["raw"] for f in fetched),
                "gzip": sum(f["gzip"] for f in fetched),
                "files": fetched,
            }
    finally:
        server.shutdown()
    whole_site = {}
    for page in pages.values():
        for item in page["files"]:
            whole_site[item["url"]] = item
    return {
        "pages": pages,
        "site_total": {
            "files": len(whole_site),
            "raw": sum(f["raw"] for f in whole_site.values()),
            "gzip": sum(f["gzip"] for f in whole_site.values()),
        },
    }


# --- 3. First paint, throttled ----------------------------------------------------------------


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: text gzipped (level 6) when the browser accepts it, with a Content-Length."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(unquote(urlsplit(self.path).path)))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        if COMPRESSIBLE.search(path.name) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the page was closed mid-transfer
            self.wfile.write(body)


LCP = """() => new Promise(resolve => {
  new PerformanceObserver(list => { const all = list.getEntries(); resolve(all[all.length - 1].startTime); })
    .observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve(null), 5000);
})"""


def paint_times(browser, base_url, url):
    """(FCP ms, LCP ms) of one first visit on the throttled connection and CPU, at phone width."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(base_url + url, wait_until="load")
    fcp = page.evaluate("() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null")
    lcp = page.evaluate(LCP)
    context.close()
    return fcp, lcp


def bench_paint(browser, site, runs):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    pages = {}
    try:
        for url in site_pages(site, with_404=False):
            times = [paint_times(browser, base_url, url) for _ in range(runs)]
            fcps = [f for f, _ in times if f is not None]
            lcps = [lcp for _, lcp in times if lcp is not None]
            pages[url] = {
                "fcp_ms": round(statistics.median(fcps)) if fcps else None,
                "lcp_ms": round(statistics.median(lcps)) if lcps else None,
                "runs": runs,
            }
    finally:
        server.shutdown()
    return {"network": NETWORK, "cpu_slowdown": CPU_SLOWDOWN, "viewport": PHONE, "pages": pages}


# --- 4. Link check and test suite -----------------------------------------------------------


def bench_checks(site, run_tests):
    result = {}
    start = time.perf_counter()
    broken = broken_links(site)
    result["sitecheck_s"] = round(time.perf_counter() - start, 3)
    result["sitecheck_broken"] = len(broken)
    linkinator = ROOT / "node_modules" / ".bin" / "linkinator"
    if linkinator.exists():
        start = time.perf_counter()
        done = subprocess.run(
            [str(linkinator), str(site), "--recurse", "--check-fragments", "--skip", r"^https?://(?!localhost)"],
            capture_output=True,
            text=True,
        )
        result["linkinator_s"] = round(time.perf_counter() - start, 3)
        result["linkinator_ok"] = done.returncode == 0
    if run_tests:
        start = time.perf_counter()
        done = subprocess.run(
            ["make", "--no-print-directory", "test"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
        )
        result["make_test_s"] = round(time.perf_counter() - start, 3)
        result["make_test_exit"] = done.returncode
        summary = [line for line in done.stdout.splitlines() if re.search(r"\d+ (passed|failed)", line)]
        result["pytest_summary"] = summary[-1].strip("= ") if summary else ""
        result["pytest_failed"] = [
            line.split()[1] for line in done.stdout.splitlines() if line.startswith(("FAILED ", "ERROR "))
        ]
    return result


# --- 5. The symptom diary with ten years of entries -------------------------------------------

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


# --- Budgets and report -----------------------------------------------------------------------


def kb(n):
    return f"{n / 1024:.1f}"


def table(rows, headers):
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=True)]

    def line(cells):
        return "  ".join(
            str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def page_exception(url):
    """The page of BUDGET_FIRST_VISIT_KB_PAGE that `url` is, in any language, or None."""
    return next((page for page in BUDGET_FIRST_VISIT_KB_PAGE if url.endswith(page)), None)


def first_visit_budget(url):
    page = page_exception(url)
    return (BUDGET_FIRST_VISIT_KB_PAGE[page] if page else BUDGET_FIRST_VISIT_KB) * 1024


def budgets(results):
    """Each budget: name, limit, measured value, ok, and what missed it."""
    out = []
    build = results.get("build")
    if build:
        for size, figures in build["sizes"].items():
            out.append(
                {
                    "name": f"build at {size} ({figures['pages']} pages) <= {BUDGET_BUILD_RATIO}x plain Material",
                    "value": figures["ratio"],
                    "ok": figures["ratio"] <= BUDGET_BUILD_RATIO,
                }
            )
        flat = build["per_page_50x_over_10x"]["ours"]
        out.append(
            {
                "name": f"build linear: time per page at 50x <= {BUDGET_BUILD_FLAT}x that at 10x",
                "value": flat,
                "ok": flat <= BUDGET_BUILD_FLAT,
            }
        )
    visit_ = results.get("first_visit")
    if visit_:
        over = [url for url, page in visit_["pages"].items() if page["gzip"] > first_visit_budget(url)]
        biggest = max((p["gzip"] for u, p in visit_["pages"].items() if not page_exception(u)), default=0)
        out.append(
            {
                "name": f"first visit <= {BUDGET_FIRST_VISIT_KB} KB gzip per page "
                + "".join(f"({k} KB on {u})" for u, k in BUDGET_FIRST_VISIT_KB_PAGE.items()),
                "value": f"largest other page {kb(biggest)} KB, "
                + ", ".join(f"{u} {kb(p['gzip'])} KB" for u, p in visit_["pages"].items() if page_exception(u)),
                "ok": not over,
                "missed_on": over,
            }
        )
        unused = sorted(
            {f["url"] for page in visit_["pages"].values() for f in page["files"] if f.get("used_pct") == 0}
        )
        out.append(
            {
                "name": "no page loads a CSS/JS file it does not use (0% used on load)",
                "value": ", ".join(unused) or "none",
                "ok": not unused,
                "missed_on": unused,
            }
        )
    paint = results.get("paint")
    if paint:
        for key, label in (("fcp_ms", "first contentful paint"), ("lcp_ms", "largest contentful paint")):
            values = {u: p[key] for u, p in paint["pages"].items()}
            over = [u for u, v in values.items() if v is None or v > BUDGET_PAINT_S * 1000]
            worst = max((v for v in values.values() if v is not None), default=None)
            out.append(
                {
                    "name": f"{label} <= {BUDGET_PAINT_S} s on every page (throttled)",
                    "value": f"slowest {worst / 1000:.2f} s" if worst is not None else "not measured",
                    "ok": not over,
                    "missed_on": over,
                }
            )
    diary = results.get("diary")
    if diary:
        figures = diary["desktop"]
        out.append(
            {
                "name": f"diary save with {diary['entries']} entries (ten years) <= {BUDGET_DIARY_SAVE_MS} ms",
                "value": f"median {figures['save_median_ms']} ms, slowest {figures['save_max_ms']} ms "
                f"(4x slower CPU: median {diary['cpu_4x']['save_median_ms']} ms)",
                "ok": figures["save_median_ms"] <= BUDGET_DIARY_SAVE_MS,
            }
        )
    checks = results.get("checks", {})
    if "make_test_s" in checks:
        # A suite that fails stops early: its time says nothing about the budget.
        passed = checks["make_test_exit"] == 0
        out.append(
            {
                "name": f"make test <= {BUDGET_MAKE_TEST_S} s (warm machine), passing",
                "value": f"{checks['make_test_s']:.0f} s"
                + ("" if passed else f", but it failed (exit {checks['make_test_exit']}): the time does not count"),
                "ok": passed and checks["make_test_s"] <= BUDGET_MAKE_TEST_S,
            }
        )
    return out


def report(results, previous):
    out = [f"Benchmarks at {results['commit']} ({results['date']})\n"]
    build = results.get("build")
    if build:
        rows = []
        for size, f in build["sizes"].items():
            same = f.get("same_output")
            rows.append(
                [
                    size,
                    f["pages"],
                    f["runs"],
                    f["ours"]["median_s"],
                    f["plain"]["median_s"],
                    f["ratio"],
                    same["median_s"] if same else "-",
                    f.get("ratio_same_output", "-"),
                    f["ours"]["per_page_ms"],
                    f["plain"]["per_page_ms"],
                ]
            )
        out.append(
            table(
                rows,
                [
                    "build",
                    "pages",
                    "runs",
                    "ours s",
                    "plain s",
                    "ratio",
                    "same output s",
                    "ratio",
                    "ours ms/page",
                    "plain ms/page",
                ],
            )
        )
        out.append(
            "plain: plain Material on the pages with their macros removed (the budget's baseline); "
            "same output: plain Material on the pages as our macros expand them"
        )
        flat = build["per_page_50x_over_10x"]
        out.append(f"time per page at 50x / at 10x: ours {flat['ours']}, plain {flat['plain']}")
        if build.get("profile"):
            out.append("\nWhere a build of the real site spends its time (cProfile, cumulative)\n")
            out.append(
                table(
                    [[r["function"][:70], r["calls"], r["cumulative_s"], r["own_s"]] for r in build["profile"]],
                    ["function", "calls", "cumulative s", "own s"],
                )
            )

    visit_ = results.get("first_visit")
    if visit_:
        rows = []
        for url, page in visit_["pages"].items():
            kinds = {}
            for f in page["files"]:
                kinds[f["type"]] = kinds.get(f["type"], 0) + f["gzip"]
            rows.append(
                [
                    url,
                    len(page["files"]),
                    kb(page["raw"]),
                    kb(page["gzip"]),
                    kb(kinds.get("document", 0)),
                    kb(kinds.get("stylesheet", 0)),
                    kb(kinds.get("script", 0)),
                    kb(sum(v for k, v in kinds.items() if k not in ("document", "stylesheet", "script"))),
                    "ok" if page["gzip"] <= first_visit_budget(url) else "OVER",
                ]
            )
        total = visit_["site_total"]
        rows.append(
            ["whole site (unique files)", total["files"], kb(total["raw"]), kb(total["gzip"]), "", "", "", "", ""]
        )
        out.append(
            "\nFirst visit, empty cache, as fetched by Chromium (KB; gzip level 6 for text, images and fonts as sent)\n"
        )
        out.append(table(rows, ["page", "files", "raw", "gzip", "html gz", "css gz", "js gz", "other gz", "budget"]))
        first_url, first = next(iter(visit_["pages"].items()))
        out.append(f"\nWhat a page loads (here {first_url}; every page loads the same assets, plus its own HTML)\n")
        out.append(
            table(
                [[f["url"], f["type"], kb(f["raw"]), kb(f["gzip"]), f.get("used_pct", "")] for f in first["files"]],
                ["file", "type", "raw KB", "gzip KB", "% used on load"],
            )
        )

    paint = results.get("paint")
    if paint:
        out.append(
            f"\nFirst paint at {PHONE['width']}x{PHONE['height']}, {NETWORK['latency']} ms latency, "
            f"{NETWORK['downloadThroughput'] * 8 / 1e6:g} Mbps down, {CPU_SLOWDOWN}x slower CPU, gzip; "
            "median of runs (ms)\n"
        )
        out.append(
            table([[u, p["fcp_ms"], p["lcp_ms"]] for u, p in paint["pages"].items()], ["page", "FCP ms", "LCP ms"])
        )

    diary = results.get("diary")
    if diary:
        out.append(f"\nSymptom diary with {diary['entries']} daily entries: open, and {diary['saves']} saves (ms)\n")
        out.append(
            table(
                [
                    [k, diary[k]["open_ms"], diary[k]["save_median_ms"], diary[k]["save_max_ms"]]
                    for k in ("desktop", "cpu_4x")
                ],
                ["CPU", "open ms", "save median ms", "save slowest ms"],
            )
        )

    checks = results.get("checks")
    if checks:
        out.append(
            "\n"
            + table(
                [
                    ["sitecheck.broken_links()", checks["sitecheck_s"], f"{checks['sitecheck_broken']} broken"],
                    [
                        "linkinator",
                        checks.get("linkinator_s", "-"),
                        {True: "ok", False: "FAILED", None: "not installed"}[checks.get("linkinator_ok")],
                    ],
                    ["make test", checks.get("make_test_s", "skipped"), checks.get("pytest_summary", "")],
                ],
                ["check", "wall s", "result"],
            )
        )
        for failed in checks.get("pytest_failed", []):
            out.append(f"  failed: {failed}")

    out.append("\nBudgets")
    for budget in results["budgets"]:
        missed = f" on {', '.join(budget['missed_on'])}" if budget.get("missed_on") and not budget["ok"] else ""
        out.append(f"  {'ok    ' if budget['ok'] else 'MISSED'}  {budget['name']}: {budget['value']}{missed}")

    if previous:
        out.append(f"\nCompared with the previous run ({previous.get('commit')}, {previous.get('date')})")
        pairs = [
            ("build ratio at 1x", lambda r: r["build"]["sizes"]["1x"]["ratio"]),
            ("build ratio at 50x", lambda r: r["build"]["sizes"]["50x"]["ratio"]),
            ("build ratio to the same output at 50x", lambda r: r["build"]["sizes"]["50x"]["ratio_same_output"]),
            ("build at 50x, ours ms a page", lambda r: r["build"]["sizes"]["50x"]["ours"]["per_page_ms"]),
            (
                "largest first visit gzip KB",
                lambda r: round(max(p["gzip"] for p in r["first_visit"]["pages"].values()) / 1024, 1),
            ),
            ("slowest LCP ms", lambda r: max(p["lcp_ms"] for p in r["paint"]["pages"].values())),
            ("make test s", lambda r: r["checks"]["make_test_s"]),
        ]
        for name, get in pairs:
            with contextlib.suppress(KeyError, TypeError, ValueError):
                out.append(f"  {name}: {get(previous)} -> {get(results)}")
    return "\n".join(out)


def git_commit():
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    return done.stdout.strip() + ("+dirty" if dirty else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="build runs at 1x (half as many at 10x and 50x), median")
    parser.add_argument("--paint-runs", type=int, default=3, help="throttled loads per page for FCP/LCP, median")
    parser.add_argument("--no-tests", action="store_true", help="skip timing `make test`")
    parser.add_argument("--no-build", action="store_true", help="skip the build timings (build the site once)")
    parser.add_argument("--profile", action="store_true", help="also profile one build of the real site (cProfile)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    results = {"commit": git_commit(), "date": datetime.now(UTC).isoformat(timespec="seconds")}
    with tempfile.TemporaryDirectory(prefix="guide-bench-") as tmp:
        tmp = Path(tmp)
        if args.no_build:
            site = tmp / "site"
            timed_build(ROOT / "mkdocs.yml", site, strict=True)
        else:
            results["build"], site = bench_build(tmp, args.runs)
            if args.profile:
                results["build"]["profile"] = profile_build(tmp)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            results["first_visit"] = bench_first_visit(browser, site)
            results["paint"] = bench_paint(browser, site, args.paint_runs)
            results["diary"] = bench_diary(browser, site)
            browser.close()
        results["checks"] = bench_checks(site, not args.no_tests)
    print(publish(results, RESULTS))


def publish(results, folder):
    """Judge every budget, write the results to folder/latest.json and return the report to print.

    The report compares with the latest.json it replaces, if there is one.
    """
    results["budgets"] = budgets(results)
    folder.mkdir(parents=True, exist_ok=True)
    latest = folder / "latest.json"
    previous = json.loads(latest.read_text(encoding="utf-8")) if latest.exists() else None
    text = report(results, previous)
    latest.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    shown = latest.relative_to(ROOT) if latest.is_relative_to(ROOT) else latest
    return f"{text}\n\nWrote {shown}"


if __name__ == "__main__":
    main()
