// NeuroStream dashboard: reads /events (server-sent events, one JSON state or delta per message)
// and draws every plot on plain canvases. Nothing is fetched from anywhere but this server.
'use strict';

const WINDOW_MS = 60000;
const COLORS = ['#5ab0f0', '#f0a050', '#70d080', '#e070a0', '#b090f0', '#e0d060', '#60d0d0',
                '#f07070', '#a0a0a0', '#90c040'];
const S = {
  t: 0, streams: {}, counts: {}, records: 0,
  relative: {}, probability: {}, exponents: {}, statsSeen: {},
  aperiodic: {}, aperiodicSeen: {}, alphaFreq: {}, alphaSeen: {},
  motifs: [], alerts: [], dead: [], gaps: [], latency: []
};
let selected = '';
let dirty = false;

function $(id) { return document.getElementById(id); }

function connect() {
  const es = new EventSource('events');
  es.onopen = () => { $('status').textContent = 'live'; $('status').className = 'status on'; };
  es.onerror = () => { $('status').textContent = 'reconnecting'; $('status').className = 'status off'; };
  es.onmessage = (m) => { take(JSON.parse(m.data)); dirty = true; };
}

function take(msg) {
  S.t = msg.t;
  S.counts = msg.counts;
  S.records = msg.records;
  if (msg.full) {
    S.motifs = []; S.alerts = []; S.dead = []; S.gaps = []; S.latency = [];
  }
  for (const s of msg.streams) {
    // a delta carries a stream's connectivity matrices only when they changed
    const old = S.streams[s.id];
    if (!s.connectivity && old && old.connectivity) s.connectivity = old.connectivity;
    S.streams[s.id] = s;
    const ap = s.aperiodic;
    if (ap && S.aperiodicSeen[s.id] !== ap.records) {
      S.aperiodicSeen[s.id] = ap.records;
      push(S.aperiodic, s.id, { t: ap.ms, m: ap.exponent_mean, lo: ap.exponent_min,
                                hi: ap.exponent_max });
    }
    const al = s.alpha;
    if (al && S.alphaSeen[s.id] !== al.records) {
      S.alphaSeen[s.id] = al.records;
      push(S.alphaFreq, s.id, { t: al.ms, p: al.peak_hz_mean, i: al.instantaneous_hz_mean });
    }
    if (s.bandpower) {
      push(S.relative, s.id, { t: msg.t, v: meanPerBand(s.bandpower) });
    }
    if (s.prediction && s.prediction.probability != null) {
      push(S.probability, s.id, { t: msg.t, v: s.prediction.probability });
    }
    const a = s.avalanche;
    if (a && a.stats_records > 0 && S.statsSeen[s.id] !== a.stats_records) {
      S.statsSeen[s.id] = a.stats_records;
      push(S.exponents, s.id, { t: a.stats_ms, a: a.alpha_size, d: a.alpha_duration,
                                 b: a.branching_ratio });
    }
  }
  S.motifs = keep(S.motifs.concat(msg.motifs), 4000);
  S.alerts = keep(S.alerts.concat(msg.alerts), 100);
  S.dead = keep(S.dead.concat(msg.deadletters), 50);
  S.gaps = keep(S.gaps.concat(msg.gaps), 50);
  S.latency = keep(S.latency.concat(msg.latency), 600);
}

function keep(list, n) { return list.length > n ? list.slice(list.length - n) : list; }

function push(map, id, point) {
  const list = map[id] || (map[id] = []);
  list.push(point);
  while (list.length > 0 && list[0].t < point.t - 5 * WINDOW_MS) list.shift();
}

// relative power per band, averaged over channels by the server
function meanPerBand(bp) { return bp.relative_mean; }

// ---------------------------------------------------------------- drawing

function surface(canvas, left) {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * dpr)) canvas.width = Math.round(w * dpr);
  if (canvas.height !== Math.round(h * dpr)) canvas.height = Math.round(h * dpr);
  const g = canvas.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, h);
  g.font = '11px system-ui, sans-serif';
  return { g, w, h, left: left || 46, right: w - 8, top: 16, bottom: h - 18 };
}

