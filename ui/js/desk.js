// The desk (取号台): issue numbers per service, priority, reprint, void, put no-shows back.

import { call, onHallEvent, openWindow, stationId, HallClock } from './api.js';
import { initI18n, t, toggleLang, onLangChange, serviceName, apply } from './i18n.js';
import { start, toast, showError, confirmDialog, el, topbar } from './ui.js';

const clock = new HallClock();
const station = stationId('desk');
let info = { test_mode: false };
let snap = null;
let selected = null; // the ticket shown on the card
const listed = new Map(); // waiting and no-show tickets of today, by id
let busy = false;

function renderServices() {
  const box = document.getElementById('services');
  box.replaceChildren();
  const prio = document.getElementById('priority').checked;
  snap.services.forEach((s, i) => {
    const b = el('button', `service-btn${prio ? ' prio-mode' : ''}`);
    b.dataset.prefix = s.prefix;
    b.dataset.serviceId = s.service_id;
    b.disabled = !s.enabled;
    const top = el('span', 'prefix', s.prefix);
    const name = el('span', 'name', serviceName(s));
    const meta = el('span', 'meta');
    if (s.enabled) {
      const w = el('span', 'waiting', t('desk.waiting', { n: s.waiting }));
      meta.append(w, ` · ${t('desk.est', { m: s.estimated_wait_minutes })}`);
    } else {
      meta.textContent = t('desk.disabled');
    }
    if (i < 9) top.append(el('kbd', '', String(i + 1)));
    b.append(top, name, meta);
    b.onclick = () => issue(s.service_id);
    box.append(b);
  });
  const waiting = snap.services.reduce((a, s) => a + s.waiting, 0);
  document.getElementById('total-waiting').textContent = waiting;
  document.getElementById('total-issued').textContent = snap.issued_today;
  document.getElementById('total-served').textContent = snap.served_today;
}

function showTicket(issued) {
  selected = issued ? issued.ticket : null;
  const card = document.getElementById('ticket');
  card.dataset.empty = issued ? 'false' : 'true';
  card.classList.toggle('prio', !!(issued && issued.ticket.priority));
  document.getElementById('ticket-hall').textContent = issued ? issued.hall_name : '';
  document.getElementById('ticket-number').textContent = issued ? issued.ticket.number : '—';
  const svc = document.getElementById('ticket-service');
  if (issued) {
    svc.removeAttribute('data-i18n');
    svc.textContent = serviceName(issued.ticket) + (issued.ticket.priority ? ` · ${t('desk.priority_short')}` : '');
  } else {
    svc.dataset.i18n = 'desk.no_ticket';
    svc.textContent = t('desk.no_ticket');
  }
  document.getElementById('ticket-ahead').textContent = issued ? t('desk.ahead', { n: issued.ahead }) : '';
  document.getElementById('ticket-wait').textContent = issued ? t('desk.wait', { m: issued.estimated_wait_minutes }) : '';
  document.getElementById('ticket-time').textContent = issued ? t('desk.issued_at', { time: clock.hhmmss(issued.ticket.issued_at) }) : '';
  updateActions();
  renderList();
}

function updateActions() {
  const st = selected && (listed.get(selected.id) || selected).status;
  document.getElementById('reprint').disabled = !(st === 'waiting' || st === 'called');
  const v = document.getElementById('void');
  if (st === 'no_show') {
    v.textContent = t('desk.requeue');
    v.dataset.action = 'requeue';
    v.classList.remove('danger');
    v.disabled = false;
  } else {
    v.textContent = t('desk.void');
    v.dataset.action = 'void';
    v.classList.add('danger');
    v.disabled = st !== 'waiting';
  }
}

function renderList() {
  const ul = document.getElementById('recent');
  ul.replaceChildren();
  [...listed.values()]
    .sort((a, b) => b.issued_at - a.issued_at || b.id - a.id)
    .slice(0, 60)
    .forEach((tk) => {
      const li = el('li');
      li.dataset.number = tk.number;
      if (selected && selected.id === tk.id) li.classList.add('selected');
      li.append(
        el('span', 'num', tk.number),
        el('span', 'svc', serviceName(tk) + (tk.priority ? ` · ${t('desk.priority_short')}` : '')),
        el('span', `st ${tk.status}`, `${t(`status.${tk.status}`)} ${clock.hhmm(tk.issued_at)}`),
      );
      li.onclick = async () => {
        try {
          showTicket(tk.status === 'waiting' ? await call('reprint_ticket', { ticketId: tk.id }) : { ticket: tk, ahead: 0, estimated_wait_minutes: 0, hall_name: snap.hall_name });
        } catch (e) { showError(e); }
      };
      ul.append(li);
    });
}

