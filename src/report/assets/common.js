/* stancegraph pages: shared helpers. Text from articles only ever becomes
   DOM text (textContent / text nodes), never markup. */
'use strict';
var SG = (function () {
  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined) return;
        if (k === 'text') e.textContent = String(v);
        else if (k === 'class') e.className = v;
        else e.setAttribute(k, String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var kid = arguments[i];
      if (kid === null || kid === undefined) continue;
      e.appendChild(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function data() { return JSON.parse(document.getElementById('sg-data').textContent); }
  function isWebUrl(u) { return typeof u === 'string' && /^https?:\/\//i.test(u); }
  function fmt(x, digits) {
    if (x === null || x === undefined || isNaN(x)) return '–';
    return Number(x).toFixed(digits === undefined ? 2 : digits);
  }
  function signed(x) { return (x > 0 ? '+' : x < 0 ? '−' : '±') + Math.abs(x).toFixed(2); }
  function relChip(rel, relations) {
    var r = relations.filter(function (x) { return x.name === rel; })[0];
    return el('span', { class: 'rel', style: 'background:' + (r ? r.color : '#777'), title: r ? r.zh : '' }, rel);
  }
  function cmp(a, b) {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    a = a === null || a === undefined ? '' : String(a);
    b = b === null || b === undefined ? '' : String(b);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /* A table over `rows`: sortable by any th[data-key], filtered by a
     predicate, shown a page at a time.
     opts: table, rows, columns {key: {sort(row), cell(row) -> Node|string, cls}},
     pageSize, pages (element), count (element or null), noun, onRow(row, tr). */
  function Table(opts) {
    var self = this;
    this.o = opts;
    this.rows = opts.rows;
    this.keep = function () { return true; };
    this.key = null;
    this.dir = 1;
    this.page = 0;
    var ths = opts.table.querySelectorAll('th[data-key]');
    Array.prototype.forEach.call(ths, function (th) {
      if (!opts.columns[th.dataset.key] || !opts.columns[th.dataset.key].sort) return;
      th.tabIndex = 0;
      var go = function () {
        var k = th.dataset.key;
        if (self.key === k) self.dir = -self.dir; else { self.key = k; self.dir = opts.columns[k].desc ? -1 : 1; }
        Array.prototype.forEach.call(ths, function (o) { o.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', self.dir > 0 ? 'ascending' : 'descending');
        self.page = 0;
        self.render();
      };
      th.addEventListener('click', go);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
    });
  }
  Table.prototype.filter = function (keep) { this.keep = keep; this.page = 0; this.render(); };
  Table.prototype.visible = function () {
    var self = this;
    var rows = this.rows.filter(function (r) { return self.keep(r); });
    if (this.key) {
      var col = this.o.columns[this.key];
      rows = rows.map(function (r, i) { return [r, i]; });
      rows.sort(function (a, b) { return self.dir * cmp(col.sort(a[0]), col.sort(b[0])) || a[1] - b[1]; });
      rows = rows.map(function (x) { return x[0]; });
    }
    return rows;
  };
  Table.prototype.render = function () {
    var self = this, o = this.o;
    var rows = this.visible();
    var size = o.pageSize || 50;
    var pages = Math.max(1, Math.ceil(rows.length / size));
    if (this.page >= pages) this.page = pages - 1;
    var body = o.table.tBodies[0];
    clear(body);
    var cols = Array.prototype.map.call(o.table.tHead.rows[0].cells, function (th) { return th.dataset.key || th.dataset.col || ''; });
    rows.slice(this.page * size, (this.page + 1) * size).forEach(function (r) {
      var tr = el('tr');
      cols.forEach(function (k) {
        var col = o.columns[k];
        var v = col ? col.cell(r) : '';
        tr.appendChild(el('td', col && col.cls ? { class: col.cls } : null, v));
      });
      if (o.onRow) o.onRow(r, tr);
      body.appendChild(tr);
    });
    if (o.count) o.count.textContent = rows.length + ' of ' + this.rows.length + ' ' + o.noun;
    if (o.pages) {
      clear(o.pages);
      if (pages > 1) {
        var prev = el('button', { type: 'button' }, '‹ Previous');
        var next = el('button', { type: 'button' }, 'Next ›');
        prev.disabled = this.page === 0;
        next.disabled = this.page >= pages - 1;
        prev.addEventListener('click', function () { self.page--; self.render(); });
        next.addEventListener('click', function () { self.page++; self.render(); });
        o.pages.appendChild(prev);
        o.pages.appendChild(el('span', null, 'page ' + (this.page + 1) + ' of ' + pages));
        o.pages.appendChild(next);
      }
    }
  };

  /* A small drawing of a relation's line, or of a node kind's shape. */
  var NS = 'http://www.w3.org/2000/svg';
  function svgEl(tag, attrs) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function relationGlyph(r) {
    var s = svgEl('svg', { width: 38, height: 12, viewBox: '0 0 38 12', 'aria-hidden': 'true' });
    var line = svgEl('line', { x1: 1, y1: 6, x2: 29, y2: 6, stroke: r.color, 'stroke-width': r.bold ? 3 : 1.8 });
    if (r.dashed) line.setAttribute('stroke-dasharray', '5,3');
    s.appendChild(line);
    s.appendChild(svgEl('polygon', { points: '29,2 37,6 29,10', fill: r.arrow === 'empty' ? '#fff' : r.color, stroke: r.color }));
    return s;
  }
  var SHAPES = {
    box: 'M3,3 H33 V17 H3 Z',
    box3d: 'M3,5 H31 V17 H3 Z M3,5 L5,3 H33 V15 L31,17 M31,5 L33,3',
    hexagon: 'M8,3 H28 L34,10 L28,17 H8 L2,10 Z',
    house: 'M3,8 L18,2 L33,8 V17 H3 Z',
    ellipse: 'M2,10 A16,7 0 1,0 34,10 A16,7 0 1,0 2,10 Z',
    octagon: 'M9,2 H27 L33,7 V13 L27,18 H9 L3,13 V7 Z',
    note: 'M3,3 H27 L33,9 V17 H3 Z M27,3 V9 H33',
    parallelogram: 'M8,3 H34 L28,17 H2 Z'
  };
  function kindGlyph(k) {
    var s = svgEl('svg', { width: 36, height: 20, viewBox: '0 0 36 20', 'aria-hidden': 'true' });
    var p = svgEl('path', { d: SHAPES[k.shape] || SHAPES.ellipse, fill: '#eeeeee', stroke: '#555', 'stroke-width': 1 });
    if (k.rounded) p.setAttribute('stroke-linejoin', 'round');
    if (k.rounded && k.shape === 'box') p.setAttribute('d', 'M7,3 H29 Q33,3 33,7 V13 Q33,17 29,17 H7 Q3,17 3,13 V7 Q3,3 7,3 Z');
    if (k.dashed) p.setAttribute('stroke-dasharray', '3,2');
    s.appendChild(p);
    return s;
  }
  function legend(box, relations, kinds) {
    clear(box);
    box.appendChild(el('span', { class: 'head' }, 'Relations 关系'));
    relations.forEach(function (r) {
      box.appendChild(el('span', { class: 'item' }, relationGlyph(r), r.name + ' ' + r.zh));
    });
    if (kinds && kinds.length) {
      box.appendChild(el('span', { class: 'head' }, 'Actors 行为体'));
      kinds.forEach(function (k) { box.appendChild(el('span', { class: 'item' }, kindGlyph(k), k.kind)); });
      box.appendChild(el('span', { class: 'item note' }, 'fill: country or bloc; line width: mentions'));
    }
  }
  return { el: el, clear: clear, data: data, isWebUrl: isWebUrl, fmt: fmt, signed: signed, relChip: relChip, Table: Table, legend: legend };
})();
