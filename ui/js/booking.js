// The booking screen (预约办): weekend sessions with free places per slot, the booking form
// with live hints, search, a booking's own page (the only full view of a person's data),
// cancel and reschedule, and the printable day roster. Lists show masked values only.
// This entry wires the parts in ./booking/ (sessions, form, detail, roster) to the page.

import { call } from './api.js';
import { apply } from './i18n.js';
import { boot } from './ui.js';
import { ctx, afterSessions, loadSessions, retranslateErrors } from './booking/shared.js';
import { renderSessions, openSessionDialog, setMode, updatePreview, createSessions } from './booking/sessions.js';
import {
  syncChosen, renderChosen, hintName, hintMobile, hintId, hintNote, clearForm, showForm, submitBooking, liftBan,
  showConfirmation, lastBooking,
} from './booking/form.js';
import { search, searched, openDetail, refreshDetail, renderDetail, detailAction, shownBooking, forgetDetail, unmaskDetail } from './booking/detail.js';
import { renderRosterDates, loadRoster, pickRosterDate, printRoster } from './booking/roster.js';

// ---------- tabs ----------

function showTab(name) {
  document.querySelectorAll('.tab').forEach((b) => b.classList.toggle('active', b.dataset.tab === name));
  document.querySelectorAll('.tab-body').forEach((s) => { s.hidden = s.id !== `tab-${name}`; });
  document.body.dataset.tab = name;
  if (name === 'roster') loadRoster();
  if (name === 'search') document.getElementById('q').focus();
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
    if (document.body.dataset.tab === 'search' && searched()) await search();
    const detail = shownBooking();
    if (detail && (ev.booking_id === detail.id || ev.booking_id == null)) await refreshDetail();
  }, 50);
}

async function loadAll() {
  ctx.snap = await call('snapshot');
  ctx.clock.sync(ctx.snap);
  Object.assign(document.getElementById('hall-name'), { textContent: ctx.snap.hall_name, title: ctx.snap.hall_name });
  [ctx.services, ctx.counters, ctx.rules] = await Promise.all([call('services'), call('counters'), call('booking_settings')]);
  await loadSessions();
}

function rerender() {
  apply();
  retranslateErrors();
  renderSessions();
  renderChosen();
  renderRosterDates();
  hintName(); hintMobile(); hintId(); hintNote();
  if (document.body.dataset.tab === 'roster') loadRoster();
  if (searched()) search();
  const booked = lastBooking();
  if (booked && !document.getElementById('confirmation').hidden) {
    showConfirmation(booked, ctx.sessions.find((s) => s.id === booked.session_id));
  }
  if (shownBooking() && document.getElementById('detail-dialog').open) renderDetail();
}

boot({
  clock: ctx.clock,
  setup: ({ info }) => {
    ctx.info = info;
    // After each reload of the sessions: the form's chosen slot, the calendar, the roster's dates.
    afterSessions(() => { syncChosen(); renderSessions(); renderChosen(); renderRosterDates(); });
    document.body.dataset.tab = 'sessions';
    document.querySelectorAll('.tab').forEach((b) => { b.onclick = () => showTab(b.dataset.tab); });
    document.getElementById('new-session').onclick = openSessionDialog;
    document.querySelectorAll('input[name="s-mode"]').forEach((r) => { r.onchange = () => setMode(r.value); });
    ['s-start', 's-end', 's-slot', 's-capacity', 's-weeks'].forEach((id) => { document.getElementById(id).oninput = updatePreview; });
    document.getElementById('s-weekdays').onchange = updatePreview;
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
    document.getElementById('c-open').onclick = () => lastBooking() && openDetail(lastBooking().id);
    document.getElementById('search-form').onsubmit = search;
    document.getElementById('d-close').onclick = () => { document.getElementById('detail-dialog').close(); };
    // The full name, ID and phone leave the page as soon as the booking's own page closes.
    document.getElementById('detail-dialog').onclose = forgetDetail;
    document.getElementById('d-cancel-booking').onclick = () => detailAction('cancel');
    document.getElementById('d-reschedule').onclick = () => detailAction('reschedule');
    document.getElementById('d-unmask').onclick = unmaskDetail;
    document.getElementById('r-date').onchange = (e) => pickRosterDate(e.target.value);
    document.getElementById('r-print').onclick = printRoster;
  },
  onLang: rerender,
  onEvent: applyEvent,
  onResync: () => loadAll().then(() => { if (document.body.dataset.tab === 'roster') loadRoster(); }),
  load: loadAll,
});
