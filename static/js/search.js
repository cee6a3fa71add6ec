// The search page: searches the pages of this page's language with the Pagefind index that
// g20site build makes (src/g20site/build/search_index.py). Nothing is fetched until the reader searches.
// Without JavaScript, or in a browser that cannot run this script, the page keeps its message
// and the list of sections.
(function () {
  "use strict";
  var root = document.querySelector("[data-search]");
  if (!root || !window.Promise || !window.URLSearchParams) return;
  var form = root.querySelector("form");
  var input = form.querySelector("input");
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  var moreButton = root.querySelector("[data-search-more]");
  var number = new Intl.NumberFormat(document.documentElement.lang);
  var STEP = 10; // results shown at a time
  var engine = null; // Pagefind's module, loaded on the first search
  var asked = 0; // the number of the latest search: older answers are dropped
  var results = [];
  var shown = 0;
  var term = "";
  var timer = 0;

  function say(name) {
    status.textContent = root.getAttribute("data-" + name)
      .replace("{term}", term)
      .replace("{count}", number.format(results.length));
  }

  function load() {
    if (!engine) {
      var address = new URL(root.getAttribute("data-search"), window.location.href);
      engine = import(address.href).then(function (pagefind) {
        return pagefind.options({ excerptLength: 24 })
          .then(function () { return merge(pagefind, address); })
          .then(function () { return pagefind; });
      });
      engine.catch(function () { engine = null; }); // try again on the next search
    }
    return engine;
  }

  // A large site's index comes in several bundles (bundles.json beside pagefind.js says which
  // hold pages of this page's language): they are searched as one.
  function merge(pagefind, address) {
    var lang = document.documentElement.lang;
    return fetch(new URL("bundles.json", address).href)
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (listed) {
        return Promise.all((listed[lang] || []).map(function (folder) {
          return pagefind.mergeIndex(new URL(folder, address).pathname, { language: lang });
        }));
      });
  }

  // Pagefind's excerpt is text with <mark> around the words found: keep just that.
  function excerpt(html) {
    var parsed = document.createElement("template");
    parsed.innerHTML = html;
    var paragraph = document.createElement("p");
    parsed.content.childNodes.forEach(function (node) {
      var part = node.nodeName === "MARK" ? document.createElement("mark") : null;
      if (part) {
        part.textContent = node.textContent;
        paragraph.appendChild(part);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  // A fact check's verdict as its page shows it: the mark and the name on a label of its colour.
  function verdict(meta) {
    var label = document.createElement("span");
    var mark = document.createElement("span");
    var style = /^(wrong|misleading|unproven|correct)$/.test(meta.verdict_style) ? meta.verdict_style : "unproven";
    var said = document.createElement("span");
    said.className = "vh";
    said.textContent = root.getAttribute("data-verdict") + " ";
    label.className = "verdict verdict-" + style;
    mark.className = "verdict-mark";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = meta.verdict_mark || "";
    label.appendChild(mark);
    label.appendChild(document.createTextNode(" " + meta.verdict));
    return [said, label];
  }

  // Where a result belongs (its section, and a fact check's verdict), from what its page gave
  // the index (data-pagefind-meta in the templates).
  function about(meta) {
    var line = document.createElement("p");
    line.className = "entry-about";
    if (meta.section) {
      var section = document.createElement("span");
      section.className = "entry-section";
      section.textContent = meta.section;
      line.appendChild(section);
    }
    if (meta.verdict) {
      verdict(meta).forEach(function (node) { line.appendChild(node); });
    }
    return line;
  }

  function item(data) {
    var meta = data.meta || {};
    var entry = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    entry.className = "entry";
    heading.className = "entry-title";
    link.href = data.url;
    link.textContent = meta.title || data.url;
    heading.appendChild(link);
    entry.appendChild(heading);
    if (meta.section || meta.verdict) entry.appendChild(about(meta));
    entry.appendChild(excerpt(data.excerpt || ""));
    return entry;
  }

  function showMore(ticket) {
    var next = results.slice(shown, shown + STEP);
    return Promise.all(next.map(function (result) { return result.data(); })).then(function (pages) {
      if (ticket !== asked) return null;
      var first = null;
      pages.forEach(function (data) {
        var entry = item(data);
        first = first || entry;
        list.appendChild(entry);
      });
      shown += pages.length;
      list.hidden = shown === 0;
      list.setAttribute("aria-busy", "false");
      moreButton.hidden = shown >= results.length;
      say(results.length ? "found" : "none");
      return first;
    });
  }

  function search(words) {
    var ticket = ++asked;
    term = words.trim();
    remember(term);
    results = [];
    shown = 0;
    list.textContent = "";
    list.hidden = true;
    moreButton.hidden = true;
    if (!term) {
      status.textContent = "";
      list.removeAttribute("aria-busy");
      return;
    }
    list.setAttribute("aria-busy", "true");
    say("searching");
    load()
      .then(function (pagefind) { return pagefind.search(term); })
      .then(function (found) {
        if (ticket !== asked) return null;
        results = (found && found.results) || [];
        return showMore(ticket);
      })
      .catch(function () {
        if (ticket !== asked) return;
        list.setAttribute("aria-busy", "false");
        say("failed");
      });
  }

  // The address keeps the words (?q=...), so that a search can be reloaded or shared.
  function remember(words) {
    var url = new URL(window.location.href);
    if (words) url.searchParams.set("q", words);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.href);
  }

  form.hidden = false;
  root.querySelector("[data-search-nojs]").hidden = true;
  root.querySelector("[data-search-js]").hidden = false;

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { search(input.value); }, 300);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search(input.value);
  });
  moreButton.addEventListener("click", function () {
    showMore(asked).then(function (first) {
      var link = first && first.querySelector("a");
      if (link) link.focus(); // keyboard users go on from the first new result
    });
  });

  var given = new URLSearchParams(window.location.search).get("q");
  if (given) {
    input.value = given;
    search(given);
  }
})();
