// The self-service terminal (自助取号): people take their own number, one big button per
// service issuing now, or check in a booking by its code or ID number; the ticket prints at
// once (the host prints it: src-tauri/src/printing.rs for the `--kiosk` window,
// crates/server/src/printing.rs for a kiosk paired over the hall's network) and shows for a
// few seconds, then the start comes back, as it does after a short time untouched. Nothing
// else of the app is reachable from here: this window is allowed only the commands it calls
// (src-tauri/capabilities/kiosk.json; over the network, the kiosk role's in ops.rs). Staff
// leave the `--kiosk` window with the administrator PIN, typed on the dialog's own digit pad
// (see `watchLeave`); a browser kiosk is left the browser's way, or unpaired at the host.

import { call, stationId, HallClock } from './api.js';
import { t, serviceName, errorText, apply } from './i18n.js';
import { boot, el, toast, keyedChildren, setText } from './ui.js';
import { askPin, cancelPin, pinOpen } from './staff.js';
import { appointmentDay, dayOver, statusLabel, statusTone, guidanceText, whenText, fillGuidance } from './hall-status.js';

const clock = new HallClock();
const station = stationId('kiosk');
let snap = null;
let hallStatus = null;
let schedule = null;
let kiosk = { idle_seconds: 45, ticket_seconds: 10, offer_priority: true };
let printsOnIssue = false; // whether the kiosk's numbers are printed (kiosk_prints)
let screen = 'start';
let priority = false;
let entry = ''; // the check-in code or ID number being typed: wiped whenever the start comes back
let shown = null; // the IssuedTicket on the ticket screen
// Print outcomes by ticket id: one may arrive before the number's own answer does.
const prints = new Map();
let shownAt = 0;
let lastTouch = Date.now();
let busy = false;

// The keys of the check-in pad: digits, and the letters of codes and of an ID number's X.
// Codes never use 0/O/1/I, so O and I are left out.
const KEYS = [...'1234567890', ...'ABCDEFGHJKLMNPQRSTUVWXYZ'];

function show(name) {
  screen = name;
  for (const s of ['start', 'closed', 'checkin', 'ticket']) document.getElementById(s).hidden = s !== name;
  document.body.dataset.screen = name;
}

/** Back to the beginning: the services, or why there are none. Whatever was typed is gone. */
function home() {
  entry = '';
  priority = false;
  shown = null;
  renderEntry();
  document.getElementById('checkin-error').hidden = true;
  show(issuingScreen());
  render();
}

/** The start, or the closed screen when no number can be taken now (a booking day still
 *  checks in). */
function issuingScreen() {
  if (!hallStatus) return 'start';
  if (appointmentDay(hallStatus)) return 'start';
  return hallStatus.issuing_open ? 'start' : 'closed';
}

/** The services that issue right now, as the hall's status says. */
function issuingServices() {
  if (!snap || !hallStatus || appointmentDay(hallStatus)) return [];
  return snap.services.filter((s) => {
    if (!s.enabled) return false;
    const si = hallStatus.services.find((x) => x.service_id === s.service_id);
    return si ? si.issuing_open : hallStatus.issuing_open;
  });
}

function columns(n) {
  const portrait = innerHeight >= innerWidth;
  if (portrait) return n <= 4 ? 1 : 2;
  return n <= 1 ? 1 : n <= 4 ? 2 : 3;
}

function render() {
  renderHead();
  if (screen === 'start') renderStart();
  if (screen === 'closed') renderClosed();
  if (screen === 'ticket') renderTicket();
}

function renderHead() {
  const name = document.getElementById('hall-name');
  name.textContent = snap ? snap.hall_name : '';
  name.title = name.textContent;
  const pill = document.getElementById('hall-status');
  pill.hidden = !hallStatus;
  pill.textContent = statusLabel(hallStatus);
  const tone = statusTone(hallStatus);
  pill.className = `k-status ${tone === 'ok' ? 'ok' : tone === 'warn' ? 'warn' : ''}`;
}

