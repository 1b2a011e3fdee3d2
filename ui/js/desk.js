// The desk (取号台): issue numbers per service, priority, reprint, void, put no-shows back.

import { call, openWindow, stationId, HallClock } from './api.js';
import { t, serviceName, apply, errorText } from './i18n.js';
import { boot, toast, showError, confirmDialog, el, shortened, keyedChildren, setText } from './ui.js';
import { appointmentDay, dayOver, opensLaterToday, statusLabel, statusTone, extendedText, countdown, countdownWords, guidanceText, whenText, fillGuidance, earlierDayTag } from './hall-status.js';

const clock = new HallClock();
const station = stationId('desk');
let info = { test_mode: false };
let onHost = true; // the desktop app's desk, not a desk in a browser on the LAN
let snap = null;
let selected = null; // the ticket shown on the card
let shown = null; // the IssuedTicket on the card, redrawn when the language changes
const listed = new Map(); // waiting and no-show tickets of today, by id
let busy = false;
let hallStatus = null; // the hall's status (hall_status, then `status` events)
let schedule = null; // the schedule settings: the 12123 guidance text
let guided = 0; // people guided to 12123 today
let dayRec = null; // today's record: whether and when the day was ended
let redrawClock = () => {};
let printing = null; // the desk's printer settings (设置 → 打印)
let printer = null; // the printer's last known state (printer_status, then print outcomes)
const prints = new Map(); // ticket id → its latest print (未打印 ones loaded, then `print` events)
// The printer light asks the printer now and then; every print outcome also updates it.
const PROBE_EVERY_MS = 60000;

function renderServices() {
  const box = document.getElementById('services');
  const prio = document.getElementById('priority').checked;
  // More services, more columns: a tile keeps room for its key, name and waiting count.
  const n = snap.services.length;
  box.style.setProperty('--cols', n <= 4 ? 2 : n <= 9 ? 3 : n <= 16 ? 4 : 5);
  // Tiles are updated in place, never rebuilt (see keyedChildren).
  keyedChildren(box, snap.services, (s) => s.service_id, newTile, (b, s, i) => fillTile(b, s, i, prio));
  const waiting = snap.services.reduce((a, s) => a + s.waiting, 0);
  document.getElementById('total-waiting').textContent = waiting;
  document.getElementById('total-issued').textContent = snap.issued_today;
  document.getElementById('total-served').textContent = snap.served_today;
}

/** A service's tile with its fixed parts: key and prefix, name, and the line under it. */
function newTile() {
  const b = el('button', 'service-btn');
  const meta = el('span', 'meta');
  // The line's parts: waiting, estimate, the service's own cutoff, or "not issued".
  meta.append(el('span', 'waiting'), el('span', 'est'), el('span', 'cut'), el('span', 'off'));
  const top = el('span', 'prefix');
  top.append(document.createTextNode(''), el('kbd'));
  b.append(top, el('span', 'name'), meta);
  b.onclick = () => issue(Number(b.dataset.serviceId));
  return b;
}

function fillTile(b, s, i, prio) {
  b.className = `service-btn${prio ? ' prio-mode' : ''}`;
  b.dataset.prefix = s.prefix;
  b.dataset.serviceId = s.service_id;
  const si = hallStatus && hallStatus.services.find((x) => x.service_id === s.service_id);
  const issuing = !hallStatus || (si ? si.issuing_open : hallStatus.issuing_open);
  b.disabled = !s.enabled || !issuing;
  const [top, name, meta] = b.children;
  top.firstChild.nodeValue = s.prefix;
  const key = top.lastChild;
  setText(key, i < 9 ? String(i + 1) : '');
  key.hidden = i >= 9;
  setText(name, serviceName(s));
  const [waiting, est, cut, off] = meta.children;
  setText(waiting, s.enabled ? t('desk.waiting', { n: s.waiting }) : '');
  // A narrow tile drops the estimate (CSS); the tooltip keeps it.
  setText(est, s.enabled ? ` · ${t('desk.est', { m: s.estimated_wait_minutes })}` : '');
  // A service that closes before the hall (its own earlier cutoff) says so.
  let note = '';
  if (s.enabled && hallStatus && hallStatus.issuing_open && si) {
    if (!si.issuing_open) note = ` · ${t('desk.service_cut')}`;
    else if (si.cutoff && hallStatus.cutoff && si.cutoff.at < hallStatus.cutoff.at) note = ` · ${t('desk.service_until', { time: si.cutoff.time })}`;
  }
  setText(cut, note);
  setText(off, s.enabled ? '' : t('desk.disabled'));
  // A long name is shortened on a small tile: the whole of it on hover.
  b.title = `${s.prefix} ${serviceName(s)}\n${meta.textContent}`;
}

