/* The site's one script, on every page, in place of Material's bundle (34 KB gzip).
 *
 * Everything here is an enhancement: with JavaScript off the pages read, print and navigate
 * (the drawer is a CSS checkbox toggle). Interface words come from the page's #__config block
 * (overrides/main.html), so this file holds no language of its own. It makes no request.
 *
 *   palette      the light/dark toggle; an explicit choice is kept under Material's own key
 *                (<site path>.__palette in localStorage), so a choice saved before still works
 *   drawer       closes on Escape, on a link to this page and when the page comes back from
 *                the back/forward cache; nested sections open with Enter and Space
 *   top          the back-to-top button appears while scrolling up
 *   copy         a copy button on each code block (content.code.copy)
 *   toc          the table of contents marks the section being read (toc.follow)
 *   title        the header shows the page title once the page heading scrolls away
 *   glossary     each <abbr title> term opens its definition on tap, click, focus and hover
 *   print        the print date becomes today's date on paper
 *   fix-ups      accessible names for task-list checkboxes and tables that scroll sideways
 *
 * The palette is first applied by the small inline script in partials/javascripts/palette.html,
 * before the page is drawn; this file keeps it up to date.
 */
(function () {
  "use strict";

  var doc = document;
  var body = doc.body;
  var config = {};
  try {
    config = JSON.parse(doc.getElementById("__config").textContent);
  } catch (error) {
    config = {};
  }
  var features = config.features || [];
  var words = config.strings || {};

  function has(feature) {
    return features.indexOf(feature) >= 0;
  }

  function each(selector, action) {
    Array.prototype.forEach.call(doc.querySelectorAll(selector), action);
  }

  function format(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? values[name] : match;
    });
  }

  /* --- Palette ----------------------------------------------------------------------------- */

  function palette() {
    var form = doc.querySelector("[data-md-component=palette]");
    if (!form) return;
    var inputs = form.querySelectorAll("input.md-option");
    var key = new URL(form.getAttribute("data-md-scope") || ".", location).pathname + ".__palette";

    function saved() {
      try {
        var value = JSON.parse(localStorage.getItem(key));
        return value && typeof value.index === "number" && value.index >= 0 && value.index < inputs.length ? value.index : -1;
      } catch (error) {
        return -1;
      }
    }

    function system() {
      for (var i = 0; i < inputs.length; i++) {
        var media = inputs[i].getAttribute("data-md-color-media");
        if (media && matchMedia(media).matches) return i;
      }
      return 0;
    }

    function show(index) {
      var input = inputs[index];
      body.setAttribute("data-md-color-switching", "");
      ["scheme", "primary", "accent"].forEach(function (name) {
        var value = input.getAttribute("data-md-color-" + name);
        if (value) body.setAttribute("data-md-color-" + name, value);
      });
      for (var i = 0; i < inputs.length; i++) {
        inputs[i].checked = i === index;
        var label = inputs[i].nextElementSibling;
        if (label && label.tagName === "LABEL") label.hidden = i !== index;
      }
      setTimeout(function () {
        body.removeAttribute("data-md-color-switching");
      });
    }

    function choose(index) {
      show(index);
      /* Remember a choice only while it differs from the system setting; choosing the system's
         own palette again returns to following the system. */
      try {
        if (index === system()) localStorage.removeItem(key);
        else {
          var input = inputs[index];
          localStorage.setItem(key, JSON.stringify({
            index: index,
            color: {
              media: input.getAttribute("data-md-color-media"),
              scheme: input.getAttribute("data-md-color-scheme"),
              primary: input.getAttribute("data-md-color-primary"),
              accent: input.getAttribute("data-md-color-accent")
            }
          }));
        }
      } catch (error) {
        /* Storage turned off: the choice lasts for this page only. */
      }
    }

    Array.prototype.forEach.call(inputs, function (input, index) {
      input.addEventListener("change", function () {
        if (input.checked) choose(index);
      });
    });
    /* The hidden radio has focus; Enter and Space switch to the next palette, as a click does. */
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      var current = Array.prototype.indexOf.call(inputs, doc.activeElement);
      var next = inputs[(Math.max(current, 0) + 1) % inputs.length];
      next.click();
      next.focus();
    });
    /* Follow the system setting while there is no explicit choice. */
    Array.prototype.forEach.call(inputs, function (input) {
      var media = input.getAttribute("data-md-color-media");
      if (!media) return;
      var query = matchMedia(media);
      var follow = function () {
        if (saved() < 0) show(system());
      };
      if (query.addEventListener) query.addEventListener("change", follow);
      else if (query.addListener) query.addListener(follow); /* older Safari */
    });
    var index = saved();
    show(index >= 0 ? index : system());
  }

  /* --- Drawer and navigation --------------------------------------------------------------- */

  function drawer() {
    var toggle = doc.getElementById("__drawer");
    if (!toggle) return;
    function close() {
      if (toggle.checked) toggle.checked = false;
    }
    /* A drawer left open by an earlier visit: the browser restores the checkbox on back, forward
       and reload (Material's markup had autocomplete="off", which is not valid on a checkbox). */
    var navigation = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    if (navigation && (navigation.type === "back_forward" || navigation.type === "reload")) close();
    addEventListener("pageshow", function (event) {
      if (event.persisted) close();
    });
    doc.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        close();
        var button = doc.querySelector("label[for='__drawer'].md-header__button");
        if (button) button.focus();
      }
    });
    doc.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest(".md-sidebar a[href]");
      if (link && link.pathname === location.pathname && link.hash) setTimeout(close, 125);
    });
    /* Labels of nested sections are focusable: Enter and Space open them as a click does. */
    doc.addEventListener("keydown", function (event) {
      var label = event.target;
      if ((event.key === "Enter" || event.key === " ") && label.tagName === "LABEL" && label.hasAttribute("tabindex")) {
        event.preventDefault();
        label.click();
      }
    });
    each(".md-nav__toggle", function (input) {
      input.addEventListener("change", function () {
        var label = doc.querySelector("label[for='" + input.id + "'][id]");
        var nav = label && doc.querySelector("[aria-labelledby='" + label.id + "']");
        if (nav) nav.setAttribute("aria-expanded", String(input.checked));
      });
    });
  }

  /* --- Back to top ------------------------------------------------------------------------- */

  function backToTop() {
    var button = doc.querySelector("[data-md-component=top]");
    if (!button) return;
    var last = scrollY;
    function set(hidden) {
      if (button.hidden === hidden) return;
      button.hidden = hidden;
      if (hidden) {
        button.setAttribute("tabindex", "-1");
        if (doc.activeElement === button) button.blur();
      } else button.removeAttribute("tabindex");
    }
    set(true);
    addEventListener("scroll", function () {
      var y = scrollY;
      set(!(y < last && y > innerHeight / 2));
      last = y;
    }, { passive: true });
    button.addEventListener("click", function (event) {
      event.preventDefault();
      scrollTo({ top: 0 });
      set(true);
    });
  }

  /* --- Copy buttons ------------------------------------------------------------------------ */

  var dialog = doc.querySelector("[data-md-component=dialog]");
  var dialogTimer;
  if (dialog) {
    dialog.setAttribute("role", "status");
    dialog.setAttribute("aria-live", "polite");
  }

  function announce(message) {
    if (!dialog) return;
    dialog.querySelector(".md-dialog__inner").textContent = message;
    dialog.classList.add("md-dialog--active");
    clearTimeout(dialogTimer);
    dialogTimer = setTimeout(function () {
      dialog.classList.remove("md-dialog--active");
    }, 2000);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = doc.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      body.appendChild(area);
      area.select();
      var done = doc.execCommand("copy");
      body.removeChild(area);
      (done ? resolve : reject)();
    });
  }

  function copyButtons() {
    if (!has("content.code.copy")) return;
    each(".md-typeset pre > code", function (code) {
      var pre = code.parentElement;
      if (pre.closest(".no-copy")) return;
      var bar = doc.createElement("div");
      bar.className = "md-code__nav";
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "md-code__button";
      button.setAttribute("data-md-type", "copy");
      button.title = words.copy || "";
      button.setAttribute("aria-label", words.copy || "");
      button.addEventListener("click", function () {
        copyText(code.innerText.replace(/\s+$/, "")).then(function () {
          button.focus();
          announce(words.copied || "");
        }, function () { /* nothing copied: the text stays there to select by hand */ });
      });
      bar.appendChild(button);
      pre.insertBefore(bar, code);
    });
  }

  /* --- Table of contents and header title -------------------------------------------------- */

  function follow() {
    var links = Array.prototype.slice.call(doc.querySelectorAll(".md-sidebar--secondary [data-md-component=toc] a[href^='#']"));
    var targets = links.map(function (link) {
      return doc.getElementById(decodeURIComponent(link.hash.slice(1)));
    });
    var header = doc.querySelector(".md-header");
    var title = doc.querySelector("[data-md-component=header-title]");
    var heading = doc.querySelector(".md-content h1");
    var active = -1;
    var queued = false;

    function update() {
      queued = false;
      var offset = (header ? header.offsetHeight : 0) + 8;
      if (title && heading) {
        title.classList.toggle("md-header__title--active", heading.getBoundingClientRect().bottom < offset);
      }
      var current = -1;
      for (var i = 0; i < targets.length; i++) {
        if (targets[i] && targets[i].getBoundingClientRect().top <= offset + 1) current = i;
      }
      if (current === active) return;
      active = current;
      links.forEach(function (link, i) {
        link.classList.toggle("md-nav__link--passed", i < current);
        link.classList.toggle("md-nav__link--active", i === current);
      });
      if (current >= 0 && has("toc.follow")) {
        var link = links[current];
        var wrap = link.closest(".md-sidebar__scrollwrap");
        if (wrap && wrap.scrollHeight > wrap.clientHeight) {
          var top = link.getBoundingClientRect().top - wrap.getBoundingClientRect().top;
          if (top < 0 || top > wrap.clientHeight - link.offsetHeight) {
            wrap.scrollTop += top - wrap.clientHeight / 2;
          }
        }
      }
    }

    function queue() {
      if (!queued) {
        queued = true;
        requestAnimationFrame(update);
      }
    }
    addEventListener("scroll", queue, { passive: true });
    addEventListener("resize", queue);
    update();
  }

  /* --- Glossary terms ---------------------------------------------------------------------- */

  /* <abbr title> gives its meaning on hover with a mouse only. Each term becomes focusable and
     described by a tooltip (role="tooltip") that opens on tap or click (and stays until a tap
     elsewhere, Escape or focus moving on), on keyboard focus and on hover. Terms inside a link or button are
     left alone: a tap there follows the link. One tooltip per distinct definition. */
  function glossary() {
    var article = doc.querySelector(".md-content__inner");
    if (!article) return;
    var tips = {};
    var count = 0;
    var open = null; /* {term, tip, pinned} */
    var hideTimer;

    function tipFor(text) {
      if (tips[text]) return tips[text];
      var tip = doc.createElement("span");
      tip.id = "glossary-tip-" + ++count;
      tip.className = "glossary-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tip.textContent = text;
      tip.addEventListener("mouseenter", function () {
        clearTimeout(hideTimer);
      });
      tip.addEventListener("mouseleave", function () {
        if (open && !open.pinned) hideSoon();
      });
      article.appendChild(tip);
      tips[text] = tip;
      return tip;
    }

    function place(term, tip) {
      var parent = tip.offsetParent || body;
      var box = term.getBoundingClientRect();
      var frame = parent.getBoundingClientRect();
      var width = tip.offsetWidth;
      var left = Math.max(8, Math.min(box.left, doc.documentElement.clientWidth - width - 8));
      tip.style.left = left - frame.left - parent.clientLeft + "px";
      tip.style.top = box.bottom - frame.top - parent.clientTop + 6 + "px";
    }

    function show(term, pinned) {
      clearTimeout(hideTimer);
      var tip = doc.getElementById(term.getAttribute("aria-describedby"));
      if (open && open.term !== term) hide();
      tip.hidden = false;
      place(term, tip);
      term.setAttribute("aria-expanded", "true");
      open = { term: term, tip: tip, pinned: pinned || (open && open.term === term && open.pinned) };
    }

    function hide() {
      clearTimeout(hideTimer);
      if (!open) return;
      open.tip.hidden = true;
      open.term.setAttribute("aria-expanded", "false");
      open = null;
    }

    function hideSoon() {
      clearTimeout(hideTimer);
      hideTimer = setTimeout(hide, 300);
    }

    each("abbr[title]", function (term) {
      var text = term.getAttribute("title").trim();
      if (!text || term.closest("a, button, label, summary, .md-nav, .md-header")) return;
      var tip = tipFor(text);
      term.removeAttribute("title");
      term.setAttribute("tabindex", "0");
      term.setAttribute("aria-describedby", tip.id);
      term.setAttribute("aria-expanded", "false");
      term.setAttribute("role", "button");
      term.classList.add("glossary-term");
      term.addEventListener("focus", function () {
        show(term, false);
      });
      term.addEventListener("blur", function () {
        /* Leaving by keyboard closes it, pinned or not: it must not cover what gets focus next. */
        if (open && open.term === term) hide();
      });
      term.addEventListener("mouseenter", function () {
        show(term, false);
      });
      term.addEventListener("mouseleave", function () {
        if (open && open.term === term && !open.pinned) hideSoon();
      });
      term.addEventListener("click", function (event) {
        event.preventDefault();
        if (open && open.term === term && open.pinned) hide();
        else show(term, true);
      });
      term.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          term.click();
        }
      });
    });

    doc.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && open) hide();
    });
    doc.addEventListener("pointerdown", function (event) {
      if (open && !open.term.contains(event.target) && !open.tip.contains(event.target)) hide();
    });
    addEventListener("resize", function () {
      if (open) place(open.term, open.tip);
    });
    addEventListener("beforeprint", hide);
  }

  /* --- Print date -------------------------------------------------------------------------- */

  function printDate() {
    function stamp() {
      each(".print-date", function (el) {
        el.textContent = new Date().toLocaleDateString(el.getAttribute("data-lang") || undefined, {
          day: "numeric", month: "long", year: "numeric"
        });
      });
      each(".print-date-label", function (el) {
        el.textContent = el.getAttribute("data-printed-label");
      });
    }
    stamp();
    addEventListener("beforeprint", stamp);
  }

  /* --- Accessibility fix-ups --------------------------------------------------------------- */

  /* Task-list checkboxes (paper checklists) have no label: name each by its item's text. */
  function taskLists() {
    each(".task-list-item > input[type=checkbox]:not([aria-label])", function (box) {
      box.setAttribute("aria-label", box.parentElement.textContent.trim());
    });
  }

  /* A table wider than the screen scrolls sideways: let keyboard users reach and scroll it. */
  function scrollingTables() {
    each(".md-typeset__scrollwrap", function (wrap, index) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", format(words.table_scrolls, { n: index + 1 }));
      } else if (wrap.getAttribute("role") === "region") {
        ["tabindex", "role", "aria-label"].forEach(function (name) {
          wrap.removeAttribute(name);
        });
      }
    });
  }

  /* Each part runs on its own, so one that fails leaves the others working. */
  [palette, drawer, backToTop, copyButtons, follow, glossary, printDate, taskLists, scrollingTables].forEach(function (part) {
    try {
      part();
    } catch (error) {
      if (window.console) console.error(error);
    }
  });
  addEventListener("resize", scrollingTables);
})();