function renderStart() {
  const list = issuingServices();
  const appt = appointmentDay(hallStatus);
  document.getElementById('start-title').textContent = t(appt ? 'kiosk.appt_title' : 'kiosk.choose');
  document.getElementById('start-sub').textContent = appt ? t('kiosk.appt_sub') : '';
  const prio = document.getElementById('priority');
  prio.hidden = appt || !kiosk.offer_priority;
  prio.setAttribute('aria-pressed', String(priority));
  const box = document.getElementById('services');
  box.hidden = appt;
  box.style.setProperty('--cols', columns(list.length));
  // Buttons are updated in place, never rebuilt (see keyedChildren).
  keyedChildren(box, list, (s) => s.service_id, () => {
    const b = el('button');
    b.append(el('span', 'k-s-name'), el('span', 'k-s-meta'));
    b.onclick = () => issue(Number(b.dataset.key));
    return b;
  }, (b, s) => {
    b.className = `k-service${priority ? ' prio-mode' : ''}`;
    b.dataset.prefix = s.prefix;
    b.title = serviceName(s);
    setText(b.children[0], serviceName(s));
    setText(b.children[1], `${t('kiosk.waiting', { n: s.waiting })} · ${t('desk.est', { m: s.estimated_wait_minutes })}`);
  });
  // On a booking day check-in is the only way in: it stands out.
  document.getElementById('to-checkin').classList.toggle('k-go', appt);
}

function renderClosed() {
  const st = hallStatus;
  if (!st) return;
  const over = dayOver(st);
  document.getElementById('closed-status').textContent = st.status === 'extended_service' ? t('kiosk.cutoff') : statusLabel(st);
  document.getElementById('closed-app').hidden = !over;
  const text = document.getElementById('closed-text');
  text.hidden = !over;
  if (over) fillGuidance(text, guidanceText(schedule));
  document.getElementById('closed-next').textContent = st.opens_at
    ? t('kiosk.opens', { when: whenText(st, st.opens_at) })
    : t('hall.no_opening');
}

function renderEntry() {
  const box = document.getElementById('entry');
  box.textContent = entry || '\u00a0';
  document.getElementById('checkin-go').disabled = entry.length === 0;
}

function renderKeys() {
  const keys = document.getElementById('keys');
  const press = (f) => () => { document.getElementById('checkin-error').hidden = true; f(); renderEntry(); };
  const buttons = KEYS.map((k) => {
    const b = el('button', '', k);
    b.dataset.key = k;
    b.onclick = press(() => { if (entry.length < 18) entry += k; });
    return b;
  });
  const del = el('button', 'wide', t('kiosk.delete'));
  del.dataset.key = 'delete';
  del.onclick = press(() => { entry = entry.slice(0, -1); });
  const clear = el('button', 'wide', t('kiosk.clear'));
  clear.dataset.key = 'clear';
  clear.onclick = press(() => { entry = ''; });
  keys.replaceChildren(...buttons, del, clear);
}

function printLine() {
  const line = document.getElementById('t-print');
  const p = shown && prints.get(shown.ticket.id);
  line.className = 'k-t-print';
  if (!p) {
    line.textContent = expectsPrint() && !shown.repeated ? t('kiosk.printing') : t('kiosk.remember');
  } else if (p.state === 'printed') {
    line.textContent = t('kiosk.printed');
    line.classList.add('ok');
  } else {
    line.textContent = t('kiosk.print_failed');
    line.classList.add('bad');
  }
}

function expectsPrint() {
  return printsOnIssue;
}

function renderTicket() {
  if (!shown) return;
  const tk = shown.ticket;
  const num = document.getElementById('t-number');
  num.textContent = tk.number;
  num.classList.toggle('prio', tk.priority);
  document.getElementById('t-service').textContent = serviceName(tk)
    + (tk.priority ? ` · ${t('desk.priority_short')}` : '') + (tk.booking_id ? ` · ${t('desk.appointment')}` : '');
  document.getElementById('t-ahead').textContent = t('desk.ahead', { n: shown.ahead });
  document.getElementById('t-wait').textContent = t('desk.wait', { m: shown.estimated_wait_minutes });
  printLine();
  tickTicket();
}

/** The ticket's countdown back to the start. */
function tickTicket() {
  const left = Math.max(0, Math.ceil(kiosk.ticket_seconds - (Date.now() - shownAt) / 1000));
  document.getElementById('t-back').textContent = t('kiosk.back_in', { s: left });
  if (left === 0) home();
}

function showTicket(issued, note) {
  shown = issued;
  shownAt = Date.now();
  show('ticket');
  renderTicket();
  if (note) document.getElementById('t-back').textContent = note;
}

async function issue(serviceId) {
  if (busy) return;
  busy = true;
  try {
    showTicket(await call('issue_ticket', { request: { service_id: serviceId, priority, station } }));
  } catch (e) {
    failed(e);
  } finally {
    busy = false;
  }
}

async function checkIn() {
  if (busy || !entry) return;
  busy = true;
  const error = document.getElementById('checkin-error');
  try {
    const out = await call('check_in', { by: { by: 'entry', value: entry } });
    entry = '';
    renderEntry();
    showTicket(out.ticket);
  } catch (e) {
    error.textContent = errorText(e);
    error.hidden = false;
  } finally {
    busy = false;
  }
}

/** A refused number (issuing closed a moment ago, say): the reason, then the start as the
 *  hall now stands. */
