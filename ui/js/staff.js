// Staff access on the screens: the administrator PIN dialog and the staff session's token.
// The core checks the token on every guarded call; this module only asks for the PIN when a
// call needs one (no session yet, or it lapsed after a few idle minutes) and retries once.
// On a touch terminal (the kiosk) the dialog brings its own digit pad: there is no keyboard.

import { call } from './api.js';
import { t, errorText } from './i18n.js';
import { el } from './ui.js';

let token = null;
// Closes the open PIN dialog as 取消 would (see `cancelPin`); null while none is open.
let pending = null;

/** The page's PIN dialog, made once. */
function dialog() {
  let dlg = document.getElementById('pin-dialog');
  if (dlg) return dlg;
  dlg = el('dialog', 'pin-dialog');
  dlg.id = 'pin-dialog';
  const form = el('form');
  form.method = 'dialog';
  const title = el('h3');
  title.id = 'pin-title';
  const hint = el('p', 'pin-hint');
  hint.id = 'pin-hint';
  const pin = el('input');
  pin.id = 'pin-input';
  pin.type = 'password';
  pin.inputMode = 'numeric';
  pin.autocomplete = 'off';
  pin.maxLength = 12;
  const again = el('input');
  again.id = 'pin-again';
  again.type = 'password';
  again.inputMode = 'numeric';
  again.autocomplete = 'off';
  again.maxLength = 12;
  const error = el('p', 'pin-error');
  error.id = 'pin-error';
  error.setAttribute('role', 'alert');
  const ok = el('button', 'primary');
  ok.id = 'pin-ok';
  ok.type = 'submit';
  const cancel = el('button');
  cancel.id = 'pin-cancel';
  cancel.type = 'button';
  const actions = el('div', 'pin-actions');
  actions.append(cancel, ok);
  form.append(title, hint, pin, again, error, pad(), actions);
  dlg.append(form);
  document.body.append(dlg);
  return dlg;
}

/** The digit pad: 1–9, then 清空, 0 and ⌫, typing into the PIN field last touched (the
 *  first, or the second when a new PIN is typed twice). Its keys are plain buttons, so
 *  they never submit the form; 确定 and 取消 are the dialog's own. */
function pad() {
  const box = el('div', 'pin-pad');
  box.id = 'pin-pad';
  box.hidden = true;
  const key = (k, cls, text) => {
    const b = el('button', cls, text);
    b.type = 'button';
    b.dataset.key = k;
    return b;
  };
  box.append(...[...'123456789'].map((d) => key(d, 'digit', d)), key('clear', 'edit'), key('0', 'digit', '0'), key('delete', 'edit', '⌫'));
  box.onclick = (e) => {
    const k = e.target.closest('button')?.dataset.key;
    if (!k) return;
    const field = document.getElementById(box.dataset.field || 'pin-input');
    if (k === 'delete') field.value = field.value.slice(0, -1);
    else if (k === 'clear') field.value = '';
    else if (field.value.length < field.maxLength) field.value += k;
  };
  return box;
}

/** Closes an open PIN dialog as 取消 does (its `askPin` resolves with null): the kiosk does
 *  this when the dialog is left untouched. */
export function cancelPin() {
  if (pending) pending(null);
}

/** Whether a PIN dialog is open on this page. */
export function pinOpen() {
  return !!pending;
}

/** Asks for the PIN (or, on a hall that has none yet, for a new PIN twice: the first time
 *  a guarded action is needed, usually the first opening of 设置) until the core opens a
 *  session; resolves with its token, or null when cancelled. */
export async function askPin({ pad = false, hint = null } = {}) {
  const status = await call('pin_status');
  const creating = !status.set;
  const dlg = dialog();
  const $ = (id) => document.getElementById(id);
  const lockText = (err) => errorText({ ...err, params: { ...err.params, until: String(err.params.until).slice(11, 16) } });
  $('pin-title').textContent = t(creating ? 'staff.create_title' : 'staff.enter_title');
  $('pin-hint').textContent = t(creating ? 'staff.create_hint' : hint || 'staff.enter_hint');
  $('pin-input').placeholder = t(creating ? 'staff.new_pin' : 'staff.pin');
  $('pin-again').placeholder = t('staff.pin_again');
  $('pin-again').hidden = !creating;
  $('pin-ok').textContent = t('common.ok');
  $('pin-cancel').textContent = t('common.cancel');
  $('pin-error').textContent = status.locked_until ? lockText({ code: 'pin_locked', params: { until: status.locked_until } }) : '';
  $('pin-input').value = '';
  $('pin-again').value = '';
  const keys = $('pin-pad');
  keys.hidden = !pad;
  dlg.classList.toggle('with-pad', pad);
  keys.dataset.field = 'pin-input';
  keys.querySelector('[data-key=clear]').textContent = t('staff.key_clear');
  keys.querySelector('[data-key=delete]').setAttribute('aria-label', t('staff.key_delete'));
  for (const id of ['pin-input', 'pin-again']) {
    $(id).onfocus = () => { keys.dataset.field = id; };
    // With the pad, a touch screen raises no keyboard of its own; a real keyboard still types.
    $(id).inputMode = pad ? 'none' : 'numeric';
  }
  return new Promise((resolve) => {
    const finish = (v) => { pending = null; dlg.close(); resolve(v); };
    pending = finish;
    $('pin-cancel').onclick = () => finish(null);
    dlg.oncancel = (e) => { e.preventDefault(); finish(null); };
    dlg.querySelector('form').onsubmit = async (e) => {
      e.preventDefault();
      const pin = $('pin-input').value;
      if (creating && pin !== $('pin-again').value) {
        $('pin-error').textContent = t('staff.pins_differ');
        return;
      }
      try {
        finish(await call(creating ? 'create_pin' : 'unlock', { pin }));
      } catch (err) {
        $('pin-error').textContent = err.code === 'pin_locked' ? lockText(err) : errorText(err);
        $('pin-input').value = '';
        $('pin-again').value = '';
        $('pin-input').focus();
      }
    };
    dlg.showModal();
    $('pin-input').focus();
  });
}

/** Opens a staff session now (设置 asks on opening); false when the PIN dialog was cancelled. */
export async function unlockStaff() {
  if (!token) token = await askPin();
  return !!token;
}

/** Calls a guarded command with the staff session's token, asking for the PIN first when
 *  there is no session, and once more when it lapsed. */
export async function staffCall(cmd, args = {}) {
  if (!token) token = await askPin();
  if (!token) throw { code: 'staff_session_required', params: {} };
  try {
    return await call(cmd, { ...args, staff: token });
  } catch (e) {
    if (e.code !== 'staff_session_required') throw e;
    token = await askPin();
    if (!token) throw e;
    return call(cmd, { ...args, staff: token });
  }
}

/** The live session's token, if any (an optional argument of some calls). */
export function staffToken() {
  return token;
}

/** Ends the session (the screen's 锁定 button). */
export async function signOut() {
  if (token) await call('sign_out', { staff: token }).catch(() => {});
  token = null;
}