function fmt(v) {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e4 || a < 1e-2)) return v.toExponential(0);
  return a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(1) : v.toFixed(2);
}

function axes(p, xmin, xmax, ymin, ymax, opts) {
  const { g } = p;
  g.strokeStyle = '#3a4256'; g.fillStyle = '#8a93a6'; g.lineWidth = 1;
  g.strokeRect(p.left, p.top, p.right - p.left, p.bottom - p.top);
  for (let i = 0; i <= 4 && !opts.noY; i++) {
    const v = ymin + (ymax - ymin) * i / 4;
    const y = p.bottom - (p.bottom - p.top) * i / 4;
    g.fillText(opts.logY ? fmt(Math.pow(10, v)) : fmt(v), 2, y + 4);
  }
  if (opts.xLabel) g.fillText(opts.xLabel, p.right - g.measureText(opts.xLabel).width, p.h - 4);
  if (opts.title) g.fillText(opts.title, p.left + 4, p.top - 4);
}

function lines(canvas, series, opts) {
  const p = surface(canvas);
  const xmax = opts.xmax;
  let xmin = opts.xmin;
  // while there is less data than the window holds, the data fills the width (5 s at least)
  let first = Infinity;
  for (const s of series) for (const [x] of s.points) if (x >= xmin) first = Math.min(first, x);
  if (isFinite(first)) xmin = Math.max(xmin, Math.min(first, xmax - 5000));
  opts = Object.assign({}, opts, { xLabel: 'last ' + Math.round((xmax - xmin) / 1000) + ' s' });
  let ymin = opts.ymin, ymax = opts.ymax;
  if (ymin === undefined || ymax === undefined) {
    let lo = Infinity, hi = -Infinity;
    for (const s of series) for (const [x, y] of s.points) {
      if (x >= xmin && y != null && isFinite(y)) { lo = Math.min(lo, y); hi = Math.max(hi, y); }
    }
    if (!isFinite(lo)) { lo = 0; hi = 1; }
    if (hi - lo < 1e-9) { hi += 0.5; lo -= 0.5; }
    if (ymin === undefined) ymin = lo;
    if (ymax === undefined) ymax = hi;
  }
  axes(p, xmin, xmax, ymin, ymax, opts);
  const X = (x) => p.left + (p.right - p.left) * (x - xmin) / (xmax - xmin);
  const Y = (y) => p.bottom - (p.bottom - p.top) * (y - ymin) / (ymax - ymin);
  let lx = p.left + 6;
  series.forEach((s, i) => {
    const g = p.g;
    g.strokeStyle = s.color || COLORS[i % COLORS.length];
    g.lineWidth = 1.5;
    g.beginPath();
    let started = false;
    for (const [x, y] of s.points) {
      if (x < xmin || y == null || !isFinite(y)) { started = false; continue; }
      if (started) g.lineTo(X(x), Y(y)); else { g.moveTo(X(x), Y(y)); started = true; }
    }
    g.stroke();
    if (s.points.length === 1) g.strokeRect(X(s.points[0][0]) - 1, Y(s.points[0][1]) - 1, 2, 2);
    g.fillStyle = g.strokeStyle;
    g.fillText(s.name, lx, p.top + 12);
    lx += g.measureText(s.name).width + 10;
  });
}

function heatmap(canvas, bp) {
  const p = surface(canvas);
  const { g } = p;
  if (!bp) { g.fillStyle = '#8a93a6'; g.fillText('no band power yet', p.left, p.top + 20); return; }
  const nb = bp.bands.length, nc = bp.channels;
  const logs = bp.log_power.map((v) => (v == null ? NaN : v));
  const finite = logs.filter(isFinite);
  const lo = Math.min(...finite), hi = Math.max(...finite);
  const cw = (p.right - p.left) / nb, ch = (p.bottom - p.top) / nc;
  for (let c = 0; c < nc; c++) {
    for (let b = 0; b < nb; b++) {
      const v = logs[c * nb + b];
      const f = isFinite(v) ? (v - lo) / (hi - lo || 1) : 0;
      g.fillStyle = `hsl(${240 - 240 * f}, 70%, ${25 + 35 * f}%)`;
      g.fillRect(p.left + b * cw, p.top + c * ch, Math.ceil(cw), Math.ceil(ch));
    }
  }
  g.fillStyle = '#d8dee9';
  bp.bands.forEach((name, b) => g.fillText(name, p.left + b * cw + 3, p.bottom + 12));
  const step = Math.max(1, Math.ceil(nc / 8));
  for (let c = 0; c < nc; c += step) g.fillText('ch' + c, 2, p.top + c * ch + Math.min(ch, 14) - 2);
  g.fillStyle = '#8a93a6';
  g.fillText(`log10 power ${fmt(lo)}..${fmt(hi)}${bp.settling ? ' (settling)' : ''}`,
             p.left + 4, p.top - 4);
}

