// The Spindle console page: reads the snapshot stream (/events, Server-Sent Events), turns two
// consecutive snapshots into rates, and draws tables, uPlot charts and an SVG timeline.
'use strict';

const HISTORY = 240;            // points kept per chart: 60 s at 4 snapshots a second
const STATES = ['RUNNABLE', 'RUNNING', 'PARKED', 'TIMED_PARKED', 'SLEEPING', 'PINNED', 'PARKING', 'YIELDING', 'NEW'];
const COLORS = ['#4c9be8', '#e8804c', '#5bb56b', '#9b6ad8', '#d8b04c', '#e0524f', '#4cc7c7', '#888888'];
const $ = id => document.getElementById(id);

let prev = null;                // the previous snapshot (for rates)
let snapshots = 0;
const hist = { t: [], runs: [], steals: [], parks: [], spawns: [], states: STATES.map(() => []),
               injection: [], local: [], timers: [] };
const charts = {};

function fmt(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  if (Math.abs(n) >= 1e6) return (n / 1e6).toFixed(2) + ' M';
  if (Math.abs(n) >= 1e4) return (n / 1e3).toFixed(1) + ' k';
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function rate(cur, old, dtSec) { return old === undefined || dtSec <= 0 ? 0 : Math.max(0, (cur - old) / dtSec); }

function push(arr, v) { arr.push(v); if (arr.length > HISTORY) arr.shift(); }

function makeChart(el, labels) {
  const width = Math.max(380, el.parentElement.clientWidth - 20);
  const series = [{}].concat(labels.map((l, i) => ({ label: l, stroke: COLORS[i % COLORS.length], width: 1.5 })));
  return new uPlot({ width: width, height: 180, series: series, scales: { x: { time: true } },
                     axes: [{}, { size: 64, values: (u, vals) => vals.map(v => fmt(v)) }],
                     legend: { live: false } }, [[]].concat(labels.map(() => [])), el);
}

function ensureCharts(s) {
  if (charts.runs) return;
  charts.runs = makeChart($('chartRuns'), s.carriers.map(c => c.name.replace(/^.*-carrier-/, 'carrier ')));
  hist.runs = s.carriers.map(() => []);
  charts.sched = makeChart($('chartSched'), ['steals / s', 'carrier parks / s', 'spawns / s']);
  charts.states = makeChart($('chartStates'), STATES);
  charts.queues = makeChart($('chartQueues'), ['injection', 'local queues', 'timers']);
}

function onSnapshot(s) {
  snapshots++;
  $('snapshots').textContent = snapshots;
  $('runtime').textContent = s.runtime;
  $('status').textContent = 'live';
  $('status').className = 'status live';
  const dt = prev ? (s.monoMs - prev.monoMs) / 1000 : 0;
  const p = prev || { carriers: [] };
  ensureCharts(s);

  // summary cards
  const runsTotal = s.carriers.reduce((a, c) => a + c.run, 0);
  const prevRuns = prev ? prev.carriers.reduce((a, c) => a + c.run, 0) : undefined;
  const rt = $('runsTotal');
  if (rt.dataset.first === '') rt.dataset.first = runsTotal;
  rt.dataset.last = runsTotal;
  rt.textContent = fmt(runsTotal);
  $('live').textContent = fmt(s.fibers.live);
  $('spawnRate').textContent = fmt(rate(s.fibers.spawned, prev && prev.fibers.spawned, dt));
  $('runRate').textContent = fmt(rate(runsTotal, prevRuns, dt));
  $('injection').textContent = fmt(s.injection);
  $('timers').textContent = fmt(s.timers);
  $('searching').textContent = s.searching + ' / ' + s.parkedCarriers;
  $('blocking').textContent = s.blocking.active + ' / ' + s.blocking.threads;
  $('stalls').textContent = s.stalls + ' / ' + s.compensations + ' / ' + s.extraCarriers;
  $('vthreadRate').textContent = fmt(rate(s.vthreadRuns, prev && prev.vthreadRuns, dt));

  // carriers table: one row per carrier
  const tbody = $('carriers').tBodies[0];
  while (tbody.rows.length < s.carriers.length) {
    const tr = tbody.insertRow();
    tr.className = 'carrier';
    for (let i = 0; i < 11; i++) tr.insertCell();
    tr.cells[2].className = 'fiber';
  }
  s.carriers.forEach((c, i) => {
    const o = p.carriers[i] || {};
    const cells = tbody.rows[i].cells;
    tbody.rows[i].dataset.carrier = c.name;
    tbody.rows[i].dataset.run = c.run;
    cells[0].textContent = c.name + (c.extra ? ' (extra)' : '');
    cells[1].innerHTML = '';
    const badge = document.createElement('span');
    badge.className = 'act ' + c.activity;
    badge.textContent = c.activity;
    cells[1].appendChild(badge);
    cells[2].textContent = c.fiber || '';
    cells[2].title = c.fiber || '';
    cells[3].textContent = c.queue;
    cells[4].textContent = c.runnext ? 'yes' : '';
    cells[5].textContent = fmt(rate(c.run, o.run, dt));
    cells[6].textContent = fmt(rate(c.runnextHits, o.runnextHits, dt));
    cells[7].textContent = fmt(rate(c.steals, o.steals, dt));
    cells[8].textContent = fmt(rate(c.parks, o.parks, dt));
    cells[9].textContent = fmt(rate(c.vthreadRuns, o.vthreadRuns, dt));
    cells[10].textContent = fmt(c.run);
  });

  // fibers by state
  const st = $('states').tBodies[0];
  st.innerHTML = '';
  for (const [k, v] of Object.entries(s.fibers.states)) {
    const tr = st.insertRow();
    tr.insertCell().textContent = k;
    tr.insertCell().textContent = fmt(v);
  }
  if (!st.rows.length) st.insertRow().insertCell().textContent = 'no live fibers';

  // park sites
  const sb = $('sites').tBodies[0];
  sb.innerHTML = '';
  s.parkSites.forEach(site => {
    const tr = sb.insertRow();
    tr.insertCell().textContent = site.site;
    tr.insertCell().textContent = fmt(site.count);
    tr.onclick = () => showDump(site.site);
  });

  // warnings, newest first
  const wl = $('warnings');
  wl.innerHTML = '';
  if (!s.warnings.length) { const li = document.createElement('li'); li.className = 'none'; li.textContent = 'none'; wl.appendChild(li); }
  s.warnings.slice().reverse().forEach(w => {
    const li = document.createElement('li');
    li.textContent = new Date(w.epochMs).toLocaleTimeString() + ' [' + w.kind + '] ' + w.text;
    wl.appendChild(li);
  });

  // charts (x: seconds since the epoch)
  if (prev) {
    push(hist.t, s.epochMs / 1000);
    s.carriers.forEach((c, i) => push(hist.runs[i], rate(c.run, (p.carriers[i] || {}).run, dt)));
    const sum = (snap, f) => snap.carriers.reduce((a, c) => a + f(c), 0);
    push(hist.steals, rate(sum(s, c => c.steals), sum(p, c => c.steals), dt));
    push(hist.parks, rate(sum(s, c => c.parks), sum(p, c => c.parks), dt));
    push(hist.spawns, rate(s.fibers.spawned, p.fibers.spawned, dt));
    STATES.forEach((k, i) => push(hist.states[i], s.fibers.states[k] || 0));
    push(hist.injection, s.injection);
    push(hist.local, sum(s, c => c.queue));
    push(hist.timers, s.timers);
    charts.runs.setData([hist.t].concat(hist.runs));
    charts.sched.setData([hist.t, hist.steals, hist.parks, hist.spawns]);
    charts.states.setData([hist.t].concat(hist.states));
    charts.queues.setData([hist.t, hist.injection, hist.local, hist.timers]);
  }

  if (s.timeline) drawTimeline(s);
  prev = s;
}

// The timeline: one row per carrier, intervals [startMs, endMs, kind, label] relative to now.
function drawTimeline(s) {
  const tl = s.timeline;
  const svg = $('timelineSvg');
  const width = svg.clientWidth || 1000;
  const labelW = 130, rowH = 22, top = 4;
  // draw the window that every carrier's ring still covers (a busy carrier keeps only milliseconds)
  const span = Math.max(1, Math.min(tl.spanMs, tl.fromMs === undefined ? tl.spanMs : -tl.fromMs));
  $('span').textContent = span >= 1000 ? (span / 1000).toFixed(1) + ' s' : span.toFixed(1) + ' ms';
  const x = ms => labelW + (width - labelW - 4) * (1 + ms / span);
  const ns = 'http://www.w3.org/2000/svg';
  const parts = [];
  tl.tracks.forEach((row, i) => {
    const y = top + i * rowH;
    parts.push(`<text x="4" y="${y + 14}">${esc(s.carriers[i].name.replace(/^.*-carrier-/, 'carrier '))}</text>`);
    parts.push(`<line x1="${labelW}" x2="${width}" y1="${y + rowH - 2}" y2="${y + rowH - 2}" stroke="#eee"/>`);
    row.forEach(([a, b, kind, label]) => {
      if (b < -span) return;
      a = Math.max(a, -span);
      const x0 = x(a), w = Math.max(1, x(b) - x0);
      const color = kind === 1 ? '#ccc' : kind === 2 ? '#9b6ad8' : '#4c9be8';
      parts.push(`<rect class="slice k${kind}" x="${x0.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${color}"><title>${esc(label)} ${(b - a).toFixed(3)} ms</title></rect>`);
    });
  });
  tl.wakes.forEach(([fromTrack, t0, toTrack, t1]) => {
    if (t0 < -span) return;
    const y0 = top + fromTrack * rowH + rowH / 2, y1 = top + toTrack * rowH + rowH / 2;
    parts.push(`<line class="wake" x1="${x(t0).toFixed(1)}" y1="${y0}" x2="${x(t1).toFixed(1)}" y2="${y1}" stroke="#e0524f" stroke-width="1.2" marker-end="url(#arrow)"/>`);
  });
  const h = top + tl.tracks.length * rowH + 16;
  parts.push(`<text x="${labelW}" y="${h - 3}">-${$('span').textContent}</text><text x="${width - 30}" y="${h - 3}">now</text>`);
  svg.setAttribute('height', h);
  svg.innerHTML = '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#e0524f"/></marker></defs>' + parts.join('');
  svg.dataset.slices = tl.tracks.reduce((a, r) => a + r.length, 0);
  void ns;
}

function esc(t) { return String(t).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c])); }

function showDump(site) {
  fetch('/dump?site=' + encodeURIComponent(site)).then(r => r.text()).then(text => {
    $('dumpTitle').hidden = false;
    $('dumpTitle').textContent = 'Fiber dump: waiting on ' + site;
    $('dump').hidden = false;
    $('dump').textContent = text;
    $('dump').scrollIntoView();
  });
}

function connect() {
  const q = new URLSearchParams(location.search);
  const max = q.get('max');
  const es = new EventSource('/events' + (max ? '?max=' + encodeURIComponent(max) : ''));
  es.onmessage = e => onSnapshot(JSON.parse(e.data));
  es.addEventListener('end', () => {
    es.close();
    $('status').textContent = 'ended after ' + snapshots + ' snapshots';
    $('status').className = 'status ended';
    document.body.dataset.done = '1';
  });
  es.onerror = () => { if (es.readyState !== EventSource.CLOSED) { $('status').textContent = 'reconnecting'; $('status').className = 'status'; } };
}

connect();
