// The booking screen's day roster: the chosen date's slots and bookings (masked), counts,
// printing.

import { call } from '../api.js';
import { t } from '../i18n.js';
import { toast, el } from '../ui.js';
import { ctx, today, dayLabel, matterName, bookingError, joinList, statusPill } from './shared.js';
import { openDetail } from './detail.js';

let rosterPicked = null; // the roster date staff chose (else the next session day)

/** Staff picked a date for the roster. */
export function pickRosterDate(date) {
  rosterPicked = date;
  loadRoster();
}

export function renderRosterDates() {
  const sel = document.getElementById('r-date');
  const keep = rosterPicked;
  const sessionDates = [...new Set(ctx.sessions.map((s) => s.date))].sort();
  const dates = sessionDates.includes(today()) ? sessionDates : [...sessionDates, today()].sort();
  sel.replaceChildren(...dates.map((d) => { const o = el('option', '', dayLabel(d)); o.value = d; return o; }));
  // By default the next day with a session (today on a session day).
  if (dates.includes(keep)) sel.value = keep;
  else sel.value = sessionDates.find((d) => d >= today()) || today();
}

export async function loadRoster() {
  const date = document.getElementById('r-date').value;
  if (!date) return;
  try {
    renderRoster(await call('booking_roster', { date }));
  } catch (e) { toast(bookingError(e), 'error'); }
}

function renderRoster(r) {
  document.getElementById('roster-title').textContent = t('booking.roster_title', { hall: ctx.snap.hall_name, date: dayLabel(r.date) });
  const mk = document.getElementById('roster-makeup');
  mk.hidden = !r.make_up_day;
  mk.textContent = t('booking.make_up_warning', { date: r.date });
  const c = r.counts;
  const counts = t('booking.counts', {
    made: c.made, booked: c.booked, checked_in: c.checked_in, cancelled: c.cancelled, no_show: c.no_show,
  });
  document.getElementById('r-counts').textContent = counts;
  const p = ctx.clock.parts();
  const printed = `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')} ${ctx.clock.hhmm()}`;
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

export function printRoster() {
  // In test mode the system print dialog would block the WebDriver session.
  if (ctx.info.test_mode) {
    toast(t('booking.print_test_mode'));
    return;
  }
  window.print();
}
