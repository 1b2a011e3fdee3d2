// The wall display (大屏): the current call large and flashing, recent calls, waiting
// counts, missed numbers, a notice; and the voice. Numbers and windows only: never a name.

import { call, onHeartbeat, HallClock } from './api.js';
import { t, apply, serviceName } from './i18n.js';
import { boot } from './ui.js';
import { Announcer, fetchHallClip } from './voice.js';
import { appointmentDay, dayOver, opensLaterToday, extendedText, guidanceText, whenText, earlierDayTag } from './hall-status.js';

const clock = new HallClock();
let snap = null;
let ds = null; // display settings
let recent = []; // tickets, newest first
let missed = new Map(); // no-show tickets by id
let lastHeard = Date.now();
let offline = false;
let flashTimer = null;
let overrides = new Set();
let hallStatus = null; // the hall's status (hall_status, then `status` events)
let schedule = null; // the schedule settings: the 12123 guidance text

const announcer = new Announcer({ fetchClip: (clip) => fetchHallClip(overrides, clip) });
window.__announcer = announcer; // read by the end-to-end tests and for diagnostics

function windowText(n) {
  return t('display.window', { n });
}

function renderCurrent(tk, flash) {
  const box = document.getElementById('current');
  box.dataset.number = tk ? tk.number : '';
  document.getElementById('current-number').textContent = tk ? tk.number : '—';
  // Yesterday's A001, still served after midnight, is not today's A001: tag it.
  const tag = document.getElementById('current-day');
  tag.textContent = earlierDayTag(tk, hallStatus);
  tag.hidden = !tag.textContent;
  document.getElementById('current-window').textContent = tk ? t('display.please', { n: tk.counter_number }) : '';
  if (flash) {
    box.classList.remove('flash');
    void box.offsetWidth; // restart the animation
    box.classList.add('flash');
    clearTimeout(flashTimer);
    flashTimer = setTimeout(() => box.classList.remove('flash'), (ds ? ds.flash_seconds : 6) * 1000);
  }
}

/** Puts an earlier day's tag (昨日) before the number in `el`. */
function withDayTag(el, tk) {
  const tag = earlierDayTag(tk, hallStatus);
  if (!tag) return;
  const d = document.createElement('span');
  d.className = 'day-tag';
  d.textContent = tag;
  el.prepend(d);
}

function renderRecent() {
  const rows = ds ? ds.recent_rows : 8;
  const ol = document.getElementById('recent');
  ol.style.setProperty('--rows', rows);
  ol.replaceChildren();
  recent.slice(0, rows).forEach((tk) => {
    const li = document.createElement('li');
    li.dataset.number = tk.number;
    const n = document.createElement('span');
    n.className = 'n';
    n.textContent = tk.number;
    withDayTag(n, tk);
    const w = document.createElement('span');
    w.className = 'w';
    w.textContent = windowText(tk.counter_number);
    li.append(n, w);
    ol.append(li);
  });
}

function renderQueues() {
  const box = document.getElementById('queues');
  box.replaceChildren();
  const shown = snap.services.filter((s) => s.enabled);
  // Up to 4 services on one line; more take two or three lines, so that each tile keeps
  // room for its prefix, its waiting count and a readable part of its name.
  const n = shown.length;
  const rows = n <= 4 ? 1 : n <= 10 ? 2 : 3;
  document.body.dataset.queueRows = rows;
  box.style.setProperty('--cols', Math.max(1, Math.ceil(n / rows)));
  shown.forEach((s) => {
    const d = document.createElement('div');
    d.className = 'q';
    d.dataset.prefix = s.prefix;
    const name = document.createElement('span');
    name.className = 'qn';
    name.textContent = serviceName(s);
    const b = document.createElement('b');
    b.textContent = s.waiting;
    const unit = document.createElement('span');
    unit.className = 'qu';
    unit.textContent = t('display.people');
    const prefix = document.createElement('span');
    prefix.className = 'qp';
    prefix.textContent = s.prefix;
    d.append(prefix, name, b, unit);
    d.title = `${s.prefix} ${serviceName(s)}`;
    box.append(d);
  });
  renderStatus();
}

