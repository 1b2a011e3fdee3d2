// Settings (设置): services, counters, the hall's own settings, the display; the schedule
// and the booking rules in their own modules.

import { call } from './api.js';
import { Announcer, fetchHallClip } from './voice.js';
import { t, serviceName, apply } from './i18n.js';
import { boot, toast, showError, el, shortened, wholeNumber, confirmDialog } from './ui.js';
import { initSchedule, loadSchedule, renderSchedule, scheduleStatus } from './settings-schedule.js';
import { initBooking, loadBooking, renderBooking } from './settings-booking.js';
import { unlockStaff, staffCall, signOut, askPin } from './staff.js';
import { initPrint, loadPrint, renderPrint, probePrinters } from './settings-print.js';
import { initNetwork, loadNetwork, renderNetwork, reloadDevices } from './settings-network.js';

let services = [];
let counters = [];
let hall = null;
// Our own saves also come back as config events; reloading then would drop edits in
// other rows that are not saved yet.
let ownSaveUntil = 0;

function input(value, cls = '', type = 'text') {
  const i = el('input', cls);
  i.type = type;
  if (type === 'checkbox') i.checked = !!value; else i.value = value ?? '';
  return i;
}

/** An input that writes what is typed back into `obj[key]`, so a redraw of the table (a
 *  second 新增, a language switch) keeps text that is not saved yet. Numbers stay text here
 *  and are read as whole numbers on save. */
function bound(obj, key, cls = '', type = 'text') {
  const i = input(obj[key], cls, type);
  i.oninput = () => { obj[key] = type === 'checkbox' ? i.checked : i.value; };
  if (type === 'checkbox') i.onchange = i.oninput;
  return i;
}

function saveButton(onSave) {
  const b = el('button', 'primary', t('common.save'));
  b.onclick = async () => {
    b.disabled = true;
    ownSaveUntil = Date.now() + 1500;
    try { await onSave(); toast(t('common.saved')); } catch (e) { showError(e); } finally { b.disabled = false; }
  };
  return b;
}

/** A row that was never saved can be dropped (a mistaken 新增, or one the core refused). */
function dropButton(list, item, redraw) {
  const b = el('button', 'icon', '×');
  b.title = t('settings.drop_row');
  b.dataset.action = 'drop';
  b.onclick = () => { list.splice(list.indexOf(item), 1); redraw(); };
  return b;
}

function cells(tr, items) {
  items.forEach((x) => { const td = el('td'); td.append(...[x].flat()); tr.append(td); });
}

function renderServices() {
  const body = document.getElementById('services-body');
  body.replaceChildren();
  services.forEach((s) => {
    const tr = el('tr');
    tr.dataset.prefix = s.prefix || '';
    if (!s.id) tr.classList.add('unsaved');
    const f = {
      prefix: bound(s, 'prefix', 'short'), name: bound(s, 'name', 'name'), name_en: bound(s, 'name_en', 'name'),
      order: bound(s, 'sort_order', 'short', 'number'), minutes: bound(s, 'minutes_per_person', 'short', 'number'),
      enabled: bound(s, 'enabled', '', 'checkbox'),
    };
    f.prefix.maxLength = 1;
    const save = saveButton(async () => {
      const saved = await staffCall('save_service', { input: {
        id: s.id ?? null, name: f.name.value, name_en: f.name_en.value, prefix: f.prefix.value,
        sort_order: wholeNumber(f.order.value, 'sort_order'), minutes_per_person: wholeNumber(f.minutes.value, 'minutes_per_person'),
        enabled: f.enabled.checked,
      } });
      Object.assign(s, saved);
      tr.classList.remove('unsaved');
      tr.dataset.prefix = saved.prefix;
      drop.remove();
    });
    const drop = s.id ? el('span') : dropButton(services, s, renderServices);
    cells(tr, [f.prefix, f.name, f.name_en, f.order, f.minutes, f.enabled, [save, drop]]);
    body.append(tr);
  });
}

