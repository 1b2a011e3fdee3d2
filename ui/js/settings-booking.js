// Settings › 预约规则 (booking rules): how far ahead people may book, per-person limits, the
// cancel deadline, check-in times, the no-show policy and how long personal data is kept.
// Every rule is the core's: a refusal comes back as a sentence and nothing is saved.

import { staffCall } from './staff.js';
import { call } from './api.js';
import { t, errorText } from './i18n.js';
import { toast, el, wholeNumber } from './ui.js';

/** The form, group by group: [group, [field, kind]…]; kinds: 'int' or 'bool'. */
const GROUPS = [
  ['window', [['min_days_ahead', 'int'], ['max_days_ahead', 'int']]],
  ['limits', [['week_limit', 'int'], ['month_limit', 'int']]],
  ['times', [['cancel_minutes_before', 'int'], ['check_in_early_minutes', 'int'], ['grace_minutes', 'int']]],
  ['noshow', [['no_show_policy', 'bool'], ['no_show_limit', 'int'], ['no_show_window_days', 'int'], ['ban_days', 'int']]],
  ['privacy', [['purge_days', 'int']]],
];
const POLICY_FIELDS = ['no_show_limit', 'no_show_window_days', 'ban_days'];

let rules = null; // BookingSettings as stored
let markOwnSave = () => {};

/** Hooks: `ownSave` is called before a save (its config event must not reload the form). */
export function initBooking({ ownSave }) {
  markOwnSave = ownSave;
}

export async function loadBooking() {
  rules = await call('booking_settings');
}

function setError(err) {
  const p = document.getElementById('booking-error');
  p.hidden = !err;
  p.textContent = err ? errorText(err) : '';
}

/** One field: its label with what it means below, and the control. */
function fieldRow(field, kind) {
  const i = el('input');
  i.id = `bk-${field}`;
  i.name = field;
  if (kind === 'bool') {
    i.type = 'checkbox';
    i.checked = rules[field];
  } else {
    i.type = 'number';
    i.value = rules[field];
  }
  const label = el('label', '', t(`settings.bk_${field}`));
  label.htmlFor = i.id;
  label.append(el('small', 'hint', t(`settings.bk_${field}_hint`)));
  const row = el('div', 'bk-row');
  row.append(label, i);
  return [row, i];
}

export function renderBooking() {
  const form = document.getElementById('booking-form');
  if (!rules) return;
  form.replaceChildren();
  const inputs = {};
  const columns = [el('div', 'bk-col'), el('div', 'bk-col')];
  GROUPS.forEach(([group, fields], g) => {
    const set = el('fieldset', 'bk-group');
    set.dataset.group = group;
    set.append(el('legend', '', t(`settings.bk_group_${group}`)));
    fields.forEach(([field, kind]) => {
      const [row, i] = fieldRow(field, kind);
      set.append(row);
      inputs[field] = i;
    });
    columns[g < 3 ? 0 : 1].append(set);
  });
  const policy = inputs.no_show_policy;
  const summary = el('p', 'bk-summary');
  summary.id = 'bk-summary';
  columns[1].querySelector("[data-group='noshow']").append(summary);
  const sync = () => {
    POLICY_FIELDS.forEach((f) => { inputs[f].disabled = !policy.checked; });
    summary.textContent = policy.checked
      ? t('settings.bk_policy_on', { n: inputs.no_show_limit.value, days: inputs.no_show_window_days.value, ban: inputs.ban_days.value })
      : t('settings.bk_policy_off');
  };
  form.oninput = sync;
  sync();
  const error = el('p', 'form-error');
  error.id = 'booking-error';
  error.hidden = true;
  const save = el('button', 'primary', t('common.save'));
  save.type = 'button';
  save.id = 'save-booking';
  save.onclick = async () => {
    save.disabled = true;
    try {
      const next = { ...rules };
      GROUPS.forEach(([, fields]) => fields.forEach(([field, kind]) => {
        next[field] = kind === 'bool' ? inputs[field].checked : wholeNumber(inputs[field].value, field);
      }));
      markOwnSave();
      rules = await staffCall('save_booking_settings', { settings: next });
      setError(null);
      toast(t('common.saved'));
      renderBooking();
    } catch (e) {
      setError(e);
      toast(errorText(e), 'error');
    } finally { save.disabled = false; }
  };
  const actions = el('div', 'actions');
  actions.append(error, save);
  form.append(...columns, actions);
  form.onsubmit = (e) => e.preventDefault();
}
