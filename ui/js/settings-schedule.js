// Settings › 作息 (the weekly plan, early open, reminder, cutoffs, the 12123 guidance) and
// 节假日与调休 (date exceptions, the holiday file import, the "next year has no data" warning).
// Every check is the core's: a refusal comes back as a sentence and nothing is saved.

import { staffCall } from './staff.js';
import { call } from './api.js';
import { t, errorText, serviceName } from './i18n.js';
import { toast, el, wholeNumber } from './ui.js';
import { statusLabel } from './hall-status.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const KINDS = ['closed', 'special_hours', 'workday'];

let sched = null; // ScheduleSettings being edited
let services = [];
let exceptions = [];
let coverage = null;
let hallNow = null;
let markOwnSave = () => {};

/** Hooks: `ownSave` is called before each save (its config event must not reload the form). */
export function initSchedule({ ownSave }) {
  markOwnSave = ownSave;
  document.getElementById('import-holidays').onclick = importFile;
}

/** Loads what both tabs show. */
export async function loadSchedule(serviceList) {
  services = serviceList;
  sched = await call('schedule_settings');
  hallNow = await call('hall_status');
  await loadExceptions();
}

async function loadExceptions() {
  exceptions = await call('exceptions', { year: null });
  coverage = await call('holiday_coverage');
}

/** A status event: the line at the top of the schedule tab follows. */
export function scheduleStatus(st) {
  hallNow = st;
  renderNow();
}

export function renderSchedule() {
  if (!sched) return;
  renderNow();
  renderWeek();
  renderForm();
  renderExceptions();
  renderExceptionForm();
}

function showError(id, err) {
  const p = document.getElementById(id);
  p.hidden = !err;
  p.textContent = err ? errorText(err) : '';
}

function renderNow() {
  const box = document.getElementById('sched-now');
  if (!hallNow) { box.textContent = ''; return; }
  const sessions = hallNow.day.sessions.map((s) => `${s.start}–${s.end}`).join('、') || t('settings.day_off');
  const why = hallNow.day.kind === 'weekly' ? '' : ` · ${t(`day_kind.${hallNow.day.kind}`)}${hallNow.day.name ? `（${hallNow.day.name}）` : ''}`;
  box.textContent = t('settings.now_status', { status: statusLabel(hallNow), sessions: sessions + why });
}

function timeInput(value, onChange) {
  const i = el('input', 'time');
  i.value = value;
  i.maxLength = 5;
  i.placeholder = '09:00';
  i.oninput = () => onChange(i.value.trim());
  return i;
}

function renderWeek() {
  const body = document.getElementById('week-body');
  body.replaceChildren();
  DAYS.forEach((d) => {
    const tr = el('tr');
    tr.dataset.day = d;
    const name = el('th', 'day', t(`weekday.${d}`));
    const cell = el('td', 'sessions');
    const list = sched.week[d];
    if (list.length === 0) cell.append(el('span', 'muted off', t('settings.day_off')));
    list.forEach((s, i) => {
      const chip = el('span', 'session');
      const rm = el('button', 'icon', '×');
      rm.type = 'button';
      rm.title = t('settings.remove');
      rm.onclick = () => { list.splice(i, 1); renderWeek(); };
      chip.append(timeInput(s.start, (v) => { s.start = v; }), '–', timeInput(s.end, (v) => { s.end = v; }), rm);
      cell.append(chip);
    });
    const add = el('button', 'add-session', t('settings.add_session'));
    add.type = 'button';
    add.onclick = () => {
      const last = list[list.length - 1];
      list.push(last ? { start: last.end === '24:00' ? '23:00' : last.end, end: '24:00' } : { start: '09:00', end: '17:30' });
      renderWeek();
    };
    const tdAdd = el('td', 'add');
    tdAdd.append(add);
    tr.append(name, cell, tdAdd);
    body.append(tr);
  });
}