/** The head's status line: 正在办理 · 当前等候 N 人, 延时服务中 · 还有 N 人等候, 今日取号已截止 … */
function renderStatus() {
  const box = document.getElementById('status');
  const st = hallStatus;
  const total = snap.services.reduce((a, s) => a + s.waiting, 0);
  let text = t('display.waiting_total', { n: total });
  let warn = false;
  if (st) {
    box.dataset.status = st.status;
    if (st.status === 'extended_service') {
      text = extendedText(st);
      warn = true;
    } else if (st.reminder && st.cutoff) {
      text = t('display.status_closing', { time: st.cutoff.time });
      warn = true;
    } else if (st.status === 'appointments_only') {
      text = t('display.status_appointments', { time: st.appointment_day.closes.time });
    } else if (appointmentDay(st)) {
      text = t('display.status_appointments_before', { time: st.appointment_day.check_in_opens.time });
    } else if (st.issuing_open) {
      text = `${t(`hall_status.${st.status}`)} · ${t('display.waiting_total', { n: total })}`;
    } else if (opensLaterToday(st)) {
      text = t(st.status === 'lunch_break' ? 'display.status_lunch' : 'display.status_before', { time: st.opens_at.time });
    } else if (st.status === 'closed_for_day') {
      text = t('display.status_closed_for_day');
    } else {
      text = st.day && st.day.name ? t('hall.closed_named', { name: st.day.name }) : t('display.status_closed');
    }
  }
  box.textContent = text;
  box.classList.toggle('warn', warn);
  box.classList.toggle('off', !!st && !warn && !st.issuing_open && st.status !== 'appointments_only');
}

const MISSED_PAGE_MS = 5000;
let missedPage = 0;
let missedTimer = null;

/** The missed numbers on at most two lines; when more were missed than fit, they page
 *  through every few seconds ("1/3"), so every number is shown in turn. */
function renderMissed() {
  const box = document.getElementById('missed');
  const tickets = [...missed.values()].sort((a, b) => a.number.localeCompare(b.number));
  box.replaceChildren(...tickets.map((tk) => {
    const s = document.createElement('span');
    s.textContent = tk.number;
    withDayTag(s, tk);
    return s;
  }));
  const page = document.getElementById('missed-page');
  page.hidden = true;
  // How many fit: the spans that lie inside the box (with room kept for the page mark).
  const limit = box.getBoundingClientRect().bottom + 1;
  const spans = [...box.children];
  let fit = spans.filter((s) => s.getBoundingClientRect().bottom <= limit).length;
  clearInterval(missedTimer);
  if (fit >= spans.length) return;
  fit = Math.max(1, fit - 1);
  const pages = Math.ceil(spans.length / fit);
  const show = () => {
    missedPage %= pages;
    spans.forEach((s, i) => { s.hidden = Math.floor(i / fit) !== missedPage; });
    page.hidden = false;
    page.textContent = `${missedPage + 1}/${pages}`;
  };
  show();
  missedTimer = setInterval(() => { missedPage += 1; show(); }, MISSED_PAGE_MS);
}

function renderNotice() {
  const el = document.getElementById('notice');
  const st = hallStatus;
  // Near a cutoff and after it, the 12123 guidance replaces the configured notice.
  let text = ds ? ds.notice : '';
  let warn = false;
  if (st && st.reminder && st.cutoff) {
    text = t('display.reminder_notice', { time: st.cutoff.time });
    warn = true;
  } else if (appointmentDay(st)) {
    text = t('display.appointment_notice');
  } else if (dayOver(st)) {
    text = guidanceText(schedule);
    if (st.opens_at) text += ` ${t('display.next_open', { when: whenText(st, st.opens_at) })}`;
    warn = true;
  }
  // The guidance stands still on two lines, so people read it at a glance.
  el.parentElement.classList.toggle('warn', warn);
  // A marquee runs past its box on purpose (the harness's layout check skips it).
  el.parentElement.toggleAttribute('data-scrolls', !warn);
  document.body.classList.toggle('notice-warn', warn);
  if (el.textContent === text) return; // keep the marquee running smoothly
  el.textContent = text;
  el.style.setProperty('--scroll-seconds', `${Math.max(15, el.textContent.length * 0.45)}s`);
}

