// The booking screen (预约办): weekend sessions with free places per slot, the booking form
// with live hints, search, a booking's own page (the only full view of a person's data),
// cancel and reschedule, and the printable day roster. Lists show masked values only.

import { call, onHallEvent, HallClock } from './api.js';
import { initI18n, t, toggleLang, onLangChange, serviceName, apply, errorText, currentLang } from './i18n.js';
import { start, toast, confirmDialog, el, topbar } from './ui.js';

/** How far ahead the calendar looks, and how far back the roster's date list reaches. */
const AHEAD_DAYS = 56;
const BACK_DAYS = 14;

const clock = new HallClock();
let info = { test_mode: false };
let snap = null;
let services = [];
let counters = [];
let rules = null; // booking settings: the window and the check-in times
let sessions = []; // from BACK_DAYS ago to AHEAD_DAYS ahead
let chosen = null; // { session, slot } the form books into
let makeUpConfirmed = null; // the session id staff confirmed despite a make-up working day
let lastBooked = null;
let detail = null; // the booking shown in the detail dialog
let lastQuery = '';
let rosterPicked = null; // the roster date staff chose (else the next session day)
let busy = false;

// ---------- dates ----------

function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function isoWeekday(day) {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return wd === 0 ? 7 : wd;
}

function today() {
  return snap ? snap.business_day : new Date().toISOString().slice(0, 10);
}

/** 2026-12-05 周六 */
function dayLabel(day) {
  return `${day} ${t(`display.weekday.${isoWeekday(day) % 7}`)}`;
}

function windowsLabel(ids) {
  const nums = ids.map((id) => counters.find((c) => c.id === id)).filter(Boolean).map((c) => c.number);
  return nums.length ? t('booking.windows', { list: joinList(nums) }) : '';
}

function serviceLabel(id) {
  const s = services.find((x) => x.id === id);
  return s ? serviceName(s) : `#${id}`;
}

/** A booking's matter in the current language (a booking's own `name` is the person's). */
function matterName(b) {
  return currentLang() === 'en' && b.service_name_en ? b.service_name_en : b.service_name;
}

/** An error from the core as a sentence; a person's name is 姓名 here, not 名称. */
function bookingError(e) {
  if (e && e.params && e.params.field === 'name') return errorText({ ...e, params: { ...e.params, field: 'person_name' } });
  return errorText(e);
}

/** A list in the current language: 甲、乙 or A, B. */
function joinList(items) {
  return items.join(currentLang() === 'en' ? ', ' : '、');
}

// ---------- tabs ----------

function showTab(name) {
  document.querySelectorAll('.tab').forEach((b) => b.classList.toggle('active', b.dataset.tab === name));
  document.querySelectorAll('.tab-body').forEach((s) => { s.hidden = s.id !== `tab-${name}`; });
  document.body.dataset.tab = name;
  if (name === 'roster') loadRoster();
  if (name === 'search') document.getElementById('q').focus();
}

// ---------- sessions ----------

async function loadSessions() {
  const from = addDays(today(), -BACK_DAYS);
  const to = addDays(today(), AHEAD_DAYS);
  sessions = await call('booking_sessions', { from, to });
  if (chosen) {
    const s = sessions.find((x) => x.id === chosen.session.id);
    const sl = s && s.slots.find((x) => x.id === chosen.slot.id);
    // A slot that filled up (our own booking, or another PC's) is no longer offered.
    chosen = sl && sl.bookable ? { session: s, slot: sl } : null;
  }
  renderSessions();
  renderChosen();
  renderRosterDates();
}

