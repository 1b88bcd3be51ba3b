// 站内搜索: mounts Pagefind's search box (pagefind/pagefind-ui.js, made by `jixiao build`) in the
// header's #site-search. Every path is taken relative to the page (data-root), so the site works
// under any sub-path. Pagefind fetches its index, which browsers refuse to pages opened from
// file://: there the box says how to search instead.
(function () {
  "use strict";
  var box = document.getElementById("site-search");
  if (!box) {
    return;
  }
  function say(text) {
    var p = document.createElement("p");
    p.className = "search-unavailable";
    p.textContent = text;
    box.appendChild(p);
  }
  if (location.protocol === "file:") {
    say("站内搜索需通过网站访问；以本地文件打开时不可用。");
    return;
  }
  if (typeof PagefindUI !== "function") {
    say("站内搜索暂不可用（索引未加载）。");
    return;
  }
  var base = new URL(box.getAttribute("data-root") || "./", location.href);
  // A large site's index is in several bundles (data-more: their folders from the root), read as one.
  var more = (box.getAttribute("data-more") || "").split(" ").filter(Boolean).map(function (b) {
    return { bundlePath: new URL(b, base).pathname, baseUrl: base.pathname };
  });
  // Kept on the window so that a test (or a link with ?q=…) can start a search.
  window.jixiaoSearch = new PagefindUI({
    element: "#site-search",
    bundlePath: new URL("pagefind/", base).pathname,
    baseUrl: base.pathname,
    mergeIndex: more,
    showImages: false,
    showSubResults: true,
    excerptLength: 40,
    resetStyles: false,
    translations: {
      placeholder: "搜索报告：单位、项目、指标或文字",
      zero_results: "没有找到与“[SEARCH_TERM]”相关的报告"
    }
  });
  // A link to `…?q=资金` opens with that search done.
  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    window.jixiaoSearch.triggerSearch(q);
  }
})();
