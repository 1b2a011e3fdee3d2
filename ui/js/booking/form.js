// The booking screen's form: the slot chosen in the calendar, the person's data with live
// hints (the core's own checks), booking, lifting a no-show ban, and the confirmation.

import { staffCall } from '../staff.js';
import { call } from '../api.js';
import { t } from '../i18n.js';
import { toast, confirmDialog, el } from '../ui.js';
import { ctx, dayLabel, windowsLabel, serviceLabel, matterName, bookingError, loadSessions, showErrorIn } from './shared.js';

let chosen = null; // { session, slot } the form books into
let makeUpConfirmed = null; // the session id staff confirmed despite a make-up working day
let lastBooked = null;
let busy = false;

/** The slot the form books into (its id), if any. */
export function chosenSlotId() {
  return chosen ? chosen.slot.id : null;
}

/** The booking just made (shown on the confirmation). */
export function lastBooking() {
  return lastBooked;
}

/** After the sessions were reloaded: a slot that filled up (our own booking, or another
 *  PC's) is no longer offered. */
export function syncChosen() {
  if (!chosen) return;
  const s = ctx.sessions.find((x) => x.id === chosen.session.id);
  const sl = s && s.slots.find((x) => x.id === chosen.slot.id);
  chosen = sl && sl.bookable ? { session: s, slot: sl } : null;
}

export function choose(session, slot) {
  chosen = { session, slot };
  showForm();
  renderChosen();
  const name = document.getElementById('f-name');
  if (!name.value) name.focus();
}


export function renderChosen() {
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

export async function hintName() {
  const r = await check('name', 'f-name');
  if (!r) return document.getElementById('f-name').value.trim() ? undefined : setHint('name', '', '');
  if (r.ok) return setHint('name', '✓', 'good');
  return setHint('name', t(`booking.hint.name_${r.problem}`), 'bad');
}

export async function hintMobile() {
  const r = await check('mobile', 'f-mobile');
  if (!r) return document.getElementById('f-mobile').value.trim() ? undefined : setHint('mobile', '', '');
  if (r.ok) return setHint('mobile', `✓ ${r.value}`, 'good');
  return setHint('mobile', t(`booking.hint.mobile_${r.problem}`, { n: r.length }), 'bad');
}

export async function hintId() {
  const r = await check('id_number', 'f-id');
  if (!r) return document.getElementById('f-id').value.trim() ? undefined : setHint('id_number', '', '');
  if (r.ok) return setHint('id_number', `✓ ${t('booking.hint.born', { date: r.birth_date })}`, 'good');
  if (r.problem === 'length' && r.length < 18) return setHint('id_number', t('booking.hint.id_typing', { n: r.length }), 'typing');
  return setHint('id_number', t(`booking.hint.id_${r.problem}`, { n: r.length, c: r.expected }), 'bad');
}

export function hintNote() {
  const n = [...document.getElementById('f-note').value].length;
  setHint('note', n > 150 ? t('booking.hint.note_left', { n: 200 - n }) : '', n > 200 ? 'bad' : '');
}

export function clearForm() {
  ['f-name', 'f-mobile', 'f-id', 'f-note'].forEach((id) => { document.getElementById(id).value = ''; });
  Object.keys(FIELDS).forEach((f) => setHint(f, '', ''));
  showErrorIn(document.getElementById('form-error'), null);
  document.getElementById('lift-ban').hidden = true;
}

export function showForm() {
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

export async function submitBooking(ev) {
  ev.preventDefault();
  if (busy || !chosen) return;
  const errBox = document.getElementById('form-error');
  showErrorIn(errBox, null);
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
    showErrorIn(errBox, e);
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

export async function liftBan() {
  if (!(await confirmDialog(t('booking.lift_ban_confirm')))) return;
  try {
    await staffCall('lift_booking_ban', { idNumber: document.getElementById('f-id').value });
    document.getElementById('lift-ban').hidden = true;
    showErrorIn(document.getElementById('form-error'), null);
    toast(t('booking.ban_lifted'));
  } catch (e) { toast(bookingError(e), 'error'); }
}

export function showConfirmation(b, session) {
  document.getElementById('book-form').hidden = true;
  document.getElementById('confirmation').hidden = false;
  document.getElementById('c-code').textContent = b.code;
  document.getElementById('c-when').textContent = `${dayLabel(b.date)} ${b.start}–${b.end} · ${windowsLabel(session ? session.counter_ids : [])}`;
  document.getElementById('c-what').textContent = `${matterName(b)} · ${b.masked_name} · ${b.masked_mobile}`;
  const early = ctx.rules ? ctx.rules.check_in_early_minutes : 30;
  document.getElementById('c-how').textContent = t('booking.how_to_check_in', { m: early });
}
