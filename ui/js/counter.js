// A counter (窗口): call next, recall, no-show, finish, transfer, call a number, pause.

import { call, HallClock } from './api.js';
import { t, serviceName, apply } from './i18n.js';
import { boot, toast, showError, el, shortened } from './ui.js';
import { statusLabel, statusTone, extendedText, earlierDayTag, numberWithDay } from './hall-status.js';

/** The pill's short label: the line below says how many wait, or until when booked people check in. */
function pillText(st) {
  if (st && st.status === 'extended_service') return t('hall_status.extended_service');
  if (st && st.status === 'appointments_only') return t('hall.appointments_short');
  return statusLabel(st);
}

const clock = new HallClock();
let snap = null;
let settings = null;
let counterId = Number(new URLSearchParams(location.search).get('counter')) || Number(sessionStorage.getItem('frontdesk.counter')) || null;
let view = null;
/** The one window a paired browser serves (its device's counter); null in the app, where
 *  the clerk picks the window this PC is. */
let own = null;
let busy = false;
let hallStatus = null; // the hall's status (hall_status, then `status` events)
let redrawClock = () => {};

/** The hall's status in the top bar; below it, in extended service how many still wait,
 *  on a booking day that only booked people come (and until when they check in). */
function renderHall() {
  const st = hallStatus;
  const pill = document.getElementById('hall-status');
  pill.hidden = !st;
  pill.textContent = pillText(st);
  pill.className = `pill hall-status ${statusTone(st)}`;
  const line = document.getElementById('extended-line');
  const appt = !!st && st.status === 'appointments_only';
  line.hidden = !(st && (st.status === 'extended_service' || appt));
  line.classList.toggle('appt', appt);
  if (st && st.status === 'extended_service') line.textContent = extendedText(st);
  if (appt) line.textContent = t('counter.appointments_line', { time: st.appointment_day.closes.time });
}

function serviceById(id) {
  return snap.services.find((s) => s.service_id === id);
}

function renderPick() {
  document.getElementById('pick').hidden = false;
  document.getElementById('work').hidden = true;
  document.getElementById('switch').hidden = true;
  document.getElementById('close-counter').hidden = true;
  document.getElementById('open-rating').hidden = true;
  document.getElementById('open-bar').hidden = true;
  document.getElementById('counter-state').textContent = '';
  document.getElementById('counter-services').textContent = '';
  const grid = document.getElementById('pick-grid');
  grid.replaceChildren();
  snap.counters.filter((c) => own === null || c.id === own).forEach((c) => {
    const b = el('button', 'counter-pick');
    b.dataset.number = c.number;
    const names = c.service_ids.map((id) => serviceById(id)).filter(Boolean).map(serviceName).join('、');
    b.append(shortened('n', c.name), shortened('s', names), el('span', `pill ${c.state}`, t(`counter.state.${c.state}`)));
    b.onclick = () => choose(c.id);
    grid.append(b);
  });
}

async function choose(id) {
  try {
    const c = await call('open_counter', { counterId: id });
    counterId = c.id;
    sessionStorage.setItem('frontdesk.counter', String(c.id));
    await refresh();
  } catch (e) { showError(e); }
}

