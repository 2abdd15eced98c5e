/*
 * Dose tables: once the reader picks the form of their medicine, every dose table shows only
 * that form's table, on this page and on every other page with dose tables.
 *
 * Markup (overrides/macros/dose-form-picker.html, dose-table.html, rendered by macros/doses.py):
 * - [data-dose-picker][data-storage-key]: the picker, once per page; its radio buttons carry the
 *   form ids as values ("" = show all) and, in data-status, the words to announce.
 * - [data-dose-schedule]: one schedule; [data-dose-form] its table for one form;
 *   [data-dose-missing] its line for a form it has no table for (hidden until needed).
 * - [data-dose-if-js] / [data-dose-if-no-js]: shown with / without this script.
 *
 * Rules:
 * - Before any choice, and without JavaScript, every table is shown, each with its caption.
 * - The choice is kept in localStorage under the picker's key, on this device only; nothing is sent.
 * - A schedule with no table for the chosen form keeps all its tables and shows its "missing"
 *   line: a table is never hidden so that a reader is left with nothing.
 * - An unknown stored value (a form since removed) is ignored: everything is shown.
 * This script holds no words: every text it shows is in the HTML, in the page's language.
 */
(function () {
  "use strict";

  var picker = document.querySelector("[data-dose-picker]");
  if (!picker) return;
  var key = picker.getAttribute("data-storage-key");
  var inputs = Array.prototype.slice.call(picker.querySelectorAll("input[type=radio]"));
  var status = picker.querySelector("[data-dose-status]");

  function known(form) {
    return inputs.some(function (input) { return input.value === form; });
  }

  function stored() {
    try {
      var form = window.localStorage.getItem(key) || "";
      return known(form) ? form : "";
    } catch (error) {
      return ""; // storage blocked: show everything
    }
  }

  function store(form) {
    try {
      if (form) window.localStorage.setItem(key, form);
      else window.localStorage.removeItem(key);
    } catch (error) {
      // Storage blocked or full: the choice still applies to this page.
    }
  }

  /* Show only `form`'s table in each schedule that has one; "" shows every table. */
  function show(form) {
    document.querySelectorAll("[data-dose-schedule]").forEach(function (schedule) {
      var tables = Array.prototype.slice.call(schedule.querySelectorAll("[data-dose-form]"));
      var has = form !== "" && tables.some(function (table) { return table.getAttribute("data-dose-form") === form; });
      tables.forEach(function (table) {
        table.hidden = has && table.getAttribute("data-dose-form") !== form;
      });
      schedule.querySelectorAll("[data-dose-missing]").forEach(function (line) {
        line.hidden = has || form === "" || line.getAttribute("data-dose-missing") !== form;
      });
    });
    inputs.forEach(function (input) { input.checked = input.value === form; });
  }

  document.querySelectorAll("[data-dose-if-js]").forEach(function (element) { element.hidden = false; });
  document.querySelectorAll("[data-dose-if-no-js]").forEach(function (element) { element.hidden = true; });
  show(stored());

  inputs.forEach(function (input) {
    input.addEventListener("change", function () {
      if (!input.checked) return;
      store(input.value);
      show(input.value);
      if (status) status.textContent = input.getAttribute("data-status") || "";
    });
  });

  /* Another tab changed the choice: follow it. */
  window.addEventListener("storage", function (event) {
    if (event.key === key) show(stored());
  });
})();