function renderSessions() {
  const box = document.getElementById('sessions');
  box.replaceChildren();
  document.getElementById('sessions-range').textContent = t('booking.range', { from: today(), to: addDays(today(), AHEAD_DAYS) });
  const upcoming = sessions.filter((s) => s.date >= today());
  if (!upcoming.length) {
    box.append(el('p', 'muted empty', t('booking.no_sessions')));
    return;
  }
  upcoming.forEach((s) => {
    const card = el('article', 'session');
    card.dataset.sessionId = s.id;
    card.dataset.date = s.date;
    if (s.make_up_day) card.classList.add('make-up');
    const head = el('header', 's-head');
    head.append(el('span', 's-date', dayLabel(s.date)), el('span', 's-time', `${s.start}–${s.end}`));
    const w = windowsLabel(s.counter_ids);
    if (w) head.append(el('span', 'pill', w));
    if (s.make_up_day) head.append(el('span', 'pill warn', t('booking.make_up_day')));
    if (s.window !== 'open') head.append(el('span', 'pill off', s.window === 'closed' ? t('booking.closed_for_booking') : t('booking.not_open_yet')));
    head.append(el('span', 'spacer'));
    head.append(el('span', 's-free', t('booking.free_of', { free: s.free, total: s.free + s.booked })));
    const del = el('button', 'small danger', t('booking.withdraw'));
    del.dataset.action = 'withdraw';
    del.onclick = () => withdraw(s);
    head.append(del);
    card.append(head);
    card.append(el('div', 's-matters muted', t('booking.bookable', { list: joinList(s.service_ids.map(serviceLabel)) })
      + (s.note ? ` · ${s.note}` : '')));
    const slots = el('div', 'slots');
    s.slots.forEach((sl) => {
      const b = el('button', 'slot');
      b.type = 'button';
      b.dataset.slotId = sl.id;
      b.dataset.start = sl.start;
      // The core marks what can be booked now: free, not started, inside the booking window.
      b.disabled = !sl.bookable;
      if (sl.free <= 0) b.classList.add('full');
      if (chosen && chosen.slot.id === sl.id) b.classList.add('chosen');
      b.append(el('b', '', sl.start), el('span', 'free', sl.free > 0 ? t('booking.slot_free', { n: sl.free, cap: sl.capacity }) : t('booking.slot_full')));
      b.onclick = () => choose(s, sl);
      slots.append(b);
    });
    card.append(slots);
    box.append(card);
  });
}

function choose(session, slot) {
  chosen = { session, slot };
  showForm();
  renderSessions();
  renderChosen();
  const name = document.getElementById('f-name');
  if (!name.value) name.focus();
}

function renderChosen() {
  const box = document.getElementById('slot-chosen');
  const warn = document.getElementById('makeup-warning');
  const matter = document.getElementById('f-matter');
  const keep = matter.value;
  matter.replaceChildren();
  if (!chosen) {
    box.textContent = t('booking.pick_slot');
    box.classList.remove('set');
    warn.hidden = true;
    document.getElementById('f-submit').disabled = true;
    return;
  }
  const { session: s, slot: sl } = chosen;
  box.classList.add('set');
  box.textContent = `${dayLabel(sl.date)} ${sl.start}–${sl.end} · ${windowsLabel(s.counter_ids)} · ${t('booking.slot_free', { n: sl.free, cap: sl.capacity })}`;
  warn.hidden = !s.make_up_day;
  warn.textContent = t('booking.make_up_warning', { date: s.date });
  s.service_ids.forEach((id) => {
    const o = el('option', '', serviceLabel(id));
    o.value = id;
    matter.append(o);
  });
  if ([...matter.options].some((o) => o.value === keep)) matter.value = keep;
  document.getElementById('f-submit').disabled = false;
}

async function withdraw(s) {
  if (!(await confirmDialog(t('booking.withdraw_confirm', { date: s.date, start: s.start, end: s.end })))) return;
  try {
    await call('delete_booking_session', { sessionId: s.id });
    toast(t('booking.withdrawn', { date: s.date }));
  } catch (e) { toast(bookingError(e), 'error'); }
}

// ---------- creating sessions ----------

function nextSaturday() {
  let d = addDays(today(), 1);
  while (isoWeekday(d) !== 6) d = addDays(d, 1);
  return d;
}

function checkBox(value, label, checked) {
  const l = el('label');
  const cb = el('input');
  cb.type = 'checkbox';
  cb.value = value;
  cb.checked = checked;
  l.append(cb, ` ${label}`);
  return l;
}

function openSessionDialog() {
  const dlg = document.getElementById('session-dialog');
  document.getElementById('s-date').value = nextSaturday();
  document.getElementById('s-from').value = nextSaturday();
  const wd = document.getElementById('s-weekdays');
  wd.replaceChildren();
  for (let i = 1; i <= 7; i++) wd.append(checkBox(i, t(`display.weekday.${i % 7}`), i === 6));
  const cs = document.getElementById('s-counters');
  cs.replaceChildren();
  const appt = counters.filter((c) => c.appointment);
  if (!appt.length) cs.append(el('span', 'muted', t('booking.no_appointment_counters')));
  appt.forEach((c) => cs.append(checkBox(c.id, c.name, true)));
  const ss = document.getElementById('s-services');
  ss.replaceChildren();
  services.filter((s) => s.enabled).forEach((s) => ss.append(checkBox(s.id, `${s.prefix} ${serviceName(s)}`, true)));
  document.getElementById('s-error').hidden = true;
  setMode('single');
  dlg.showModal();
  document.getElementById('s-date').focus();
}