async function issue(serviceId) {
  // The core also refuses a repeated press from this station; this only spares a round trip.
  if (busy) return;
  busy = true;
  const prio = document.getElementById('priority');
  try {
    const issued = await call('issue_ticket', { request: { service_id: serviceId, priority: prio.checked, station } });
    showTicket(issued);
    if (issued.repeated) toast(t('desk.repeated', { number: issued.ticket.number }));
    prio.checked = false; // priority is for one person
    priorityChanged();
  } catch (e) {
    showError(e);
  } finally {
    busy = false;
  }
}

function priorityChanged() {
  document.getElementById('priority-label').classList.toggle('on', document.getElementById('priority').checked);
  renderServices();
}

async function reprint() {
  if (!selected) return;
  try {
    const issued = await call('reprint_ticket', { ticketId: selected.id });
    showTicket(issued);
    if (!info.test_mode) window.print();
    toast(t('desk.printed', { number: issued.ticket.number }));
  } catch (e) { showError(e); }
}

async function voidOrRequeue() {
  if (!selected) return;
  const action = document.getElementById('void').dataset.action;
  try {
    if (action === 'requeue') {
      const tk = await call('requeue', { ticketId: selected.id });
      toast(t('desk.requeued', { number: tk.number }));
      return;
    }
    if (!(await confirmDialog(t('desk.void_confirm', { number: selected.number })))) return;
    const tk = await call('void_ticket', { ticketId: selected.id });
    toast(t('desk.voided', { number: tk.number }));
    showTicket(null);
  } catch (e) { showError(e); }
}

function applyEvent(ev) {
  if (ev.type === 'config') return load();
  if (ev.type !== 'ticket') return;
  const tk = ev.ticket;
  snap.services = ev.queues;
  if (ev.change === 'issued') snap.issued_today += 1;
  if (ev.change === 'voided') snap.issued_today -= 1;
  if (ev.change === 'finished') snap.served_today += 1;
  if (tk.status === 'waiting' || tk.status === 'no_show') listed.set(tk.id, tk);
  else listed.delete(tk.id);
  if (selected && selected.id === tk.id) selected = tk;
  renderServices();
  renderList();
  updateActions();
}

async function load() {
  try {
    snap = await call('snapshot');
    clock.sync(snap);
    document.getElementById('hall-name').textContent = snap.hall_name;
    listed.clear();
    for (const st of ['waiting', 'no_show']) {
      (await call('tickets_today', { status: st })).forEach((tk) => listed.set(tk.id, tk));
    }
    renderServices();
    renderList();
  } catch (e) { showError(e); }
}

async function main() {
  await initI18n();
  info = await call('app_info');
  document.getElementById('test-mode').hidden = !info.test_mode;
  topbar(clock, toggleLang);
  onLangChange(() => { apply(); renderServices(); renderList(); if (selected) updateActions(); });
  document.getElementById('priority').onchange = priorityChanged;
  document.getElementById('reprint').onclick = reprint;
  document.getElementById('void').onclick = voidOrRequeue;
  document.getElementById('open-counter').onclick = () => openWindow('counter').catch(showError);
  document.getElementById('open-display').onclick = () => openWindow('display').catch(showError);
  document.getElementById('open-settings').onclick = () => openWindow('settings').catch(showError);
  document.addEventListener('keydown', (e) => {
    if (e.target.tagName === 'INPUT' && e.target.type !== 'checkbox') return;
    if (document.querySelector('dialog[open]')) return;
    const n = Number(e.key);
    if (n >= 1 && n <= 9 && snap && snap.services[n - 1] && !e.repeat) issue(snap.services[n - 1].service_id);
    if (e.key === 'p' || e.key === 'P') { const p = document.getElementById('priority'); p.checked = !p.checked; priorityChanged(); }
  });
  await onHallEvent(applyEvent, load);
  await load();
  document.body.dataset.ready = 'true';
}

start(main);
