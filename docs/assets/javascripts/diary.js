/*
 * Symptom diary (docs/symptom-diary.md): kept only in this browser's localStorage.
 *
 * Storage: key "ldn-diary" holds {"version": 1, "entries": [entry, ...]}, entries sorted by date.
 * An entry: {"date": "2026-11-25", "pain": 0-10 | null, "fatigue": ..., "sleep_problems": ...,
 *            "mood_problems": ..., "sweating": ..., "dose_mg": 0-10 | null, "notes": "",
 *            "updated_at": ISO 8601 time of the last change}.
 * The JSON export is the same object; the CSV export has the same fields as columns.
 *
 * Rules that keep entries from being lost:
 * - One entry per date. Every change re-reads storage first and changes only the dates the
 *   patient acted on, so entries saved meanwhile in another tab are kept. Nothing that is
 *   stored is replaced without asking: saving an existing date asks, and editing an entry that
 *   another tab changed after it was opened says so (its updated_at differs) and asks again.
 * - A "storage" event (another tab wrote) refreshes the view.
 * - If storage refuses a write (quota full, storage blocked), the change is kept in the page
 *   (shown as "not saved"), retried with the next change, and included in exports.
 * - Stored data this page cannot read (damaged, or written by a newer version) is never
 *   overwritten; only "Delete all my data" removes it.
 * - An import is checked completely before anything changes: one bad row refuses the file.
 */