function setMode(mode) {
  document.querySelectorAll('input[name="s-mode"]').forEach((r) => { r.checked = r.value === mode; });
  const dlg = document.getElementById('session-dialog');
  dlg.dataset.mode = mode;
  updatePreview();
}

function checkedValues(id) {
  return [...document.querySelectorAll(`#${id} input:checked`)].map((c) => Number(c.value));
}

function hhmmMinutes(v) {
  const m = /^(\d{1,2}):(\d{2})$/.exec(v.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

function updatePreview() {
  const a = hhmmMinutes(document.getElementById('s-start').value);
  const b = hhmmMinutes(document.getElementById('s-end').value);
  const len = Number(document.getElementById('s-slot').value);
  const cap = Number(document.getElementById('s-capacity').value);
  const p = document.getElementById('s-preview');
  if (a === null || b === null || !(b > a) || !(len > 0) || (b - a) % len !== 0 || !(cap > 0)) {
    p.textContent = '';
    return;
  }
  const n = (b - a) / len;
  p.textContent = t('booking.preview', { slots: n, places: n * cap });
}

async function createSessions() {
  const mode = document.getElementById('session-dialog').dataset.mode;
  const err = document.getElementById('s-error');
  err.hidden = true;
  const common = {
    start: document.getElementById('s-start').value.trim(),
    end: document.getElementById('s-end').value.trim(),
    slot_minutes: Number(document.getElementById('s-slot').value),
    capacity: Number(document.getElementById('s-capacity').value),
    counter_ids: checkedValues('s-counters'),
    service_ids: checkedValues('s-services'),
    note: document.getElementById('s-note').value,
  };
  const ok = document.getElementById('s-ok');
  ok.disabled = true;
  try {
    if (mode === 'rule') {
      const out = await call('create_booking_sessions_by_rule', { rule: {
        ...common, from: document.getElementById('s-from').value.trim(),
        weeks: Number(document.getElementById('s-weeks').value), weekdays: checkedValues('s-weekdays'),
      } });
      let text = t('booking.rule_created', { n: out.created.length });
      if (out.skipped.length) {
        text += ` ${t('booking.rule_skipped', { list: out.skipped.map((k) => {
          const why = bookingError({ code: k.reason, params: { date: k.date } });
          return why.includes(k.date) ? why : `${k.date} ${why}`;
        }).join(' ') })}`;
      }
      toast(text, out.skipped.length ? 'error' : 'info');
    } else {
      const s = await call('create_booking_session', { input: { ...common, date: document.getElementById('s-date').value.trim() } });
      toast(t('booking.session_created', { date: s.date, start: s.start, end: s.end }));
    }
    document.getElementById('session-dialog').close();
    await loadSessions();
  } catch (e) {
    err.textContent = bookingError(e);
    err.hidden = false;
  } finally {
    ok.disabled = false;
  }
}

// ---------- the booking form ----------

const FIELDS = {
  name: { input: 'f-name', hint: 'h-name' },
  mobile: { input: 'f-mobile', hint: 'h-mobile' },
  id_number: { input: 'f-id', hint: 'h-id' },
  note: { input: 'f-note', hint: 'h-note' },
};

function setHint(field, text, state) {
  const f = FIELDS[field];
  const h = document.getElementById(f.hint);
  h.textContent = text || '';
  h.className = `hint ${state || ''}`;
  document.getElementById(f.input).classList.toggle('bad', state === 'bad');
  document.getElementById(f.input).classList.toggle('good', state === 'good');
}

/** Live hints as staff type, answered by the core's own checks (the same as on submit). */
async function check(field, inputId) {
  const value = document.getElementById(inputId).value;
  if (!value.trim()) return null;
  const r = await call('check_booking_field', { field, value });
  // A newer keystroke has changed the field meanwhile: its own check will answer.
  return document.getElementById(inputId).value === value ? r : null;
}

async function hintName() {
  const r = await check('name', 'f-name');
  if (!r) return document.getElementById('f-name').value.trim() ? undefined : setHint('name', '', '');
  if (r.ok) return setHint('name', '✓', 'good');
  return setHint('name', t(`booking.hint.name_${r.problem}`), 'bad');
}

async function hintMobile() {
  const r = await check('mobile', 'f-mobile');
  if (!r) return document.getElementById('f-mobile').value.trim() ? undefined : setHint('mobile', '', '');
  if (r.ok) return setHint('mobile', `✓ ${r.value}`, 'good');
  return setHint('mobile', t(`booking.hint.mobile_${r.problem}`, { n: r.length }), 'bad');
}

async function hintId() {
  const r = await check('id_number', 'f-id');
  if (!r) return document.getElementById('f-id').value.trim() ? undefined : setHint('id_number', '', '');
  if (r.ok) return setHint('id_number', `✓ ${t('booking.hint.born', { date: r.birth_date })}`, 'good');
  if (r.problem === 'length' && r.length < 18) return setHint('id_number', t('booking.hint.id_typing', { n: r.length }), 'typing');
  return setHint('id_number', t(`booking.hint.id_${r.problem}`, { n: r.length, c: r.expected }), 'bad');
}

function hintNote() {
  const n = [...document.getElementById('f-note').value].length;
  setHint('note', n > 150 ? t('booking.hint.note_left', { n: 200 - n }) : '', n > 200 ? 'bad' : '');
}

function clearForm() {
  ['f-name', 'f-mobile', 'f-id', 'f-note'].forEach((id) => { document.getElementById(id).value = ''; });
  Object.keys(FIELDS).forEach((f) => setHint(f, '', ''));
  document.getElementById('form-error').hidden = true;
  document.getElementById('lift-ban').hidden = true;
}

function showForm() {
  document.getElementById('book-form').hidden = false;
  document.getElementById('confirmation').hidden = true;
}

/** Which field a refusal from the core is about, to mark it. */
function fieldOf(e) {
  if (!e) return null;
  if (e.code === 'invalid_id_number') return 'id_number';
  if (e.code === 'invalid_mobile') return 'mobile';
  const f = e.params && e.params.field;
  return f && FIELDS[f] ? f : null;
}

async function submitBooking(ev) {
  ev.preventDefault();
  if (busy || !chosen) return;
  const errBox = document.getElementById('form-error');
  errBox.hidden = true;
  document.getElementById('lift-ban').hidden = true;
  const { session, slot } = chosen;
  if (session.make_up_day && makeUpConfirmed !== session.id) {
    if (!(await confirmDialog(t('booking.make_up_confirm', { date: session.date })))) return;
    makeUpConfirmed = session.id;
  }
  busy = true;
  document.getElementById('f-submit').disabled = true;
  try {
    const b = await call('book', { input: {
      slot_id: slot.id,
      service_id: Number(document.getElementById('f-matter').value),
      name: document.getElementById('f-name').value,
      mobile: document.getElementById('f-mobile').value,
      id_number: document.getElementById('f-id').value,
      note: document.getElementById('f-note').value,
    } });
    lastBooked = b;
    clearForm();
    showConfirmation(b, session);
    await loadSessions();
  } catch (e) {
    errBox.textContent = bookingError(e);
    errBox.hidden = false;
    // Staff may lift a no-show ban (the policy's own escape hatch), then book again.
    document.getElementById('lift-ban').hidden = !(e && e.code === 'booking_banned');
    const f = fieldOf(e);
    if (f) {
      // Keep the live hint when it already says what is wrong; else show the core's sentence.
      ({ name: hintName, mobile: hintMobile, id_number: hintId, note: hintNote })[f]();
      if (!document.getElementById(FIELDS[f].hint).classList.contains('bad')) setHint(f, bookingError(e), 'bad');
      document.getElementById(FIELDS[f].input).focus();
    }
  } finally {
    busy = false;
    document.getElementById('f-submit').disabled = !chosen;
  }
}

async function liftBan() {
  if (!(await confirmDialog(t('booking.lift_ban_confirm')))) return;
  try {
    await call('lift_booking_ban', { idNumber: document.getElementById('f-id').value });
    document.getElementById('lift-ban').hidden = true;
    document.getElementById('form-error').hidden = true;
    toast(t('booking.ban_lifted'));
  } catch (e) { toast(bookingError(e), 'error'); }
}

function showConfirmation(b, session) {
  document.getElementById('book-form').hidden = true;
  document.getElementById('confirmation').hidden = false;
  document.getElementById('c-code').textContent = b.code;
  document.getElementById('c-when').textContent = `${dayLabel(b.date)} ${b.start}–${b.end} · ${windowsLabel(session ? session.counter_ids : [])}`;
  document.getElementById('c-what').textContent = `${matterName(b)} · ${b.masked_name} · ${b.masked_mobile}`;
  const early = rules ? rules.check_in_early_minutes : 30;
  document.getElementById('c-how').textContent = t('booking.how_to_check_in', { m: early });
}

// ---------- search ----------

function statusPill(status) {
  return el('span', `pill bst ${status}`, t(`booking_status.${status}`));
}

function summaryRow(b) {
  const tr = el('tr');
  tr.dataset.bookingId = b.id;
  tr.dataset.code = b.code;
  const cells = [
    el('b', 'code', b.code), dayLabel(b.date), `${b.start}–${b.end}`, matterName(b),
    b.purged ? t('booking.purged') : b.masked_name, b.masked_mobile, b.masked_id_number,
    statusPill(b.status), b.ticket_number || '',
  ];
  cells.forEach((c) => { const td = el('td'); td.append(c); tr.append(td); });
  tr.onclick = () => openDetail(b.id);
  return tr;
}

async function search(ev) {
  if (ev) ev.preventDefault();
  const q = document.getElementById('q').value;
  const body = document.getElementById('results-body');
  const empty = document.getElementById('search-empty');
  try {
    const found = await call('search_bookings', { query: q });
    lastQuery = q;
    body.replaceChildren(...found.map(summaryRow));
    empty.textContent = found.length ? t('booking.found', { n: found.length }) : t('booking.found_none');
  } catch (e) {
    body.replaceChildren();
    empty.textContent = bookingError(e);
  }
}

// ---------- a booking's own page ----------

async function openDetail(id) {
  const dlg = document.getElementById('detail-dialog');
  document.getElementById('d-error').hidden = true;
  try {
    detail = await call('booking_detail', { bookingId: id });
    renderDetail();
    if (!dlg.open) dlg.showModal();
  } catch (e) { toast(bookingError(e), 'error'); }
}

/** Reloads the booking on its page after a change, unless staff closed it meanwhile. */
async function refreshDetail() {
  const dlg = document.getElementById('detail-dialog');
  if (!detail || !dlg.open) return;
  const id = detail.id;
  try {
    const fresh = await call('booking_detail', { bookingId: id });
    if (!dlg.open || !detail || detail.id !== id) return;
    detail = fresh;
    renderDetail();
  } catch (e) { toast(bookingError(e), 'error'); }
}

function renderDetail() {
  const b = detail;
  document.getElementById('d-code').textContent = b.code;
  const st = document.getElementById('d-status');
  st.className = `pill bst ${b.status}`;
  st.textContent = t(`booking_status.${b.status}`);
  const session = sessions.find((s) => s.id === b.session_id);
  const rows = [
    ['booking.date', `${dayLabel(b.date)} ${b.start}–${b.end}${session ? ` · ${windowsLabel(session.counter_ids)}` : ''}`],
    ['booking.matter', matterName(b)],
    ['booking.name', b.purged ? t('booking.purged') : b.name],
    ['booking.mobile', b.purged ? t('booking.purged') : b.mobile],
    ['booking.id_number', b.purged ? t('booking.purged') : b.id_number],
    ['booking.note', b.note || '—'],
    ['booking.booked_at', `${new Date(b.created_at + clock.offsetMinutes * 60000).toISOString().slice(0, 10)} ${clock.hhmm(b.created_at)}`],
  ];
  if (b.checked_in_at) rows.push(['booking.checked_in_at', `${clock.hhmm(b.checked_in_at)} · ${b.ticket_number || ''}`]);
  const dl = document.getElementById('d-fields');
  dl.replaceChildren();
  rows.forEach(([k, v]) => {
    const dd = el('dd', '', v);
    if (['booking.name', 'booking.mobile', 'booking.id_number'].includes(k)) dd.classList.add('full');
    dl.append(el('dt', '', t(k)), dd);
  });
  const movable = b.status === 'booked';
  document.getElementById('d-cancel-booking').hidden = !movable;
  document.getElementById('d-reschedule-box').hidden = !movable;
  if (movable) fillRescheduleSlots();
}

function fillRescheduleSlots() {
  const b = detail;
  const sel = document.getElementById('d-slot');
  sel.replaceChildren();
  sessions
    .filter((s) => s.service_ids.includes(b.service_id))
    .forEach((s) => s.slots
      .filter((sl) => sl.id !== b.slot_id && sl.bookable)
      .forEach((sl) => {
        const o = el('option', '', `${dayLabel(sl.date)} ${sl.start}–${sl.end}（${t('booking.slot_free', { n: sl.free, cap: sl.capacity })}）`);
        o.value = sl.id;
        sel.append(o);
      }));
  const none = !sel.options.length;
  if (none) sel.append(el('option', '', t('booking.no_other_slot')));
  sel.disabled = none;
  document.getElementById('d-reschedule').disabled = none;
}

async function detailAction(kind) {
  const b = detail;
  const err = document.getElementById('d-error');
  err.hidden = true;
  try {
    if (kind === 'cancel') {
      if (!(await confirmDialog(t('booking.cancel_confirm', { code: b.code, date: b.date, start: b.start })))) return;
      await call('cancel_booking', { bookingId: b.id });
      toast(t('booking.cancelled', { code: b.code }));
    } else {
      const slotId = Number(document.getElementById('d-slot').value);
      const moved = await call('reschedule_booking', { bookingId: b.id, slotId });
      toast(t('booking.rescheduled', { code: moved.code, date: moved.date, start: moved.start }));
    }
    await loadSessions();
    await refreshDetail();
  } catch (e) {
    err.textContent = bookingError(e);
    err.hidden = false;
  }
}

// ---------- the day roster ----------

function renderRosterDates() {
  const sel = document.getElementById('r-date');
  const keep = rosterPicked;
  const sessionDates = [...new Set(sessions.map((s) => s.date))].sort();
  const dates = sessionDates.includes(today()) ? sessionDates : [...sessionDates, today()].sort();
  sel.replaceChildren(...dates.map((d) => { const o = el('option', '', dayLabel(d)); o.value = d; return o; }));
  // By default the next day with a session (today on a session day).
  if (dates.includes(keep)) sel.value = keep;
  else sel.value = sessionDates.find((d) => d >= today()) || today();
}

async function loadRoster() {
  const date = document.getElementById('r-date').value;
  if (!date) return;
  try {
    renderRoster(await call('booking_roster', { date }));
  } catch (e) { toast(bookingError(e), 'error'); }
}

function renderRoster(r) {
  document.getElementById('roster-title').textContent = t('booking.roster_title', { hall: snap.hall_name, date: dayLabel(r.date) });
  const mk = document.getElementById('roster-makeup');
  mk.hidden = !r.make_up_day;
  mk.textContent = t('booking.make_up_warning', { date: r.date });
  const c = r.counts;
  const counts = t('booking.counts', {
    made: c.made, booked: c.booked, checked_in: c.checked_in, cancelled: c.cancelled, no_show: c.no_show,
  });
  document.getElementById('r-counts').textContent = counts;
  const p = clock.parts();
  const printed = `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')} ${clock.hhmm()}`;
  document.getElementById('roster-meta').textContent = `${counts} · ${t('booking.printed_at', { time: printed })}`;
  const box = document.getElementById('roster-slots');
  box.replaceChildren();
  if (!r.slots.length) {
    box.append(el('p', 'muted empty', t('booking.roster_empty')));
    return;
  }
  r.slots.forEach((rs) => {
    const sec = el('section', 'r-slot');
    const live = rs.bookings.filter((b) => b.status === 'booked' || b.status === 'checked_in').length;
    const w = rs.counter_numbers.length ? ` · ${t('booking.windows', { list: joinList(rs.counter_numbers) })}` : '';
    const h = el('h3', '', `${rs.slot.start}–${rs.slot.end}${w} · ${t('booking.taken_of', { n: live, cap: rs.slot.capacity })}`);
    sec.append(h);
    if (!rs.bookings.length) {
      h.append(el('span', 'nobody', t('booking.slot_nobody')));
    } else {
      const table = el('table', 'list roster-table');
      const head = el('tr');
      ['booking.code', 'booking.name', 'booking.id_number', 'booking.mobile', 'booking.matter', 'booking.status', 'booking.ticket', 'booking.sign']
        .forEach((k) => head.append(el('th', '', t(k))));
      const thead = el('thead');
      thead.append(head);
      const tbody = el('tbody');
      rs.bookings.forEach((b) => {
        const tr = el('tr', b.status);
        tr.dataset.bookingId = b.id;
        [el('b', 'code', b.code), b.purged ? t('booking.purged') : b.masked_name, b.masked_id_number, b.masked_mobile,
          matterName(b), statusPill(b.status), b.ticket_number || '', '']
          .forEach((x) => { const td = el('td'); td.append(x); tr.append(td); });
        tr.onclick = () => openDetail(b.id);
        tbody.append(tr);
      });
      table.append(thead, tbody);
      sec.append(table);
    }
    box.append(sec);
  });
}

function printRoster() {
  // In test mode the system print dialog would block the WebDriver session.
  if (info.test_mode) {
    toast(t('booking.print_test_mode'));
    return;
  }
  window.print();
}

// ---------- events ----------

let reloadTimer = null;

function applyEvent(ev) {
  if (ev.type === 'config') {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => loadAll().catch(() => {}), 50);
    return;
  }
  if (ev.type !== 'booking') return;
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(async () => {
    await loadSessions().catch(() => {});
    if (document.body.dataset.tab === 'roster') await loadRoster();
    if (document.body.dataset.tab === 'search' && lastQuery) await search();
    if (detail && (ev.booking_id === detail.id || ev.booking_id == null)) await refreshDetail();
  }, 50);
}

async function loadAll() {
  snap = await call('snapshot');
  clock.sync(snap);
  document.getElementById('hall-name').textContent = snap.hall_name;
  [services, counters, rules] = await Promise.all([call('services'), call('counters'), call('booking_settings')]);
  await loadSessions();
}

function rerender() {
  apply();
  renderSessions();
  renderChosen();
  renderRosterDates();
  hintName(); hintMobile(); hintId(); hintNote();
  if (document.body.dataset.tab === 'roster') loadRoster();
  if (lastQuery) search();
  if (lastBooked && !document.getElementById('confirmation').hidden) {
    showConfirmation(lastBooked, sessions.find((s) => s.id === lastBooked.session_id));
  }
  if (detail && document.getElementById('detail-dialog').open) renderDetail();
}

async function main() {
  await initI18n();
  info = await call('app_info');
  document.getElementById('test-mode').hidden = !info.test_mode;
  topbar(clock, toggleLang);
  onLangChange(rerender);
  document.body.dataset.tab = 'sessions';
  document.querySelectorAll('.tab').forEach((b) => { b.onclick = () => showTab(b.dataset.tab); });
  document.getElementById('new-session').onclick = openSessionDialog;
  document.querySelectorAll('input[name="s-mode"]').forEach((r) => { r.onchange = () => setMode(r.value); });
  ['s-start', 's-end', 's-slot', 's-capacity'].forEach((id) => { document.getElementById(id).oninput = updatePreview; });
  document.getElementById('s-cancel').onclick = () => document.getElementById('session-dialog').close();
  document.getElementById('s-ok').onclick = createSessions;
  document.getElementById('f-name').oninput = hintName;
  document.getElementById('f-mobile').oninput = hintMobile;
  document.getElementById('f-id').oninput = hintId;
  document.getElementById('f-note').oninput = hintNote;
  document.getElementById('book-form').onsubmit = submitBooking;
  document.getElementById('f-clear').onclick = clearForm;
  document.getElementById('lift-ban').onclick = liftBan;
  document.getElementById('c-new').onclick = () => { showForm(); document.getElementById('f-name').focus(); };
  document.getElementById('c-open').onclick = () => lastBooked && openDetail(lastBooked.id);
  document.getElementById('search-form').onsubmit = search;
  document.getElementById('d-close').onclick = () => { document.getElementById('detail-dialog').close(); };
  // The full name, ID and phone leave the page as soon as the booking's own page closes.
  document.getElementById('detail-dialog').onclose = () => { detail = null; document.getElementById('d-fields').replaceChildren(); };
  document.getElementById('d-cancel-booking').onclick = () => detailAction('cancel');
  document.getElementById('d-reschedule').onclick = () => detailAction('reschedule');
  document.getElementById('r-date').onchange = (e) => { rosterPicked = e.target.value; loadRoster(); };
  document.getElementById('r-print').onclick = printRoster;
  await onHallEvent(applyEvent, () => loadAll().then(() => { if (document.body.dataset.tab === 'roster') loadRoster(); }));
  await loadAll();
  document.body.dataset.ready = 'true';
}

start(main);