// channels x channels, the chosen measure of the chosen band, 0 (dark) to 1 (bright)
function connectivityMatrix(canvas, conn, bandName, measure) {
  const p = surface(canvas);
  const { g } = p;
  canvas.dataset.cells = 0;
  if (!conn) { g.fillStyle = '#8a93a6'; g.fillText('no connectivity yet', p.left, p.top + 20); return; }
  const nc = conn.channels, pairs = nc * (nc - 1) / 2;
  const b = Math.max(0, conn.bands.indexOf(bandName));
  const values = conn[measure] || [];
  const side = Math.min(p.right - p.left, p.bottom - p.top);
  const cell = side / nc;
  const at = (i, j) => b * pairs + i * (2 * nc - i - 1) / 2 + (j - i - 1);
  let cells = 0;
  for (let i = 0; i < nc; i++) {
    for (let j = 0; j < nc; j++) {
      let v = i === j ? null : values[i < j ? at(i, j) : at(j, i)];
      if (v == null) { g.fillStyle = '#2a3142'; } else {
        v = Math.max(0, Math.min(1, v));
        g.fillStyle = `hsl(${240 - 240 * v}, 70%, ${20 + 45 * v}%)`;
        cells++;
      }
      g.fillRect(p.left + j * cell, p.top + i * cell, Math.ceil(cell), Math.ceil(cell));
    }
  }
  canvas.dataset.cells = cells;
  g.fillStyle = '#d8dee9';
  const step = Math.max(1, Math.ceil(nc / 8));
  for (let c = 0; c < nc; c += step) {
    g.fillText('ch' + c, 2, p.top + c * cell + Math.min(cell, 14) - 2);
    g.fillText(String(c), p.left + c * cell + 1, p.top + side + 12);
  }
  g.fillStyle = '#8a93a6';
  const band = conn.bands[b];
  g.fillText(`${measure} ${band} ${fmt(conn.lo_hz[b])}-${fmt(conn.hi_hz[b])} Hz, 0..1`,
             p.left + 4, p.top - 4);
}

function sizeDistribution(canvas) {
  const total = [];
  for (const s of Object.values(S.streams)) {
    const h = s.avalanche && s.avalanche.size_histogram;
    if (h) h.forEach((n, i) => { total[i] = (total[i] || 0) + n; });
  }
  const p = surface(canvas);
  const { g } = p;
  if (total.length === 0) { g.fillStyle = '#8a93a6'; g.fillText('no avalanches yet', p.left, p.top + 20); return; }
  const n = total.reduce((a, b) => a + (b || 0), 0);
  // density per unit size in log2 bins, on log-log axes, so a power law is a straight line
  const pts = [];
  total.forEach((c, i) => { if (c) pts.push([i, Math.log10(c / n / Math.pow(2, i))]); });
  const ymin = Math.min(...pts.map((q) => q[1])) - 0.2, ymax = Math.max(...pts.map((q) => q[1])) + 0.2;
  axes(p, 0, total.length, ymin, ymax,
       { logY: true, title: 'size distribution P(s), all streams, log2 bins' });
  const X = (x) => p.left + (p.right - p.left) * (x + 0.5) / total.length;
  const Y = (y) => p.bottom - (p.bottom - p.top) * (y - ymin) / (ymax - ymin);
  g.fillStyle = COLORS[0];
  for (const [x, y] of pts) g.fillRect(X(x) - 3, Y(y) - 3, 6, 6);
  g.fillStyle = '#8a93a6';
  for (let i = 0; i < total.length; i += Math.max(1, Math.ceil(total.length / 8))) {
    g.fillText(String(Math.pow(2, i)), X(i) - 4, p.bottom + 12);
  }
}

