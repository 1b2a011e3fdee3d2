// Settings › 打印 (ticket printers): one card per station (the desk, the kiosk): how the bytes
// reach the printer (network host:port, a device path, an OS queue), the paper, the encoding,
// the QR code, the footer and auto-print; the kiosk's screen timings beside it. The core
// checks every value (the print crate's own checks included) and saves nothing on a refusal,
// which shows here as a sentence in the user's language.

import { call } from './api.js';
import { t, errorText } from './i18n.js';
import { toast, el, wholeNumber } from './ui.js';

const STATIONS = ['desk', 'kiosk'];
const stored = {}; // station → StationPrint as stored
const light = {}; // station → the last printer_status (or an error)
let kiosk = null; // KioskSettings
let markOwnSave = () => {};

/** Hooks: `ownSave` is called before a save (its config event must not reload the form). */
export function initPrint({ ownSave }) {
  markOwnSave = ownSave;
}

export async function loadPrint() {
  for (const s of STATIONS) stored[s] = await call('print_settings', { station: s });
  kiosk = await call('kiosk_settings');
}

/** A labelled control in a card's form grid. */
function row(form, key, control) {
  const label = el('label', '', t(`settings.pr_${key}`));
  control.name = key;
  label.htmlFor = control.id = `${form.id}-${key}`;
  form.append(label, control);
  return control;
}

function select(options, value) {
  const s = el('select');
  options.forEach(([v, label]) => {
    const o = el('option', '', label);
    o.value = v;
    o.selected = v === value;
    s.append(o);
  });
  return s;
}

function field(value, type = 'text') {
  const i = el('input');
  i.type = type;
  if (type === 'checkbox') i.checked = !!value; else i.value = value ?? '';
  return i;
}

function renderLight(station) {
  const p = document.getElementById(`print-light-${station}`);
  const st = light[station];
  p.className = 'print-light';
  if (!st) { p.textContent = ''; return; }
  if (st.error) {
    p.textContent = errorText(st.error);
    p.classList.add('bad');
  } else if (st.state === 'not_configured') {
    p.textContent = t('settings.pr_none_state');
  } else if (st.state === 'ready') {
    p.textContent = t(st.paper === 'paper_near_end' ? 'desk.printer_low' : 'desk.printer_ready');
    p.classList.add('ok');
  } else {
    p.textContent = `${t('desk.printer_error')}：${errorText(st.error)}`;
    p.classList.add('bad');
  }
}

async function probe(station) {
  try { light[station] = await call('printer_status', { station }); } catch (e) { light[station] = { error: e }; }
  renderLight(station);
}