function render() {
  const c = view.counter;
  document.getElementById('pick').hidden = true;
  document.getElementById('work').hidden = false;
  // A paired browser serves one window, and the rating screen is a window of the host.
  document.getElementById('switch').hidden = own !== null;
  document.getElementById('close-counter').hidden = false;
  document.getElementById('open-rating').hidden = own !== null;
  // In a browser the caller bar is a small window of its own, beside the police system.
  document.getElementById('open-bar').hidden = own === null;
  const name = document.getElementById('counter-name');
  name.removeAttribute('data-i18n');
  name.textContent = c.name;
  name.title = c.name;
  document.title = `${c.name} · FrontDesk`;
  const st = document.getElementById('counter-state');
  st.className = `pill ${c.state}`;
  st.textContent = t(`counter.state.${c.state}`) + (c.state === 'paused' && c.pause_reason ? ` · ${c.pause_reason}` : '');
  const names = c.service_ids.map((id) => serviceById(id)).filter(Boolean).map(serviceName).join('、');
  const served = document.getElementById('counter-services');
  served.textContent = t('counter.services', { list: names });
  served.title = served.textContent;

  const cur = view.current;
  const card = document.getElementById('now-card');
  card.classList.toggle('active', !!cur);
  card.classList.toggle('prio', !!(cur && cur.priority));
  document.getElementById('current-number').textContent = cur ? cur.number : '—';
  // An earlier day's ticket served after midnight: say so above the number.
  const dayTag = document.getElementById('current-day');
  dayTag.textContent = earlierDayTag(cur, hallStatus);
  dayTag.hidden = !dayTag.textContent;
  document.getElementById('current-service').textContent = cur
    ? serviceName(cur) + (cur.priority ? ` · ${t('counter.priority')}` : '')
    : t('counter.idle');
  document.getElementById('current-calls').textContent = cur ? t('counter.call_count', { n: cur.call_count }) : '';
  const hint = document.getElementById('noshow-hint');
  hint.hidden = !(cur && cur.call_count >= settings.calls_before_no_show);
  if (cur) hint.textContent = t('counter.offer_noshow', { n: cur.call_count });

  const paused = c.state !== 'open';
  document.getElementById('btn-next').disabled = paused;
  document.getElementById('btn-call-number').disabled = paused;
  for (const id of ['btn-recall', 'btn-noshow', 'btn-finish', 'btn-transfer']) document.getElementById(id).disabled = !cur;
  const pl = document.getElementById('pause-label');
  pl.dataset.i18n = c.state === 'paused' ? 'counter.resume' : 'counter.pause';
  pl.textContent = t(pl.dataset.i18n);

  document.getElementById('served-today').textContent = t('counter.served_today', { n: view.served_today });
  document.getElementById('waiting-count').textContent = t('counter.waiting_count', { n: view.waiting.length });

  const wl = document.getElementById('waiting-list');
  wl.replaceChildren();
  if (view.waiting.length === 0) wl.append(el('li', 'muted', t('counter.nobody')));
  view.waiting.forEach((tk) => {
    const li = el('li');
    li.dataset.number = tk.number;
    const mins = Math.max(0, Math.floor((clock.now() - tk.issued_at) / 60000));
    li.append(numberCell(tk), shortened('svc', serviceName(tk)));
    if (tk.priority) li.append(el('span', 'meta prio-tag', t('counter.priority')));
    if (tk.target_counter_id) li.append(el('span', 'meta', t('counter.transferred')));
    li.append(el('span', 'meta', t('counter.waited', { m: mins })));
    wl.append(li);
  });
  const nl = document.getElementById('noshow-list');
  nl.replaceChildren();
  view.no_shows.forEach((tk) => {
    const li = el('li');
    li.dataset.number = tk.number;
    const callBtn = el('button', '', t('counter.call_this'));
    // The ticket's own day: yesterday's A001 and today's A001 are two people.
    callBtn.onclick = () => act(() => call('call_number', { counterId, number: tk.number, businessDay: tk.business_day }));
    const back = el('button', '', t('counter.requeue'));
    back.onclick = () => act(async () => t('counter.requeued_toast', { number: numberWithDay(await call('requeue', { ticketId: tk.id }), hallStatus) }));
    li.append(numberCell(tk), shortened('svc', serviceName(tk)), callBtn, back);
    nl.append(li);
  });
}

/** A list's number cell; an earlier day's ticket carries its day tag (昨日). */
function numberCell(tk) {
  const cell = el('span', 'num', tk.number);
  const tag = earlierDayTag(tk, hallStatus);
  if (tag) cell.prepend(el('span', 'day-tag', tag));
  return cell;
}

