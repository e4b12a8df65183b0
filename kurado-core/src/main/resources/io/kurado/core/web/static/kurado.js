// Kurado web UI: status marks, host picking, copy buttons and drag-to-zoom on graphs.
(function () {
  'use strict';
  var $ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };

  // ----- index: status marks from /api/host-status, in chunks -----
  var MARKS = { 0: ['●', 'st st-ok', 'ok', ''], 1: ['▲', 'st st-warning', 'warning', 'warning'], 2: ['✖', 'st st-critical', 'critical', 'danger'],
    3: ['○', 'st st-waiting', 'waiting', '', 'waiting for its first data'] };
  function loadStatus() {
    var rows = $('tr[data-address]').filter(function (r) { return r.querySelector('td.mark'); });
    var chunk = 200;
    function next(i) {
      if (i >= rows.length) { return; }
      var part = rows.slice(i, i + chunk);
      var body = part.map(function (r) { return 'address=' + encodeURIComponent(r.getAttribute('data-address')); }).join('&') + '&waiting=1';
      fetch('api/host-status', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body })
        .then(function (res) { return res.ok ? res.json() : {}; })
        .then(function (st) {
          part.forEach(function (r) {
            var m = MARKS[st[r.getAttribute('data-address')]];
            if (!m) { return; }
            var span = r.querySelector('td.mark span');
            span.textContent = m[0]; span.className = m[1]; span.title = m[4] || m[2];
            r.classList.remove('warning', 'danger');
            if (m[3]) { r.classList.add(m[3]); }
            r.setAttribute('data-status', m[2]);
          });
          setTimeout(function () { next(i + chunk); }, 50);
        })
        .catch(function () { /* leave the marks unknown */ });
    }
    next(0);
  }

  // ----- index: pick hosts, compare them -----
  function setupPicking() {
    var boxes = $('input.pick');
    if (!boxes.length) { return; }
    var compare = document.getElementById('compare');
    var count = document.getElementById('checked-count');
    var last = null;
    function refresh() {
      var checked = boxes.filter(function (b) { return b.checked; });
      boxes.forEach(function (b) { b.closest('tr').classList.toggle('checked', b.checked); });
      count.textContent = String(checked.length);
      compare.disabled = checked.length < 1;
    }
    boxes.forEach(function (b, i) {
      b.addEventListener('click', function (e) {
        if (e.shiftKey && last !== null) {
          var lo = Math.min(last, i), hi = Math.max(last, i);
          for (var k = lo; k <= hi; k++) { boxes[k].checked = b.checked; }
        }
        last = i;
        refresh();
      });
    });
    document.getElementById('uncheck-all').addEventListener('click', function () {
      boxes.forEach(function (b) { b.checked = false; }); last = null; refresh();
    });
    compare.addEventListener('click', function () {
      var q = boxes.filter(function (b) { return b.checked; }).slice(0, 500)
        .map(function (b) { return 'address=' + encodeURIComponent(b.value); }).join('&');
      var url = 'servers?' + q;
      if (document.getElementById('open-new').checked) { window.open(url, '_blank'); } else { location.href = url; }
    });
    var openNew = document.getElementById('open-new');
    function applyTarget() {
      $('a.host-link').forEach(function (a) { if (openNew.checked) { a.target = '_blank'; } else { a.removeAttribute('target'); } });
    }
    try { openNew.checked = localStorage.getItem('kurado-open-new') === '1'; } catch (e) { /* no storage */ }
    openNew.addEventListener('change', function () {
      try { localStorage.setItem('kurado-open-new', openNew.checked ? '1' : '0'); } catch (e) { /* no storage */ }
      applyTarget();
    });
    applyTarget();
    refresh();
  }

  // ----- copy buttons -----
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) { return navigator.clipboard.writeText(text); }
    var ta = document.createElement('textarea');
    ta.value = text; ta.style.position = 'fixed'; ta.style.opacity = '0';
    document.body.appendChild(ta); ta.select();
    try { document.execCommand('copy'); } finally { document.body.removeChild(ta); }
    return Promise.resolve();
  }
  function setupCopy() {
    $('button.copy').forEach(function (b) {
      b.addEventListener('click', function () {
        var host = b.getAttribute('data-copy-host');
        copyText(location.href + (host ? ' ' + host : '')).then(function () {
          var old = b.textContent; b.textContent = 'Copied'; setTimeout(function () { b.textContent = old; }, 1200);
        });
      });
    });
  }

  // ----- drag across a graph to zoom into that range -----
  var PAD_RIGHT = 20;
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function setupZoom() {
    var box = null, start = null, img = null;
    function plot(im) {
      var scale = im.clientWidth / (im.naturalWidth || im.clientWidth);
      var canvas = parseInt(im.getAttribute('data-canvas'), 10) * scale;
      var right = (im.naturalWidth ? im.naturalWidth * scale : im.clientWidth) - PAD_RIGHT * scale;
      var left = Math.max(0, right - canvas);
      return { left: left, right: right };
    }
    function xIn(im, e) {
      var r = im.getBoundingClientRect();
      return Math.max(0, Math.min(r.width, e.clientX - r.left));
    }
    document.addEventListener('mousedown', function (e) {
      if (e.button !== 0 || !e.target.matches || !e.target.matches('img.graph')) { return; }
      e.preventDefault();
      img = e.target; start = xIn(img, e);
      var r = img.getBoundingClientRect();
      box = document.createElement('div');
      box.className = 'zoom-box';
      box.style.top = (r.top + window.scrollY) + 'px';
      box.style.height = r.height + 'px';
      box.style.left = (r.left + window.scrollX + start) + 'px';
      box.style.width = '0px';
      document.body.appendChild(box);
    });
    document.addEventListener('mousemove', function (e) {
      if (!box) { return; }
      var x = xIn(img, e), r = img.getBoundingClientRect();
      box.style.left = (r.left + window.scrollX + Math.min(start, x)) + 'px';
      box.style.width = Math.abs(x - start) + 'px';
    });
    document.addEventListener('mouseup', function (e) {
      if (!box) { return; }
      var x = xIn(img, e), im = img;
      box.parentNode.removeChild(box); box = null; img = null;
      if (Math.abs(x - start) < 4) { return; }
      var p = plot(im);
      var t0 = parseInt(im.getAttribute('data-start'), 10), t1 = parseInt(im.getAttribute('data-end'), 10);
      function at(px) {
        var f = (Math.max(p.left, Math.min(p.right, px)) - p.left) / Math.max(1, p.right - p.left);
        return Math.round(t0 + f * (t1 - t0));
      }
      var from = at(Math.min(start, x)), to = at(Math.max(start, x));
      if (to - from < 60) { to = from + 60; }
      location.href = zoomUrl(im, from, to);
    });
  }
  function fmt(epoch) {
    var d = new Date(epoch * 1000);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }
  function zoomUrl(im, from, to) {
    var base = im.getAttribute('data-zoom');
    // Epoch seconds are unambiguous whatever the browser's zone; the page shows them in the server's.
    return base + '&term=custom&from=' + from + '&to=' + to;
  }
  window.kuradoFormatTime = fmt;

  // ----- "/" focuses the search box -----
  document.addEventListener('keydown', function (e) {
    var box = document.getElementById('search-box');
    if (e.key === '/' && box && document.activeElement !== box && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      e.preventDefault(); box.focus();
    }
  });

  loadStatus();
  setupPicking();
  setupCopy();
  setupZoom();
}());