function showTicket(issued) {
  shown = issued;
  selected = issued ? issued.ticket : null;
  renderCard();
  updateActions();
  renderList();
}

/** The ticket card in the current language (service name, labels, people ahead, wait). */
function renderCard() {
  const issued = shown;
  const card = document.getElementById('ticket');
  card.dataset.empty = issued ? 'false' : 'true';
  card.classList.toggle('prio', !!(issued && issued.ticket.priority));
  document.getElementById('ticket-hall').textContent = issued ? issued.hall_name : '';
  document.getElementById('ticket-number').textContent = issued ? issued.ticket.number : '—';
  const svc = document.getElementById('ticket-service');
  if (issued) {
    svc.removeAttribute('data-i18n');
    svc.textContent = serviceName(issued.ticket) + (issued.ticket.priority ? ` · ${t('desk.priority_short')}` : '')
      + (issued.ticket.booking_id ? ` · ${t('desk.appointment')}` : '')
      + (earlierDayTag(issued.ticket, hallStatus) ? ` · ${earlierDayTag(issued.ticket, hallStatus)}` : '');
  } else {
    svc.dataset.i18n = appointmentDay(hallStatus) ? 'desk.no_ticket_appt' : 'desk.no_ticket';
    svc.textContent = t(svc.dataset.i18n);
  }
  document.getElementById('ticket-ahead').textContent = issued ? t('desk.ahead', { n: issued.ahead }) : '';
  document.getElementById('ticket-wait').textContent = issued ? t('desk.wait', { m: issued.estimated_wait_minutes }) : '';
  document.getElementById('ticket-time').textContent = issued ? t('desk.issued_at', { time: clock.hhmmss(issued.ticket.issued_at) }) : '';
  renderPrintLine();
}

/** The card's print line: 打印中…, 已打印, or 未打印 with the printer's reason. */
function renderPrintLine() {
  const line = document.getElementById('ticket-print');
  const p = shown && prints.get(shown.ticket.id);
  line.className = 'ticket-line ticket-print';
  line.title = '';
  if (p && p.state === 'failed') {
    line.textContent = `${t('desk.unprinted')}：${errorText(p.error)}`;
    line.title = line.textContent;
    line.classList.add('bad');
  } else if (p && p.state === 'printed') {
    line.textContent = t('desk.print_ok');
    line.classList.add('ok');
  } else {
    line.textContent = shown && shown.printPending ? t('desk.print_pending') : '';
  }
}

function hasPrinter() {
  return !!(printing && printing.printer);
}

/** The printer light in the footer, and the test page beside it. */
function renderPrinter() {
  const light = document.getElementById('printer-light');
  light.hidden = !hasPrinter();
  document.getElementById('test-page').hidden = !hasPrinter();
  if (!hasPrinter() || !printer) return;
  const ok = printer.state === 'ready';
  const low = ok && printer.paper === 'paper_near_end';
  light.textContent = t(ok ? (low ? 'desk.printer_low' : 'desk.printer_ready') : 'desk.printer_error');
  light.title = ok ? '' : errorText(printer.error);
  light.className = `pill printer ${ok ? (low ? 'warn' : 'ok') : 'bad'}`;
  light.dataset.state = printer.state;
}

