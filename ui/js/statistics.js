// The statistics screen (统计): figures of a day, a week, a month or any range, drawn as
// small SVG charts and as the core's tables (the same tables the export writes), the
// follow-up of poor ratings, CSV/xlsx export and a printable one-page day report.

import { call, HallClock } from './api.js';
import { t, currentLang } from './i18n.js';
import { boot, toast, showError, el } from './ui.js';

const clock = new HallClock();
let snap = null;
let stats = null;
let reloadTimer = null;
let redrawClock = () => {};

// ---------- dates ----------

function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function today() {
  return snap.business_day;
}

function preset(kind) {
  const d = today();
  if (kind === 'week') {
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    return [addDays(d, -((wd + 6) % 7)), d];
  }
  if (kind === 'month') return [`${d.slice(0, 8)}01`, d];
  return [d, d];
}

function setRange(from, to, which) {
  document.getElementById('from').value = from;
  document.getElementById('to').value = to;
  document.querySelectorAll('.preset').forEach((b) => b.classList.toggle('active', b.dataset.preset === which));
}

// ---------- text of a cell ----------

/** A word key of the core (a column, a figure, a day kind…) in the current language. */
function word(key) {
  return key.split(' ').map((k) => t(`stats.k.${k}`)).join('、');
}

function cellText(c) {
  if (c === null || c === undefined) return '';
  if (typeof c === 'object' && c.key !== undefined) return word(c.key);
  return String(c);
}

/** Seconds as minutes with one decimal, as the tables show them. */
function minutes(s) {
  return s === null || s === undefined ? '—' : String(Math.round(s / 6) / 10);
}

// ---------- figures ----------

function renderKpis() {
  const k = stats.totals;
  const items = [
    ['issued', k.issued], ['served', k.served], ['waiting_now', k.waiting_now],
    ['no_show', k.no_show], ['voided', k.voided], ['requeued', k.requeued],
    ['avg_wait_min', minutes(k.avg_wait_s)], ['p90_wait_min', minutes(k.p90_wait_s)],
    ['avg_service_min', minutes(k.avg_service_s)], ['p90_service_min', minutes(k.p90_service_s)],
    ['service_level_pct', k.service_level_pct === null ? '—' : `${k.service_level_pct}%`],
    ['served_after_closing', k.served_after_closing], ['minutes_past_closing', k.minutes_past_closing],
    ['guided_to_12123', k.guided_to_12123], ['rating_avg', k.rating_avg === null ? '—' : k.rating_avg],
    ['poor_ratings', k.poor_ratings],
  ];
  const box = document.getElementById('kpis');
  box.replaceChildren();
  items.forEach(([key, v]) => {
    const card = el('div', 'kpi');
    card.dataset.kpi = key;
    if ((key === 'poor_ratings' || key === 'served_after_closing') && v > 0) card.classList.add('warn');
    card.append(el('div', 'v', String(v)), el('div', 'l', word(key)));
    box.append(card);
  });
}

// ---------- charts (plain SVG) ----------

const SVG = 'http://www.w3.org/2000/svg';