function renderForm() {
  const form = document.getElementById('schedule-form');
  form.replaceChildren();
  const row = (key, control, label = t(`settings.${key}`)) => { form.append(el('label', '', label), control); return control; };
  // A long text gets the whole width, its label above it.
  const wideRow = (key, control) => { form.append(el('label', 'wide', t(`settings.${key}`)), control); control.classList.add('wide'); return control; };
  const num = (v) => { const i = el('input'); i.type = 'number'; i.min = 0; i.value = v; return i; };
  const early = row('early_open_minutes', num(sched.early_open_minutes));
  const reminder = row('reminder_minutes', num(sched.reminder_minutes));
  const soon = row('opening_soon_minutes', num(sched.opening_soon_minutes));
  const lunch = el('input');
  lunch.type = 'checkbox';
  lunch.checked = sched.issue_during_lunch;
  row('issue_during_lunch', lunch);
  const follows = el('select');
  DAYS.forEach((d) => {
    const o = el('option', '', t(`weekday.${d}`));
    o.value = d;
    o.selected = d === sched.makeup_follows;
    follows.append(o);
  });
  row('makeup_follows', follows);
  const text = (v, max) => { const a = el('textarea'); a.value = v; a.maxLength = max; a.rows = 3; return a; };
  const zh = wideRow('guidance_text', text(sched.guidance_text, 200));
  const en = wideRow('guidance_text_en', text(sched.guidance_text_en, 400));
  form.append(el('div', 'form-sub', t('settings.service_cutoffs')));
  const cutoffs = services.filter((s) => s.id).map((s) => {
    const cur = sched.service_cutoffs.find((c) => c.service_id === s.id);
    const i = num(cur ? cur.minutes_before : 0);
    i.dataset.serviceId = s.id;
    return row('', i, t('settings.cutoff_minutes', { prefix: s.prefix, name: serviceName(s) }));
  });
  const actions = el('div', 'actions');
  const save = el('button', 'primary', t('common.save'));
  save.type = 'button';
  save.id = 'save-schedule';
  save.onclick = async () => {
    save.disabled = true;
    try {
      const next = {
        ...sched,
        early_open_minutes: wholeNumber(early.value, 'early_open_minutes'), reminder_minutes: wholeNumber(reminder.value, 'reminder_minutes'),
        opening_soon_minutes: wholeNumber(soon.value, 'opening_soon_minutes'), issue_during_lunch: lunch.checked, makeup_follows: follows.value,
        guidance_text: zh.value, guidance_text_en: en.value,
        service_cutoffs: cutoffs.filter((i) => i.value.trim() !== '' && Number(i.value) !== 0)
          .map((i) => ({ service_id: Number(i.dataset.serviceId), minutes_before: wholeNumber(i.value, 'minutes_before') })),
      };
      markOwnSave();
      sched = await staffCall('save_schedule_settings', { settings: next });
      showError('schedule-error', null);
      toast(t('common.saved'));
      renderWeek();
      renderForm();
    } catch (e) {
      showError('schedule-error', e);
      toast(errorText(e), 'error');
    } finally { save.disabled = false; }
  };
  actions.append(save);
  form.append(actions);
  form.onsubmit = (e) => e.preventDefault();
}

function weekdayOf(date) {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return DAYS[(wd + 6) % 7];
}

function renderExceptions() {
  const warn = document.getElementById('coverage-warn');
  const lines = [];
  if (coverage && !coverage.current_year_has_data) lines.push(t('settings.coverage_current_missing', { year: coverage.current_year }));
  if (coverage && !coverage.next_year_has_data) lines.push(t('settings.coverage_missing', { year: coverage.next_year }));
  warn.hidden = lines.length === 0;
  warn.replaceChildren(...lines.map((l) => el('div', '', l)));
  document.getElementById('coverage-ok').textContent = coverage && coverage.years.length
    ? t('settings.coverage_years', { years: coverage.years.join('、') }) : '';

  const body = document.getElementById('exceptions-body');
  body.replaceChildren();
  if (exceptions.length === 0) {
    const tr = el('tr');
    const td = el('td', 'muted', t('settings.no_exceptions'));
    td.colSpan = 8;
    tr.append(td);
    body.append(tr);
  }
  exceptions.forEach((x) => {
    const tr = el('tr');
    tr.dataset.date = x.date;
    tr.dataset.source = x.source;
    if (!x.effective) tr.classList.add('overridden');
    let plan = '';
    if (x.kind === 'special_hours') plan = x.sessions.map((s) => `${s.start}–${s.end}`).join('、');
    if (x.kind === 'workday') plan = t('settings.follows_day', { day: t(`weekday.${x.follows || sched.makeup_follows}`) });
    const rm = el('button', 'danger', t('settings.remove'));
    rm.type = 'button';
    rm.onclick = async () => {
      markOwnSave();
      try {
        await staffCall('remove_exception', { id: x.id });
        await loadExceptions();
        renderExceptions();
      } catch (e) { toast(errorText(e), 'error'); }
    };
    const cells = [
      x.date, t(`weekday.${weekdayOf(x.date)}`), t(`exception_kind.${x.kind}`), plan, x.name || x.note || '',
      t(`source.${x.source}`), x.effective ? t('settings.in_force') : t('settings.overridden'),
    ];
    cells.forEach((c, i) => tr.append(el('td', i === 6 ? (x.effective ? 'ok-text' : 'muted') : '', c)));
    const td = el('td');
    td.append(rm);
    tr.append(td);
    body.append(tr);
  });
}

