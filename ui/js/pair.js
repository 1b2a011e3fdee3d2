// The pairing page: a browser on the hall's LAN types the one-time code the host shows
// (设置 → 网络) and a name for itself; the host answers with a long-lived cookie and the
// device's role, and the browser goes to its role's page.

import { device, pair } from './api.js';
import { initI18n, toggleLang, onLangChange, errorText, t } from './i18n.js';
import { start, homePage } from './ui.js';

const CODE = /^\d{6}$/;
let shownError = null; // the last error, redrawn in the other language

function showError(err) {
  shownError = err;
  const box = document.getElementById('pair-error');
  box.hidden = !err;
  box.textContent = err ? errorText(err) : '';
}

function showPaired(me) {
  document.getElementById('pair-form').hidden = true;
  document.getElementById('paired').hidden = false;
  const role = me.role === 'counter' ? t('pair.role_counter', { n: me.counter_number ?? me.counter_id }) : t(`pair.role.${me.role}`);
  document.getElementById('paired-text').textContent = t('pair.done', { name: me.name, role });
  document.getElementById('paired-go').href = homePage(me);
  document.body.dataset.paired = me.role;
}

async function submit(e) {
  e.preventDefault();
  const code = document.getElementById('pair-code').value.replace(/\s/g, '');
  const name = document.getElementById('pair-name').value.trim();
  // Said here, before anything is sent: a typo should not cost one of the few tries.
  if (!CODE.test(code)) return showError({ code: 'pair_code_format', params: {} });
  if (!name) return showError({ code: 'empty', params: { field: 'device_name' } });
  const go = document.getElementById('pair-go');
  go.disabled = true;
  try {
    const res = await pair(code, name);
    showError(null);
    const me = (res && res.device) || res;
    location.replace(homePage(me));
  } catch (err) {
    showError(err);
  } finally {
    go.disabled = false;
  }
}

start(async () => {
  await initI18n();
  document.getElementById('lang').onclick = () => toggleLang();
  onLangChange(() => { if (shownError) showError(shownError); });
  document.getElementById('pair-form').onsubmit = submit;
  const me = await device().catch(() => null);
  if (me && me.role !== 'host') showPaired(me);
  else document.getElementById('pair-code').focus();
  document.body.dataset.ready = 'true';
});