(function () {
  "use strict";

  var KEY = "ldn-diary";
  var VERSION = 1;
  var SYMPTOMS = [
    { key: "pain", label: "Pain" },
    { key: "fatigue", label: "Fatigue" },
    { key: "sleep_problems", label: "Sleep problems" },
    { key: "mood_problems", label: "Mood problems" },
    { key: "sweating", label: "Sweating" },
  ];
  var DOSE_MAX = 10;
  var NOTES_MAX = 2000;
  var COLUMNS = ["date"].concat(SYMPTOMS.map(function (s) { return s.key; }), ["dose_mg", "notes", "updated_at"]);
  var REQUIRED_COLUMNS = COLUMNS.filter(function (c) { return c !== "updated_at"; });
  var FILE_SIZE_MAX = 2000000;
  var PRINT_DAYS = 28;
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

  // ---- Dates -------------------------------------------------------------------------------

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

  function formatDate(iso, style) {
    var options = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
    if (style === "short") options = { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" };
    if (style === "tick") options = { day: "numeric", month: "short", timeZone: "UTC" };
    return new Date(dayNumber(iso) * 86400000).toLocaleDateString("en-GB", options);
  }

  // ---- Validation --------------------------------------------------------------------------

  function checkRating(value, label) {
    if (value === null) return null;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 10) {
      throw new DiaryError(label + " must be a whole number from 0 to 10, not " + JSON.stringify(value) + ".");
    }
    return value;
  }

  function checkDose(value) {
    if (value === null) return null;
    if (typeof value !== "number" || !isFinite(value) || value < 0 || value > DOSE_MAX ||
        Math.abs(value * 100 - Math.round(value * 100)) > 1e-6) {
      throw new DiaryError("the LDN dose must be a number of mg from 0 to " + DOSE_MAX + " with at most 2 decimals, not " + JSON.stringify(value) + ".");
    }
    return value;
  }

  /* Check one entry (from storage, a file or the form); return a clean copy or throw DiaryError. */
  function checkEntry(raw) {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new DiaryError("an entry is not a set of named values.");
    Object.keys(raw).forEach(function (key) {
      if (COLUMNS.indexOf(key) < 0) throw new DiaryError("it has a field this diary does not use: \"" + key + "\".");
    });
    if (typeof raw.date !== "string" || !isRealDate(raw.date)) {
      throw new DiaryError("\"" + String(raw.date) + "\" is not a date written like 2026-11-25 (from 2000 to 2099).");
    }
    var where = raw.date + ": ";
    var entry = { date: raw.date };
    try {
      SYMPTOMS.forEach(function (s) { entry[s.key] = checkRating(raw[s.key] === undefined ? null : raw[s.key], s.label); });
      entry.dose_mg = checkDose(raw.dose_mg === undefined ? null : raw.dose_mg);
    } catch (error) {
      if (error instanceof DiaryError) throw new DiaryError(where + error.message);
      throw error;
    }
    var notes = raw.notes === undefined || raw.notes === null ? "" : raw.notes;
    if (typeof notes !== "string" || notes.length > NOTES_MAX) throw new DiaryError(where + "the notes must be text of at most " + NOTES_MAX + " characters.");
    entry.notes = notes;
    if (raw.updated_at !== undefined && raw.updated_at !== null && raw.updated_at !== "") {
      if (typeof raw.updated_at !== "string" || isNaN(Date.parse(raw.updated_at))) throw new DiaryError(where + "\"updated_at\" is not a time.");
      entry.updated_at = new Date(raw.updated_at).toISOString();
    } else {
      entry.updated_at = null;
    }
    if (isBlank(entry)) throw new DiaryError(where + "the entry is empty.");
    return entry;
  }

  function isBlank(entry) {
    return SYMPTOMS.every(function (s) { return entry[s.key] === null; }) && entry.dose_mg === null && entry.notes.trim() === "";
  }

  /* Read a parsed {"version", "entries"} object of any known version: a Map of date -> entry. */
  function upgrade(data) {
    if (Array.isArray(data)) data = { version: 0, entries: data };
    if (!data || typeof data !== "object" || !Number.isInteger(data.version) || data.version < 0) {
      throw new DiaryError("it is not a diary file from this page (it has no diary version number).");
    }
    if (data.version > VERSION) {
      throw new DiaryError("it was made by a newer version of this page (version " + data.version + "). Reload the page to get the newest version.");
    }
    while (data.version < VERSION) data = MIGRATIONS[data.version](data);
    if (!Array.isArray(data.entries)) throw new DiaryError("it has no list of entries.");
    var entries = new Map();
    data.entries.forEach(function (raw) {
      var entry = checkEntry(raw);
      if (entries.has(entry.date)) throw new DiaryError("it has two entries for " + entry.date + ".");
      entries.set(entry.date, entry);
    });
    return entries;
  }

  function sortedEntries(map, newestFirst) {
    var list = Array.from(map.values());
    list.sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; });
    return newestFirst ? list.reverse() : list;
  }

  function toJson(map) {
    var entries = sortedEntries(map).map(function (e) {
      var out = {};
      COLUMNS.forEach(function (c) { out[c] = e[c]; });
      return out;
    });
    return JSON.stringify({ version: VERSION, entries: entries }, null, 2);
  }

  function sameEntry(a, b) {
    return COLUMNS.every(function (c) { return c === "updated_at" || a[c] === b[c]; });
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

  function toCsv(map) {
    var lines = [COLUMNS.join(",")];
    sortedEntries(map).forEach(function (e) {
      lines.push(COLUMNS.map(function (c) { return csvCell(e[c]); }).join(","));
    });
    // The byte-order mark makes spreadsheet programs read the file as UTF-8.
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  function parseCsvRows(text) {
    var rows = [], row = [], cell = "", quoted = false, i = 0;
    while (i < text.length) {
      var ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        if (ch === '"') { quoted = false; i += 1; continue; }
        cell += ch; i += 1; continue;
      }
      if (ch === '"' && cell === "") { quoted = true; i += 1; continue; }
      if (ch === ",") { row.push(cell); cell = ""; i += 1; continue; }
      if (ch === "\r" || ch === "\n") {
        row.push(cell); rows.push(row); row = []; cell = "";
        i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
        continue;
      }
      cell += ch; i += 1;
    }
    if (quoted) throw new DiaryError("a quoted value is never closed.");
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows.filter(function (r) { return !(r.length === 1 && r[0].trim() === ""); });
  }

  function csvNumber(text) {
    var t = text.trim();
    if (t === "") return null;
    return /^\d+(\.\d+)?$/.test(t) ? Number(t) : t;
  }

  function parseCsv(text) {
    var rows = parseCsvRows(text);
    if (!rows.length) throw new DiaryError("the file is empty.");
    var header = rows[0].map(function (h) { return h.trim().toLowerCase(); });
    var unknown = header.filter(function (h) { return COLUMNS.indexOf(h) < 0; });
    var missing = REQUIRED_COLUMNS.filter(function (c) { return header.indexOf(c) < 0; });
    if (unknown.length || missing.length) {
      throw new DiaryError("its columns are not the ones this diary exports (" + COLUMNS.join(", ") + ")." +
        (missing.length ? " Missing: " + missing.join(", ") + "." : "") +
        (unknown.length ? " Not used here: " + unknown.join(", ") + "." : ""));
    }
    var entries = [];
    rows.slice(1).forEach(function (cells, index) {
      var line = index + 2;
      if (cells.length !== header.length) throw new DiaryError("row " + line + " has " + cells.length + " values; the header has " + header.length + ".");
      var raw = {};
      header.forEach(function (column, k) {
        var text = cells[k];
        if (column === "date" || column === "updated_at") raw[column] = text.trim();
        else if (column === "notes") raw[column] = /^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
        else raw[column] = csvNumber(text);
      });
      try {
        entries.push(checkEntry(raw));
      } catch (error) {
        if (error instanceof DiaryError) throw new DiaryError("row " + line + ": " + error.message);
        throw error;
      }
    });
    return upgrade({ version: VERSION, entries: entries });
  }

  function parseFile(text, name) {
    text = text.replace(/^\ufeff/, "");
    var start = text.trim().charAt(0);
    if (start === "{" || start === "[" || /\.json$/i.test(name)) {
      var data;
      try { data = JSON.parse(text); } catch (e) { throw new DiaryError("it is not a valid JSON file."); }
      return upgrade(data);
    }
    return parseCsv(text);
  }

  // ---- Storage -----------------------------------------------------------------------------

  var storage = openStorage();
  var pending = new Map(); // date -> entry, or null for a deletion, that storage has not taken yet
  var unreadable = null; // why the stored diary could not be read; while set, it is never written

  function openStorage() {
    try {
      var s = window.localStorage;
      s.getItem(KEY);
      return s;
    } catch (e) {
      return null;
    }
  }

  function readStored() {
    var raw = storage ? storage.getItem(KEY) : null;
    if (raw === null) return new Map();
    var data;
    try { data = JSON.parse(raw); } catch (e) { throw new DiaryError("the saved diary is damaged."); }
    return upgrade(data);
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

  /* Apply changes (date -> entry or null) on top of freshly read storage; true if stored. */
  function commit(changes) {
    changes.forEach(function (entry, date) { pending.set(date, entry); });
    var entries = currentEntries();
    if (!storage || unreadable) return false;
    try {
      storage.setItem(KEY, toJson(entries));
      pending.clear();
      return true;
    } catch (error) {
      if (isQuotaError(error) || (error && error.name === "SecurityError")) return false;
      throw error;
    }
  }

  function notSavedMessage() {
    if (unreadable) {
      return "Not saved: the diary already on this device could not be read (" + unreadable + ") To keep it safe, this page will not change it. Your new entry is kept on this page until you close it: use Export to save a copy.";
    }
    if (!storage) {
      return "Not saved: this browser does not let the page store data (it may be in private mode). Your entries stay on this page until you close it: use Export to save a copy.";
    }
    return "Not saved: your browser's storage for this site is full. Your entries are still on this page until you close it, and nothing saved before was lost. Use Export to save a copy, then free some space (for example clear other sites' data) and save again.";
  }

  // ---- Page elements -----------------------------------------------------------------------

  var app = document.getElementById("diary-app");
  if (!app) return;
  var form = document.getElementById("diary-form");
  var formTitle = document.getElementById("diary-form-title");
  var saveButton = document.getElementById("diary-save");
  var cancelButton = document.getElementById("diary-cancel-edit");
  var formStatus = document.getElementById("diary-form-status");
  var toolsStatus = document.getElementById("diary-tools-status");
  var entriesTitle = document.getElementById("diary-entries-title");
  var emptyNote = document.getElementById("diary-empty");
  var results = document.getElementById("diary-results");
  var chartBox = document.getElementById("diary-chart");
  var legend = document.getElementById("diary-legend");
  var tableBody = document.querySelector("#diary-table tbody");
  var caption = document.getElementById("diary-table-caption");
  var printIntro = document.getElementById("diary-print-intro");
  var importInput = document.getElementById("diary-import");
  var fields = {};
  ["date"].concat(SYMPTOMS.map(function (s) { return s.key; }), ["dose_mg", "notes"]).forEach(function (name) {
    fields[name] = document.getElementById("diary-" + name);
  });

  var editing = null; // {date, updated_at} of the entry loaded into the form by Edit
  var printRange = null; // {from, to} while printing the last four weeks

  function say(region, text, kind) {
    region.textContent = "";
    region.classList.toggle("diary-status--error", kind === "error");
    // A fresh text node after clearing makes screen readers announce a repeated message too.
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  // ---- Form --------------------------------------------------------------------------------

  function setError(name, message) {
    var input = fields[name];
    var error = document.getElementById("diary-" + name + "-error");
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

  /* Read the form into an entry; return {entry, errors: [[field, message], ...]}. */
  function readForm() {
    var errors = [];
    var entry = { date: fields.date.value, notes: fields.notes.value };
    if (!fields.date.value) errors.push(["date", "Enter the date of this entry."]);
    else if (!isRealDate(fields.date.value)) errors.push(["date", "Enter a real date, like 25 November 2026."]);
    SYMPTOMS.forEach(function (s) {
      var input = fields[s.key], text = input.value.trim();
      if (input.validity.badInput || (text !== "" && !/^\d+$/.test(text)) || (text !== "" && +text > 10)) {
        errors.push([s.key, s.label + ": enter a whole number from 0 to 10, or leave it empty."]);
      }
      entry[s.key] = text === "" ? null : +text;
    });
    var dose = fields.dose_mg.value.trim();
    if (fields.dose_mg.validity.badInput || (dose !== "" && !/^\d+(\.\d{1,2})?$/.test(dose)) || (dose !== "" && +dose > DOSE_MAX)) {
      errors.push(["dose_mg", "LDN dose: enter the mg you took, from 0 to " + DOSE_MAX + ", like 1.5, or leave it empty."]);
    }
    entry.dose_mg = dose === "" ? null : +dose;
    if (entry.notes.length > NOTES_MAX) entry.notes = entry.notes.slice(0, NOTES_MAX);
    return { entry: entry, errors: errors };
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
    formTitle.textContent = "Add an entry";
    saveButton.textContent = "Save";
    cancelButton.hidden = true;
  }

  function onSubmit(event) {
    event.preventDefault();
    var read = readForm();
    showErrors(read.errors);
    if (read.errors.length) {
      say(formStatus, "Not saved yet: please correct " + (read.errors.length === 1 ? "the box" : "the " + read.errors.length + " boxes") + " marked below.", "error");
      fields[read.errors[0][0]].focus();
      return;
    }
    var entry = read.entry;
    if (isBlank(entry)) {
      say(formStatus, "Not saved: fill in at least one number, the dose or a note.", "error");
      fields.pain.focus();
      return;
    }
    var current = currentEntries();
    var existing = current.get(entry.date);
    var moving = editing && editing.date !== entry.date;
    if (existing) {
      var question;
      if (editing && editing.date === entry.date && existing.updated_at !== editing.updated_at) {
        question = "The entry for " + formatDate(entry.date) + " was changed in another tab or window after you opened it here. Replace it with what you typed here?";
      } else if (editing && editing.date === entry.date) {
        question = "Replace the saved entry for " + formatDate(entry.date) + " with your changes?";
      } else {
        question = "You already have an entry for " + formatDate(entry.date) + ". Replace it with this one?";
      }
      if (!window.confirm(question)) {
        say(formStatus, "Nothing was changed. The saved entry for " + formatDate(entry.date) + " is as it was.");
        return;
      }
    }
    entry.updated_at = new Date().toISOString();
    var changes = new Map([[entry.date, entry]]);
    if (moving) changes.set(editing.date, null);
    var stored = commit(changes);
    var done = moving ? "Moved the entry from " + formatDate(editing.date) + " to " + formatDate(entry.date) + "." : "Saved the entry for " + formatDate(entry.date) + ".";
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
    SYMPTOMS.forEach(function (s) { fields[s.key].value = entry[s.key] === null ? "" : String(entry[s.key]); });
    fields.dose_mg.value = entry.dose_mg === null ? "" : String(entry.dose_mg);
    fields.notes.value = entry.notes;
    formTitle.textContent = "Edit the entry for " + formatDate(date);
    saveButton.textContent = "Save changes";
    cancelButton.hidden = false;
    say(formStatus, "Editing the entry for " + formatDate(date) + ". Change it, then press Save changes.");
    formTitle.scrollIntoView({ block: "start" });
    fields.date.focus();
  }

  function deleteEntry(date) {
    if (!window.confirm("Delete the entry for " + formatDate(date) + "? This cannot be undone.")) {
      say(formStatus, "Nothing was deleted.");
      return;
    }
    if (editing && editing.date === date) resetForm();
    var stored = commit(new Map([[date, null]]));
    render();
    entriesTitle.focus();
    say(formStatus, stored ? "Deleted the entry for " + formatDate(date) + "." : notSavedMessage(), stored ? "ok" : "error");
  }

  // ---- Table -------------------------------------------------------------------------------

  function cellText(value) {
    if (value === null || value === "") {
      var span = document.createElement("span");
      span.innerHTML = '<span aria-hidden="true">–</span><span class="diary-sr-only">not recorded</span>';
      return span;
    }
    return document.createTextNode(String(value));
  }

  function button(text, hidden, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "diary-button diary-button--small";
    b.textContent = text;
    var extra = document.createElement("span");
    extra.className = "diary-sr-only";
    extra.textContent = hidden;
    b.appendChild(extra);
    b.addEventListener("click", onClick);
    return b;
  }

  function renderTable(list) {
    var rows = document.createDocumentFragment();
    list.forEach(function (entry) {
      var tr = document.createElement("tr");
      tr.dataset.date = entry.date;
      var th = document.createElement("th");
      th.scope = "row";
      var time = document.createElement("time");
      time.dateTime = entry.date;
      time.textContent = formatDate(entry.date, "short");
      th.appendChild(time);
      if (pending.has(entry.date)) {
        var flag = document.createElement("span");
        flag.className = "diary-unsaved";
        flag.textContent = " (not saved)";
        th.appendChild(flag);
      }
      tr.appendChild(th);
      SYMPTOMS.map(function (s) { return entry[s.key]; }).concat([entry.dose_mg, entry.notes]).forEach(function (value, i) {
        var td = document.createElement("td");
        td.appendChild(cellText(value));
        if (i === SYMPTOMS.length + 1) td.className = "diary-notes";
        tr.appendChild(td);
      });
      var actions = document.createElement("td");
      actions.className = "diary-col-actions";
      var label = " the entry for " + formatDate(entry.date);
      actions.appendChild(button("Edit", label, function () { startEdit(entry.date); }));
      actions.appendChild(button("Delete", label, function () { deleteEntry(entry.date); }));
      tr.appendChild(actions);
      rows.appendChild(tr);
    });
    tableBody.replaceChildren(rows);
  }

  // ---- Chart -------------------------------------------------------------------------------

  var SERIES = SYMPTOMS.map(function (s) { return { key: s.key, label: s.label + " (0 to 10)" }; })
    .concat([{ key: "dose_mg", label: "LDN dose in mg (steps, right-hand scale)" }]);

  function svg(name, attrs, parent) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  /* A small marker shape per series, so the lines differ by more than colour. */
  function marker(key, x, y, parent) {
    var r = 3.5, cls = "diary-marker diary-series--" + key;
    switch (key) {
      case "pain": return svg("circle", { cx: x, cy: y, r: r, "class": cls }, parent);
      case "fatigue": return svg("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, "class": cls }, parent);
      case "sleep_problems": return svg("path", { d: "M" + x + " " + (y - r - 1) + "l" + (r + 1) + " " + (2 * r + 1) + "h" + -(2 * r + 2) + "z", "class": cls }, parent);
      case "mood_problems": return svg("path", { d: "M" + x + " " + (y - r - 1) + "l" + (r + 1) + " " + (r + 1) + "l" + -(r + 1) + " " + (r + 1) + "l" + -(r + 1) + " " + -(r + 1) + "z", "class": cls }, parent);
      case "sweating": return svg("path", { d: "M" + (x - r) + " " + (y - r) + "l" + 2 * r + " " + 2 * r + "M" + (x + r) + " " + (y - r) + "l" + -2 * r + " " + 2 * r, "class": cls + " diary-marker--cross" }, parent);
      default: return null;
    }
  }

  function niceDoseMax(max) {
    var steps = [1, 2, 3, 4.5, 5, 6, 8, 10];
    for (var i = 0; i < steps.length; i += 1) if (max <= steps[i]) return steps[i];
    return DOSE_MAX;
  }

  function renderChart(list, range) {
    // Drawn at the width it is shown (up to 720), so its labels stay readable on a phone.
    var W = Math.round(Math.min(720, Math.max(300, chartBox.clientWidth || 720)));
    var H = W < 500 ? 260 : 300, left = 34, right = 40, top = 22, bottom = 34;
    var from = dayNumber(range.from), to = dayNumber(range.to);
    if (from === to) { from -= 1; to += 1; }
    var x = function (date) { return left + (dayNumber(date) - from) / (to - from) * (W - left - right); };
    var y = function (v) { return top + (10 - v) / 10 * (H - top - bottom); };
    var doses = list.map(function (e) { return e.dose_mg; }).filter(function (d) { return d !== null; });
    var doseMax = niceDoseMax(doses.length ? Math.max.apply(null, doses) : 1);
    var yDose = function (v) { return top + (doseMax - v) / doseMax * (H - top - bottom); };

    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-labelledby": "diary-chart-title", "aria-describedby": "diary-chart-desc", "class": "diary-chart-svg" });
    svg("title", { id: "diary-chart-title" }, root).textContent = "Chart of your symptoms and LDN dose over time";
    svg("desc", { id: "diary-chart-desc" }, root).textContent =
      "Lines show pain, fatigue, sleep problems, mood problems and sweating from 0 to 10, and steps show the LDN dose in mg, from " +
      formatDate(range.from) + " to " + formatDate(range.to) + ". The table below holds the same data.";

    var axes = svg("g", { "class": "diary-axes" }, root);
    for (var v = 0; v <= 10; v += 2) {
      svg("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), "class": "diary-grid" }, axes);
      svg("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end" }, axes).textContent = String(v);
    }
    [0, doseMax / 2, doseMax].forEach(function (d) {
      svg("text", { x: W - right + 6, y: yDose(d) + 4 }, axes).textContent = String(Math.round(d * 100) / 100);
    });
    svg("text", { x: left - 6, y: 12, "text-anchor": "end" }, axes).textContent = "0-10";
    svg("text", { x: W - right + 6, y: 12 }, axes).textContent = "mg";
    var span = to - from, step = Math.max(1, Math.ceil(span / Math.max(2, Math.floor(W / 110))));
    for (var day = Math.ceil(from); day <= to; day += step) {
      var date = fromDayNumber(day);
      svg("line", { x1: x(date), x2: x(date), y1: H - bottom, y2: H - bottom + 4, "class": "diary-tick" }, axes);
      svg("text", { x: x(date), y: H - bottom + 18, "text-anchor": "middle" }, axes).textContent = formatDate(date, "tick");
    }
    svg("line", { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, "class": "diary-axis" }, axes);

    var dosePath = "", last = null;
    list.forEach(function (e) {
      if (e.dose_mg === null) { last = null; return; }
      dosePath += last === null ? "M" + x(e.date) + " " + yDose(e.dose_mg) : "H" + x(e.date) + "V" + yDose(e.dose_mg);
      last = e.dose_mg;
    });
    if (dosePath) {
      if (list.filter(function (e) { return e.dose_mg !== null; }).length === 1) dosePath += "h4";
      svg("path", { d: dosePath, "class": "diary-line diary-series--dose_mg" }, root);
    }
    SYMPTOMS.forEach(function (s) {
      var d = "", gap = true;
      list.forEach(function (e) {
        if (e[s.key] === null) { gap = true; return; }
        d += (gap ? "M" : "L") + x(e.date) + " " + y(e[s.key]);
        gap = false;
      });
      var group = svg("g", { "class": "diary-series" }, root);
      if (d) svg("path", { d: d, "class": "diary-line diary-series--" + s.key }, group);
      list.forEach(function (e) { if (e[s.key] !== null) marker(s.key, x(e.date), y(e[s.key]), group); });
    });
    chartBox.replaceChildren(root);
  }

  function renderLegend() {
    var items = document.createDocumentFragment();
    SERIES.forEach(function (s) {
      var li = document.createElement("li");
      var swatch = svg("svg", { viewBox: "0 0 36 12", width: "36", height: "12", "aria-hidden": "true", focusable: "false" }, li);
      svg("path", { d: "M2 6H34", "class": "diary-line diary-series--" + s.key }, swatch);
      marker(s.key, 18, 6, swatch);
      li.appendChild(document.createTextNode(s.label));
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
      caption.textContent = "Diary entries from " + formatDate(printRange.from) + " to " + formatDate(printRange.to) + ", newest first";
      printIntro.textContent = "The last four weeks, " + formatDate(printRange.from) + " to " + formatDate(printRange.to) +
        ". Pain, fatigue, sleep problems, mood problems and sweating are rated from 0 = none to 10 = worst you can imagine.";
    } else {
      caption.textContent = "Your diary entries, newest first";
      printIntro.textContent = "";
    }
    emptyNote.hidden = list.length > 0;
    results.hidden = list.length === 0;
    renderTable(list);
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

  function exportAs(kind) {
    var entries = currentEntries();
    if (!entries.size) {
      say(toolsStatus, "There is nothing to export yet.");
      return;
    }
    var name = "ldn-diary-" + localToday() + "." + kind;
    if (kind === "csv") download(name, "text/csv;charset=utf-8", toCsv(entries));
    else download(name, "application/json", toJson(entries));
    say(toolsStatus, "Exported " + entries.size + (entries.size === 1 ? " entry" : " entries") + " to the file " + name + ". Keep it somewhere safe.");
  }

  function listDates(dates) {
    var shown = dates.slice(0, 5).map(function (d) { return formatDate(d); }).join(", ");
    return dates.length > 5 ? shown + " and " + (dates.length - 5) + " more" : shown;
  }

  function mergeImport(incoming, name) {
    var current = currentEntries();
    if (unreadable) {
      say(toolsStatus, "Nothing was imported: the diary already on this device could not be read (" + unreadable + ") This page will not change it.", "error");
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
    if (conflicts.length) {
      replace = window.confirm("The file has different entries for " + conflicts.length + (conflicts.length === 1 ? " date" : " dates") +
        " you already have: " + listDates(conflicts) + ".\n\nReplace your entries for these dates with the ones in the file?\n" +
        "OK replaces them. Cancel keeps yours (new dates from the file are still added).");
    }
    var now = new Date().toISOString();
    var changes = new Map();
    added.concat(replace ? conflicts : []).forEach(function (date) {
      var entry = Object.assign({}, incoming.get(date));
      if (!entry.updated_at) entry.updated_at = now;
      changes.set(date, entry);
    });
    var summary = [];
    if (added.length) summary.push("added " + added.length + (added.length === 1 ? " new date" : " new dates"));
    if (conflicts.length) summary.push((replace ? "replaced " : "kept your own entries for ") + conflicts.length + (conflicts.length === 1 ? " date" : " dates"));
    if (same) summary.push(same + (same === 1 ? " date was" : " dates were") + " already the same");
    if (!changes.size) {
      say(toolsStatus, "Nothing changed from " + name + ": " + summary.join("; ") + ".");
      return;
    }
    var stored = commit(changes);
    render();
    say(toolsStatus, stored ? "Imported " + name + ": " + summary.join("; ") + "." : notSavedMessage(), stored ? "ok" : "error");
  }

  function onImport() {
    var file = importInput.files && importInput.files[0];
    if (!file) return;
    var name = file.name;
    var refuse = function (reason) {
      say(toolsStatus, "The file " + name + " was not imported: " + reason + " Your diary is unchanged.", "error");
    };
    if (file.size > FILE_SIZE_MAX) {
      refuse("it is too big to be a diary file from this page.");
      importInput.value = "";
      return;
    }
    file.text().then(function (text) {
      var incoming;
      try {
        incoming = parseFile(text, name);
      } catch (error) {
        if (error instanceof DiaryError) { refuse(error.message); return; }
        throw error;
      }
      if (!incoming.size) { refuse("it has no entries."); return; }
      mergeImport(incoming, name);
    }, function () {
      refuse("the browser could not read it.");
    }).then(function () { importInput.value = ""; });
  }

  function printRecent() {
    var to = localToday(), from = fromDayNumber(dayNumber(to) - (PRINT_DAYS - 1));
    var recent = sortedEntries(currentEntries()).filter(function (e) { return e.date >= from && e.date <= to; });
    if (!recent.length) {
      say(toolsStatus, "There are no entries from the last four weeks to print. You can print the paper diary instead.");
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
    if (!window.confirm("Delete ALL your diary entries from this device? This cannot be undone. If you may want them later, press Cancel and use Export first.")) {
      say(toolsStatus, "Nothing was deleted.");
      return;
    }
    pending.clear();
    try {
      if (storage) storage.removeItem(KEY);
    } catch (e) {
      // Removing cannot exceed a quota; a blocked storage has nothing of ours to remove.
    }
    unreadable = null;
    resetForm();
    render();
    say(toolsStatus, "All your diary entries were deleted from this device.");
  }

  // ---- Start -------------------------------------------------------------------------------

  form.addEventListener("submit", onSubmit);
  cancelButton.addEventListener("click", function () {
    resetForm();
    say(formStatus, "Editing cancelled. Nothing was changed.");
  });
  document.getElementById("diary-export-csv").addEventListener("click", function () { exportAs("csv"); });
  document.getElementById("diary-export-json").addEventListener("click", function () { exportAs("json"); });
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
    say(formStatus, "Your diary was changed in another tab or window. The entries below are up to date.");
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
  if (unreadable) {
    say(formStatus, "The diary saved on this device could not be read: " + unreadable + " To keep it safe, this page will not change it. New entries stay on this page until you close it: use Export to save a copy.", "error");
  } else if (!storage) {
    say(formStatus, "This browser does not let the page store data (it may be in private mode). Entries you add stay only until you close the page: use Export to save a copy.", "error");
  }
})();