function renderExceptionForm() {
  const form = document.getElementById('exception-form');
  form.replaceChildren();
  const field = (key, control) => { const l = el('label', '', t(`settings.${key}`)); l.append(control); form.append(l); return control; };
  const date = el('input');
  date.type = 'date';
  date.id = 'ex-date';
  field('date', date);
  const kind = el('select');
  kind.id = 'ex-kind';
  KINDS.forEach((k) => { const o = el('option', '', t(`exception_kind.${k}`)); o.value = k; kind.append(o); });
  field('kind', kind);
  const sessions = el('input');
  sessions.id = 'ex-sessions';
  sessions.placeholder = '09:00-12:00, 13:30-16:00';
  const sessionsLabel = field('sessions_text', sessions).parentElement;
  const follows = el('select');
  follows.id = 'ex-follows';
  [['', t('settings.follows_default', { day: t(`weekday.${sched.makeup_follows}`) })], ...DAYS.map((d) => [d, t(`weekday.${d}`)])]
    .forEach(([v, label]) => { const o = el('option', '', label); o.value = v; follows.append(o); });
  const followsLabel = field('follows', follows).parentElement;
  const name = el('input');
  name.id = 'ex-name';
  name.maxLength = 20;
  field('ex_name', name);
  const sync = () => {
    sessionsLabel.hidden = kind.value !== 'special_hours';
    followsLabel.hidden = kind.value !== 'workday';
  };
  kind.onchange = sync;
  sync();
  const add = el('button', 'primary', t('common.add'));
  add.type = 'submit';
  add.id = 'add-exception';
  form.append(add);
  form.onsubmit = async (e) => {
    e.preventDefault();
    const input = { date: date.value, kind: kind.value, name: name.value, note: '', sessions: [], follows: null };
    if (kind.value === 'special_hours') {
      input.sessions = sessions.value.split(/[,，;；\s]+/).filter(Boolean).map((part) => {
        const [start, end = ''] = part.split(/[-–~—]/);
        return { start, end };
      });
    }
    if (kind.value === 'workday' && follows.value) input.follows = follows.value;
    markOwnSave();
    try {
      await staffCall('save_exception', { input });
      showError('exception-error', null);
      toast(t('common.saved'));
      await loadExceptions();
      renderExceptions();
      renderExceptionForm();
    } catch (err) {
      showError('exception-error', err);
    }
  };
}

async function importFile() {
  const file = document.getElementById('holiday-file').files[0];
  const summary = document.getElementById('import-summary');
  summary.hidden = true;
  const err = document.getElementById('import-error');
  if (!file) { err.textContent = t('settings.import_pick'); err.hidden = false; return; }
  markOwnSave();
  try {
    const r = await staffCall('import_holidays', { json: await file.text() });
    showError('import-error', null);
    summary.textContent = t('settings.imported', { year: r.year, closed: r.closed, workdays: r.workdays, overridden: r.overridden_by_manual });
    summary.hidden = false;
    await loadExceptions();
    renderExceptions();
  } catch (e) {
    showError('import-error', e);
  }
}
