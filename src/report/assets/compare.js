/* compare.html: group filter, edge table by group, Jaccard heat map,
   edges only one group reports, rebuttal shares, stance per group. */
(function () {
  var el = SG.el, D = SG.data();
  var on = {};
  D.groups.forEach(function (g) { on[g] = true; });
  function label(id) { return D.labels[id] || id; }
  function active() { return D.groups.filter(function (g) { return on[g]; }); }
  SG.legend(document.getElementById('legend'), D.relations, null);

  var filterBox = document.getElementById('group-filter');
  filterBox.appendChild(el('span', { class: 'head' }, 'Groups shown:'));
  D.groups.forEach(function (g) {
    var box = el('input', { type: 'checkbox', value: g });
    box.checked = true;
    box.addEventListener('change', function () { on[g] = box.checked; update(); });
    filterBox.appendChild(el('label', null, box, ' ' + g));
  });

  var rows = D.edges.map(function (e, i) {
    return { i: i, e: e, source: label(e.source), target: label(e.target),
      text: [e.source, e.target, label(e.source), label(e.target), e.relation].join(' ').toLowerCase() };
  });
  var table = document.getElementById('compare-table');
  var t = null;
  function buildTable() {
    var head = table.tHead.rows[0];
    SG.clear(head);
    var cols = {
      source: { sort: function (r) { return r.source; }, cell: function (r) { return r.source; } },
      relation: { sort: function (r) { return r.e.relation; }, cell: function (r) { return SG.relChip(r.e.relation, D.relations); } },
      target: { sort: function (r) { return r.target; }, cell: function (r) { return r.target; } },
      groups: { sort: function (r) { return active().filter(function (g) { return r.e.groups[g]; }).length; }, cell: function (r) { return String(active().filter(function (g) { return r.e.groups[g]; }).length); }, cls: 'num', desc: true }
    };
    [['source', 'Source'], ['relation', 'Relation'], ['target', 'Target']].forEach(function (c) {
      head.appendChild(el('th', { 'data-key': c[0], scope: 'col' }, c[1]));
    });
    active().forEach(function (g) {
      var key = 'g:' + g;
      cols[key] = {
        sort: function (r) { return r.e.groups[g] ? r.e.groups[g].mentions : 0; },
        cell: function (r) { var c = r.e.groups[g]; return c ? c.mentions + ' (' + c.articles + ')' : ''; },
        cls: 'num', desc: true
      };
      head.appendChild(el('th', { 'data-key': key, scope: 'col', class: 'num' }, g));
    });
    head.appendChild(el('th', { 'data-key': 'groups', scope: 'col', class: 'num' }, 'Groups'));
    t = new SG.Table({ table: table, rows: rows, columns: cols, pageSize: 50, pages: document.getElementById('compare-pages'), count: document.getElementById('compare-count'), noun: 'edges' });
    refilter();
  }
  var text = document.getElementById('compare-filter');
  function refilter() {
    var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
    var groups = active();
    t.filter(function (r) {
      if (!groups.some(function (g) { return r.e.groups[g]; })) return false;
      return words.every(function (w) { return r.text.indexOf(w) >= 0; });
    });
  }
  text.addEventListener('input', refilter);

  var sim = {};
  D.similarity.forEach(function (s) { sim[s.a + '\u0000' + s.b] = s; sim[s.b + '\u0000' + s.a] = s; });
  function heatmap() {
    var h = document.getElementById('heatmap');
    SG.clear(h);
    var groups = active();
    var head = el('tr', null, el('th', { scope: 'col' }, ''));
    groups.forEach(function (g) { head.appendChild(el('th', { scope: 'col' }, g)); });
    h.appendChild(el('thead', null, head));
    var body = el('tbody');
    groups.forEach(function (a) {
      var tr = el('tr', null, el('th', { scope: 'row' }, a));
      groups.forEach(function (b) {
        var s = a === b ? { j: 1, wj: 1 } : sim[a + '\u0000' + b];
        var j = s ? s.j : null;
        var td = el('td', { class: 'cell', title: a + ' / ' + b + ': Jaccard ' + SG.fmt(j) + ', weighted ' + SG.fmt(s ? s.wj : null) }, SG.fmt(j));
        if (j !== null && j !== undefined) {
          var light = Math.round(97 - 55 * j);
          td.style.background = 'hsl(214, 70%, ' + light + '%)';
          td.style.color = light < 60 ? '#fff' : '#111';
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    h.appendChild(body);
  }
  function edgeText(k) { return label(k[0]) + ' ' + k[1] + ' ' + label(k[2]); }
  function only() {
    var box = document.getElementById('only');
    SG.clear(box);
    var by = {};
    D.unique.forEach(function (u) { (by[u[1]] = by[u[1]] || []).push(u[0]); });
    var any = false;
    active().forEach(function (g) {
      var list = by[g] || [];
      if (!list.length) return;
      any = true;
      var ul = el('ul', { class: 'only' });
      list.slice(0, 200).forEach(function (k) { ul.appendChild(el('li', null, label(k[0]), ' ', SG.relChip(k[1], D.relations), ' ', label(k[2]))); });
      if (list.length > 200) ul.appendChild(el('li', { class: 'note' }, 'and ' + (list.length - 200) + ' more (compare.json lists them all)'));
      box.appendChild(el('div', { 'data-group': g }, el('h3', null, g + ' (' + list.length + ')'), ul));
    });
    if (!any) box.appendChild(el('p', { class: 'note' }, 'Every edge of the groups shown is reported by more than one group.'));
  }
  function rebuttals() {
    var body = document.getElementById('rebuttals').tBodies[0];
    SG.clear(body);
    D.rebuttals.forEach(function (r) {
      if (!on[r.group]) return;
      var un = r.unanswered.slice(0, 12).map(edgeText).join('; ') + (r.unanswered.length > 12 ? '; …' : '');
      body.appendChild(el('tr', null, el('td', null, r.group), el('td', { class: 'num' }, String(r.accusations)), el('td', { class: 'num' }, String(r.answered)),
        el('td', { class: 'num' }, r.share === null ? '–' : Math.round(r.share * 100) + '%'), el('td', null, un)));
    });
  }
  var stance = new SG.Table({
    table: document.getElementById('stance-table'), rows: D.stance, pageSize: 50, pages: document.getElementById('stance-pages'), count: null, noun: 'rows',
    columns: {
      group: { sort: function (s) { return s.group; }, cell: function (s) { return s.group; } },
      actor: { sort: function (s) { return label(s.actor); }, cell: function (s) { return label(s.actor); } },
      mean: { sort: function (s) { return s.mean; }, cell: function (s) { return el('span', { class: s.mean < 0 ? 'neg' : s.mean > 0 ? 'pos' : '' }, SG.signed(s.mean)); }, cls: 'num' },
      articles: { sort: function (s) { return s.articles; }, cell: function (s) { return String(s.articles); }, cls: 'num', desc: true },
      '': { cell: function (s) { return Object.keys(s.cues).map(function (c) { return c + ' ×' + s.cues[c]; }).join(', '); } }
    }
  });
  /* Each panel is drawn in the frame all panels share, so actors line up;
     by default it is cropped to the group's own actors and lines, which
     makes the labels readable. "Same frame" restores the shared frame. */
  var frames = [];
  Array.prototype.forEach.call(document.querySelectorAll('.panel svg'), function (svg) {
    var full = svg.getAttribute('viewBox');
    var box = null;
    Array.prototype.forEach.call(svg.querySelectorAll('g[clip-path] > g, g[clip-path] > path'), function (x) {
      var b = x.getBBox();
      if (!b.width && !b.height) return;
      box = box ? { x0: Math.min(box.x0, b.x), y0: Math.min(box.y0, b.y), x1: Math.max(box.x1, b.x + b.width), y1: Math.max(box.y1, b.y + b.height) }
        : { x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height };
    });
    var crop = box ? [box.x0 - 14, box.y0 - 14, box.x1 - box.x0 + 28, box.y1 - box.y0 + 28].map(function (v) { return v.toFixed(1); }).join(' ') : full;
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    frames.push({ svg: svg, full: full, crop: crop });
  });
  var align = document.getElementById('align-panels');
  function reframe() { frames.forEach(function (f) { f.svg.setAttribute('viewBox', align.checked ? f.full : f.crop); }); }
  align.addEventListener('change', reframe);
  reframe();

  function update() {
    Array.prototype.forEach.call(document.querySelectorAll('.panel[data-group]'), function (p) { p.hidden = !on[p.dataset.group]; });
    buildTable();
    heatmap();
    only();
    rebuttals();
    stance.filter(function (s) { return on[s.group]; });
  }
  update();
  document.body.dataset.ready = '1';
})();
