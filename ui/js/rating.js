// The rating window of a counter (好差评), facing the person just served: after the clerk
// finishes a ticket it asks for one of the five levels; 不满意 and below ask for a reason
// (a short list and free text). One rating per ticket: the core refuses a second.

import { call, HallClock } from './api.js';
import { t } from './i18n.js';
import { boot, showError, el } from './ui.js';

const REASONS = ['wait_too_long', 'attitude', 'not_solved', 'unclear_guidance', 'too_many_documents', 'other'];
/** How long the thank-you stays before the window waits for the next person. */
const THANKS_MS = 4000;

let counterId = Number(new URLSearchParams(location.search).get('counter'));
const clock = new HallClock();
let ticket = null;
let level = null;
let picked = new Set();
let thanksTimer = null;

function show(which) {
  ['idle', 'ask', 'thanks'].forEach((id) => { document.getElementById(id).hidden = id !== which; });
  document.body.dataset.state = which;
}

function renderChips() {
  const box = document.getElementById('chips');
  box.replaceChildren();
  REASONS.forEach((r) => {
    const b = el('button', `chip${picked.has(r) ? ' on' : ''}`, t(`stats.k.reason_${r}`));
    b.type = 'button';
    b.dataset.reason = r;
    b.onclick = () => { if (picked.has(r)) picked.delete(r); else picked.add(r); renderChips(); };
    box.append(b);
  });
}

function ask(tk) {
  if (ticket && tk && ticket.id === tk.id && document.body.dataset.state === 'ask') return;
  ticket = tk;
  level = null;
  picked = new Set();
  document.getElementById('comment').value = '';
  document.getElementById('reasons').hidden = true;
  document.querySelectorAll('.level').forEach((b) => b.classList.remove('chosen'));
  document.getElementById('ask-number').textContent = tk.number;
  show('ask');
}

async function refresh() {
  if (thanksTimer) return;
  const tk = await call('rating_prompt', { counterId });
  if (tk) ask(tk); else { ticket = null; show('idle'); }
}

async function send() {
  try {
    await call('rate_ticket', {
      input: {
        counter_id: counterId, ticket_id: ticket.id, level,
        reasons: [...picked], comment: document.getElementById('comment').value,
      },
    });
    ticket = null;
    show('thanks');
    thanksTimer = setTimeout(() => { thanksTimer = null; refresh().catch(showError); }, THANKS_MS);
  } catch (e) { showError(e); }
}

boot({
  clock,
  setup: async ({ me, redrawClock }) => {
    // A paired rating pad on the LAN faces its own window.
    if (me.role === 'rating_pad') counterId = me.counter_id;
    const snap = await call('snapshot');
    clock.sync(snap);
    redrawClock();
    const c = snap.counters.find((x) => x.id === counterId);
    document.getElementById('counter-name').textContent = c ? c.name : '';
    document.querySelectorAll('.level').forEach((b) => {
      b.onclick = () => {
        if (!ticket) return;
        level = Number(b.dataset.level);
        document.querySelectorAll('.level').forEach((x) => x.classList.toggle('chosen', x === b));
        if (level <= 2) {
          renderChips();
          document.getElementById('reasons').hidden = false;
        } else {
          send();
        }
      };
    });
    document.getElementById('back').onclick = () => { level = null; document.getElementById('reasons').hidden = true; };
    document.getElementById('reasons').onsubmit = (e) => {
      e.preventDefault();
      if (!picked.size && !document.getElementById('comment').value.trim()) {
        showError({ code: 'rating_reason_required', params: {} });
        return;
      }
      send();
    };
  },
  onLang: () => renderChips(),
  onEvent: (ev) => {
    if (ev.type === 'ticket' && ev.ticket.counter_id === counterId && ev.change === 'finished') refresh().catch(showError);
  },
  load: refresh,
});
