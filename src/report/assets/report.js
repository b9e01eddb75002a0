/* report.html: the graph (zoom, pan, evidence on click or focus), the edge
   table and the stance table, all built from the page's JSON data. */
(function () {
  var el = SG.el, D = SG.data();
  var nodes = D.nodes, edges = D.edges, docs = D.docs;
  function label(n) { return !n.en || n.zh === n.en ? (n.zh || n.id) : n.zh + ' ' + n.en; }
  edges.forEach(function (e, i) {
    e.i = i;
    e.source = label(nodes[e.s]);
    e.target = label(nodes[e.t]);
    e.text = [e.r, e.source, e.target, nodes[e.s].id, nodes[e.t].id, e.o.join(' ')].concat(e.cue).join(' ').toLowerCase();
  });
  SG.legend(document.getElementById('legend'), D.relations, D.kinds);

  /* The drawing: fitted to its box, zoomed with the wheel or the buttons,
     panned by dragging. */
  var box = document.getElementById('graph');
  var svg = box.querySelector('svg');
  var vb0 = null, vb = null;
  if (svg) {
    var v = (svg.getAttribute('viewBox') || '').split(/[\s,]+/).map(Number);
    if (v.length !== 4 || v.some(isNaN)) {
      var w = svg.width.baseVal.value || 800, h = svg.height.baseVal.value || 600;
      v = [0, 0, w, h];
    }
    vb0 = v.slice();
    vb = v.slice();
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'Actor graph: ' + nodes.length + ' actors, ' + edges.length + ' edges');
  }
  function setView() { if (svg) svg.setAttribute('viewBox', vb.join(' ')); }
  function unitsPerPixel() {
    var r = box.getBoundingClientRect();
    return Math.max(vb[2] / Math.max(r.width, 1), vb[3] / Math.max(r.height, 1));
  }
  function zoom(f, cx, cy) {
    if (!svg) return;
    var r = box.getBoundingClientRect();
    if (cx === undefined) { cx = r.left + r.width / 2; cy = r.top + r.height / 2; }
    var u = unitsPerPixel();
    // The point under the cursor stays where it is.
    var px = vb[0] + vb[2] / 2 + (cx - r.left - r.width / 2) * u;
    var py = vb[1] + vb[3] / 2 + (cy - r.top - r.height / 2) * u;
    var nw = Math.min(Math.max(vb[2] * f, vb0[2] / 40), vb0[2] * 4);
    var k = nw / vb[2];
    vb = [px - (px - vb[0]) * k, py - (py - vb[1]) * k, vb[2] * k, vb[3] * k];
    setView();
  }
  document.getElementById('zoom-in').addEventListener('click', function () { zoom(1 / 1.4); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoom(1.4); });
  document.getElementById('zoom-fit').addEventListener('click', function () { if (vb0) { vb = vb0.slice(); setView(); } });
  box.addEventListener('wheel', function (e) {
    e.preventDefault();
    zoom(Math.exp(e.deltaY * 0.0015), e.clientX, e.clientY);
  }, { passive: false });
  var drag = null, dragged = false;
  box.addEventListener('pointerdown', function (e) {
    if (e.button !== 0 || !svg) return;
    drag = { x: e.clientX, y: e.clientY, vb: vb.slice(), id: e.pointerId, u: unitsPerPixel() };
    dragged = false;
  });
  box.addEventListener('pointermove', function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 5) return;
    if (!dragged) { dragged = true; box.classList.add('dragging'); box.setPointerCapture(drag.id); }
    vb = [drag.vb[0] - dx * drag.u, drag.vb[1] - dy * drag.u, drag.vb[2], drag.vb[3]];
    setView();
  });
  function endDrag() { drag = null; box.classList.remove('dragging'); }
  box.addEventListener('pointerup', endDrag);
  box.addEventListener('pointercancel', endDrag);
  // A drag is not a click.
  box.addEventListener('click', function (e) { if (dragged) { e.stopPropagation(); e.preventDefault(); dragged = false; } }, true);

  /* Evidence. */
  var panel = document.getElementById('evidence');
  function evItem(ev) {
    var s = el('span', { class: 'sentence' });
    ev.p.forEach(function (part) {
      s.appendChild(part[0] === 0 ? document.createTextNode(part[1]) : el('mark', { class: part[0] === 1 ? 'actor' : 'cue' }, part[1]));
    });
    var d = docs[ev.d] || {};
    var meta = el('span', { class: 'meta' });
    var bits = [];
    if (d.outlet) bits.push(el('span', { class: 'outlet' }, d.outlet));
    if (d.date) bits.push(el('span', { class: 'date' }, d.date));
    var title = d.title || d.id;
    if (SG.isWebUrl(d.url)) bits.push(el('a', { href: d.url, rel: 'noopener noreferrer', target: '_blank', class: 'title' }, title));
    else bits.push(el('span', { class: 'title' }, title));
    bits.push(el('span', { class: 'rule', title: 'rule that found it' }, 'rule ' + ev.r));
    if (ev.k !== null && ev.k !== undefined) bits.push(el('span', { class: 'conf', title: 'confidence' }, 'confidence ' + SG.fmt(ev.k)));
    bits.forEach(function (b, i) { if (i) meta.appendChild(document.createTextNode(' · ')); meta.appendChild(b); });
    return el('li', { class: 'ev' }, s, meta);
  }
  function edgeHead(e, asButton) {
    var h = el(asButton ? 'button' : 'span', asButton ? { type: 'button', class: 'link edge-title' } : { class: 'edge-title' },
      e.source, ' ', SG.relChip(e.r, D.relations), ' ', e.target);
    if (asButton) h.addEventListener('click', function () { showEdge(e.i); });
    return h;
  }
  function select(kind, i, near) {
    if (!svg) return;
    Array.prototype.forEach.call(svg.querySelectorAll('.sel, .near'), function (x) { x.classList.remove('sel'); x.classList.remove('near'); });
    box.classList.toggle('faded', !!near);
    var g = document.getElementById(kind + i);
    if (g) g.classList.add('sel');
    (near || []).forEach(function (id) { var x = document.getElementById(id); if (x) x.classList.add('near'); });
  }
  function showEdge(i) {
    var e = edges[i];
    SG.clear(panel);
    panel.appendChild(el('h2', null, 'Evidence'));
    panel.appendChild(el('p', null, edgeHead(e, false)));
    var dates = e.f ? (e.f === e.l || !e.l ? e.f : e.f + ' – ' + e.l) : 'no date';
    panel.appendChild(el('p', { class: 'note' }, e.w + ' mention' + (e.w === 1 ? '' : 's') + ' in ' + e.a + ' article' + (e.a === 1 ? '' : 's') +
      '; outlets: ' + (e.o.join(', ') || '–') + '; ' + dates + '; cue words: ' + (e.cue.join(', ') || '–')));
    var ul = el('ul');
    e.ev.forEach(function (ev) { ul.appendChild(evItem(ev)); });
    panel.appendChild(ul);
    if (e.ev.length < e.w) {
      panel.appendChild(el('p', { class: 'note' }, 'Showing ' + e.ev.length + ' of ' + e.w + ' mentions; every one is in edges.jsonl' +
        (e.n > e.ev.length ? ' (graph.json keeps ' + e.n + ')' : '') + '.'));
    }
    select('e', i, null);
    highlightRow(i);
    remember('#edge=' + i);
  }
  function remember(h) {
    if (location.hash === h) return;
    try { history.replaceState(null, '', h); } catch (err) { /* some browsers refuse it on file:// */ }
  }
  function showNode(i) {
    var n = nodes[i];
    SG.clear(panel);
    panel.appendChild(el('h2', null, 'Evidence'));
    panel.appendChild(el('p', null, el('span', { class: 'edge-title' }, label(n)), ' ', el('span', { class: 'note' }, n.kind + ' · ' + n.id)));
    var mine = edges.filter(function (e) { return e.s === i || e.t === i; });
    mine.sort(function (a, b) { return b.w - a.w || a.i - b.i; });
    panel.appendChild(el('p', { class: 'note' }, mine.length + ' edge' + (mine.length === 1 ? '' : 's') + '; the first sentence of each:'));
    var ul = el('ul');
    mine.slice(0, 60).forEach(function (e) {
      ul.appendChild(el('li', null, edgeHead(e, true), ' ', el('span', { class: 'note' }, '×' + e.w)));
      if (e.ev.length) ul.appendChild(evItem(e.ev[0]));
    });
    panel.appendChild(ul);
    var near = ['n' + i];
    mine.forEach(function (e) { near.push('e' + e.i, 'n' + e.s, 'n' + e.t); });
    select('n', i, near);
    remember('#actor=' + i);
  }
  function hook(kind, count, show, describe) {
    for (var i = 0; i < count; i++) {
      var g = document.getElementById(kind + i);
      if (!g) continue;
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-label', describe(i));
      var t = g.querySelector('title');
      if (t) t.textContent = describe(i);
      (function (i) {
        g.addEventListener('click', function () { show(i); });
        g.addEventListener('focus', function () { show(i); });
        g.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); show(i); } });
      })(i);
    }
  }
  hook('e', edges.length, showEdge, function (i) {
    var e = edges[i];
    return e.source + ' ' + e.r + ' ' + e.target + ' (' + e.w + ' mention' + (e.w === 1 ? '' : 's') + ')';
  });
  hook('n', nodes.length, showNode, function (i) { return label(nodes[i]) + ' (' + nodes[i].kind + ')'; });

  /* The edge table. */
  var rowOf = {};
  var table = new SG.Table({
    table: document.getElementById('edge-table'),
    rows: edges,
    pageSize: 50,
    pages: document.getElementById('edge-pages'),
    count: document.getElementById('edge-count'),
    noun: 'edges',
    columns: {
      relation: { sort: function (e) { return e.r; }, cell: function (e) { return SG.relChip(e.r, D.relations); } },
      source: { sort: function (e) { return e.source; }, cell: function (e) { return e.source; } },
      target: { sort: function (e) { return e.target; }, cell: function (e) { return e.target; } },
      outlets: { sort: function (e) { return e.o.join(', '); }, cell: function (e) { return e.o.join(', '); } },
      dates: { sort: function (e) { return e.f || ''; }, cell: function (e) { return e.f ? (e.f === e.l || !e.l ? e.f : e.f + ' – ' + e.l) : '–'; } },
      mentions: { sort: function (e) { return e.w; }, cell: function (e) { return String(e.w); }, cls: 'num', desc: true },
      articles: { sort: function (e) { return e.a; }, cell: function (e) { return String(e.a); }, cls: 'num', desc: true }
    },
    onRow: function (e, tr) {
      rowOf[e.i] = tr;
      tr.tabIndex = 0;
      tr.dataset.edge = e.i;
      tr.addEventListener('click', function () { showEdge(e.i); panel.scrollIntoView({ block: 'nearest' }); });
      tr.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') { showEdge(e.i); panel.focus(); } });
    }
  });
  function highlightRow(i) {
    Object.keys(rowOf).forEach(function (k) { rowOf[k].classList.remove('sel'); });
    if (rowOf[i] && rowOf[i].isConnected) rowOf[i].classList.add('sel');
  }
  var relSel = document.getElementById('relation-filter');
  var outSel = document.getElementById('outlet-filter');
  var seenRel = {}, seenOut = {};
  edges.forEach(function (e) { seenRel[e.r] = 1; e.o.forEach(function (o) { seenOut[o] = 1; }); });
  D.relations.forEach(function (r) { if (seenRel[r.name]) relSel.appendChild(el('option', { value: r.name }, r.name + ' ' + r.zh)); });
  Object.keys(seenOut).sort().forEach(function (o) { outSel.appendChild(el('option', { value: o }, o)); });
  var text = document.getElementById('edge-filter');
  function refilter() {
    var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
    var rel = relSel.value, out = outSel.value;
    table.filter(function (e) {
      if (rel && e.r !== rel) return false;
      if (out && e.o.indexOf(out) < 0) return false;
      return words.every(function (w) { return e.text.indexOf(w) >= 0; });
    });
  }
  text.addEventListener('input', refilter);
  relSel.addEventListener('change', refilter);
  outSel.addEventListener('change', refilter);
  table.render();

  /* The stance table. */
  var stance = new SG.Table({
    table: document.getElementById('stance-table'),
    rows: D.stance,
    pageSize: 50,
    pages: document.getElementById('stance-pages'),
    count: null,
    noun: 'rows',
    columns: {
      outlet: { sort: function (s) { return s.outlet; }, cell: function (s) { return s.outlet; } },
      actor: { sort: function (s) { return s.label; }, cell: function (s) { return s.label; } },
      articles: { sort: function (s) { return s.articles; }, cell: function (s) { return String(s.articles); }, cls: 'num', desc: true },
      negative: { sort: function (s) { return s.negative; }, cell: function (s) { return String(s.negative); }, cls: 'num', desc: true },
      neutral: { sort: function (s) { return s.neutral; }, cell: function (s) { return String(s.neutral); }, cls: 'num', desc: true },
      positive: { sort: function (s) { return s.positive; }, cell: function (s) { return String(s.positive); }, cls: 'num', desc: true },
      mean: { sort: function (s) { return s.mean; }, cell: function (s) { return el('span', { class: s.mean < 0 ? 'neg' : s.mean > 0 ? 'pos' : '' }, SG.signed(s.mean)); }, cls: 'num' },
      '': { cell: function (s) {
        var span = el('span');
        s.cues.forEach(function (c) {
          span.appendChild(el('span', { class: 'cue-chip' }, el('b', { class: c[2] < 0 ? 'neg' : c[2] > 0 ? 'pos' : '' }, c[2] < 0 ? '−' : c[2] > 0 ? '+' : '±'), c[0] + ' ×' + c[1]));
        });
        return span;
      } }
    }
  });
  stance.render();
  if (!D.stance.length) {
    document.getElementById('stance-table').tBodies[0].appendChild(el('tr', null, el('td', { colspan: 8, class: 'note' }, 'No outlet-voice stance was found.')));
  }
  /* `report.html#edge=12` opens with edge 12's evidence, `#actor=3` with actor 3's:
     a link to one piece of evidence. Selecting updates the address. */
  function fromHash() {
    var m = /^#(edge|actor)=(\d+)$/.exec(location.hash);
    if (!m) return;
    var i = Number(m[2]);
    if (m[1] === 'edge' && i < edges.length) showEdge(i);
    if (m[1] === 'actor' && i < nodes.length) showNode(i);
  }
  fromHash();
  window.addEventListener('hashchange', fromHash);
  document.body.dataset.ready = '1';
})();
