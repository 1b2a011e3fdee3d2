// Small helpers shared by the screens: toasts, confirm dialog, element creation.

import { t, errorText, initI18n, toggleLang, onLangChange } from './i18n.js';
import { call, onHallEvent, onConnection, device } from './api.js';

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

/** A whole number typed into `value` for the setting `field`; refused like the core refuses
 *  (the field named, the rule said) before anything is sent: the core's numbers are whole,
 *  and 7.5 would otherwise fail as an unreadable request. */
export function wholeNumber(value, field) {
  const v = String(value ?? '').trim();
  if (v === '') throw { code: 'empty', params: { field } };
  if (!/^-?\d+$/.test(v)) throw { code: 'not_whole', params: { field } };
  return Number(v);
}

/** Creates an element with a class and text. */
export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Puts one element per item in `box`, in order, keeping the element of the same key: the
 *  screens redraw on every event in the hall (each number issued or called anywhere), and a
 *  button replaced between the press and the release of a finger would lose the press.
 *  `make()` builds a new element, `fill(element, item, index)` brings it up to date. */
export function keyedChildren(box, items, keyOf, make, fill) {
  const old = new Map([...box.children].map((e) => [e.dataset.key, e]));
  const next = items.map((item, i) => {
    const key = String(keyOf(item));
    let e = old.get(key);
    if (!e) {
      e = make();
      e.dataset.key = key;
    }
    fill(e, item, i);
    return e;
  });
  if (next.length !== box.children.length || next.some((e, i) => box.children[i] !== e)) {
    box.replaceChildren(...next);
  }
}

/** Sets a node's text only when it changes. */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** A span whose text CSS may shorten (an ellipsis): the whole text stays on hover. */
export function shortened(cls, text) {
  const e = el('span', cls, text);
  e.title = text;
  return e;
}

/** Wires the top bar's language button and clock; returns the clock's redraw (for when the
 * hall's clock was re-synced: a hidden window's timers may be held back). */
export function topbar(clock) {
  const lang = document.getElementById('lang');
  if (lang) lang.onclick = () => toggleLang();
  const tick = () => {
    const p = clock.parts();
    const c = document.getElementById('clock');
    if (c) c.textContent = `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')} ${clock.hhmmss()}`;
  };
  tick();
  setInterval(tick, 1000);
  return tick;
}

/** Runs a screen's start-up; a failure is shown (as a toast, or by `show`), not swallowed. */
export function start(main, show = (text) => toast(text, 'error')) {
  main().catch((e) => {
    console.error(e);
    show(e && e.code ? errorText(e) : `${t('error.internal')} (${e && e.message ? e.message : e})`);
  });
}

/** Says on this screen, until writes work again, that nothing is being saved: a banner
 *  across the top, from the app's facts (`info.writes_failing`) and then the `storage`
 *  hall events. */
export async function watchWrites(info) {
  const banner = el('div', 'writes-failing');
  banner.setAttribute('role', 'alert');
  banner.dataset.i18n = 'common.writes_failing';
  banner.textContent = t('common.writes_failing');
  banner.hidden = !info.writes_failing;
  document.body.prepend(banner);
  onLangChange(() => { banner.textContent = t('common.writes_failing'); });
  await onHallEvent((ev) => {
    if (ev.type === 'storage') banner.hidden = ev.writable;
  });
}

/** The pages a paired browser may open, by the device's role (the first is where it
 *  lands). Everything else (settings, booking, statistics, full personal data) stays on the
 *  host: the host refuses those operations anyway, this only spares a device a dead page. */
const ROLE_PAGES = {
  desk: ['index.html'],
  kiosk: ['index.html'],
  counter: ['counter.html', 'callbar.html'],
  display: ['display.html'],
  rating_pad: ['rating.html'],
};

/** The page a paired device opens first. */
export function homePage(me) {
  return (ROLE_PAGES[me.role] || ['pair.html'])[0];
}

/** Checks that this browser is paired and may open this page; otherwise goes where it
 *  belongs (the pairing page, or its role's page) and answers null. In the app: the host. */
async function whoAmI() {
  const me = await device();
  if (!me) {
    location.replace('pair.html');
    return null;
  }
  if (me.role === 'host') return me;
  const here = location.pathname.split('/').pop() || 'index.html';
  if (!(ROLE_PAGES[me.role] || []).includes(here)) {
    location.replace(homePage(me));
    return null;
  }
  document.body.dataset.device = me.role;
  // What only the host PC can do (open windows, settings, booking, statistics) is not shown.
  document.querySelectorAll('[data-host-only]').forEach((e) => { e.hidden = true; });
  return me;
}

/** While the host is unreachable: 连接中断 on screen and every button off (the language
 *  switch aside), so nobody presses a button that cannot work; nothing is queued. When the
 *  host is back, the buttons return and the screen reloads its snapshot (the resync). */
function watchConnection() {
  onConnection((up) => {
    document.body.dataset.online = up ? 'true' : 'false';
    let banner = document.getElementById('offline');
    if (!banner) {
      banner = el('div', 'offline-banner', t('common.offline'));
      banner.id = 'offline';
      banner.dataset.i18n = 'common.offline';
      document.body.append(banner);
    }
    banner.hidden = up;
    if (!up) {
      document.querySelectorAll('dialog[open]').forEach((d) => d.close());
      document.querySelectorAll('button:not(#lang)').forEach((b) => {
        if (b.disabled) return;
        b.disabled = true;
        b.dataset.offline = 'true';
      });
    } else {
      document.querySelectorAll('button[data-offline]').forEach((b) => {
        b.disabled = false;
        delete b.dataset.offline;
      });
    }
  });
}

/** The start-up every screen shares, in this order: its language; who this screen acts as
 *  (`me`: the host in the app, a paired device in a browser, which may be sent to its own
 *  page or to pairing); the app's facts (the test mode pill); the top bar's language button
 *  and clock (when `clock` is given: the hall's clock); the screen's
 *  `setup({ info, me, redrawClock })` (wiring its buttons); a redraw on a language switch
 *  (`onLang`); the pushed events (`onEvent`; `onResync`, by default `load`); the first
 *  `load()`; what runs once loaded (`started`); then `data-ready` on the body, which the
 *  end-to-end tests wait for. A failure is shown (`showError(text)`, by default a toast). */
export function boot({ clock, setup, onLang, onEvent, onResync, load, started, showError: show }) {
  start(async () => {
    await initI18n();
    const me = await whoAmI();
    if (!me) return;
    const info = me.role === 'host' ? await call('app_info') : { test_mode: false };
    const pill = document.getElementById('test-mode');
    if (pill) pill.hidden = !info.test_mode;
    await watchWrites(info);
    const redrawClock = clock ? topbar(clock) : () => {};
    if (!clock && document.getElementById('lang')) document.getElementById('lang').onclick = () => toggleLang();
    watchConnection();
    if (setup) await setup({ info, me, redrawClock });
    if (onLang) onLangChange(onLang);
    if (onEvent) await onHallEvent(onEvent, onResync || load);
    await load();
    if (started) await started();
    document.body.dataset.ready = 'true';
  }, show);
}

export { t };