function renderStation(station) {
  const s = stored[station];
  const p = s.printer || { transport: { kind: 'none' }, width: '80', encoding: 'gb18030', qr: 'native' };
  const form = document.getElementById(`print-form-${station}`);
  form.replaceChildren();
  const kind = row(form, 'kind', select([
    ['none', t('settings.pr_kind_none')], ['tcp', t('settings.pr_kind_tcp')],
    ['device', t('settings.pr_kind_device')], ['queue', t('settings.pr_kind_queue')],
  ], p.transport.kind));
  const tr = p.transport;
  const host = row(form, 'host', field(tr.kind === 'tcp' ? tr.host : ''));
  host.placeholder = '192.168.1.50';
  const port = row(form, 'port', field(tr.kind === 'tcp' ? tr.port : 9100, 'number'));
  const path = row(form, 'path', field(tr.kind === 'device' ? tr.path : ''));
  path.placeholder = '/dev/usb/lp0';
  const queue = row(form, 'queue', field(tr.kind === 'queue' ? tr.name : ''));
  queue.placeholder = 'Thermal';
  const width = row(form, 'width', select([['80', '80 mm'], ['58', '58 mm']], p.width));
  const encoding = row(form, 'encoding', select([['gb18030', 'GB18030'], ['gbk', 'GBK'], ['utf-8', 'UTF-8']], p.encoding));
  const qr = row(form, 'qr', select([['native', t('settings.pr_qr_native')], ['raster', t('settings.pr_qr_raster')]], p.qr));
  const qrText = row(form, 'qr_text', field(s.qr_text));
  qrText.placeholder = 'https://…';
  const footer = row(form, 'footer', field(s.footer));
  const lang = row(form, 'lang', select([['zh-CN', '中文'], ['en', 'English']], s.lang));
  const auto = row(form, 'auto_print', field(s.auto_print, 'checkbox'));
  // Only the fields of the chosen way of connecting.
  const shown = () => {
    const k = kind.value;
    [[host, 'tcp'], [port, 'tcp'], [path, 'device'], [queue, 'queue']].forEach(([i, want]) => {
      i.hidden = k !== want;
      form.querySelector(`label[for="${i.id}"]`).hidden = k !== want;
    });
    [width, encoding, qr].forEach((i) => { i.disabled = k === 'none'; });
  };
  kind.onchange = shown;
  shown();

  const collect = () => {
    const k = kind.value;
    const portNumber = k === 'tcp' ? wholeNumber(port.value, 'port') : 9100;
    // A port is 1–65535: refused here like the core refuses, before the request cannot be read.
    if (portNumber < 1 || portNumber > 65535) throw { code: 'out_of_range', params: { field: 'port', min: 1, max: 65535 } };
    const transport = k === 'tcp' ? { kind: 'tcp', host: host.value, port: portNumber }
      : k === 'device' ? { kind: 'device', path: path.value }
        : k === 'queue' ? { kind: 'queue', name: queue.value } : null;
    return {
      printer: transport && { ...(s.printer || {}), transport, width: width.value, encoding: encoding.value, qr: qr.value },
      auto_print: auto.checked, footer: footer.value, qr_text: qrText.value, lang: lang.value,
    };
  };
  const error = document.getElementById(`print-error-${station}`);
  const fail = (e) => { error.textContent = errorText(e); error.hidden = false; };
  const actions = el('div', 'actions');
  const save = el('button', 'primary', t('common.save'));
  save.type = 'button';
  save.dataset.action = 'save';
  save.onclick = async () => {
    error.hidden = true;
    markOwnSave();
    try {
      stored[station] = await call('save_print_settings', { station, settings: collect() });
      toast(t('common.saved'));
      renderStation(station);
      await probe(station);
    } catch (e) { fail(e); }
  };
  const test = el('button', '', t('desk.test_page'));
  test.type = 'button';
  test.dataset.action = 'test';
  test.disabled = !s.printer;
  test.title = t('settings.pr_test_hint');
  test.onclick = async () => {
    error.hidden = true;
    try {
      light[station] = await call('print_test_page', { station });
      toast(t('desk.test_page_sent'));
    } catch (e) { light[station] = { error: e }; fail(e); }
    renderLight(station);
  };
  actions.append(test, ' ', save);
  form.append(el('span'), actions);
  form.onsubmit = (e) => e.preventDefault();
  renderLight(station);
}

function renderKiosk() {
  const form = document.getElementById('kiosk-form');
  form.replaceChildren();
  const idle = row(form, 'idle_seconds', field(kiosk.idle_seconds, 'number'));
  const ticket = row(form, 'ticket_seconds', field(kiosk.ticket_seconds, 'number'));
  const prio = row(form, 'offer_priority', field(kiosk.offer_priority, 'checkbox'));
  const error = document.getElementById('kiosk-error');
  const save = el('button', 'primary', t('common.save'));
  save.type = 'button';
  save.dataset.action = 'save';
  save.onclick = async () => {
    error.hidden = true;
    markOwnSave();
    try {
      kiosk = await call('save_kiosk_settings', { settings: {
        idle_seconds: wholeNumber(idle.value, 'idle_seconds'), ticket_seconds: wholeNumber(ticket.value, 'ticket_seconds'),
        offer_priority: prio.checked,
      } });
      toast(t('common.saved'));
    } catch (e) { error.textContent = errorText(e); error.hidden = false; }
  };
  const actions = el('div', 'actions');
  actions.append(save);
  form.append(el('span'), actions);
  form.onsubmit = (e) => e.preventDefault();
}

export function renderPrint() {
  if (!kiosk) return;
  STATIONS.forEach(renderStation);
  renderKiosk();
}

/** The printers' state when the tab is opened. */
export function probePrinters() {
  STATIONS.forEach((s) => { if (stored[s] && stored[s].printer) probe(s); });
}