function failed(e) {
  toast(errorText(e), 'error');
  call('hall_status').then((st) => { hallStatus = st; home(); }, () => {});
}

function applyEvent(ev) {
  if (ev.type === 'config') return load();
  if (ev.type === 'status') {
    hallStatus = ev.status;
    // Issuing opened or closed: the start follows, unless someone is in the middle of it.
    if (screen === 'start' || screen === 'closed') show(issuingScreen());
    return render();
  }
  if (ev.type === 'ticket' && snap) {
    snap.services = ev.queues;
    if (screen === 'start') renderStart();
  }
  if (ev.type === 'print') {
    prints.set(ev.ticket_id, ev.print);
    if (prints.size > 50) prints.delete(prints.keys().next().value);
    if (shown && ev.ticket_id === shown.ticket.id) printLine();
  }
}

/** How long staff hold the hall's name to leave the kiosk: long enough that a passing
 *  touch never does it, and nothing on screen shows the public that it exists. */
const LEAVE_HOLD_MS = 2000;

/** Holding the hall's name in the header asks for the administrator PIN (created on the
 *  spot where the hall has none yet, as 设置 does); the core checks the session before the
 *  kiosk closes. The PIN is asked each time: no earlier session leaves the kiosk open. */
function watchLeave() {
  const name = document.getElementById('hall-name');
  let timer = null;
  const stop = () => { clearTimeout(timer); timer = null; };
  name.addEventListener('pointerdown', () => {
    stop();
    timer = setTimeout(() => { timer = null; leave(); }, LEAVE_HOLD_MS);
  });
  for (const ev of ['pointerup', 'pointerleave', 'pointercancel']) name.addEventListener(ev, stop);
}

async function leave() {
  lastTouch = Date.now(); // the idle time counts from the dialog's opening, not the hold's start
  const token = await askPin({ pad: true, hint: 'staff.kiosk_hint' });
  if (!token) return;
  try {
    await call('leave_kiosk', { staff: token });
  } catch (e) {
    toast(errorText(e), 'error');
  }
}

async function load() {
  snap = await call('snapshot');
  clock.sync(snap);
  hallStatus = await call('hall_status');
  schedule = await call('schedule_settings');
  kiosk = await call('kiosk_settings');
  printsOnIssue = await call('kiosk_prints');
  if (screen !== 'ticket' && screen !== 'checkin') show(issuingScreen());
  render();
}

boot({
  clock,
  setup: ({ me }) => {
    renderKeys();
    renderEntry();
    document.getElementById('priority').onclick = () => { priority = !priority; renderStart(); };
    const toCheckin = () => { entry = ''; renderEntry(); show('checkin'); };
    document.getElementById('to-checkin').onclick = toCheckin;
    document.getElementById('checkin-back').onclick = home;
    document.getElementById('checkin-go').onclick = checkIn;
    document.getElementById('ticket-done').onclick = home;
    // Only the host's window can close itself, and the PIN is the host's; a browser page
    // offers no way out at all.
    if (me.role === 'host') watchLeave();
    // A card reader or a keyboard types into the check-in too.
    document.addEventListener('keydown', (e) => {
      if (screen !== 'checkin' || document.getElementById('pin-dialog')?.open) return;
      if (e.key === 'Enter') checkIn();
      else if (e.key === 'Backspace') entry = entry.slice(0, -1);
      else if (/^[0-9a-zA-Z]$/.test(e.key) && entry.length < 18) entry += e.key.toUpperCase();
      renderEntry();
    });
    for (const ev of ['pointerdown', 'keydown', 'touchstart']) {
      document.addEventListener(ev, () => { lastTouch = Date.now(); }, { capture: true, passive: true });
    }
    // Untouched for a while: back to the start, wiping what was typed. The ticket screen
    // keeps its own, shorter countdown. A PIN dialog left open (staff called away) closes
    // after the idle time too, so the next person finds the start, not a password prompt;
    // while it is open the ticket screen does not count down to the start.
    setInterval(() => {
      const idle = Date.now() - lastTouch > kiosk.idle_seconds * 1000;
      if (pinOpen()) {
        if (idle) { cancelPin(); home(); }
        return;
      }
      if (screen === 'ticket') return tickTicket();
      if (idle && (screen === 'checkin' || priority)) home();
    }, 250);
    addEventListener('resize', () => { if (screen === 'start') renderStart(); });
    // No context menu, no text selection: a touch screen, not a page.
    document.addEventListener('contextmenu', (e) => e.preventDefault());
  },
  onLang: () => { apply(); renderKeys(); renderEntry(); render(); },
  onEvent: applyEvent,
  load,
});