async function refresh() {
  if (!counterId) return renderPick();
  const asked = counterId;
  try {
    const v = await call('counter_view', { counterId: asked });
    // The window may have been closed or switched while this view was on its way (a pushed
    // event's reload racing 下班关闭): a late answer must not bring the old window back.
    if (counterId !== asked) return;
    // A paired browser's closed window waits on the pick screen (its one window) to open.
    if (own !== null && v.counter.state === 'closed') {
      view = null;
      return renderPick();
    }
    view = v;
    render();
  } catch (e) {
    if (counterId !== asked) return;
    showError(e);
    // A paired browser keeps its window (the host may only be away for a moment).
    if (own !== null) return;
    counterId = null;
    sessionStorage.removeItem('frontdesk.counter');
    renderPick();
  }
}

/** Runs one action; a second press while the first is under way is ignored. The action
 *  returns what to tell the clerk: a sentence, or a call's outcome. Resolves to whether it
 *  went through. */
async function act(f) {
  if (busy) return false;
  busy = true;
  try {
    const r = await f();
    if (typeof r === 'string') toast(r);
    else if (r && 'called' in r) toast(r.called ? t('counter.called_toast', { number: numberWithDay(r.called, hallStatus) }) : t('counter.nobody'));
    await refresh();
    return true;
  } catch (e) {
    showError(e);
    return false;
  } finally {
    busy = false;
  }
}

const cur = () => view && view.current;
/** The calls that change the ticket a counter holds, each with the sentence saying what it did. */
const held = {
  recall: async (tk) => {
    const r = await call('recall', { counterId, ticketId: tk.id });
    return t('counter.recalled_toast', { number: numberWithDay(r, hallStatus), n: r.call_count });
  },
  noshow: async (tk) => t('counter.noshow_toast', { number: numberWithDay(await call('no_show', { counterId, ticketId: tk.id }), hallStatus) }),
  finish: async (tk) => t('counter.finished_toast', { number: numberWithDay(await call('finish', { counterId, ticketId: tk.id }), hallStatus) }),
  // Back to its own service: it keeps its place by original issue time for another window.
  requeue: async (tk) => {
    const r = await call('transfer', { counterId, ticketId: tk.id, target: { kind: 'service', id: tk.service_id } });
    return t('counter.returned_toast', { number: numberWithDay(r, hallStatus) });
  },
};
const actions = {
  next: () => act(() => call('call_next', { counterId })),
  recall: () => cur() && act(() => held.recall(cur())),
  noshow: () => cur() && act(() => held.noshow(cur())),
  finish: () => cur() && act(() => held.finish(cur())),
  transfer: () => cur() && openTransfer(),
  number: () => view && view.counter.state === 'open' && openNumber(),
  pause: () => view && (view.counter.state === 'paused'
    ? act(async () => { await call('resume_counter', { counterId }); return t('counter.resumed_toast'); })
    : openPause()),
};

/** Leaves this window (下班关闭, or 切换窗口 to another one): a ticket it still holds is
 *  settled first as the clerk chooses, then the window is closed, so it never stays open
 *  with a number called at it. */
async function signOff(kind) {
  if (!view || busy) return;
  const tk = cur();
  if (tk) {
    const how = await askHeld(kind, tk);
    if (!how || !(await act(() => held[how](tk)))) return;
  }
  const closed = await act(async () => t('counter.closed_toast', { name: (await call('close_counter', { counterId })).name }));
  if (!closed) return;
  counterId = null;
  view = null;
  sessionStorage.removeItem('frontdesk.counter');
  renderPick();
}

/** Asks what to do with the ticket held at this window: 'finish', 'requeue', 'noshow' or null. */
function askHeld(kind, tk) {
  const dlg = document.getElementById('held-dlg');
  document.getElementById('held-title').textContent = t('counter.held_title', { name: view.counter.name, number: tk.number });
  document.getElementById('held-text').textContent = t(kind === 'switch' ? 'counter.held_switch' : 'counter.held_close');
  return new Promise((resolve) => {
    const done = (v) => { dlg.oncancel = null; dlg.close(); resolve(v); };
    for (const how of ['finish', 'requeue', 'noshow']) document.getElementById(`held-${how}`).onclick = () => done(how);
    document.getElementById('held-cancel').onclick = () => done(null);
    dlg.oncancel = () => resolve(null);
    dlg.showModal();
    document.getElementById('held-finish').focus();
  });
}

