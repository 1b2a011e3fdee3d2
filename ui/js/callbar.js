// The caller bar (叫号条): the counter's four everyday actions in a 400×120 strip, for a clerk
// who works in another system all day. A paired counter browser serves its own window; in
// the app the window comes from `?counter=ID`.

import { call } from './api.js';
import { t, apply } from './i18n.js';
import { boot, toast, showError } from './ui.js';

let counterId = Number(new URLSearchParams(location.search).get('counter')) || null;
let view = null;
let busy = false;

function render() {
  const c = view && view.counter;
  const cur = view && view.current;
  const num = document.getElementById('bar-number');
  num.textContent = cur ? cur.number : '—';
  num.classList.toggle('prio', !!(cur && cur.priority));
  const line = document.getElementById('bar-line');
  line.textContent = c
    ? `${c.name} · ${c.state === 'open' ? t('counter.waiting_count', { n: view.waiting.length }) : t(`counter.state.${c.state}`)}`
    : t('callbar.no_counter');
  line.title = line.textContent;
  document.title = c ? `${c.name} · ${t('callbar.title')}` : t('callbar.title');
  // Closed or paused, the first button opens or resumes the window instead of calling.
  const next = document.getElementById('bar-next-label');
  next.dataset.i18n = !c || c.state === 'open' ? 'counter.next' : c.state === 'paused' ? 'counter.resume' : 'callbar.open';
  next.textContent = t(next.dataset.i18n);
  if (document.body.dataset.online === 'false') return; // the buttons wait for the host
  document.getElementById('bar-next').disabled = !c;
  for (const id of ['bar-recall', 'bar-noshow', 'bar-finish']) document.getElementById(id).disabled = !cur;
}

async function refresh() {
  if (!counterId) return render();
  view = await call('counter_view', { counterId });
  render();
}

/** One action at a time; what it did is said in one short line. */
async function run(f) {
  if (busy || !view) return;
  busy = true;
  try {
    toast(await f());
    await refresh();
  } catch (e) {
    showError(e);
  } finally {
    busy = false;
  }
}

const actions = {
  next: () => run(async () => {
    const { state } = view.counter;
    if (state === 'closed') return t('counter.opened_toast', { name: (await call('open_counter', { counterId })).name });
    if (state === 'paused') {
      await call('resume_counter', { counterId });
      return t('counter.resumed_toast');
    }
    const r = await call('call_next', { counterId });
    return r.called ? t('counter.called_toast', { number: r.called.number }) : t('counter.nobody');
  }),
  recall: () => view && view.current && run(async () => {
    const r = await call('recall', { counterId, ticketId: view.current.id });
    return t('counter.recalled_toast', { number: r.number, n: r.call_count });
  }),
  noshow: () => view && view.current && run(async () => t('counter.noshow_toast', { number: (await call('no_show', { counterId, ticketId: view.current.id })).number })),
  finish: () => view && view.current && run(async () => t('counter.finished_toast', { number: (await call('finish', { counterId, ticketId: view.current.id })).number })),
};

boot({
  setup: ({ me }) => {
    if (me.role === 'counter') counterId = me.counter_id;
    for (const a of Object.keys(actions)) document.getElementById(`bar-${a}`).onclick = actions[a];
    const keys = { F1: 'next', F2: 'recall', F3: 'noshow', F4: 'finish' };
    document.addEventListener('keydown', (e) => {
      const a = keys[e.key];
      if (!a) return;
      e.preventDefault();
      if (!e.repeat) actions[a]();
    });
  },
  onLang: () => { apply(); render(); },
  onEvent: (ev) => {
    if (ev.type === 'ticket' || ev.type === 'counter' || ev.type === 'config') return refresh();
    return undefined;
  },
  load: () => refresh().catch(showError),
});
