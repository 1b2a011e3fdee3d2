// Screen text in zh-CN (default) and English, from ui/i18n/*.json.

const LANGS = ['zh-CN', 'en'];
let lang = localStorage.getItem('frontdesk.lang') || 'zh-CN';
if (!LANGS.includes(lang)) lang = 'zh-CN';
let dict = {};
const listeners = [];

async function load(l) {
  const res = await fetch(`i18n/${l}.json`);
  dict = await res.json();
  lang = l;
  document.documentElement.lang = l;
}

/** Loads the chosen language and translates the page. */
export async function initI18n() {
  await load(lang);
  apply();
  // Another window switched language: follow it.
  window.addEventListener('storage', async (e) => {
    if (e.key === 'frontdesk.lang' && e.newValue && e.newValue !== lang) {
      await load(e.newValue);
      apply();
      listeners.forEach((f) => f(lang));
    }
  });
}

export function currentLang() {
  return lang;
}

/** Switches between zh-CN and English in every window. */
export async function toggleLang() {
  const next = lang === 'zh-CN' ? 'en' : 'zh-CN';
  localStorage.setItem('frontdesk.lang', next);
  await load(next);
  apply();
  listeners.forEach((f) => f(lang));
}

export function onLangChange(f) {
  listeners.push(f);
}

/** The text for `key`, with {name} placeholders filled from `params`. */
export function t(key, params = {}) {
  let s = dict[key];
  if (s === undefined) return key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (params[k] !== undefined ? params[k] : `{${k}}`));
}

/** Translates every element with data-i18n (text) or data-i18n-title (tooltip). */
export function apply(root = document) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  root.querySelectorAll('[data-i18n-title]').forEach((el) => { el.title = t(el.dataset.i18nTitle); });
  const title = document.querySelector('title[data-i18n]');
  if (title) document.title = t(title.dataset.i18n);
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** How many numbers a refusal lists before "and N more". */
const LISTED = 10;

/** A backend error as a sentence in the user's language. */
export function errorText(err) {
  const code = (err && err.code) || 'internal';
  const params = { ...((err && err.params) || {}) };
  if (params.field) params.field = t(`field.${params.field}`);
  // The schedule's refusals name the hall's status, not a ticket's.
  const hallStatus = code === 'issuing_closed';
  // A booking's states are words of their own (待签到, 爽约), not a ticket's.
  const stateKeys = code === 'wrong_booking_state' ? 'booking_status' : 'status';
  if (params.status) params.status = t(`${hallStatus ? 'hall_status' : stateKeys}.${params.status}`);
  if (params.expected) params.expected = t(`${stateKeys}.${params.expected}`);
  if (params.problem && (code === 'invalid_id_number' || code === 'invalid_mobile')) {
    params.problem = t(`${code === 'invalid_mobile' ? 'mobile' : 'id'}_problem.${params.problem}`);
  }
  if (params.day && DAYS.includes(params.day)) params.day = t(`weekday.${params.day}`);
  if (params.reason && code === 'bad_holiday_file') params.reason = t(`holiday_reason.${params.reason}`);
  // A printer's words (print_timeout, print_invalid…): known ones translated, others as sent.
  if (code.startsWith('print_')) {
    const known = (key, raw) => (dict[key] === undefined ? raw : t(key));
    if (params.reason) params.reason = known(`print_reason.${params.reason}`, params.reason);
    if (params.stage) params.stage = known(`print_stage.${params.stage}`, params.stage);
    if (params.what) params.what = known(`print_what.${params.what}`, params.what);
  }
  if (params.station && code === 'no_printer') params.station = t(`station.${params.station}`);
  // A long list of numbers would cover the screen: the first ones, then how many more.
  if (Array.isArray(params.numbers) && params.count > LISTED) {
    params.list = `${params.numbers.slice(0, LISTED).join(lang === 'en' ? ', ' : '、')} ${t('common.and_more', { n: params.count - LISTED })}`;
  }
  let key = `error.${code}`;
  // "opens at …" only when an opening is scheduled.
  if ((code === 'issuing_closed' || code === 'service_cutoff') && !params.opens_at) key += '_none';
  const text = t(key, params);
  return text === key ? t('error.internal') : text;
}

/** A service's name in the current language. */
export function serviceName(s) {
  return lang === 'en' && (s.name_en || s.service_name_en) ? (s.name_en || s.service_name_en) : (s.name || s.service_name);
}
