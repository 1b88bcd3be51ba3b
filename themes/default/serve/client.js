// jixiao serve: live reload and the problem overlay (实时刷新与问题浮层).
// Injected into each page by `jixiao serve` only; the published site never contains it.
// Every text shown comes from the content and is set with textContent, never as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = Number(script && script.getAttribute("data-version"));
  var SCROLL_KEY = "jixiao-serve-scroll:" + location.pathname;

  // Keep the reading position across reloads.
  try {
    var saved = sessionStorage.getItem(SCROLL_KEY);
    if (saved !== null) {
      sessionStorage.removeItem(SCROLL_KEY);
      var y = Number(saved);
      addEventListener("load", function () { scrollTo(0, y); });
    }
  } catch (e) { /* storage may be unavailable */ }

  function reload() {
    try { sessionStorage.setItem(SCROLL_KEY, String(scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function remove(id) {
    var old = document.getElementById(id);
    if (old) old.parentNode.removeChild(old);
  }

  function item(p) {
    var li = el("li", "jx-" + p.severity);
    li.appendChild(el("span", "jx-place", p.source + ":" + p.line + ":" + p.column));
    li.appendChild(el("span", "jx-sev", p.severity === "error" ? "错误" : "警告"));
    li.appendChild(el("span", "jx-code", p.code));
    li.appendChild(el("div", "jx-msg", p.message));
    if (p.hint) li.appendChild(el("div", "jx-hint", p.hint));
    return li;
  }

  function render(s) {
    remove("__jixiao_overlay");
    remove("__jixiao_pdf");
    var errors = s.problems.filter(function (p) { return p.severity === "error"; });
    var warnings = s.problems.filter(function (p) { return p.severity !== "error"; });
    if (s.pdf_pending) {
      document.body.appendChild(el("div", "jx-pdf", "PDF 生成中…")).id = "__jixiao_pdf";
    }
    if (!errors.length && !warnings.length && !s.notes.length) return;
    var failing = errors.length > 0 || s.notes.length > 0;
    var box = el("details", failing ? "jx-overlay jx-failing" : "jx-overlay jx-warn");
    box.id = "__jixiao_overlay";
    box.setAttribute("data-errors", String(errors.length + s.notes.length));
    box.setAttribute("data-warnings", String(warnings.length));
    box.open = failing;
    var summary = el("summary", "jx-summary",
      failing
        ? "jixiao：" + (errors.length + s.notes.length) + " 个错误、" + warnings.length +
          " 个警告——页面为上次成功生成的结果（showing the last good build）"
        : "jixiao：" + warnings.length + " 个警告");
    box.appendChild(summary);
    var list = el("ul", "jx-list");
    s.notes.forEach(function (n) { list.appendChild(el("li", "jx-error jx-note", n)); });
    errors.concat(warnings).forEach(function (p) { list.appendChild(item(p)); });
    box.appendChild(list);
    document.body.appendChild(box);
  }

  if (!window.EventSource) return;
  var source = new EventSource("/__jixiao/events");
  source.onmessage = function (ev) {
    var s;
    try { s = JSON.parse(ev.data); } catch (e) { return; }
    if (s.version !== version) { source.close(); reload(); return; }
    render(s);
  };
})();