async function probePrinter() {
  if (!hasPrinter()) return renderPrinter();
  try {
    printer = await call('printer_status', { station: 'desk' });
  } catch (e) { printer = null; }
  renderPrinter();
}

async function testPage() {
  try {
    printer = await call('print_test_page', { station: 'desk' });
    toast(t('desk.test_page_sent'));
  } catch (e) {
    showError(e);
    if (e.code && e.code.startsWith('print_')) printer = { state: 'error', error: e };
  }
  renderPrinter();
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
      const num = el('span', 'num', tk.number);
      // Yesterday's people still waiting after midnight: never mistaken for today's A001.
      const tag = earlierDayTag(tk, hallStatus);
      if (tag) num.prepend(el('span', 'day-tag', tag));
      const p = prints.get(tk.id);
      if (p && p.state === 'failed') {
        li.classList.add('unprinted');
        const mark = el('span', 'unprinted-tag', t('desk.unprinted'));
        mark.title = errorText(p.error);
        num.append(mark);
      }
      li.append(
        num,
        shortened('svc', serviceName(tk) + (tk.priority ? ` · ${t('desk.priority_short')}` : '') + (tk.booking_id ? ` · ${t('desk.appointment')}` : '')),
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

/** A number just issued or checked in, as the card shows it: the shell prints it now when
 *  the desk prints on issue (a repeated press was printed the first time), and the outcome
 *  comes as a `print` event. */
function printingNow(issued) {
  return { ...issued, printPending: !issued.repeated && hasPrinter() && printing.auto_print };
}

async function issue(serviceId) {
  // The core also refuses a repeated press from this station; this only spares a round trip.
  if (busy) return;
  busy = true;
  const prio = document.getElementById('priority');
  try {
    const issued = await call('issue_ticket', { request: { service_id: serviceId, priority: prio.checked, station } });
    showTicket(printingNow(issued));
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

/** 重打: on the desk's ticket printer with fresh figures when it has one (the outcome marks
 *  or clears 未打印), else through the system's print dialog. */
async function reprint() {
  if (!selected) return;
  try {
    const issued = await call('reprint_ticket', { ticketId: selected.id });
    if (!hasPrinter()) {
      showTicket(issued);
      if (!info.test_mode) window.print();
      toast(t('desk.printed', { number: issued.ticket.number }));
      return;
    }
    prints.delete(issued.ticket.id);
    showTicket({ ...issued, printPending: true });
    const p = await call('print_ticket', { ticketId: issued.ticket.id });
    prints.set(issued.ticket.id, p);
    renderCard();
    renderList();
    if (p.state === 'printed') toast(t('desk.printed', { number: issued.ticket.number }));
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

/** 预约签到: one box takes a code, a mobile or an ID number (by its shape); the core finds
 *  today's booking and issues its appointment ticket, shown on the card like any other. */
async function checkIn(ev) {
  ev.preventDefault();
  const input = document.getElementById('checkin-input');
  if (busy || !input.value.trim()) return;
  busy = true;
  try {
    const out = await call('check_in', { by: { by: 'entry', value: input.value } });
    showTicket(printingNow(out.ticket));
    toast(out.ticket.repeated
      ? t('desk.checkin_repeated', { number: out.ticket.ticket.number })
      : t('desk.checked_in', { number: out.ticket.ticket.number, start: out.booking.start }));
    input.value = '';
  } catch (e) {
    showError(e);
    input.select();
  } finally {
    busy = false;
  }
}

/** The top bar's pill, and the 12123 guidance in place of the buttons once issuing is over. */
function renderHall() {
  const st = hallStatus;
  const pill = document.getElementById('hall-status');
  pill.hidden = !st;
  pill.textContent = statusLabel(st);
  pill.className = `pill hall-status ${statusTone(st)}`;
  document.body.dataset.hall = st ? st.status : '';
  const over = dayOver(st);
  document.getElementById('guidance').hidden = !over;
  document.getElementById('services').hidden = over;
  // A booking day: no walk-ins (the buttons stay, switched off); check-in is the way in.
  const appt = appointmentDay(st);
  document.getElementById('priority-label').hidden = over || appt;
  document.getElementById('checkin-form').classList.toggle('highlight', appt);
  if (over) {
    document.getElementById('guidance-status').textContent = st.status === 'extended_service' ? extendedText(st) : statusLabel(st);
    fillGuidance(document.getElementById('guidance-text'), guidanceText(schedule));
    document.getElementById('guidance-next').textContent = t('desk.next_open', { when: whenText(st, st.opens_at) });
  }
  const ended = !!(dayRec && dayRec.ended_at);
  document.getElementById('end-day').classList.toggle('primary', over && !ended);
  const summary = document.getElementById('day-summary');
  summary.hidden = !(over && ended);
  if (ended) {
    summary.textContent = t('desk.day_summary', {
      time: clock.hhmm(dayRec.ended_at), served: dayRec.served, late: dayRec.served_after_closing,
      minutes: dayRec.minutes_past_closing,
    });
  }
  renderGuided();
  renderBanner();
  renderServices();
  renderCard();
}

/** On a booking day, where booked people go; else the countdown before issuing opens, or
 *  the reminder before the cutoff; runs each second. */
function renderBanner() {
  const st = hallStatus;
  const banner = document.getElementById('hall-banner');
  let kind = '';
  if (appointmentDay(st)) {
    kind = 'appointments';
    const day = st.appointment_day;
    document.getElementById('banner-title').textContent = t('desk.appt_title');
    fillGuidance(document.getElementById('banner-text'),
      `${t('desk.appt_text')} ${t('desk.appt_hours', { opens: day.check_in_opens.time, closes: day.closes.time })}`);
  } else if (opensLaterToday(st)) {
    kind = 'countdown';
    document.getElementById('banner-title').textContent = t('desk.countdown', { left: countdown(st.opens_at.at - clock.now()) });
    const extra = st.status === 'extended_service' ? ` · ${extendedText(st)}` : '';
    document.getElementById('banner-text').textContent = t('desk.opens_at', { time: st.opens_at.time }) + extra;
  } else if (st && st.reminder && st.cutoff) {
    kind = 'reminder';
    document.getElementById('banner-title').textContent = t('desk.reminder_title', { time: st.cutoff.time, left: countdownWords(st.cutoff.at - clock.now()) });
    document.getElementById('banner-text').textContent = t('desk.reminder_text');
  }
  banner.hidden = !kind;
  banner.className = `hall-banner ${kind}`;
  document.getElementById('banner-guided').hidden = kind !== 'reminder';
}

function renderGuided() {
  document.getElementById('guided-count').textContent = t('desk.guided_count', { n: guided });
  document.getElementById('total-guided').textContent = guided;
  document.querySelectorAll('.guided-n').forEach((b) => { b.textContent = guided; });
}

async function loadDayRecord() {
  dayRec = await call('day_record', { date: snap.business_day });
  guided = dayRec.guided_to_12123;
}

async function guide() {
  try {
    guided = (await call('guide_to_12123', { station })).today;
    renderGuided();
  } catch (e) { showError(e); }
}

async function endDay() {
  if (!(await confirmDialog(t('desk.end_day_confirm')))) return;
  try {
    const rec = await call('end_day');
    dayRec = rec;
    guided = rec.guided_to_12123;
    renderHall();
    toast(t('desk.day_ended', { served: rec.served, late: rec.served_after_closing, guided: rec.guided_to_12123 }));
  } catch (e) { showError(e); }
}

/** A print's outcome: the ticket's 未打印 mark (set or cleared), the card, the light. */
function applyPrint(ev) {
  prints.set(ev.ticket_id, ev.print);
  if (ev.print.state === 'failed') {
    if (ev.print.station === 'desk') printer = { state: 'error', error: ev.print.error };
    toast(t('desk.print_failed', { number: ev.number, reason: errorText(ev.print.error) }), 'error');
  } else if (ev.print.state === 'printed' && ev.print.station === 'desk') {
    printer = { state: 'ready', paper: ev.print.paper_low ? 'paper_near_end' : 'ready' };
  }
  renderPrinter();
  renderList();
  renderPrintLine();
}

function applyEvent(ev) {
  if (ev.type === 'config') return load();
  if (ev.type === 'print') return applyPrint(ev);
  if (ev.type === 'status') {
    hallStatus = ev.status;
    // The day may have been ended (here or at another desk): its record says when.
    if (hallStatus.status === 'closed_for_day') loadDayRecord().then(renderHall, showError);
    renderList(); // past midnight, yesterday's tickets get their tag
    return renderHall();
  }
  if (ev.type !== 'ticket') return;
  const tk = ev.ticket;
  snap.services = ev.queues;
  snap.issued_today = ev.totals.issued;
  snap.served_today = ev.totals.served;
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
    redrawClock();
    Object.assign(document.getElementById('hall-name'), { textContent: snap.hall_name, title: snap.hall_name });
    listed.clear();
    for (const st of ['waiting', 'no_show']) {
      (await call('tickets_today', { status: st })).forEach((tk) => listed.set(tk.id, tk));
    }
    prints.clear();
    (await call('unprinted_tickets')).forEach((m) => prints.set(m.ticket_id, m.print));
    schedule = await call('schedule_settings');
    hallStatus = await call('hall_status');
    // The ticket printers are the host's: a desk in a browser on the LAN has none of its own
    // (its 重打 opens the browser's print dialog) and may not read the host's.
    printing = onHost ? await call('print_settings', { station: 'desk' }) : null;
    await loadDayRecord();
    renderHall();
    renderList();
    renderPrinter();
    // The light follows the settings just loaded (a config event: they may have changed).
    probePrinter();
  } catch (e) { showError(e); }
}

boot({
  clock,
  setup: ({ info: facts, me, redrawClock: redraw }) => {
    info = facts;
    onHost = me.role === 'host';
    redrawClock = redraw;
    document.getElementById('priority').onchange = priorityChanged;
    document.getElementById('reprint').onclick = reprint;
    document.getElementById('void').onclick = voidOrRequeue;
    document.getElementById('open-counter').onclick = () => openWindow('counter').catch(showError);
    document.getElementById('open-display').onclick = () => openWindow('display').catch(showError);
    document.getElementById('open-settings').onclick = () => openWindow('settings').catch(showError);
    document.getElementById('open-booking').onclick = () => openWindow('booking').catch(showError);
    document.getElementById('open-statistics').onclick = () => openWindow('statistics').catch(showError);
    document.getElementById('checkin-form').onsubmit = checkIn;
    document.getElementById('guided').onclick = guide;
    document.getElementById('banner-guided').onclick = guide;
    document.getElementById('end-day').onclick = endDay;
    document.getElementById('test-page').onclick = testPage;
    setInterval(() => { if (hallStatus) renderBanner(); }, 1000);
    setInterval(probePrinter, PROBE_EVERY_MS);
    document.addEventListener('keydown', (e) => {
      if (e.target.tagName === 'INPUT' && e.target.type !== 'checkbox') return;
      if (document.querySelector('dialog[open]')) return;
      const n = Number(e.key);
      if (n >= 1 && n <= 9 && snap && snap.services[n - 1] && !e.repeat) issue(snap.services[n - 1].service_id);
      if (e.key === 'p' || e.key === 'P') { const p = document.getElementById('priority'); p.checked = !p.checked; priorityChanged(); }
    });
  },
  onLang: () => { apply(); renderHall(); renderCard(); renderList(); updateActions(); renderPrinter(); },
  onEvent: applyEvent,
  load,
});
