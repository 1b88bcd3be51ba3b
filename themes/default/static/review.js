/* 审阅总览: sorts and filters the table of review.html in the browser. No request, no library: it
   works from file:// and under any sub-path. Every sort key is a number that jixiao wrote into a
   data-* attribute of the row (pinyin ranks, grade ranks, exact totals), so sorting is numeric and
   the same in every browser; ties keep the site's order (data-order). */
(function () {
  'use strict';
  var table = document.getElementById('review');
  var form = document.getElementById('review-controls');
  if (!table || !form || !table.tBodies.length) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var heads = Array.prototype.slice.call(table.tHead.querySelectorAll('th[data-key]'));
  var $ = function (id) { return document.getElementById(id); };
  var text = $('f-text'), year = $('f-year'), kind = $('f-kind'), grade = $('f-grade');
  var sortSelect = $('f-sort'), attention = $('f-attention'), count = $('review-count');
  var empty = $('review-empty');
  var state = { key: 'unit', dir: 1 };

  function num(tr, key) {
    var v = parseFloat(tr.getAttribute('data-' + key));
    return isNaN(v) ? -Infinity : v;
  }

  function sort() {
    var k = state.key, d = state.dir;
    rows.sort(function (a, b) {
      var x = num(a, k), y = num(b, k);
      if (x !== y) { return x < y ? -d : d; }
      return num(a, 'order') - num(b, 'order');
    });
    var frag = document.createDocumentFragment();
    rows.forEach(function (tr) { frag.appendChild(tr); });
    tbody.appendChild(frag);
    heads.forEach(function (th) {
      var on = th.getAttribute('data-key') === k;
      th.setAttribute('aria-sort', on ? (d > 0 ? 'ascending' : 'descending') : 'none');
    });
    var value = k + ':' + (d > 0 ? 'asc' : 'desc');
    var known = Array.prototype.some.call(sortSelect.options, function (o) { return o.value === value; });
    sortSelect.value = known ? value : '';
  }

  function filter() {
    var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (tr) {
      var hay = tr.getAttribute('data-search') || '';
      var ok = words.every(function (w) { return hay.indexOf(w) >= 0; }) &&
        (!year.value || tr.getAttribute('data-year') === year.value) &&
        (!kind.value || tr.getAttribute('data-kind') === kind.value) &&
        (!grade.value || tr.getAttribute('data-grade-name') === grade.value) &&
        (!attention || !attention.checked || tr.getAttribute('data-attention') === '1');
      tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown === rows.length
      ? '共 ' + rows.length + ' 份报告'
      : '显示 ' + shown + ' 份，共 ' + rows.length + ' 份报告';
    if (empty) { empty.hidden = shown > 0; }
  }

  heads.forEach(function (th) {
    var button = th.querySelector('button');
    if (!button) { return; }
    button.addEventListener('click', function () {
      var k = th.getAttribute('data-key');
      if (state.key === k) {
        state.dir = -state.dir;
      } else {
        state.key = k;
        state.dir = th.getAttribute('data-dir') === 'desc' ? -1 : 1;
      }
      sort();
    });
  });
  sortSelect.addEventListener('change', function () {
    var parts = sortSelect.value.split(':');
    if (parts.length !== 2) { return; }
    state.key = parts[0];
    state.dir = parts[1] === 'desc' ? -1 : 1;
    sort();
  });
  [text, year, kind, grade, attention].forEach(function (el) {
    if (!el) { return; }
    el.addEventListener(el === text ? 'input' : 'change', filter);
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.hidden = false;
  filter();
}());
