// What every part of the booking screen shares: the hall's clock, the snapshot, services,
// counters, the booking rules and the listed sessions (one context object, loaded by the
// screen's entry), and small helpers for dates and labels. Lists show masked values only.

import { call, HallClock } from '../api.js';
import { t, serviceName, errorText, currentLang } from '../i18n.js';
import { el } from '../ui.js';

/** How far ahead the calendar looks, and how far back the roster's date list reaches. */
const AHEAD_DAYS = 56;
const BACK_DAYS = 14;

/** The screen's shared state; each part keeps its own state to itself. */
export const ctx = {
  clock: new HallClock(),
  info: { test_mode: false },
  snap: null,
  services: [],
  counters: [],
  rules: null, // booking settings: the window and the check-in times
  sessions: [], // from BACK_DAYS ago to AHEAD_DAYS ahead
};

// ---------- dates ----------

export function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function isoWeekday(day) {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return wd === 0 ? 7 : wd;
}

export function today() {
  return ctx.snap ? ctx.snap.business_day : new Date().toISOString().slice(0, 10);
}

/** The range the calendar shows: [first, last] day. */
export function calendarRange() {
  return [addDays(today(), -BACK_DAYS), addDays(today(), AHEAD_DAYS)];
}

/** 2026-12-05 周六 */
export function dayLabel(day) {
  return `${day} ${t(`display.weekday.${isoWeekday(day) % 7}`)}`;
}

export function windowsLabel(ids) {
  const nums = ids.map((id) => ctx.counters.find((c) => c.id === id)).filter(Boolean).map((c) => c.number);
  return nums.length ? t('booking.windows', { list: joinList(nums) }) : '';
}

export function serviceLabel(id) {
  const s = ctx.services.find((x) => x.id === id);
  return s ? serviceName(s) : `#${id}`;
}

/** A booking's matter in the current language (a booking's own `name` is the person's). */
export function matterName(b) {
  return currentLang() === 'en' && b.service_name_en ? b.service_name_en : b.service_name;
}

/** An error from the core as a sentence; a person's name is 姓名 here, not 名称. */
export function bookingError(e) {
  if (e && e.params && e.params.field === 'name') return errorText({ ...e, params: { ...e.params, field: 'person_name' } });
  return errorText(e);
}

/** A list in the current language: 甲、乙 or A, B. */
export function joinList(items) {
  return items.join(currentLang() === 'en' ? ', ' : '、');
}

const shownErrors = new Map(); // error box → the refusal it shows

/** Shows a refusal from the core in `box` (or hides the box); it follows a language switch. */
export function showErrorIn(box, err) {
  box.hidden = !err;
  box.textContent = err ? bookingError(err) : '';
  if (err) shownErrors.set(box, err); else shownErrors.delete(box);
}

/** Words every refusal on show in the current language again. */
export function retranslateErrors() {
  shownErrors.forEach((err, box) => { if (!box.hidden) box.textContent = bookingError(err); });
}

export function statusPill(status) {
  return el('span', `pill bst ${status}`, t(`booking_status.${status}`));
}

const sessionListeners = [];

/** Runs `f` after each reload of the sessions (the calendar, the form's chosen slot, the
 *  roster's dates follow). */
export function afterSessions(f) {
  sessionListeners.push(f);
}

/** Reloads the listed sessions with their free places. */
export async function loadSessions() {
  const [from, to] = calendarRange();
  ctx.sessions = await call('booking_sessions', { from, to });
  sessionListeners.forEach((f) => f());
}