function raster(canvas) {
  const p = surface(canvas, 130);
  const { g } = p;
  const xmax = S.t, xmin = S.t - WINDOW_MS / 2;
  const rows = [...new Set(S.motifs.map((m) => m.record.stream_id + ' #' + m.record.motif))].sort();
  axes(p, xmin, xmax, 0, 1, { title: 'last 30 s', xLabel: 'time', noY: true });
  const rh = (p.bottom - p.top) / Math.max(rows.length, 1);
  const X = (x) => p.left + (p.right - p.left) * (x - xmin) / (xmax - xmin);
  rows.forEach((r, i) => {
    g.fillStyle = '#8a93a6';
    if (rh >= 10 || i % Math.ceil(10 / rh) === 0) g.fillText(r.length > 22 ? '…' + r.slice(-21) : r, 2, p.top + (i + 0.5) * rh + 4);
  });
  for (const m of S.motifs) {
    if (m.t < xmin) continue;
    const i = rows.indexOf(m.record.stream_id + ' #' + m.record.motif);
    g.fillStyle = COLORS[m.record.motif % COLORS.length];
    g.fillRect(X(m.t) - 1, p.top + i * rh + 1, 2, Math.max(rh - 2, 1));
  }
}

function table(id, rows) {
  const body = $(id).tBodies[0];
  body.replaceChildren(...rows.map((cells) => {
    const tr = document.createElement('tr');
    for (const c of cells) { const td = document.createElement('td'); td.textContent = c; tr.append(td); }
    return tr;
  }));
}

function clock(t) { return new Date(t).toLocaleTimeString(); }

function text(v) { return v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v); }

function renderAlerts() {
  const list = $('alerts');
  list.replaceChildren(...S.alerts.slice().reverse().map((a) => {
    const r = a.record, li = document.createElement('li');
    const severity = text(r.severity || 'alert');
    li.className = 'alert ' + severity.toLowerCase();
    const head = [clock(a.t), severity, text(r.rule || r.kind || 'alert'), text(r.stream_id)]
      .filter((x) => x).join(' · ');
    const rest = Object.entries(r)
      .filter(([k]) => !['rule', 'severity', 'stream_id', 'kind'].includes(k))
      .map(([k, v]) => k + '=' + text(v)).join(' ');
    li.textContent = head + ' — ' + rest;
    return li;
  }));
  const banner = $('alert-banner');
  if (S.alerts.length) {
    const r = S.alerts[S.alerts.length - 1].record;
    const resolved = r.status === 'resolved';
    banner.hidden = false;
    banner.classList.toggle('resolved', resolved);
    banner.textContent =
      `${resolved ? 'RESOLVED' : 'ALERT'} ${text(r.rule)} on ${text(r.stream_id)}: ${text(r.reason)}`;
  }
}

