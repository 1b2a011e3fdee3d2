// Settings › 网络 (network): host mode on or off and its port, the address devices open (and
// its QR code), one-time pairing codes for a role, and the paired devices (rename, revoke).
// Only the host's app shows this tab; the host-only operations behind it are refused over
// the network.

import { staffCall } from './staff.js';
import { call, HallClock } from './api.js';
import { t, errorText } from './i18n.js';
import { toast, showError, el, wholeNumber, confirmDialog } from './ui.js';

const ROLES = ['counter', 'display', 'desk', 'kiosk', 'rating_pad'];
const BOUND = ['counter', 'rating_pad']; // roles that belong to one window

let status = null; // host_status
let devices = [];
let counters = [];
let shownCode = null; // the last pairing code created here
let codeTimer = null;
// The hall's clock: a code's expiry and a device's last visit are the host's times.
const clock = new HallClock();

export async function loadNetwork(allCounters) {
  counters = allCounters;
  clock.sync(await call('snapshot'));
  status = await call('host_status');
  devices = await call('devices');
}

/** A device's role in words: 3号窗口, 大屏… */
function roleText(role, counterId) {
  if (!BOUND.includes(role)) return t(`pair.role.${role}`);
  const c = counters.find((x) => x.id === counterId);
  const name = c ? c.name : `#${counterId}`;
  return role === 'counter' ? name : t('network.role_rating_pad_at', { name });
}

function when(ms) {
  if (!ms) return t('network.never');
  const d = clock.parts(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.y}-${p(d.mo)}-${p(d.d)} ${clock.hhmm(ms)}`;
}

function renderHost() {
  const s = status;
  document.getElementById('net-enabled').checked = s.settings.enabled;
  const port = document.getElementById('net-port');
  if (document.activeElement !== port) port.value = s.settings.port;
  const state = document.getElementById('net-state');
  state.className = `net-state ${s.running ? 'on' : s.error ? 'bad' : ''}`;
  // On but not serving: the port is taken, or the PC refused it; said in the user's language.
  state.textContent = s.running ? t('network.running', { port: s.settings.port }) : s.error ? errorText(s.error) : t('network.off');
  const list = document.getElementById('net-addresses');
  list.replaceChildren(...(s.running ? s.addresses : []).map((a) => el('li', '', a)));
  if (s.running && s.addresses.length === 0) list.append(el('li', 'muted', t('network.no_address')));
  const card = document.getElementById('net-qr-card');
  card.hidden = !(s.running && s.pairing_url);
  if (!card.hidden) {
    document.getElementById('net-qr').src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(s.qr_svg)}`;
    document.getElementById('net-url').textContent = s.pairing_url;
  }
  document.getElementById('net-create').disabled = !s.running;
}

function renderRolePicker() {
  const role = document.getElementById('net-role');
  const chosen = role.value || 'counter';
  role.replaceChildren(...ROLES.map((r) => {
    const o = el('option', '', t(`pair.role.${r === 'counter' ? 'counter_any' : r}`));
    o.value = r;
    return o;
  }));
  role.value = chosen;
  const counter = document.getElementById('net-counter');
  const picked = counter.value;
  counter.replaceChildren(...counters.map((c) => {
    const o = el('option', '', c.name);
    o.value = String(c.id);
    return o;
  }));
  if (picked) counter.value = picked;
  counter.hidden = !BOUND.includes(role.value);
}

function renderCode() {
  const box = document.getElementById('net-code-box');
  box.hidden = !shownCode;
  clearInterval(codeTimer);
  if (!shownCode) return;
  document.getElementById('net-code').textContent = shownCode.code;
  document.getElementById('net-code-for').textContent = t('network.code_for', { role: roleText(shownCode.role, shownCode.counter_id) });
  const tick = () => {
    const left = Math.max(0, Math.round((shownCode.expires_at - clock.now()) / 1000));
    const exp = document.getElementById('net-code-expiry');
    exp.textContent = left > 0
      ? t('network.code_expires', { time: clock.hhmmss(shownCode.expires_at), m: Math.floor(left / 60), s: String(left % 60).padStart(2, '0') })
      : t('network.code_expired');
    if (left === 0) clearInterval(codeTimer);
  };
  tick();
  codeTimer = setInterval(tick, 1000);
}

function renderDevices() {
  const body = document.getElementById('net-devices-body');
  body.replaceChildren();
  if (devices.length === 0) {
    const tr = el('tr');
    const td = el('td', 'muted', t('network.no_devices'));
    td.colSpan = 5;
    tr.append(td);
    body.append(tr);
  }
  devices.forEach((d) => {
    const tr = el('tr');
    tr.dataset.deviceId = d.id;
    const name = el('input', 'name');
    name.value = d.name;
    name.maxLength = 40;
    const rename = el('button', '', t('network.rename'));
    rename.onclick = () => run(async () => {
      await staffCall('rename_device', { id: d.id, name: name.value });
      return t('network.renamed', { name: name.value.trim() });
    });
    const revoke = el('button', 'danger', t('network.revoke'));
    revoke.dataset.action = 'revoke';
    revoke.onclick = async () => {
      if (!(await confirmDialog(t('network.revoke_confirm', { name: d.name })))) return;
      run(async () => {
        await staffCall('revoke_device', { id: d.id });
        return t('network.revoked', { name: d.name });
      });
    };
    const nameCell = el('td');
    nameCell.append(name);
    const tail = el('td');
    tail.append(rename, ' ', revoke);
    tr.append(nameCell, el('td', '', roleText(d.role, d.counter_id)), el('td', '', d.last_address || '—'), el('td', '', when(d.last_seen_at)), tail);
    body.append(tr);
  });
}

/** Runs an action, says what it did, and shows the stored state again. */
async function run(f) {
  try {
    const said = await f();
    devices = await call('devices');
    renderDevices();
    if (said) toast(said);
  } catch (e) {
    showError(e);
  }
}

export function renderNetwork() {
  if (!status) return;
  renderHost();
  renderRolePicker();
  renderCode();
  renderDevices();
}

/** A device paired or was revoked elsewhere: reload the list. */
export async function reloadDevices() {
  devices = await call('devices');
  renderDevices();
}

export function initNetwork() {
  document.getElementById('net-role').onchange = renderRolePicker;
  document.getElementById('net-save').onclick = async () => {
    try {
      const port = wholeNumber(document.getElementById('net-port').value, 'port');
      const enabled = document.getElementById('net-enabled').checked;
      status = await staffCall('save_host_settings', { settings: { enabled, port } });
      renderHost();
      toast(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };
  document.getElementById('net-create').onclick = () => run(async () => {
    const role = document.getElementById('net-role').value;
    const counterId = BOUND.includes(role) ? Number(document.getElementById('net-counter').value) : null;
    shownCode = await staffCall('create_pairing_code', { role, counterId });
    renderCode();
    return '';
  });
}
