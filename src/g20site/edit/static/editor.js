// The editor's own script: the body's toolbar, and checking the form as it is filled in
// (the same messages as g20site check, placed under each field). Without it, saving checks.
(function () {
  "use strict";
  var form = document.getElementById("document");
  if (!form) { return; }
  var body = document.getElementById("f-body");
  var toolbar = document.querySelector(".toolbar");
  var snippets = {
    heading: ["\n## ", ""], bold: ["**", "**"], link: ["[", "](https://)"],
    list: ["\n- ", ""], image: ["![", "](/images/)"]
  };
  if (toolbar && body) {
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var name = event.target.getAttribute("data-insert");
      if (!name) { return; }
      var around = snippets[name], start = body.selectionStart, end = body.selectionEnd;
      var picked = body.value.slice(start, end);
      body.setRangeText(around[0] + picked + around[1], start, end, "end");
      body.focus();
      body.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }
  var address = document.currentScript.getAttribute("data-check");
  var timer = null;
  function show(found) {
    form.querySelectorAll("[data-field]").forEach(function (field) {
      var list = field.querySelector(".problems");
      if (!list) { return; }
      list.textContent = "";
      (found[field.getAttribute("data-field")] || []).forEach(function (problem) {
        var item = document.createElement("li");
        item.className = problem.severity;
        item.textContent = problem.text;
        list.appendChild(item);
      });
    });
  }
  function check() {
    var data = new URLSearchParams(new FormData(form));
    fetch(address, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (found) { if (found) { show(found); } })
      .catch(function () {});
  }
  var shower = document.getElementById("show-preview");
  var shown = null;
  function refresh() {
    check();
    clearTimeout(shown);
    shown = setTimeout(function () { if (shower) { form.requestSubmit(shower); } }, 600);
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(refresh, 400); });
  form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(refresh, 100); });
  // What was typed before this script ran (a slow connection), or what the browser put back on going
  // back to the page, sent no event here: it is checked now.
  function edited(control) {
    if (control.type === "checkbox" || control.type === "radio") { return control.checked !== control.defaultChecked; }
    if (control.tagName === "SELECT") {  // with no option marked selected, the first is the default
      var options = Array.prototype.slice.call(control.options);
      var marked = options.filter(function (o) { return o.defaultSelected; });
      if (!marked.length && !control.multiple && control.size <= 1) { marked = options.slice(0, 1); }
      return options.some(function (o) { return o.selected !== (marked.indexOf(o) >= 0); });
    }
    return control.type !== "file" && "defaultValue" in control && control.value !== control.defaultValue;
  }
  if (Array.prototype.some.call(form.elements, edited)) { refresh(); }
})();