/** 转办: choosing a target only selects it (Enter on a choice, or a click); the confirm
 *  button (or Enter once more) transfers, and a message says where the ticket went. */
function openTransfer() {
  const dlg = document.getElementById('transfer-dlg');
  const ticket = cur();
  const ok = document.getElementById('transfer-ok');
  const line = document.getElementById('transfer-chosen');
  let target = null;
  ok.disabled = true;
  line.textContent = t('counter.transfer_pick');
  document.getElementById('transfer-title').textContent = t('counter.transfer_title', { number: ticket.number });
  const choice = (text, value, note) => {
    const b = el('button', note ? 'off' : '', text);
    b.type = 'button';
    if (note) b.append(el('span', 'note', ` · ${note}`));
    b.onclick = () => {
      dlg.querySelectorAll('.choice-grid button').forEach((x) => x.classList.toggle('chosen', x === b));
      target = { value, label: b.textContent };
      line.textContent = t('counter.transfer_to', { number: ticket.number, target: target.label });
      ok.disabled = false;
      ok.focus();
    };
    return b;
  };
  const sv = document.getElementById('transfer-services');
  sv.replaceChildren(...snap.services.filter((s) => s.enabled && s.service_id !== ticket.service_id).map((s) => {
    const b = choice(`${s.prefix} · ${serviceName(s)}`, { kind: 'service', id: s.service_id });
    b.dataset.serviceId = s.service_id;
    return b;
  }));
  const cv = document.getElementById('transfer-counters');
  // A window that is not open says so: the ticket would wait there until it opens.
  cv.replaceChildren(...snap.counters.filter((c) => c.id !== counterId).map((c) => {
    const b = choice(c.name, { kind: 'counter', id: c.id }, c.state === 'open' ? '' : t(`counter.state.${c.state}`));
    b.dataset.counterId = c.id;
    b.dataset.state = c.state;
    return b;
  }));
  document.getElementById('transfer-cancel').onclick = () => dlg.close();
  document.getElementById('transfer-form').onsubmit = (e) => {
    e.preventDefault();
    if (!target) return;
    const { value, label } = target;
    dlg.close();
    act(async () => {
      const tk = await call('transfer', { counterId, ticketId: ticket.id, target: value });
      return t('counter.transferred_toast', { number: tk.number, target: label });
    });
  };
  dlg.showModal();
  const first = dlg.querySelector('.choice-grid button');
  if (first) first.focus();
}

function openNumber() {
  const dlg = document.getElementById('number-dlg');
  const input = document.getElementById('number-input');
  input.value = '';
  document.getElementById('number-days').hidden = true;
  document.getElementById('number-cancel').onclick = () => dlg.close();
  document.getElementById('number-form').onsubmit = (e) => {
    e.preventDefault();
    const number = input.value.trim();
    if (!number) return;
    dlg.close();
    act(async () => {
      try {
        return await call('call_number', { counterId, number });
      } catch (err) {
        if (err && err.code === 'ambiguous_number') return chooseDay(err.params);
        throw err;
      }
    });
  };
  dlg.showModal();
  input.focus();
}

/** The number is held on two open days (yesterday's A001 still waits after midnight, and
 *  today's A001): the core refused to guess, so the clerk picks the day. */