function renderClock() {
  const p = clock.parts();
  document.getElementById('date').textContent = `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')} ${t(`display.weekday.${p.wd}`)}`;
  document.getElementById('time').textContent = clock.hhmmss();
}

async function announce(tk) {
  if (!ds || !ds.voice_enabled || !tk.counter_number) return;
  try {
    announcer.enqueue(await call('announcement', { number: tk.number, window: tk.counter_number }));
  } catch (e) {
    console.warn('announcement refused', e);
  }
}

function applyEvent(ev) {
  if (ev.type === 'config') return load();
  if (ev.type === 'status') {
    const dayChanged = hallStatus && hallStatus.business_day !== ev.status.business_day;
    hallStatus = ev.status;
    if (dayChanged) {
      // Past midnight: numbers of the day before now carry its tag.
      renderCurrent(recent.find((x) => x.status === 'called') || recent[0], false);
      renderRecent();
      renderMissed();
    }
    renderStatus();
    return renderNotice();
  }
  if (ev.type !== 'ticket') return;
  const tk = ev.ticket;
  snap.services = ev.queues;
  if (ev.change === 'called' || ev.change === 'recalled') {
    recent = [tk, ...recent.filter((r) => r.id !== tk.id)];
    missed.delete(tk.id);
    renderCurrent(tk, true);
    renderRecent();
    announce(tk);
  } else if (ev.change === 'no_show') {
    missed.set(tk.id, tk);
  } else if (ev.change === 'requeued' || ev.change === 'voided') {
    missed.delete(tk.id);
  }
  renderQueues();
  renderMissed();
}

async function load() {
  snap = await call('snapshot');
  ds = await call('display_settings');
  clock.sync(snap);
  renderClock();
  overrides = new Set(await call('voice_overrides'));
  schedule = await call('schedule_settings');
  hallStatus = await call('hall_status');
  const hall = document.getElementById('hall-name');
  Object.assign(hall, { textContent: snap.hall_name, title: snap.hall_name });
  hall.classList.toggle('long', [...snap.hall_name].length > 12);
  recent = snap.recent_calls.filter((tk) => tk.counter_number);
  missed = new Map((await call('tickets_today', { status: 'no_show' })).map((tk) => [tk.id, tk]));
  const current = recent.find((tk) => tk.status === 'called');
  renderCurrent(current || recent[0], false);
  renderRecent();
  renderQueues();
  renderMissed();
  renderNotice();
}

function heard() {
  lastHeard = Date.now();
  if (offline) {
    offline = false;
    document.getElementById('offline').hidden = true;
    document.body.dataset.online = 'true';
    load().catch((e) => console.warn(e)); // catch up on what was missed
  }
}

function watchdog() {
  const limit = (ds ? ds.offline_after_seconds : 6) * 1000;
  if (!offline && Date.now() - lastHeard > limit) {
    offline = true;
    document.getElementById('offline').hidden = false;
    document.body.dataset.online = 'false';
  }
}

boot({
  setup: () => onHeartbeat(heard),
  onLang: () => { apply(); renderRecent(); renderQueues(); renderNotice(); renderCurrent(recent.find((x) => x.status === 'called'), false); },
  onEvent: (ev) => { heard(); applyEvent(ev); },
  onResync: () => { heard(); load(); },
  load,
  started: async () => {
    renderClock();
    setInterval(() => { renderClock(); watchdog(); }, 1000);
    // The window moved to another monitor or was resized: the missed list pages anew.
    window.addEventListener('resize', () => renderMissed());
    const unlock = document.getElementById('unlock');
    announcer.onLockChange = (locked) => { unlock.hidden = !locked || !ds || !ds.voice_enabled; };
    unlock.onclick = () => announcer.unlock();
    await announcer.unlock();
    document.body.dataset.online = 'true';
  },
  // The wall has no toasts: a failure to start shows in the status line.
  showError: (text) => { document.getElementById('status').textContent = text; },
});
