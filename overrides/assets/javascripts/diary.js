/*
 * Symptom diary: kept only in this browser's localStorage; nothing is ever sent anywhere.
 *
 * This file is engine code. It knows no symptom, unit, limit, name or word of its own: the page
 * embeds its settings as <script type="application/json" id="diary-config">, made at build time
 * from the guide's diary data file by macros/diary.py. They give:
 *   symptoms [{id, label, light, dark, marker, line}], the rating scale {min, max, words},
 *   the dose {id, name, label, unit, step, decimals, max, example, ...}, storage_key,
 *   export_name, import_max_entries, notes_max_length, the CSV columns [{key, heading, names}],
 *   the chart's title and description, the date pattern and month names, and `text`, every
 *   word this script shows, in the page's language.
 *
 * Saved format (localStorage[storage_key], and the JSON export): {"version": 1, "entries": [...]},
 * entries sorted by date. An entry: {"date": "2026-11-25", <symptom id>: scale number | null, ...,
 * <dose id>: number | null, "notes": "", "updated_at": ISO 8601 time of the last change}.
 * The keys are the data file's ids and never depend on the page's language. The CSV export has
 * the same fields as columns, headed in the page's language; an import accepts the headings of
 * every language and the keys themselves.
 *
 * Rules that keep entries from being lost:
 * - One entry per date. Every change re-reads storage first and changes only the dates the
 *   patient acted on, so entries saved meanwhile in another tab are kept. Nothing that is
 *   stored is replaced without asking: saving an existing date asks, and editing an entry that
 *   another tab changed after it was opened says so (its updated_at differs) and asks again.
 * - A "storage" event (another tab wrote) refreshes the view.
 * - If storage refuses a write, whatever the reason, the change is kept in the page (shown as
 *   "not saved", with a message and an Export button), retried with the next change, and
 *   included in exports.
 * - Stored data this page cannot read (damaged, or written by a newer version) is never
 *   overwritten; only "Delete all my data" removes it. Stored entries are read leniently (a
 *   dose above today's limit, a hidden character in a note): they were valid when saved.
 * - An import is checked completely before anything changes: one bad row refuses the file.
 *   Files are decoded strictly: UTF-8 (with or without a byte-order mark) or UTF-16 with one.
 *   Other encodings are refused with a message, never guessed: a wrong guess would save wrong
 *   letters into the patient's notes (Windows and Mac spreadsheets write "café" differently).
 */
