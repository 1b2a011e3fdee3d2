// Small helpers shared by the screens: toasts, confirm dialog, element creation.

import { t, errorText } from './i18n.js';

let toastTimer;

/** Shows a short message at the bottom; errors stay longer and are red. */
export function toast(text, kind = 'info') {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.className = `toast ${kind}`;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, kind === 'error' ? 6000 : 3000);
}

/** Shows a backend error as a sentence in the user's language. */
export function showError(err) {
  toast(errorText(err), 'error');
}

/** Asks a yes/no question in the page's <dialog id="confirm">. */
export function confirmDialog(text) {
  const dlg = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  return new Promise((resolve) => {
    const done = (v) => { dlg.close(); resolve(v); };
    document.getElementById('confirm-ok').onclick = () => done(true);
    document.getElementById('confirm-cancel').onclick = () => done(false);
    dlg.oncancel = () => resolve(false);
    dlg.showModal();
  });
}

/** Creates an element with a class and text. */
export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Wires the top bar's language button and clock; returns the clock's redraw (for when the
 * hall's clock was re-synced: a hidden window's timers may be held back). */
export function topbar(clock, toggleLang) {
  document.getElementById('lang').onclick = () => toggleLang();
  const tick = () => {
    const p = clock.parts();
    const c = document.getElementById('clock');
    if (c) c.textContent = `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')} ${clock.hhmmss()}`;
  };
  tick();
  setInterval(tick, 1000);
  return tick;
}

/** Runs a screen's start-up; a failure is shown, not swallowed. */
export function start(main) {
  main().catch((e) => {
    console.error(e);
    toast(e && e.code ? errorText(e) : `${t('error.internal')} (${e && e.message ? e.message : e})`, 'error');
  });
}

export { t };