function renderCounters() {
  const body = document.getElementById('counters-body');
  body.replaceChildren();
  counters.forEach((c) => {
    const tr = el('tr');
    tr.dataset.number = c.number ?? '';
    if (!c.id) tr.classList.add('unsaved');
    const num = bound(c, 'number', 'short', 'number');
    const name = bound(c, 'name', 'name');
    const checks = el('div', 'svc-checks');
    const boxes = services.filter((s) => s.id).map((s) => {
      const l = el('label');
      const cb = input((c.service_ids || []).includes(s.id), '', 'checkbox');
      cb.dataset.serviceId = s.id;
      cb.onchange = () => { c.service_ids = boxes.filter((b) => b.checked).map((b) => Number(b.dataset.serviceId)); };
      l.title = `${s.prefix} ${serviceName(s)}`;
      l.append(cb, shortened('svc-name', ` ${s.prefix} ${serviceName(s)}`));
      checks.append(l);
      return cb;
    });
    const appt = bound(c, 'appointment', '', 'checkbox');
    const save = saveButton(async () => {
      const saved = await staffCall('save_counter', { input: {
        id: c.id ?? null, number: wholeNumber(num.value, 'number'), name: name.value,
        service_ids: boxes.filter((b) => b.checked).map((b) => Number(b.dataset.serviceId)), appointment: appt.checked,
      } });
      Object.assign(c, saved);
      tr.classList.remove('unsaved');
      drop.remove();
    });
    const drop = c.id ? el('span') : dropButton(counters, c, renderCounters);
    cells(tr, [num, name, checks, appt, [save, drop]]);
    body.append(tr);
  });
}

const HALL_FIELDS = [
  ['hall_name', 'text'], ['priority_run_limit', 'number'], ['double_click_ms', 'number'],
  ['requeue_places', 'number'], ['calls_before_no_show', 'number'], ['appointment_prefix', 'text'],
];

function renderHall() {
  const form = document.getElementById('hall-form');
  form.replaceChildren();
  const inputs = {};
  HALL_FIELDS.forEach(([k, type]) => {
    const l = el('label', '', t(`settings.${k}`));
    const i = input(hall[k], '', type);
    i.name = k;
    inputs[k] = i;
    form.append(l, i);
  });
  const actions = el('div', 'actions');
  actions.append(saveButton(async () => {
    const next = { ...hall };
    HALL_FIELDS.forEach(([k, type]) => { next[k] = type === 'number' ? wholeNumber(inputs[k].value, k) : inputs[k].value; });
    hall = await staffCall('save_settings', { settings: next });
  }));
  form.append(el('span'), actions);
  form.onsubmit = (e) => e.preventDefault();
}

let display = null;
let monitors = [];
let voiceOverrides = new Set();
const tester = new Announcer({ fetchClip: (clip) => fetchHallClip(voiceOverrides, clip) });