(function () {
  "use strict";

  var app = document.getElementById("diary-app");
  var configNode = document.getElementById("diary-config");
  if (!app || !configNode) return;
  var C = JSON.parse(configNode.textContent);

  var VERSION = 1; // the saved format this script reads and writes
  var KEY = C.storage_key;
  var SYMPTOMS = C.symptoms;
  var DOSE = C.dose;
  var SCALE = C.scale;
  var COLUMNS = C.columns.map(function (c) { return c.key; });
  var FILE_SIZE_MAX = C.import_max_entries * (C.notes_max_length * 3 + 500); // bytes; the row count is the real limit
  var PRINT_DAYS = 28;
  // The table shows the newest entries first and this many at a time ("Show older entries"
  // adds as many again): a page with years of rows takes seconds to lay out after every save.
  var TABLE_PAGE = 100;
  var SVG_NS = "http://www.w3.org/2000/svg";

  /*
   * Upgrades for older stored or exported data: MIGRATIONS[n] turns version n into n + 1.
   * Version 0 is a bare list of entries without the {"version", "entries"} wrapper; it is
   * accepted so hand-made files can be read and so the upgrade path is exercised by tests.
   */
  var MIGRATIONS = {
    0: function (data) { return { version: 1, entries: data.entries }; },
  };

  function DiaryError(message) { this.message = message; }

  // ---- Words ---------------------------------------------------------------------------------

  /* The page language's text `name`, with {placeholders} filled in from `values`. */
  function t(name, values) {
    var text = C.text[name];
    if (typeof text !== "string") throw new Error("diary: no text named " + name);
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  /* "1 entry" / "3 entries": texts come in pairs, name_one and name_many. */
  function tCount(name, count, values) {
    return t(name + (count === 1 ? "_one" : "_many"), Object.assign({ count: formatCount(count) }, values));
  }

  /* Numbers are written as the guide writes doses: a decimal point in every language ("1.5"),
     so the diary agrees with the pages and the labels. The locale for numbers comes from the
     page language's texts (number_locale), e.g. en-US, or es-MX for Spanish. */
  var numberLocale = t("number_locale");
  var numberFormat = new Intl.NumberFormat(numberLocale, { maximumFractionDigits: Math.max(DOSE.decimals, 0) });
  var countFormat = new Intl.NumberFormat(numberLocale);
  function formatCount(n) { return countFormat.format(n); }

  // Characters a note from a file may not hold: NUL and the other control characters (except
  // tab and line breaks), DEL and C1 controls, and the marks that reverse or isolate the
  // direction of text (they can make a note read differently from what it holds).
  var HIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
  var HIDDEN_CHARS_ALL = new RegExp(HIDDEN_CHARS.source, "g");

  function codePoint(ch) { return "U+" + ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0"); }

  /* Text made safe to show inside a message: hidden characters named, line breaks shown, long text cut. */
  function visible(text) {
    var out = text.replace(HIDDEN_CHARS_ALL, function (ch) { return "[" + codePoint(ch) + "]"; }).replace(/\r?\n|\r/g, " ↵ ");
    return out.length > 60 ? out.slice(0, 59) + "…" : out;
  }

  /* A bad value from a file as the patient would see it there: 1e309, 12, “twelve”. */
  function shown(value) {
    if (value instanceof BigNumber) return value.source;
    if (typeof value === "string") return t("quote", { value: visible(value) });
    if (value === undefined) return t("quote", { value: "" });
    return visible(JSON.stringify(value));
  }

  // ---- Dates ---------------------------------------------------------------------------------

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function localToday() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function isRealDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return false;
    var y = +m[1], mo = +m[2], d = +m[3];
    var date = new Date(Date.UTC(y, mo - 1, d));
    return y >= 2000 && y <= 2099 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  }

  function dayNumber(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 86400000;
  }

  function fromDayNumber(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }

  // Formatters are made once: making one per date is what made long diaries slow.
  var shortDate = new Intl.DateTimeFormat(C.lang, { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  var tickDate = new Intl.DateTimeFormat(C.lang, { day: "numeric", month: "short", timeZone: "UTC" });

  /* A date in words, the same way the built pages write it ("November 25, 2026", "25 de noviembre de 2026"). */
  function formatDate(iso, style) {
    if (style === "short") return shortDate.format(new Date(dayNumber(iso) * 86400000));
    if (style === "tick") return tickDate.format(new Date(dayNumber(iso) * 86400000));
    var p = iso.split("-");
    return C.dates.pattern.replace("{day}", String(+p[2])).replace("{month}", C.dates.months[+p[1] - 1]).replace("{year}", p[0]);
  }

  // ---- Validation --------------------------------------------------------------------------

  /* A number in a JSON file too big to hold (1e309 reads as Infinity): kept as the file wrote it. */
  function BigNumber(source) { this.source = source; }

  function checkRating(value, label) {
    if (value === null) return null;
    if (typeof value !== "number" || !Number.isInteger(value) || value < SCALE.min || value > SCALE.max) {
      throw new DiaryError(t("file_rating", { label: label, min: SCALE.min, max: SCALE.max, value: shown(value) }));
    }
    return value;
  }

  function hasDecimals(value, decimals) {
    var text = String(value);
    if (!/^\d+(\.\d+)?$/.test(text)) return false; // also refuses 1e+21 and the like
    var dot = text.indexOf(".");
    return dot < 0 || text.length - dot - 1 <= decimals;
  }

  /*
   * Doses from storage and files: a number of the dose unit, 0 or more, with no more decimals
   * than the form's step allows. The form's upper limit is not applied here: an entry saved or
   * exported earlier may hold a dose above today's limit, and it stays readable.
   */
  function checkDose(value) {
    if (value === null) return null;
    if (typeof value !== "number" || !isFinite(value) || value < 0 || !hasDecimals(value, DOSE.decimals)) {
      throw new DiaryError(t("file_dose", { label: DOSE.name, unit: DOSE.unit, decimals: DOSE.decimals, value: shown(value) }));
    }
    return value;
  }

  function hiddenCharIn(text) {
    var m = HIDDEN_CHARS.exec(text);
    return m ? codePoint(m[0]) : null;
  }

  /*
   * Check one entry (from storage or a file); return a clean copy or throw DiaryError.
   * fromFile: also refuse hidden characters in the notes (storage keeps what it has).
   */
  function checkEntry(raw, fromFile) {
    if (!raw || typeof raw !== "object" || Array.isArray(raw) || raw instanceof BigNumber) throw new DiaryError(t("file_not_entry"));
    Object.keys(raw).forEach(function (key) {
      if (COLUMNS.indexOf(key) < 0) throw new DiaryError(t("file_unknown_field", { field: shown(key) }));
    });
    if (typeof raw.date !== "string" || !isRealDate(raw.date)) {
      throw new DiaryError(t("file_bad_date", { value: shown(raw.date) }));
    }
    var where = raw.date + ": ";
    var entry = { date: raw.date };
    try {
      SYMPTOMS.forEach(function (s) { entry[s.id] = checkRating(raw[s.id] === undefined ? null : raw[s.id], s.label); });
      entry[DOSE.id] = checkDose(raw[DOSE.id] === undefined ? null : raw[DOSE.id]);
    } catch (error) {
      if (error instanceof DiaryError) throw new DiaryError(where + error.message);
      throw error;
    }
    var notes = raw.notes === undefined || raw.notes === null ? "" : raw.notes;
    if (typeof notes !== "string" || notes.length > C.notes_max_length) {
      throw new DiaryError(where + t("file_notes_long", { max: formatCount(C.notes_max_length) }));
    }
    var hidden = fromFile && hiddenCharIn(notes);
    if (hidden) throw new DiaryError(where + t("file_notes_hidden", { code: hidden, value: shown(notes) }));
    entry.notes = notes;
    if (raw.updated_at !== undefined && raw.updated_at !== null && raw.updated_at !== "") {
      if (typeof raw.updated_at !== "string" || isNaN(Date.parse(raw.updated_at))) {
        throw new DiaryError(where + t("file_bad_time", { value: shown(raw.updated_at) }));
      }
      entry.updated_at = new Date(raw.updated_at).toISOString();
    } else {
      entry.updated_at = null;
    }
    if (isBlank(entry)) throw new DiaryError(where + t("file_empty_entry"));
    return entry;
  }

  function isBlank(entry) {
    return SYMPTOMS.every(function (s) { return entry[s.id] === null; }) && entry[DOSE.id] === null && entry.notes.trim() === "";
  }

  /* Read a parsed {"version", "entries"} object of any known version: a Map of date -> entry. */
  function upgrade(data, fromFile) {
    if (Array.isArray(data)) data = { version: 0, entries: data };
    if (!data || typeof data !== "object" || !Number.isInteger(data.version) || data.version < 0) {
      throw new DiaryError(t("file_not_diary"));
    }
    if (data.version > VERSION) throw new DiaryError(t("file_newer", { version: data.version }));
    while (data.version < VERSION) data = MIGRATIONS[data.version](data);
    if (!Array.isArray(data.entries)) throw new DiaryError(t("file_no_list"));
    if (fromFile) checkCount(data.entries.length);
    var entries = new Map();
    data.entries.forEach(function (raw) {
      var entry = checkEntry(raw, fromFile);
      if (entries.has(entry.date)) throw new DiaryError(t("file_duplicate", { date: entry.date }));
      entries.set(entry.date, entry);
    });
    return entries;
  }

  function checkCount(count) {
    if (count > C.import_max_entries) {
      throw new DiaryError(t("file_too_many", { count: formatCount(count), max: formatCount(C.import_max_entries),
        years: Math.floor(C.import_max_entries / 366) }));
    }
  }

  function sortedEntries(map, newestFirst) {
    var list = Array.from(map.values());
    list.sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; });
    return newestFirst ? list.reverse() : list;
  }

  function toData(map) {
    return {
      version: VERSION,
      entries: sortedEntries(map).map(function (e) {
        var out = {};
        COLUMNS.forEach(function (c) { out[c] = e[c]; });
        return out;
      }),
    };
  }

  function sameEntry(a, b) {
    return COLUMNS.every(function (c) { return c === "updated_at" || a[c] === b[c]; });
  }

  // ---- Reading files: bytes to text ----------------------------------------------------------

  /* A file's text: UTF-8 (a byte-order mark is allowed), or UTF-16 with its byte-order mark. */
  function decode(bytes) {
    var encoding = "utf-8";
    if (bytes[0] === 0xFF && bytes[1] === 0xFE) encoding = "utf-16le";
    else if (bytes[0] === 0xFE && bytes[1] === 0xFF) encoding = "utf-16be";
    else if (looksLikeUtf16(bytes)) throw new DiaryError(t("file_utf16_no_bom"));
    try {
      // fatal: a byte sequence that is not valid text stops here instead of becoming "�".
      return new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      if (encoding !== "utf-8") throw new DiaryError(t("file_bad_utf16"));
      var bad = firstBadLine(bytes);
      throw new DiaryError(t("file_not_utf8", { line: bad.line, value: shown(bad.sample) }));
    }
  }

  /* UTF-16 without a byte-order mark: every other byte of plain text is 0. */
  function looksLikeUtf16(bytes) {
    var n = Math.min(bytes.length, 400), zeros = 0;
    for (var i = 0; i < n; i += 1) if (bytes[i] === 0) zeros += 1;
    return n >= 4 && zeros * 4 >= n;
  }

  /*
   * Where a file stops being UTF-8, for the message: the line number, and the word there as the
   * spreadsheet that wrote it showed it (most such files come from Windows, so Windows-1252).
   */
  function firstBadLine(bytes) {
    var strict = new TextDecoder("utf-8", { fatal: true }), start = 0, line = 1;
    for (var i = 0; i <= bytes.length; i += 1) {
      if (i < bytes.length && bytes[i] !== 0x0A) continue;
      var part = bytes.subarray(start, i);
      try {
        strict.decode(part);
      } catch (e) {
        var text = new TextDecoder("windows-1252").decode(part);
        var at = text.search(/[^\x00-\x7F]/);
        if (at < 0) at = 0;
        var from = at, to = at;
        while (from > 0 && !/[,;\t"\s]/.test(text[from - 1])) from -= 1;
        while (to < text.length && !/[,;\t"\s]/.test(text[to])) to += 1;
        return { line: line, sample: text.slice(from, Math.min(to, from + 40)) };
      }
      start = i + 1;
      line += 1;
    }
    return { line: 1, sample: "" };
  }

  // ---- JSON ----------------------------------------------------------------------------------

  var NUMBER_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

  /*
   * JSON.parse reads 1e309 as Infinity, which JSON.stringify then writes as null: a message
   * would say "not null" about a file that says 1e309. Numbers too big to hold are found in the
   * text and kept as BigNumber(source text), so messages quote them as the file has them.
   */
  function parseJson(text) {
    var data = JSON.parse(text);
    if (!hasInfinity(data)) return data;
    var marks = {}, out = "", last = 0, nonce = "\uE000" + Math.random().toString(36).slice(2), count = 0;
    for (var i = 0; i < text.length; i += 1) {
      var ch = text.charCodeAt(i);
      if (ch === 34) { // skip a string, with its escapes
        for (i += 1; i < text.length && text.charCodeAt(i) !== 34; i += 1) if (text.charCodeAt(i) === 92) i += 1;
        continue;
      }
      if (ch !== 45 && (ch < 48 || ch > 57)) continue;
      NUMBER_TOKEN.lastIndex = i;
      var m = NUMBER_TOKEN.exec(text);
      if (!m) continue;
      if (!isFinite(Number(m[0]))) {
        var mark = nonce + (count += 1);
        marks[mark] = m[0];
        out += text.slice(last, i) + JSON.stringify(mark);
        last = i + m[0].length;
      }
      i += m[0].length - 1;
    }
    return JSON.parse(out + text.slice(last), function (key, value) {
      return typeof value === "string" && Object.prototype.hasOwnProperty.call(marks, value) ? new BigNumber(marks[value]) : value;
    });
  }

  function hasInfinity(value) {
    if (typeof value === "number") return !isFinite(value);
    if (!value || typeof value !== "object") return false;
    return Object.keys(value).some(function (k) { return hasInfinity(value[k]); });
  }

  // ---- CSV (RFC 4180) ----------------------------------------------------------------------

  // A spreadsheet runs a cell that starts with = + - @ as a formula: such notes get a leading
  // apostrophe on export, and one is removed again on import, so a round trip is exact.
  var FORMULA_START = /^'*[=+\-@\t\r]/;

  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    if (FORMULA_START.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /* The CSV file: headed in the page's language; the same fields and values in every language. */
  function toCsv(map) {
    var lines = [C.columns.map(function (c) { return csvCell(c.heading); }).join(",")];
    sortedEntries(map).forEach(function (e) {
      lines.push(COLUMNS.map(function (c) { return csvCell(e[c]); }).join(","));
    });
    // The byte-order mark makes spreadsheet programs read the file as UTF-8.
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  function parseCsvRows(text, separator) {
    var rows = [], row = [], cell = "", quoted = false, i = 0;
    while (i < text.length) {
      var ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        if (ch === '"') { quoted = false; i += 1; continue; }
        cell += ch; i += 1; continue;
      }
      if (ch === '"' && cell === "") { quoted = true; i += 1; continue; }
      if (ch === separator) { row.push(cell); cell = ""; i += 1; continue; }
      if (ch === "\r" || ch === "\n") {
        row.push(cell); rows.push(row); row = []; cell = "";
        i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
        continue;
      }
      cell += ch; i += 1;
    }
    if (quoted) throw new DiaryError(t("file_unclosed"));
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows.filter(function (r) { return !(r.length === 1 && r[0].trim() === ""); });
  }

  function csvNumber(text, decimalComma) {
    var t2 = text.trim();
    if (t2 === "") return null;
    if (decimalComma) t2 = t2.replace(",", ".");
    return /^\d+(\.\d+)?$/.test(t2) ? Number(t2) : text;
  }

  function normalHeading(text) {
    return text.normalize("NFC").replace(/\s+/g, " ").trim().toLowerCase();
  }

  // Every name a column may have in a file: its key, and its heading in each language.
  var COLUMN_BY_NAME = new Map();
  C.columns.forEach(function (c) { c.names.forEach(function (name) { COLUMN_BY_NAME.set(normalHeading(name), c.key); }); });

  function parseCsv(text) {
    // Spreadsheets set to a language that writes decimals with a comma separate cells with ";".
    var firstLine = text.slice(0, text.search(/\r|\n|$/));
    var separator = firstLine.indexOf(",") < 0 && firstLine.indexOf(";") >= 0 ? ";" : ",";
    var rows = parseCsvRows(text, separator);
    if (!rows.length) throw new DiaryError(t("file_empty"));
    checkCount(rows.length - 1);
    var header = rows[0].map(function (h) { return COLUMN_BY_NAME.get(normalHeading(h)) || null; });
    var unknown = rows[0].filter(function (h, k) { return header[k] === null; });
    if (unknown.length || header.indexOf("date") < 0) {
      throw new DiaryError(t("file_columns", { columns: C.columns.map(function (c) { return c.heading; }).join(", ") }) +
        (header.indexOf("date") < 0 ? " " + t("file_columns_missing", { list: shown(C.columns[0].heading) }) : "") +
        (unknown.length ? " " + t("file_columns_unknown", { list: unknown.map(shown).join(", ") }) : ""));
    }
    header.forEach(function (key, k) {
      if (header.indexOf(key) !== k) throw new DiaryError(t("file_column_twice", { name: shown(rows[0][k]) }));
    });
    var entries = [];
    rows.slice(1).forEach(function (cells, index) {
      var line = index + 2;
      if (cells.length !== header.length) {
        throw new DiaryError(t("file_row_length", { line: line, count: cells.length, expected: header.length }));
      }
      var raw = {};
      header.forEach(function (column, k) {
        var text = cells[k];
        if (column === "date" || column === "updated_at") raw[column] = text.trim();
        else if (column === "notes") raw[column] = /^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
        else raw[column] = csvNumber(text, separator === ";" && column === DOSE.id);
      });
      try {
        entries.push(checkEntry(raw, true));
      } catch (error) {
        if (error instanceof DiaryError) throw new DiaryError(t("row", { line: line }) + error.message);
        throw error;
      }
    });
    return upgrade({ version: VERSION, entries: entries }, true);
  }

  function parseFile(text, name) {
    var start = text.trim().charAt(0);
    if (start === "{" || start === "[" || /\.json$/i.test(name)) {
      var data;
      try { data = parseJson(text); } catch (e) { throw new DiaryError(t("file_not_json")); }
      return upgrade(data, true);
    }
    return parseCsv(text);
  }

  // ---- Storage -----------------------------------------------------------------------------

  var storage = openStorage();
  var pending = new Map(); // date -> entry, or null for a deletion, that storage has not taken yet
  var unreadable = null; // why the stored diary could not be read; while set, it is never written
  var failure = null; // the error of the last write storage refused
  var cache = { raw: undefined, entries: null }; // the last stored text read, and its entries

  /* The page's storage, or null where the browser blocks it (reading it then fails in readStored). */
  function openStorage() {
    try {
      return window.localStorage || null;
    } catch (e) {
      return null;
    }
  }

  function errorName(error) {
    return (error && (error.name || error.message)) || String(error);
  }

  function readStored() {
    if (!storage) return new Map();
    var raw;
    try {
      raw = storage.getItem(KEY);
    } catch (error) {
      throw new DiaryError(t("storage_read_failed", { error: errorName(error) }));
    }
    if (raw === null) return new Map();
    if (raw === cache.raw) return new Map(cache.entries); // parsed already: a long diary is read once
    var data;
    try { data = JSON.parse(raw); } catch (e) { throw new DiaryError(t("storage_damaged")); }
    var entries = upgrade(data, false);
    cache = { raw: raw, entries: entries };
    return new Map(entries);
  }

  /* Stored entries with the unsaved changes on top; sets `unreadable` if storage cannot be read. */
  function currentEntries() {
    var entries;
    try {
      entries = readStored();
      unreadable = null;
    } catch (error) {
      if (!(error instanceof DiaryError)) throw error;
      unreadable = error.message;
      entries = new Map();
    }
    pending.forEach(function (entry, date) {
      if (entry) entries.set(date, entry); else entries.delete(date);
    });
    return entries;
  }

  function isQuotaError(error) {
    return error && (error.name === "QuotaExceededError" || error.name === "NS_ERROR_DOM_QUOTA_REACHED" || error.code === 22);
  }

  /*
   * Apply changes (date -> entry or null) on top of freshly read storage; true if stored.
   * Any error storage throws (a full quota, storage blocked, Firefox's "UnknownError" on a
   * damaged profile...) leaves the changes waiting in `pending`; nothing stored is lost.
   */
  function commit(changes) {
    changes.forEach(function (entry, date) { pending.set(date, entry); });
    var entries = currentEntries();
    failure = null;
    if (!storage || unreadable) return false;
    var text = JSON.stringify(toData(entries));
    try {
      storage.setItem(KEY, text);
    } catch (error) {
      failure = error || new Error("unknown");
      return false;
    }
    pending.clear();
    cache = { raw: text, entries: entries };
    return true;
  }

  function notSavedMessage() {
    if (unreadable) return t("not_saved_unreadable", { reason: unreadable });
    if (!storage) return t("not_saved_no_storage");
    if (isQuotaError(failure)) return t("not_saved_full");
    return t("not_saved_failed", { error: errorName(failure) });
  }

  // ---- Page elements -----------------------------------------------------------------------

  var form = document.getElementById("diary-form");
  var formTitle = document.getElementById("diary-form-title");
  var saveButton = document.getElementById("diary-save");
  var cancelButton = document.getElementById("diary-cancel-edit");
  var formStatus = document.getElementById("diary-form-status");
  var toolsStatus = document.getElementById("diary-tools-status");
  var unsavedBox = document.getElementById("diary-unsaved");
  var entriesTitle = document.getElementById("diary-entries-title");
  var emptyNote = document.getElementById("diary-empty");
  var results = document.getElementById("diary-results");
  var chartBox = document.getElementById("diary-chart");
  var legend = document.getElementById("diary-legend");
  var tableBody = document.querySelector("#diary-table tbody");
  var caption = document.getElementById("diary-table-caption");
  var printIntro = document.getElementById("diary-print-intro");
  var importInput = document.getElementById("diary-import");
  var moreBox = document.getElementById("diary-more");
  var moreButton = document.getElementById("diary-more-button");
  var moreNote = document.getElementById("diary-more-note");
  var tableWrap = document.getElementById("diary-table-wrap");
  var fields = {};
  ["date"].concat(SYMPTOMS.map(function (s) { return s.id; }), [DOSE.id, "notes"]).forEach(function (name) {
    fields[name] = document.getElementById("diary-field-" + name);
  });

  var editing = null; // {date, updated_at} of the entry loaded into the form by Edit
  var printRange = null; // {from, to} while printing the last four weeks
  var tableLimit = TABLE_PAGE; // how many of the newest entries the table shows

  function say(region, text, kind) {
    region.textContent = "";
    region.classList.toggle("diary-status--error", kind === "error");
    // A fresh text node after clearing makes screen readers announce a repeated message too.
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  // ---- Form --------------------------------------------------------------------------------

  function setError(name, message) {
    var input = fields[name];
    var error = document.getElementById("diary-field-" + name + "-error");
    var described = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) { return id && id !== error.id; });
    if (message) {
      error.textContent = message;
      described.push(error.id);
      input.setAttribute("aria-invalid", "true");
    } else {
      error.textContent = "";
      input.removeAttribute("aria-invalid");
    }
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  /* Read the form into an entry; return {entry, errors: [[field, message], ...], cleaned}. */
  function readForm() {
    var errors = [];
    var notes = fields.notes.value;
    // Hidden direction marks and control characters (pasted, never typed) are taken out, so
    // the diary's own exports can always be imported again.
    var cleaned = HIDDEN_CHARS.test(notes);
    if (cleaned) notes = notes.replace(HIDDEN_CHARS_ALL, "");
    var entry = { date: fields.date.value };
    if (!fields.date.value) errors.push(["date", t("error_date_missing")]);
    else if (!isRealDate(fields.date.value)) errors.push(["date", t("error_date_bad", { example: formatDate(localToday()) })]);
    SYMPTOMS.forEach(function (s) {
      var input = fields[s.id], text = input.value.trim();
      if (input.validity.badInput || (text !== "" && (!/^\d+$/.test(text) || +text < SCALE.min || +text > SCALE.max))) {
        errors.push([s.id, t("error_rating", { label: s.label, min: SCALE.min, max: SCALE.max })]);
      }
      entry[s.id] = text === "" ? null : +text;
    });
    var dose = fields[DOSE.id].value.trim();
    var doseOk = dose === "" || (/^\d+(\.\d+)?$/.test(dose) && hasDecimals(+dose, DOSE.decimals) && +dose <= DOSE.max);
    if (fields[DOSE.id].validity.badInput || !doseOk) {
      errors.push([DOSE.id, t("error_dose", { label: DOSE.name, unit: DOSE.unit, max: numberFormat.format(DOSE.max), example: DOSE.example })]);
    }
    entry[DOSE.id] = dose === "" ? null : +dose;
    entry.notes = notes.length > C.notes_max_length ? notes.slice(0, C.notes_max_length) : notes;
    return { entry: entry, errors: errors, cleaned: cleaned };
  }

  function showErrors(errors) {
    Object.keys(fields).forEach(function (name) { if (name !== "notes") setError(name, null); });
    errors.forEach(function (e) { setError(e[0], e[1]); });
  }

  function resetForm() {
    form.reset();
    showErrors([]);
    fields.date.value = localToday();
    editing = null;
    formTitle.textContent = t("form_title");
    saveButton.textContent = t("save");
    cancelButton.hidden = true;
  }

  function onSubmit(event) {
    event.preventDefault();
    var read = readForm();
    showErrors(read.errors);
    if (read.errors.length) {
      say(formStatus, tCount("form_errors", read.errors.length), "error");
      fields[read.errors[0][0]].focus();
      return;
    }
    var entry = read.entry;
    if (isBlank(entry)) {
      say(formStatus, t("form_blank"), "error");
      fields[SYMPTOMS[0].id].focus();
      return;
    }
    var current = currentEntries();
    var existing = current.get(entry.date);
    var moving = editing && editing.date !== entry.date;
    var date = formatDate(entry.date);
    if (existing) {
      var question;
      if (editing && editing.date === entry.date && existing.updated_at !== editing.updated_at) question = t("ask_changed_elsewhere", { date: date });
      else if (editing && editing.date === entry.date) question = t("ask_replace_edit", { date: date });
      else question = t("ask_replace", { date: date });
      if (!window.confirm(question)) {
        say(formStatus, t("kept", { date: date }));
        return;
      }
    }
    entry.updated_at = new Date().toISOString();
    var changes = new Map([[entry.date, entry]]);
    if (moving) changes.set(editing.date, null);
    var stored = commit(changes);
    var done = moving ? t("moved", { from: formatDate(editing.date), to: date }) : t("saved", { date: date });
    if (read.cleaned) done += " " + t("notes_cleaned");
    resetForm();
    render();
    say(formStatus, stored ? done : notSavedMessage(), stored ? "ok" : "error");
  }

  function startEdit(date) {
    var entry = currentEntries().get(date);
    if (!entry) return;
    resetForm();
    editing = { date: date, updated_at: entry.updated_at };
    fields.date.value = entry.date;
    SYMPTOMS.forEach(function (s) { fields[s.id].value = entry[s.id] === null ? "" : String(entry[s.id]); });
    fields[DOSE.id].value = entry[DOSE.id] === null ? "" : String(entry[DOSE.id]);
    fields.notes.value = entry.notes;
    formTitle.textContent = t("edit_title", { date: formatDate(date) });
    saveButton.textContent = t("save_changes");
    cancelButton.hidden = false;
    say(formStatus, t("editing", { date: formatDate(date), save: t("save_changes") }));
    formTitle.scrollIntoView({ block: "start" });
    fields.date.focus();
  }

  function deleteEntry(date) {
    if (!window.confirm(t("ask_delete", { date: formatDate(date) }))) {
      say(formStatus, t("nothing_deleted"));
      return;
    }
    if (editing && editing.date === date) resetForm();
    var stored = commit(new Map([[date, null]]));
    render();
    entriesTitle.focus();
    say(formStatus, stored ? t("deleted", { date: formatDate(date) }) : notSavedMessage(), stored ? "ok" : "error");
  }

  function retrySave() {
    var stored = commit(new Map());
    render();
    say(formStatus, stored ? t("retry_saved") : notSavedMessage(), stored ? "ok" : "error");
  }

  // ---- Table -------------------------------------------------------------------------------

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function cellContent(value, kind) {
    if (value === null || value === "") {
      var span = element("span");
      span.appendChild(element("span", null, "–")).setAttribute("aria-hidden", "true");
      span.appendChild(element("span", "diary-sr-only", t("not_recorded")));
      return span;
    }
    if (kind === "dose") return document.createTextNode(numberFormat.format(value));
    // A hidden character in a note saved earlier is named, not obeyed: "[U+202E]".
    if (kind === "notes") return document.createTextNode(value.replace(HIDDEN_CHARS_ALL, function (ch) { return "[" + codePoint(ch) + "]"; }));
    return document.createTextNode(String(value));
  }

  function rowButton(action, text, hidden) {
    var b = element("button", "diary-button diary-button--small", text);
    b.type = "button";
    b.dataset.action = action;
    b.appendChild(element("span", "diary-sr-only", " " + hidden));
    return b;
  }

  function buildRow(entry, unsaved) {
    var tr = element("tr");
    tr.dataset.date = entry.date;
    var th = element("th");
    th.scope = "row";
    var time = element("time", null, formatDate(entry.date, "short"));
    time.dateTime = entry.date;
    th.appendChild(time);
    if (unsaved) th.appendChild(element("span", "diary-unsaved", " " + t("not_saved_flag")));
    tr.appendChild(th);
    SYMPTOMS.forEach(function (s) { tr.appendChild(element("td")).appendChild(cellContent(entry[s.id])); });
    tr.appendChild(element("td")).appendChild(cellContent(entry[DOSE.id], "dose"));
    tr.appendChild(element("td", "diary-notes")).appendChild(cellContent(entry.notes, "notes"));
    var actions = element("td", "diary-col-actions");
    var which = t("row_entry", { date: formatDate(entry.date) });
    actions.appendChild(rowButton("edit", t("edit"), which));
    actions.appendChild(rowButton("delete", t("delete"), which));
    tr.appendChild(actions);
    return tr;
  }

  /*
   * Rows are kept between drawings, keyed by date and what they show: a save changes one row
   * in the page, not all of them, so the table stays quick with years of entries.
   */
  var rowCache = new Map(); // date -> {sig, tr}

  function renderTable(list) {
    var next = new Map();
    var rows = list.map(function (entry) {
      var unsaved = pending.has(entry.date);
      var sig = JSON.stringify(entry) + (unsaved ? "*" : "");
      var cached = rowCache.get(entry.date);
      var tr = cached && cached.sig === sig ? cached.tr : buildRow(entry, unsaved);
      next.set(entry.date, { sig: sig, tr: tr });
      return tr;
    });
    // Remove the rows that are gone or redrawn; the rest are already in order.
    Array.from(tableBody.children).forEach(function (tr) {
      var kept = next.get(tr.dataset.date);
      if (!kept || kept.tr !== tr) tr.remove();
    });
    var node = tableBody.firstElementChild;
    rows.forEach(function (tr) {
      if (tr === node) node = node.nextElementSibling;
      else tableBody.insertBefore(tr, node);
    });
    rowCache = next;
  }

  // ---- Chart -------------------------------------------------------------------------------

  function svg(name, attrs, parent) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  /* The series' colours for light and dark pages, as custom properties the stylesheet picks from. */
  function paint(node, series) {
    node.style.setProperty("--diary-light", series.light);
    node.style.setProperty("--diary-dark", series.dark);
    return node;
  }

  function lineAttrs(series, attrs) {
    if (series.line !== "solid") attrs["stroke-dasharray"] = series.line;
    return attrs;
  }

  /* Marker shapes, so the lines differ by more than colour. The data file picks one per symptom. */
  var R = 3.5;
  var MARKERS = {
    circle: function (x, y) { return ["circle", { cx: x, cy: y, r: R }]; },
    square: function (x, y) { return ["rect", { x: x - R, y: y - R, width: 2 * R, height: 2 * R }]; },
    triangle: function (x, y) { return ["path", { d: "M" + x + " " + (y - R - 1) + "l" + (R + 1) + " " + (2 * R + 1) + "h" + -(2 * R + 2) + "z" }]; },
    "triangle-down": function (x, y) { return ["path", { d: "M" + x + " " + (y + R + 1) + "l" + (R + 1) + " " + -(2 * R + 1) + "h" + -(2 * R + 2) + "z" }]; },
    diamond: function (x, y) { return ["path", { d: "M" + x + " " + (y - R - 1) + "l" + (R + 1) + " " + (R + 1) + "l" + -(R + 1) + " " + (R + 1) + "l" + -(R + 1) + " " + -(R + 1) + "z" }]; },
    cross: function (x, y) { return ["path", { d: "M" + (x - R) + " " + (y - R) + "l" + 2 * R + " " + 2 * R + "M" + (x + R) + " " + (y - R) + "l" + -2 * R + " " + 2 * R, outline: true }]; },
    plus: function (x, y) { return ["path", { d: "M" + (x - R - 1) + " " + y + "h" + (2 * R + 2) + "M" + x + " " + (y - R - 1) + "v" + (2 * R + 2), outline: true }]; },
  };

  function marker(shape, x, y, parent) {
    var made = MARKERS[shape](Math.round(x * 10) / 10, Math.round(y * 10) / 10);
    var attrs = made[1], outline = attrs.outline;
    delete attrs.outline;
    attrs["class"] = "diary-marker" + (outline ? " diary-marker--outline" : "");
    return svg(made[0], attrs, parent);
  }

  /* The top of the dose scale: the smallest round number (or the form's limit) at or above the highest dose. */
  function niceDoseMax(max) {
    var tops = [1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100, DOSE.max].sort(function (a, b) { return a - b; });
    for (var i = 0; i < tops.length; i += 1) if (max <= tops[i]) return tops[i];
    return Math.ceil(max);
  }

  /*
   * The points to draw. When the range has more days than the chart has room for (about one
   * point per 6 pixels), days are grouped and each point is the average of its group: ten years
   * of daily entries make a readable chart of a few hundred elements, not tens of thousands.
   */
  function chartPoints(list, from, days, room) {
    var size = Math.max(1, Math.ceil(days / room));
    if (size === 1) return { size: 1, points: list.map(function (e) { return { day: dayNumber(e.date), values: e }; }) };
    var groups = new Map();
    list.forEach(function (e) {
      var k = Math.floor((dayNumber(e.date) - from) / size);
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(e);
    });
    var keys = [DOSE.id].concat(SYMPTOMS.map(function (s) { return s.id; }));
    var points = [];
    Array.from(groups.keys()).sort(function (a, b) { return a - b; }).forEach(function (k) {
      var group = groups.get(k), values = {};
      keys.forEach(function (key) {
        var sum = 0, n = 0;
        group.forEach(function (e) { if (e[key] !== null) { sum += e[key]; n += 1; } });
        values[key] = n ? sum / n : null;
      });
      points.push({ day: from + k * size + (size - 1) / 2, values: values });
    });
    return { size: size, points: points };
  }

  function renderChart(list, range) {
    // Drawn at the width it is shown (up to 720), so its labels stay readable on a phone.
    var W = Math.round(Math.min(720, Math.max(300, chartBox.clientWidth || 720)));
    var H = W < 500 ? 260 : 300, left = 34, right = 40, top = 22, bottom = 34;
    var from = dayNumber(range.from), to = dayNumber(range.to);
    var drawn = chartPoints(list, from, to - from + 1, Math.floor((W - left - right) / 6));
    var points = drawn.points;
    var x0 = from, x1 = to;
    if (x0 === x1) { x0 -= 1; x1 += 1; }
    var span = SCALE.max - SCALE.min;
    var x = function (day) { return Math.round((left + (day - x0) / (x1 - x0) * (W - left - right)) * 10) / 10; };
    var y = function (v) { return Math.round((top + (SCALE.max - v) / span * (H - top - bottom)) * 10) / 10; };
    var doses = points.map(function (p) { return p.values[DOSE.id]; }).filter(function (d) { return d !== null; });
    var doseMax = niceDoseMax(doses.length ? Math.max.apply(null, doses) : 0);
    var yDose = function (v) { return Math.round((top + (doseMax - v) / doseMax * (H - top - bottom)) * 10) / 10; };

    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-labelledby": "diary-chart-title", "aria-describedby": "diary-chart-desc", "class": "diary-chart-svg" });
    svg("title", { id: "diary-chart-title" }, root).textContent = C.chart.title;
    var description = C.chart.description.replace("{min}", SCALE.min).replace("{max}", SCALE.max)
      .replace("{from}", formatDate(range.from)).replace("{to}", formatDate(range.to));
    if (drawn.size > 1) description += " " + t("chart_average", { days: drawn.size });
    svg("desc", { id: "diary-chart-desc" }, root).textContent = description + " " + t("chart_table");

    var axes = svg("g", { "class": "diary-axes" }, root);
    var gridStep = span > 10 ? Math.ceil(span / 5) : 2;
    for (var v = SCALE.min; v <= SCALE.max; v += gridStep) {
      svg("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), "class": "diary-grid" }, axes);
      svg("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end" }, axes).textContent = String(v);
    }
    [0, doseMax / 2, doseMax].forEach(function (d) {
      svg("text", { x: W - right + 6, y: yDose(d) + 4 }, axes).textContent = numberFormat.format(d);
    });
    svg("text", { x: left - 6, y: 12, "text-anchor": "end" }, axes).textContent = SCALE.min + "-" + SCALE.max;
    svg("text", { x: W - right + 6, y: 12 }, axes).textContent = DOSE.unit;
    var days = to - from, step = Math.max(1, Math.ceil(days / Math.max(2, Math.floor(W / 110))));
    for (var day = from; day <= to; day += step) {
      svg("line", { x1: x(day), x2: x(day), y1: H - bottom, y2: H - bottom + 4, "class": "diary-tick" }, axes);
      svg("text", { x: x(day), y: H - bottom + 18, "text-anchor": "middle" }, axes).textContent = formatDate(fromDayNumber(day), "tick");
    }
    svg("line", { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, "class": "diary-axis" }, axes);

    // The dose as steps: it stays the same until the day it changes.
    var dosePath = "", last = null, count = 0;
    points.forEach(function (p) {
      var d = p.values[DOSE.id];
      if (d === null) { last = null; return; }
      dosePath += last === null ? "M" + x(p.day) + " " + yDose(d) : "H" + x(p.day) + "V" + yDose(d);
      last = d;
      count += 1;
    });
    if (dosePath) {
      if (count === 1) dosePath += "h4";
      var doseGroup = paint(svg("g", { "class": "diary-series" }, root), DOSE);
      svg("path", lineAttrs(DOSE, { d: dosePath, "class": "diary-line diary-line--dose", "data-series": DOSE.id }), doseGroup);
    }
    SYMPTOMS.forEach(function (s) {
      var d = "", gap = true;
      points.forEach(function (p) {
        var value = p.values[s.id];
        if (value === null) { gap = true; return; }
        d += (gap ? "M" : "L") + x(p.day) + " " + y(value);
        gap = false;
      });
      var group = paint(svg("g", { "class": "diary-series" }, root), s);
      if (d) svg("path", lineAttrs(s, { d: d, "class": "diary-line", "data-series": s.id }), group);
      points.forEach(function (p) { if (p.values[s.id] !== null) marker(s.marker, x(p.day), y(p.values[s.id]), group); });
    });
    chartBox.replaceChildren(root);
  }

  function renderLegend() {
    var items = document.createDocumentFragment();
    SYMPTOMS.map(function (s) { return [s, t("legend_symptom", { label: s.label, min: SCALE.min, max: SCALE.max })]; })
      .concat([[DOSE, t("legend_dose", { name: DOSE.name, unit: DOSE.unit })]])
      .forEach(function (pair) {
        var series = pair[0], li = element("li");
        var swatch = paint(svg("svg", { viewBox: "0 0 36 12", width: "36", height: "12", "aria-hidden": "true", focusable: "false", "class": "diary-series" }, li), series);
        svg("path", lineAttrs(series, { d: "M2 6H34", "class": "diary-line" + (series === DOSE ? " diary-line--dose" : "") }), swatch);
        if (series.marker) marker(series.marker, 18, 6, swatch);
        li.appendChild(document.createTextNode(pair[1]));
        items.appendChild(li);
      });
    legend.replaceChildren(items);
  }

  // ---- Whole view --------------------------------------------------------------------------

  function render() {
    var entries = currentEntries();
    var list = sortedEntries(entries, true);
    if (printRange) {
      list = list.filter(function (e) { return e.date >= printRange.from && e.date <= printRange.to; });
      caption.textContent = t("caption_print", { from: formatDate(printRange.from), to: formatDate(printRange.to) });
      var words = SCALE.words.map(function (w) { return t("scale_word", { value: w.value, word: w.word }); }).join(", ");
      printIntro.textContent = t("print_intro", { from: formatDate(printRange.from), to: formatDate(printRange.to), scale: words });
    } else {
      caption.textContent = t("caption");
      printIntro.textContent = "";
    }
    emptyNote.hidden = list.length > 0;
    results.hidden = list.length === 0;
    unsavedBox.hidden = pending.size === 0;
    var shown = printRange ? list : list.slice(0, tableLimit);
    renderTable(shown);
    moreBox.hidden = shown.length === list.length;
    if (shown.length < list.length) {
      moreNote.textContent = t("showing", { shown: formatCount(shown.length), total: formatCount(list.length) });
      moreButton.textContent = tCount("show_more", Math.min(TABLE_PAGE, list.length - shown.length));
    }
    if (list.length) {
      var range = printRange || { from: list[list.length - 1].date, to: list[0].date };
      renderChart(list.slice().reverse(), range);
    } else {
      chartBox.replaceChildren();
    }
  }

  // ---- Export, import, print, delete all ---------------------------------------------------

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function exportAs(kind, region) {
    var entries = currentEntries();
    if (!entries.size) {
      say(region, t("nothing_to_export"));
      return;
    }
    var name = C.export_name + "-" + localToday() + "." + kind;
    if (kind === "csv") download(name, "text/csv;charset=utf-8", toCsv(entries));
    else download(name, "application/json", JSON.stringify(toData(entries), null, 2));
    say(region, tCount("exported", entries.size, { name: name }));
  }

  function listDates(dates) {
    var shown5 = dates.slice(0, 5).map(function (d) { return formatDate(d); }).join(", ");
    return dates.length > 5 ? t("list_more", { list: shown5, count: formatCount(dates.length - 5) }) : shown5;
  }

  function mergeImport(incoming, name) {
    var current = currentEntries();
    if (unreadable) {
      say(toolsStatus, t("import_unreadable", { reason: unreadable }), "error");
      return;
    }
    var added = [], conflicts = [], same = 0;
    incoming.forEach(function (entry, date) {
      var mine = current.get(date);
      if (!mine) added.push(date);
      else if (sameEntry(mine, entry)) same += 1;
      else conflicts.push(date);
    });
    var replace = false;
    if (conflicts.length) replace = window.confirm(tCount("import_ask", conflicts.length, { list: listDates(conflicts) }));
    var now = new Date().toISOString();
    var changes = new Map();
    added.concat(replace ? conflicts : []).forEach(function (date) {
      var entry = Object.assign({}, incoming.get(date));
      if (!entry.updated_at) entry.updated_at = now;
      changes.set(date, entry);
    });
    var summary = [];
    if (added.length) summary.push(tCount("summary_added", added.length));
    if (conflicts.length) summary.push(tCount(replace ? "summary_replaced" : "summary_kept", conflicts.length));
    if (same) summary.push(tCount("summary_same", same));
    if (!changes.size) {
      say(toolsStatus, t("import_nothing_changed", { name: name, summary: summary.join("; ") }));
      return;
    }
    var stored = commit(changes);
    render();
    say(toolsStatus, stored ? t("imported", { name: name, summary: summary.join("; ") }) : notSavedMessage(), stored ? "ok" : "error");
  }

  function onImport() {
    var file = importInput.files && importInput.files[0];
    if (!file) return;
    var name = file.name;
    var refuse = function (reason) {
      say(toolsStatus, t("refused", { name: name, reason: reason }), "error");
    };
    if (file.size > FILE_SIZE_MAX) {
      refuse(t("file_too_big"));
      importInput.value = "";
      return;
    }
    file.arrayBuffer().then(function (buffer) {
      var incoming;
      try {
        incoming = parseFile(decode(new Uint8Array(buffer)), name);
      } catch (error) {
        if (error instanceof DiaryError) { refuse(error.message); return; }
        throw error;
      }
      if (!incoming.size) { refuse(t("file_no_entries")); return; }
      mergeImport(incoming, name);
    }, function () {
      refuse(t("file_unreadable"));
    }).then(function () { importInput.value = ""; });
  }

  function printRecent() {
    var to = localToday(), from = fromDayNumber(dayNumber(to) - (PRINT_DAYS - 1));
    var recent = sortedEntries(currentEntries()).filter(function (e) { return e.date >= from && e.date <= to; });
    if (!recent.length) {
      say(toolsStatus, t("print_none"));
      return;
    }
    printRange = { from: from, to: to };
    document.body.classList.add("diary-printing");
    render();
    window.print();
  }

  function afterPrint() {
    if (!printRange) return;
    printRange = null;
    document.body.classList.remove("diary-printing");
    render();
  }

  function deleteAll() {
    if (!window.confirm(t("ask_delete_all"))) {
      say(toolsStatus, t("nothing_deleted"));
      return;
    }
    try {
      if (storage) storage.removeItem(KEY);
    } catch (error) {
      say(toolsStatus, t("delete_all_failed", { error: errorName(error) }), "error");
      return;
    }
    pending.clear();
    cache = { raw: undefined, entries: null };
    unreadable = null;
    resetForm();
    render();
    say(toolsStatus, t("deleted_all"));
  }

  // ---- Start -------------------------------------------------------------------------------

  form.addEventListener("submit", onSubmit);
  cancelButton.addEventListener("click", function () {
    resetForm();
    say(formStatus, t("edit_cancelled"));
  });
  // One listener for every row's Edit and Delete buttons.
  tableBody.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) return;
    var date = button.closest("tr").dataset.date;
    if (button.dataset.action === "edit") startEdit(date);
    else deleteEntry(date);
  });
  document.getElementById("diary-export-csv").addEventListener("click", function () { exportAs("csv", toolsStatus); });
  document.getElementById("diary-export-json").addEventListener("click", function () { exportAs("json", toolsStatus); });
  document.getElementById("diary-unsaved-export").addEventListener("click", function () { exportAs("json", formStatus); });
  document.getElementById("diary-retry").addEventListener("click", retrySave);
  moreButton.addEventListener("click", function () {
    tableLimit += TABLE_PAGE;
    render();
    if (moreBox.hidden) tableWrap.focus(); // the button is gone: keep the focus near the new rows
  });
  document.getElementById("diary-print").addEventListener("click", printRecent);
  document.getElementById("diary-delete-all").addEventListener("click", deleteAll);
  importInput.addEventListener("change", onImport);
  window.addEventListener("afterprint", afterPrint);
  // Some browsers fire no "afterprint"; leaving print media ends the printing view there too.
  if (window.matchMedia) {
    var printMedia = window.matchMedia("print");
    if (printMedia.addEventListener) printMedia.addEventListener("change", function (e) { if (!e.matches) afterPrint(); });
  }
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY && event.key !== null) return;
    render();
    // What is stored now decides the message: a diary this page cannot read keeps its warning
    // (it is never written over), whoever changed it.
    if (unreadable) say(formStatus, t("start_unreadable", { reason: unreadable }), "error");
    else say(formStatus, t("other_tab"));
  });
  var drawnWidth = 0;
  window.addEventListener("resize", function () {
    if (Math.abs(chartBox.clientWidth - drawnWidth) < 40 || printRange) return;
    drawnWidth = chartBox.clientWidth;
    render();
  });
  window.addEventListener("beforeunload", function (event) {
    if (!pending.size) return;
    event.preventDefault();
    event.returnValue = "";
  });

  app.hidden = false; // shown before the first drawing, which measures the chart's width
  resetForm();
  renderLegend();
  render();
  drawnWidth = chartBox.clientWidth;
  if (unreadable) say(formStatus, t("start_unreadable", { reason: unreadable }), "error");
  else if (!storage) say(formStatus, t("start_no_storage"), "error");
})();
