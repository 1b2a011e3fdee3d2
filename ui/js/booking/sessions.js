// The booking screen's sessions: the weekend sessions with free places per slot (a slot is
// chosen for the form), withdrawing a session, and the dialog that creates sessions, one
// date or by a weekly rule.

import { staffCall } from '../staff.js';
import { call } from '../api.js';
import { t, serviceName } from '../i18n.js';
import { toast, confirmDialog, el, wholeNumber } from '../ui.js';
import { ctx, calendarRange, addDays, isoWeekday, today, dayLabel, windowsLabel, serviceLabel, bookingError, joinList, loadSessions, showErrorIn } from './shared.js';
import { choose, chosenSlotId } from './form.js';

export function renderSessions() {
  const box = document.getElementById('sessions');
  box.replaceChildren();
  document.getElementById('sessions-range').textContent = t('booking.range', { from: today(), to: calendarRange()[1] });
  const upcoming = ctx.sessions.filter((s) => s.date >= today());
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
      if (chosenSlotId() === sl.id) b.classList.add('chosen');
      b.append(el('b', '', sl.start), el('span', 'free', sl.free > 0 ? t('booking.slot_free', { n: sl.free, cap: sl.capacity }) : t('booking.slot_full')));
      b.onclick = () => { choose(s, sl); renderSessions(); };
      slots.append(b);
    });
    card.append(slots);
    box.append(card);
  });
}

async function withdraw(s) {
  if (!(await confirmDialog(t('booking.withdraw_confirm', { date: s.date, start: s.start, end: s.end })))) return;
  try {
    await staffCall('delete_booking_session', { sessionId: s.id });
    toast(t('booking.withdrawn', { date: s.date }));
  } catch (e) { toast(bookingError(e), 'error'); }
}

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
  l.title = label;
  return l;
}

export function openSessionDialog() {
  const dlg = document.getElementById('session-dialog');
  document.getElementById('s-date').value = nextSaturday();
  document.getElementById('s-from').value = nextSaturday();
  const wd = document.getElementById('s-weekdays');
  wd.replaceChildren();
  for (let i = 1; i <= 7; i++) wd.append(checkBox(i, t(`display.weekday.${i % 7}`), i === 6));
  const cs = document.getElementById('s-counters');
  cs.replaceChildren();
  const appt = ctx.counters.filter((c) => c.appointment);
  if (!appt.length) cs.append(el('span', 'muted', t('booking.no_appointment_counters')));
  appt.forEach((c) => cs.append(checkBox(c.id, c.name, true)));
  const ss = document.getElementById('s-services');
  ss.replaceChildren();
  ctx.services.filter((s) => s.enabled).forEach((s) => ss.append(checkBox(s.id, `${s.prefix} ${serviceName(s)}`, true)));
  showErrorIn(document.getElementById('s-error'), null);
  setMode('single');
  dlg.showModal();
  document.getElementById('s-date').focus();
}

export function setMode(mode) {
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

/** What the dialog will create: for a weekly rule, every chosen weekday in every week (the
 *  core may still skip a date, e.g. a holiday, and says so after creating). */
export function updatePreview() {
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
  if (document.getElementById('session-dialog').dataset.mode !== 'rule') {
    p.textContent = t('booking.preview', { slots: n, places: n * cap });
    return;
  }
  const weeks = Number(document.getElementById('s-weeks').value);
  const dates = Number.isInteger(weeks) && weeks > 0 ? weeks * checkedValues('s-weekdays').length : 0;
  p.textContent = t('booking.preview_rule', { dates, slots: n, places: n * cap, total: dates * n * cap });
}

export async function createSessions() {
  const mode = document.getElementById('session-dialog').dataset.mode;
  const err = document.getElementById('s-error');
  showErrorIn(err, null);
  const ok = document.getElementById('s-ok');
  ok.disabled = true;
  try {
    const common = {
      start: document.getElementById('s-start').value.trim(),
      end: document.getElementById('s-end').value.trim(),
      slot_minutes: wholeNumber(document.getElementById('s-slot').value, 'slot_minutes'),
      capacity: wholeNumber(document.getElementById('s-capacity').value, 'capacity'),
      counter_ids: checkedValues('s-counters'),
      service_ids: checkedValues('s-services'),
      note: document.getElementById('s-note').value,
    };
    if (mode === 'rule') {
      const out = await staffCall('create_booking_sessions_by_rule', { rule: {
        ...common, from: document.getElementById('s-from').value.trim(),
        weeks: wholeNumber(document.getElementById('s-weeks').value, 'weeks'), weekdays: checkedValues('s-weekdays'),
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
      const s = await staffCall('create_booking_session', { input: { ...common, date: document.getElementById('s-date').value.trim() } });
      toast(t('booking.session_created', { date: s.date, start: s.start, end: s.end }));
    }
    document.getElementById('session-dialog').close();
    await loadSessions();
  } catch (e) {
    showErrorIn(err, e);
  } finally {
    ok.disabled = false;
  }
}