function renderDisplay() {
  const form = document.getElementById('display-form');
  form.replaceChildren();
  const row = (key, control) => { form.append(el('label', '', t(`settings.${key}`)), control); return control; };
  const notice = row('notice', input(display.notice));
  const rows = row('recent_rows', input(display.recent_rows, '', 'number'));
  const flash = row('flash_seconds', input(display.flash_seconds, '', 'number'));
  const offline = row('offline_after_seconds', input(display.offline_after_seconds, '', 'number'));
  const voice = row('voice_enabled', input(display.voice_enabled, '', 'checkbox'));
  const volume = row('voice_volume', input(display.voice_volume, '', 'number'));
  const repeat = row('voice_repeat', input(display.voice_repeat, '', 'number'));
  const english = row('voice_english', input(display.voice_langs.includes('en'), '', 'checkbox'));
  const folder = row('voice_folder', input(display.voice_folder));
  const onStart = row('open_on_start', input(display.open_on_start, '', 'checkbox'));
  const monitor = el('select');
  [['', t('settings.monitor_auto')], ...monitors.map((m) => [m, m])].forEach(([v, label]) => {
    const o = el('option', '', label);
    o.value = v;
    o.selected = v === display.monitor;
    monitor.append(o);
  });
  row('monitor', monitor);
  const collect = () => ({
    ...display, notice: notice.value, recent_rows: wholeNumber(rows.value, 'recent_rows'),
    flash_seconds: wholeNumber(flash.value, 'flash_seconds'), offline_after_seconds: wholeNumber(offline.value, 'offline_after_seconds'),
    voice_enabled: voice.checked, voice_volume: wholeNumber(volume.value, 'voice_volume'),
    voice_repeat: wholeNumber(repeat.value, 'voice_repeat'), voice_langs: english.checked ? ['zh-CN', 'en'] : ['zh-CN'],
    voice_folder: folder.value, open_on_start: onStart.checked, monitor: monitor.value,
  });
  const actions = el('div', 'actions');
  const test = el('button', '', t('settings.test_voice'));
  test.type = 'button';
  test.id = 'test-voice';
  // The click also unlocks audio playback in this web view.
  test.onclick = async () => {
    await tester.unlock();
    try { tester.enqueue({ ...(await call('announcement', { number: 'A012', window: 3 })), volume: Number(volume.value) }); } catch (e) { showError(e); }
  };
  actions.append(test, ' ', saveButton(async () => { display = await staffCall('save_display_settings', { settings: collect() }); }));
  form.append(el('span'), actions);
  form.onsubmit = (e) => e.preventDefault();
}

let dataDir = '';
let keyDir = '';
/** Where the personal-data key is kept: `{ kind: 'store', name }` or `{ kind: 'file', path }`. */
let keyHome = null;
let audit = [];

/** 设置 opens only with the administrator PIN (created here the first time): until then the
 *  tabs stay hidden behind a notice that asks again. */
async function requirePin() {
  const parts = [document.querySelector('nav.tabs'), document.querySelector('main.settings')];
  const notice = document.getElementById('settings-locked');
  parts.forEach((p) => { p.hidden = true; });
  notice.hidden = true;
  for (;;) {
    if (await unlockStaff()) break;
    notice.hidden = false;
    await new Promise((resolve) => { document.getElementById('settings-unlock').onclick = resolve; });
    notice.hidden = true;
  }
  parts.forEach((p) => { p.hidden = false; });
}

let backups = [];

/** A time (ms) in the hall's time zone, as YYYY-MM-DD HH:MM:SS. */
function hallTime(ms) {
  const at = new Date(ms + (hall ? hall.utc_offset_minutes : 480) * 60000).toISOString();
  return `${at.slice(0, 10)} ${at.slice(11, 19)}`;
}

function renderBackups() {
  const body = document.getElementById('backups-body');
  body.replaceChildren();
  for (const b of backups) {
    const tr = el('tr');
    tr.dataset.name = b.name;
    const restore = el('button', '', t('backup.restore'));
    restore.onclick = () => restoreBackup(b).catch(showError);
    cells(tr, [b.name, hallTime(b.at), `${(b.size / 1048576).toFixed(1)} MB`, restore]);
    body.append(tr);
  }
}

/** Restores a backup: asked twice (a confirmation, then the PIN typed again), then the app
 *  restarts on it. */
async function restoreBackup(b) {
  if (!(await confirmDialog(t('backup.confirm', { name: b.name, at: hallTime(b.at) })))) return;
  const token = await askPin();
  if (!token) return;
  await call('restore_backup', { staff: token, name: b.name });
}

function renderAudit() {
  const body = document.getElementById('audit-body');
  body.replaceChildren();
  for (const e of audit) {
    const tr = el('tr');
    cells(tr, [hallTime(e.at), e.actor, t(`audit.${e.action}`), e.booking_id ?? '', e.detail]);
    body.append(tr);
  }
}