function svgEl(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function niceMax(v) {
  if (v <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(v));
  return Math.ceil(v / p) * p;
}

/** Bars per label, an optional second series as a line (own scale); returns the <svg>. */
function barChart(id, labels, bars, line, { w = 420, h = 170, barClass = 'bar' } = {}) {
  const pad = { l: 30, r: line ? 30 : 8, t: 14, b: 22 };
  const svg = svgEl('svg', { viewBox: `0 0 ${w} ${h}`, role: 'img', 'data-chart': id });
  const iw = w - pad.l - pad.r;
  const ih = h - pad.t - pad.b;
  const max = niceMax(Math.max(0, ...bars));
  const step = iw / Math.max(1, labels.length);
  svg.append(svgEl('line', { x1: pad.l, y1: pad.t + ih, x2: pad.l + iw, y2: pad.t + ih, stroke: '#94a3b8' }));
  svg.append(svgEl('text', { x: pad.l - 4, y: pad.t + 4, 'text-anchor': 'end' }, String(max)));
  svg.append(svgEl('text', { x: pad.l - 4, y: pad.t + ih, 'text-anchor': 'end' }, '0'));
  labels.forEach((lab, i) => {
    const v = bars[i] || 0;
    const bh = max ? (v / max) * ih : 0;
    const x = pad.l + i * step + step * 0.15;
    const rect = svgEl('rect', { class: barClass, x, y: pad.t + ih - bh, width: step * 0.7, height: bh });
    rect.dataset.label = lab;
    rect.dataset.value = v;
    rect.append(svgEl('title', {}, `${lab}: ${v}`));
    svg.append(rect);
    if (v > 0) svg.append(svgEl('text', { class: 'val', x: x + step * 0.35, y: pad.t + ih - bh - 2, 'text-anchor': 'middle' }, String(v)));
    if (labels.length <= 12 || i % 2 === 0) {
      svg.append(svgEl('text', { x: x + step * 0.35, y: h - 6, 'text-anchor': 'middle' }, lab));
    }
  });
  if (line) {
    const lmax = niceMax(Math.max(0, ...line));
    const pts = line.map((v, i) => `${pad.l + i * step + step / 2},${pad.t + ih - (lmax ? (v / lmax) * ih : 0)}`);
    svg.append(svgEl('polyline', { class: 'line', points: pts.join(' ') }));
    line.forEach((v, i) => {
      if (v > 0) {
        const [x, y] = pts[i].split(',');
        const dot = svgEl('circle', { class: 'dot', cx: x, cy: y, r: 2.5 });
        dot.dataset.value = v;
        dot.append(svgEl('title', {}, `${labels[i]}: ${v}`));
        svg.append(dot);
      }
    });
    svg.append(svgEl('text', { x: w - pad.r + 4, y: pad.t + 4 }, String(lmax)));
  }
  return svg;
}

function legend(items) {
  const box = el('div', 'legend');
  items.forEach(([color, text]) => {
    const s = el('span');
    const i = el('i');
    i.style.background = color;
    s.append(i, text);
    box.append(s);
  });
  return box;
}

function renderCharts() {
  const hours = stats.hours;
  // The hall's hours, with any hour that saw people (extended service, early open).
  const used = hours.filter((h) => h.arrivals || h.longest_queue).map((h) => h.hour);
  const lo = Math.min(8, ...used);
  const hi = Math.max(18, ...used);
  const shown = hours.filter((h) => h.hour >= lo && h.hour <= hi);
  const hb = document.getElementById('chart-hours');
  hb.replaceChildren(
    barChart('hours', shown.map((h) => String(h.hour)), shown.map((h) => h.arrivals), shown.map((h) => h.longest_queue), { w: 1200, h: 190 }),
    legend([['#60a5fa', word('arrivals')], ['#dc2626', word('longest_queue')]]),
  );
  const svc = stats.services;
  const name = (s) => (currentLang() === 'en' && s.name_en ? s.name_en : s.name);
  document.getElementById('chart-services').replaceChildren(
    barChart('services', svc.map((s) => s.prefix), svc.map((s) => s.served), svc.map((s) => (s.avg_wait_s === null ? 0 : Math.round(s.avg_wait_s / 60)))),
    legend([['#60a5fa', word('served')], ['#dc2626', word('avg_wait_min')]]),
  );
  document.getElementById('chart-services').title = svc.map((s) => `${s.prefix} ${name(s)}`).join('\n');
  const ctr = stats.counters;
  document.getElementById('chart-counters').replaceChildren(
    barChart('counters', ctr.map((c) => String(c.number)), ctr.map((c) => c.served), ctr.map((c) => c.busy_pct || 0)),
    legend([['#60a5fa', word('served')], ['#dc2626', word('busy_pct')]]),
  );
  const lv = stats.rating_levels;
  document.getElementById('chart-ratings').replaceChildren(
    barChart('ratings', lv.map((l) => word(`level_${l.level}`)), lv.map((l) => l.count), null, { barClass: 'bar2' }),
  );
}

// ---------- tables ----------

const WIDE = ['days', 'services', 'poor_ratings', 'hours'];

function renderTables() {
  const box = document.getElementById('tables');
  box.replaceChildren();
  stats.tables.forEach((tb) => {
    if (tb.id === 'corrections' && !tb.rows.length) return;
    const wrap = el('div', `tbl${WIDE.includes(tb.id) ? ' wide' : ''}`);
    wrap.dataset.table = tb.id;
    wrap.append(el('h2', '', t(`stats.table.${tb.id}`)));
    const table = el('table', 'data');
    const head = el('tr');
    tb.columns.forEach((c) => head.append(el('th', '', word(c))));
    table.append(el('thead'));
    table.tHead.append(head);
    const body = el('tbody');
    tb.rows.forEach((row) => {
      const tr = el('tr');
      row.forEach((c) => {
        const td = el('td', typeof c === 'string' && c.length > 12 ? 'text' : '', cellText(c));
        tr.append(td);
      });
      body.append(tr);
    });
    if (!tb.rows.length) {
      const tr = el('tr');
      const td = el('td', 'muted', t('stats.none'));
      td.colSpan = tb.columns.length;
      tr.append(td);
      body.append(tr);
    }
    table.append(body);
    wrap.append(table);
    box.append(wrap);
  });
}

// ---------- poor ratings: follow-up ----------

function localTime(ms) {
  const p = clock.parts(ms);
  return `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')} ${clock.hhmm(ms)}`;
}

function renderFollowUp() {
  const list = document.getElementById('followup-list');
  // A reload (a new rating, a ticket) keeps what staff were typing, and where.
  const typed = new Map();
  list.querySelectorAll('.fu-row').forEach((row) => {
    row.querySelectorAll('input').forEach((i) => {
      if (i.value || i === document.activeElement) typed.set(`${row.dataset.rating}/${i.name}`, [i.value, i === document.activeElement]);
    });
  });
  list.replaceChildren();
  if (!stats.poor_ratings.length) {
    list.append(el('div', 'muted', t('stats.no_poor')));
    return;
  }
  stats.poor_ratings.forEach(({ rating, follow_ups }) => {
    const row = el('div', 'fu-row');
    row.dataset.number = rating.number;
    row.dataset.rating = rating.id;
    const ctr = stats.counters.find((c) => c.counter_id === rating.counter_id);
    const why = [...rating.reasons.map((r) => word(`reason_${r}`)), rating.comment].filter(Boolean).join('、');
    row.append(
      el('span', '', localTime(rating.at)),
      el('b', '', rating.number),
      el('span', '', ctr ? t('stats.counter_n', { n: ctr.number }) : ''),
      el('span', '', word(`level_${rating.level}`)),
      el('span', '', why),
    );
    const last = follow_ups[follow_ups.length - 1];
    const cell = el('div');
    if (last) cell.append(el('div', 'done', t('stats.followed_up', { who: last.staff, when: localTime(last.at), what: last.action })));
    const form = el('form');
    const who = el('input');
    who.placeholder = t('stats.fu_who');
    who.name = 'staff';
    const what = el('input');
    what.placeholder = t('stats.fu_what');
    what.name = 'action';
    const ok = el('button', 'primary', t('stats.fu_save'));
    ok.type = 'submit';
    form.append(who, what, ok);
    [who, what].forEach((i) => {
      const kept = typed.get(`${rating.id}/${i.name}`);
      if (kept) [i.value] = kept;
      if (kept && kept[1]) queueMicrotask(() => i.focus());
    });
    form.onsubmit = async (e) => {
      e.preventDefault();
      try {
        await call('follow_up_rating', { input: { rating_id: rating.id, staff: who.value, action: what.value } });
        toast(t('common.saved'));
        await load();
      } catch (err) { showError(err); }
    };
    cell.append(form);
    row.append(cell);
    list.append(row);
  });
}

// ---------- load, export, print ----------

function query() {
  const target = Number(document.getElementById('target').value);
  return {
    from: document.getElementById('from').value,
    to: document.getElementById('to').value,
    target_wait_minutes: target > 0 ? target : null,
    lang: currentLang() === 'en' ? 'en' : 'zh-CN',
  };
}

function render() {
  const head = document.getElementById('print-head');
  head.textContent = `${snap.hall_name} · ${t('stats.report_title')} · ${stats.from === stats.to ? stats.from : `${stats.from} – ${stats.to}`}`;
  const note = document.getElementById('corrections-note');
  note.hidden = !stats.corrections.length;
  note.textContent = t('stats.corrections_note', { n: stats.corrections.length });
  document.getElementById('target').value = stats.target_wait_minutes;
  renderKpis();
  renderCharts();
  renderTables();
  renderFollowUp();
  document.body.dataset.loaded = `${stats.from}_${stats.to}_${stats.computed_at}`;
}

async function load() {
  stats = await call('statistics', { query: query() });
  render();
}

/** The translations the export writes: every column, table title and word key. */
function exportLabels() {
  const labels = {};
  stats.tables.forEach((tb) => {
    labels[`table_${tb.id}`] = t(`stats.table.${tb.id}`);
    tb.columns.forEach((c) => { labels[c] = word(c); });
    tb.rows.forEach((row) => row.forEach((c) => {
      if (c && typeof c === 'object' && c.key) c.key.split(' ').forEach((k) => { labels[k] = word(k); });
    }));
  });
  return labels;
}

async function exportAs(format) {
  try {
    const files = await call('export_statistics', { request: { query: query(), format, labels: exportLabels() } });
    toast(t('stats.exported', { n: files.length, path: files[0] || '' }));
    document.body.dataset.exported = files.join('\n');
  } catch (e) { showError(e); }
}

function scheduleReload() {
  // Figures follow the hall, at most once a second.
  if (reloadTimer) return;
  reloadTimer = setTimeout(() => { reloadTimer = null; load().catch(showError); }, 1000);
}

/** A ticket moves the figures of a range that includes today; a rating (or its follow-up)
 *  those of a range that includes its day. */
function applyEvent(ev) {
  if (!stats) return;
  if (ev.type === 'ticket' && stats.to >= today()) scheduleReload();
  if (ev.type === 'rating' && ev.business_day >= stats.from && ev.business_day <= stats.to) scheduleReload();
}

/** The hall's name, today and clock. */
async function loadHall() {
  snap = await call('snapshot');
  clock.sync(snap);
  redrawClock();
  document.getElementById('hall-name').textContent = snap.hall_name;
}

boot({
  clock,
  setup: async ({ redrawClock: redraw }) => {
    redrawClock = redraw;
    await loadHall();
    const [from, to] = preset('day');
    setRange(from, to, 'day');
    document.querySelectorAll('.preset').forEach((b) => {
      b.onclick = () => { const [f, tt] = preset(b.dataset.preset); setRange(f, tt, b.dataset.preset); load().catch(showError); };
    });
    document.getElementById('range-form').onsubmit = (e) => {
      e.preventDefault();
      document.querySelectorAll('.preset').forEach((b) => b.classList.remove('active'));
      load().catch(showError);
    };
    document.getElementById('export-csv').onclick = () => exportAs('csv');
    document.getElementById('export-xlsx').onclick = () => exportAs('xlsx');
    document.getElementById('print').onclick = () => window.print();
  },
  // The tables carry the services' names in the language asked for.
  onLang: () => { if (stats) load().catch(showError); },
  onEvent: applyEvent,
  onResync: async () => { await loadHall(); await load(); },
  load,
});
