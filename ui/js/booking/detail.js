// The booking screen's lookup and a booking's own page: search by code, phone, name (lists
// masked), and the detail dialog, the only full view of a person's data, with cancel and
// reschedule.

import { call } from '../api.js';
import { staffCall } from '../staff.js';
import { t } from '../i18n.js';
import { toast, confirmDialog, el } from '../ui.js';
import { ctx, dayLabel, windowsLabel, matterName, bookingError, statusPill, loadSessions, showErrorIn } from './shared.js';

let detail = null; // the booking shown in the detail dialog
let lastQuery = '';

/** The booking open in the detail dialog, if any. */
export function shownBooking() {
  return detail;
}

/** Whether a search was made (it is repeated after changes). */
export function searched() {
  return !!lastQuery;
}

/** The detail dialog was closed: the person's data leaves the page. */
export function forgetDetail() {
  detail = null;
  document.getElementById('d-fields').replaceChildren();
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

export async function search(ev) {
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

export async function openDetail(id) {
  const dlg = document.getElementById('detail-dialog');
  showErrorIn(document.getElementById('d-error'), null);
  try {
    detail = await call('booking_detail', { bookingId: id, staff: null });
    renderDetail();
    if (!dlg.open) dlg.showModal();
  } catch (e) { toast(bookingError(e), 'error'); }
}

/** Reloads the booking on its page after a change, unless staff closed it meanwhile. */
export async function refreshDetail() {
  const dlg = document.getElementById('detail-dialog');
  if (!detail || !dlg.open) return;
  const id = detail.id;
  try {
    const fresh = await call('booking_detail', { bookingId: id, staff: null });
    if (!dlg.open || !detail || detail.id !== id) return;
    // A change of status never changes the person: keep the fields already shown in full,
    // without another unmasked view in the audit list.
    if (detail.unmasked) {
      const { name, mobile, id_number: idNumber, note } = detail;
      Object.assign(fresh, { name, mobile, id_number: idNumber, note, unmasked: true });
    }
    detail = fresh;
    renderDetail();
  } catch (e) { toast(bookingError(e), 'error'); }
}

/** Shows the open booking's personal data in full: asks for the administrator PIN (the core
 *  records the view in the audit list). */
export async function unmaskDetail() {
  if (!detail) return;
  const id = detail.id;
  try {
    const full = await staffCall('booking_detail', { bookingId: id });
    if (!detail || detail.id !== id) return;
    detail = full;
    renderDetail();
  } catch (e) { toast(bookingError(e), 'error'); }
}

export function renderDetail() {
  const b = detail;
  document.getElementById('d-unmask').hidden = b.unmasked || b.purged;
  document.getElementById('d-full-note').hidden = !b.unmasked;
  document.getElementById('d-code').textContent = b.code;
  const st = document.getElementById('d-status');
  st.className = `pill bst ${b.status}`;
  st.textContent = t(`booking_status.${b.status}`);
  const session = ctx.sessions.find((s) => s.id === b.session_id);
  const rows = [
    ['booking.date', `${dayLabel(b.date)} ${b.start}–${b.end}${session ? ` · ${windowsLabel(session.counter_ids)}` : ''}`],
    ['booking.matter', matterName(b)],
    ['booking.name', b.purged ? t('booking.purged') : b.name],
    ['booking.mobile', b.purged ? t('booking.purged') : b.mobile],
    ['booking.id_number', b.purged ? t('booking.purged') : b.id_number],
    ['booking.note', b.unmasked ? (b.note || '—') : '***'],
    ['booking.booked_at', `${new Date(b.created_at + ctx.clock.offsetMinutes * 60000).toISOString().slice(0, 10)} ${ctx.clock.hhmm(b.created_at)}`],
  ];
  if (b.checked_in_at) rows.push(['booking.checked_in_at', `${ctx.clock.hhmm(b.checked_in_at)} · ${b.ticket_number || ''}`]);
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
  ctx.sessions
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

export async function detailAction(kind) {
  const b = detail;
  const err = document.getElementById('d-error');
  showErrorIn(err, null);
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
    showErrorIn(err, e);
  }
}