function renderAll() {
  apply();
  const dir = document.getElementById('data-dir');
  dir.textContent = t('settings.data_dir', { dir: dataDir });
  dir.title = dir.textContent;
  document.getElementById('backup-key').textContent = keyHome?.kind === 'store'
    ? t('backup.key_store', { store: keyHome.name })
    : t('backup.key', { dir: keyDir });
  renderServices();
  renderCounters();
  renderHall();
  renderDisplay();
  renderSchedule();
  renderBooking();
  renderPrint();
  renderAudit();
  renderBackups();
  renderNetwork();
}

async function load() {
  services = await call('services');
  counters = await call('counters');
  hall = await call('hall_settings');
  display = await call('display_settings');
  monitors = await call('monitors');
  voiceOverrides = new Set(await call('voice_overrides'));
  await loadSchedule(services);
  await loadBooking();
  await loadPrint();
  audit = await staffCall('audit_log');
  backups = await staffCall('backups');
  await loadNetwork(counters);
  renderAll();
}

boot({
  setup: async ({ info }) => {
    dataDir = info.data_dir;
    keyDir = info.key_dir;
    keyHome = info.key_home;
    document.querySelectorAll('.tab').forEach((b) => {
      b.onclick = () => {
        document.querySelectorAll('.tab').forEach((x) => x.classList.toggle('active', x === b));
        document.querySelectorAll('.tab-body').forEach((s) => { s.hidden = s.id !== `tab-${b.dataset.tab}`; });
        if (b.dataset.tab === 'print') probePrinters();
      };
    });
    document.getElementById('add-service').onclick = () => {
      services.push({ id: null, name: '', name_en: '', prefix: '', sort_order: services.length + 1, minutes_per_person: 10, enabled: true });
      renderServices();
      // Typing starts in the new row.
      document.querySelector('#services-body tr:last-child input').focus();
    };
    document.getElementById('add-counter').onclick = () => {
      const n = Math.max(0, ...counters.map((c) => c.number || 0)) + 1;
      counters.push({ id: null, number: n, name: `${n}号窗口`, service_ids: [], appointment: false });
      renderCounters();
    };
    const ownSave = () => { ownSaveUntil = Date.now() + 1500; };
    initSchedule({ ownSave });
    initBooking({ ownSave });
    initPrint({ ownSave });
    document.getElementById('change-pin-form').onsubmit = async (e) => {
      e.preventDefault();
      const pin = document.getElementById('new-pin').value;
      if (pin !== document.getElementById('new-pin-again').value) { toast(t('staff.pins_differ'), 'error'); return; }
      try {
        await staffCall('change_pin', { pin });
        document.getElementById('new-pin').value = '';
        document.getElementById('new-pin-again').value = '';
        toast(t('staff.pin_changed'));
        audit = await staffCall('audit_log');
        renderAudit();
      } catch (err) { showError(err); }
    };
    document.getElementById('backup-now').onclick = async () => {
      try {
        const made = await staffCall('backup_now');
        toast(t('backup.made', { name: made.name }));
        backups = await staffCall('backups');
        renderBackups();
      } catch (err) { showError(err); }
    };
    document.getElementById('sign-out').onclick = async () => {
      await signOut();
      await requirePin();
      await load();
    };
    await requirePin();
    initNetwork();
  },
  onLang: renderAll,
  // Another settings window (or PC later) edited something: show the stored state.
  onEvent: (ev) => {
    if (ev.type === 'config' && Date.now() > ownSaveUntil) load().catch(showError);
    if (ev.type === 'status') scheduleStatus(ev.status);
    // A device paired, was renamed or revoked: 网络's list follows.
    if (ev.type === 'devices') reloadDevices().catch(showError);
  },
  // Edits not saved yet stay: the next config event reloads.
  onResync: () => {},
  load,
});