function render() {
  const ids = Object.keys(S.streams).sort();
  $('streams').textContent = ids.length;
  $('records').textContent = S.records;
  for (const k of ['bandpower', 'avalanche', 'avalanche_stats', 'motif', 'prediction',
                   'deadletter', 'gap', 'alert', 'connectivity', 'aperiodic', 'alpha']) {
    $('count-' + k).textContent = S.counts[k] || 0;
  }
  const withBp = ids.filter((id) => S.streams[id].bandpower || S.streams[id].connectivity);
  const select = $('stream');
  if (select.options.length !== withBp.length) {
    select.replaceChildren(...withBp.map((id) => new Option(id, id)));
    if (withBp.includes(selected)) select.value = selected;
  }
  if (!withBp.includes(selected)) selected = withBp[0] || '';
  const s = S.streams[selected];
  heatmap($('bp-heatmap'), s && s.bandpower);
  const bands = s && s.bandpower ? s.bandpower.bands : [];
  const rel = S.relative[selected] || [];
  lines($('bp-relative'), bands.map((name, b) => ({ name, points: rel.map((q) => [q.t, q.v[b]]) })),
        { xmin: S.t - WINDOW_MS, xmax: S.t, title: 'relative power, mean over channels' });

  const conn = s && s.connectivity;
  const bandSelect = $('conn-band');
  const connBands = conn ? conn.bands : [];
  if ([...bandSelect.options].map((o) => o.value).join() !== connBands.join()) {
    const keepBand = bandSelect.value;
    bandSelect.replaceChildren(...connBands.map((name) => new Option(name, name)));
    bandSelect.value = connBands.includes(keepBand) ? keepBand
      : connBands.includes('alpha') ? 'alpha' : connBands[0] || '';
  }
  connectivityMatrix($('conn-matrix'), conn, bandSelect.value, $('conn-measure').value);
  const ap = S.aperiodic[selected] || [];
  lines($('aperiodic-lines'), [
    { name: 'exponent, mean', points: ap.map((q) => [q.t, q.m]) },
    { name: 'least', points: ap.map((q) => [q.t, q.lo]) },
    { name: 'greatest', points: ap.map((q) => [q.t, q.hi]) }],
    { xmin: S.t - 5 * WINDOW_MS, xmax: S.t, title: 'aperiodic exponent over channels' });
  const af = S.alphaFreq[selected] || [];
  lines($('alpha-lines'), [
    { name: 'peak, mean', points: af.map((q) => [q.t, q.p]) },
    { name: 'instantaneous, mean', points: af.map((q) => [q.t, q.i]) }],
    { xmin: S.t - 5 * WINDOW_MS, xmax: S.t, title: 'alpha frequency, Hz' });

  sizeDistribution($('av-sizes'));
  const avId = Object.keys(S.exponents).sort()[0];
  const ex = avId ? S.exponents[avId] : [];
  lines($('av-exponents'), [
    { name: 'alpha size', points: ex.map((q) => [q.t, q.a]) },
    { name: 'alpha duration', points: ex.map((q) => [q.t, q.d]) },
    { name: 'branching ratio', points: ex.map((q) => [q.t, q.b]) }],
    { xmin: S.t - 5 * WINDOW_MS, xmax: S.t, title: 'exponents ' + (avId || '') });

  raster($('motif-raster'));

  const predIds = Object.keys(S.probability).sort();
  lines($('pred-lines'), predIds.map((id) => ({ name: id, points: S.probability[id].map((q) => [q.t, q.v]) })),
        { xmin: S.t - WINDOW_MS, xmax: S.t, ymin: 0, ymax: 1, title: 'probability' });
  table('pred-table', ids.filter((id) => S.streams[id].prediction).map((id) => {
    const q = S.streams[id].prediction;
    return [id, q.label, q.probability == null ? '' : q.probability.toFixed(3)];
  }));

  const lat = S.latency;
  lines($('latency-lines'), [
    { name: 'p50', points: lat.map((q) => [q.t, q.record.p50_ms]) },
    { name: 'p90', points: lat.map((q) => [q.t, q.record.p90_ms]) },
    { name: 'p99', points: lat.map((q) => [q.t, q.record.p99_ms]) }],
    { xmin: S.t - 5 * WINDOW_MS, xmax: S.t, ymin: 0, title: 'ms, per second' });
  if (lat.length) {
    const q = lat[lat.length - 1].record;
    $('latency-now').textContent = `p50 ${q.p50_ms.toFixed(1)} ms, p99 ${q.p99_ms.toFixed(1)} ms`;
  }

  table('dead-table', S.dead.concat(S.gaps).sort((a, b) => b.t - a.t).slice(0, 20).map((d) => [
    clock(d.t), text(d.record.key || d.record.stream_id || d.record.origin),
    text(d.record.reason || d.record.kind || d.record.rule)]));
  renderAlerts();
}

$('stream').addEventListener('change', (e) => { selected = e.target.value; dirty = true; });
$('conn-band').addEventListener('change', () => { dirty = true; });
$('conn-measure').addEventListener('change', () => { dirty = true; });
window.addEventListener('resize', () => { dirty = true; });
// at most ten redraws a second, however fast updates come
setInterval(() => { if (dirty) { dirty = false; render(); } }, 100);
connect();