function chooseDay({ number, days }) {
  const dlg = document.getElementById('number-dlg');
  document.getElementById('number-days').hidden = false;
  document.getElementById('number-days-text').textContent = t('counter.choose_day', { number });
  const grid = document.getElementById('number-days-grid');
  grid.replaceChildren();
  days.forEach((day) => {
    const tag = earlierDayTag({ business_day: day }, hallStatus) || t('ticket.today');
    const b = el('button', '', `${tag} ${number}`);
    b.type = 'button';
    b.dataset.day = day;
    b.onclick = () => { dlg.close(); act(() => call('call_number', { counterId, number, businessDay: day })); };
    grid.append(b);
  });
  document.getElementById('number-input').value = number;
  dlg.showModal();
}

/** 暂停: the reason box has the focus (a preset fills it); Enter pauses, Esc cancels. */
function openPause() {
  const dlg = document.getElementById('pause-dlg');
  const input = document.getElementById('pause-input');
  input.value = '';
  const box = document.getElementById('pause-reasons');
  box.replaceChildren();
  ['break', 'meeting', 'system'].forEach((k) => {
    const b = el('button', '', t(`counter.reason.${k}`));
    b.type = 'button';
    b.onclick = () => { input.value = t(`counter.reason.${k}`); input.focus(); };
    box.append(b);
  });
  document.getElementById('pause-cancel').onclick = () => dlg.close();
  document.getElementById('pause-form').onsubmit = (e) => {
    e.preventDefault();
    const reason = input.value.trim();
    dlg.close();
    act(async () => {
      await call('pause_counter', { counterId, reason });
      return reason ? t('counter.paused_reason_toast', { reason }) : t('counter.paused_toast');
    });
  };
  dlg.showModal();
  input.focus();
}

async function loadAll() {
  snap = await call('snapshot');
  settings = await call('hall_settings');
  clock.sync(snap);
  redrawClock();
  hallStatus = await call('hall_status');
  renderHall();
  await refresh();
}

boot({
  clock,
  setup: ({ me, redrawClock: redraw }) => {
    redrawClock = redraw;
    if (me.role === 'counter') {
      own = me.counter_id;
      counterId = own;
    }
    document.getElementById('btn-next').onclick = actions.next;
    document.getElementById('btn-recall').onclick = actions.recall;
    document.getElementById('btn-noshow').onclick = actions.noshow;
    document.getElementById('btn-finish').onclick = actions.finish;
    document.getElementById('btn-transfer').onclick = actions.transfer;
    document.getElementById('btn-call-number').onclick = actions.number;
    document.getElementById('btn-pause').onclick = actions.pause;
    // The rating window faces the person at this counter (a second monitor).
    document.getElementById('open-rating').onclick = () => call('open_rating_window', { counterId }).catch(showError);
    document.getElementById('open-bar').onclick = () => window.open('callbar.html', 'callbar', 'popup,width=400,height=120');
    document.getElementById('switch').onclick = () => signOff('switch');
    document.getElementById('close-counter').onclick = () => signOff('close');
    const keys = { F1: 'next', F2: 'recall', F3: 'noshow', F4: 'finish', F5: 'transfer', F6: 'number', F7: 'pause' };
    document.addEventListener('keydown', (e) => {
      const a = keys[e.key];
      if (!a) return;
      e.preventDefault();
      if (document.querySelector('dialog[open]') || !view || e.repeat) return;
      actions[a]();
    });
  },
  onLang: () => { apply(); renderHall(); if (view) render(); else renderPick(); },
  onEvent: async (ev) => {
    if (ev.type === 'config') return loadAll();
    if (ev.type === 'status') {
      hallStatus = ev.status;
      renderHall();
      if (view) render(); // past midnight, yesterday's tickets get their tag
    } else if (ev.type === 'ticket') {
      snap.services = ev.queues;
      if (view) await refresh();
    } else if (ev.type === 'counter') {
      const i = snap.counters.findIndex((c) => c.id === ev.counter.id);
      if (i >= 0) snap.counters[i] = ev.counter;
      if (view) await refresh(); else renderPick();
    }
  },
  onResync: loadAll,
  // The window still comes up (with its error shown) when the first load fails.
  load: () => loadAll().catch(showError),
});
