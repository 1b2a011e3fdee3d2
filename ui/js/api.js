// The only module that talks to the backend. Two transports behind one set of functions:
// inside the desktop app, Tauri's invoke and events; in a browser on the hall's LAN (a counter
// PC, the TV, a second desk paired with the host), HTTP to the host and server-sent events.
// Screens load a snapshot, then apply pushed events; nobody polls, and no screen knows which
// transport carries its calls.

const tauri = window.__TAURI__;
const inApp = !!(tauri && tauri.core);

/** The shell's event names (src-tauri/src/lib.rs: HALL_EVENT, HALL_RESYNC, HALL_HEARTBEAT),
 *  written once for every screen. */
const EVENTS = { hall: 'hall-event', resync: 'hall-resync', heartbeat: 'hall-heartbeat' };

/** Without a heartbeat (the host sends one every 2 s) for this long, the host is gone. */
const SILENCE_MS = 4000;
/** One request waits this long for its answer before it is retried. */
const REQUEST_TIMEOUT_MS = 5000;
/** Pauses before the retries of a request whose answer was lost: with the same key, so the
 *  host does it at most once. Short, because a clerk is waiting; never queued for later. */
const RETRY_AFTER_MS = [300, 1000];

/** Calls a backend command; rejects with {code, message, params}. */
export async function call(cmd, args = {}) {
  if (!inApp) return http.call(cmd, args);
  try {
    return await tauri.core.invoke(cmd, args);
  } catch (e) {
    if (e && typeof e === 'object' && e.code) throw e;
    throw { code: 'internal', message: String(e), params: {} };
  }
}

/** Subscribes to committed hall events; `onResync` runs when events may have been missed
 *  (and, in a browser, each time the host is reached again). */
export async function onHallEvent(handler, onResync) {
  if (!inApp) return http.listen({ hall: handler, resync: onResync });
  await tauri.event.listen(EVENTS.hall, (e) => handler(e.payload));
  if (onResync) await tauri.event.listen(EVENTS.resync, () => onResync());
}

/** Subscribes to the host's sign of life (every few seconds), so a screen can tell a quiet
 *  hall from a lost one. */
export async function onHeartbeat(handler) {
  if (!inApp) return http.listen({ heartbeat: handler });
  await tauri.event.listen(EVENTS.heartbeat, () => handler());
}

/** Runs `handler(up)` whenever the link to the host is lost (false) or back (true). In the
 *  app the backend is in the same process and the link never drops. */
export function onConnection(handler) {
  if (!inApp) http.connectionHandlers.push(handler);
}

/** Who this screen acts as: `{role: 'host'}` in the desktop app (every operation); in a
 *  browser the paired device, `{id, name, role, counter_id}` (GET /api/me). */
export async function device() {
  if (inApp) return { role: 'host' };
  return http.me();
}

/** Pairs this browser with the host using the 6-digit code shown in 设置 → 网络. */
export function pair(code, name) {
  return http.request('/api/pair', { code, name }, newKey(), false);
}

/** Opens another window of the app ('counter' or 'settings'). */
export function openWindow(kind) {
  return call('open_window', { kind });
}

// A stable id per PC for the desk's double-click guard (checked in the core).
export function stationId(prefix) {
  const key = `frontdesk.station.${prefix}`;
  let id = localStorage.getItem(key);
  if (!id) {
    id = `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
    localStorage.setItem(key, id);
  }
  return id;
}

/** A random Idempotency-Key. `crypto.randomUUID` exists only on secure (https) pages, and a
 *  hall's LAN address is plain http, so the key is made from getRandomValues. */
function newKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const wait = (ms) => new Promise((r) => { setTimeout(r, ms); });

/** The browser transport: `POST /api/op/{name}` and one EventSource on `/api/events`. */
const http = {
  handlers: { hall: [], resync: [], heartbeat: [] },
  connectionHandlers: [],
  source: null,
  online: true,
  lastHeard: Date.now(),
  lastId: null, // the id of the last hall event applied; a repeat is dropped
  reopenTimer: null,
  mePromise: null,

  async call(cmd, args) {
    // One key per user action: the retries below send the same one, so the host answers a
    // retry with the first result instead of calling or issuing twice.
    return this.request(`/api/op/${encodeURIComponent(cmd)}`, args, newKey(), true);
  },

  async request(path, body, key, needsLink) {
    // The host is known to be gone: say so at once, never queue the action for later.
    if (needsLink && !this.online) throw { code: 'offline', params: {} };
    let sent = false;
    for (let attempt = 0; ; attempt += 1) {
      const ctl = new AbortController();
      const timer = setTimeout(() => ctl.abort(), REQUEST_TIMEOUT_MS);
      let res;
      try {
        res = await fetch(path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
          body: JSON.stringify(body ?? {}),
          credentials: 'same-origin',
          signal: ctl.signal,
        });
      } catch (e) {
        // No answer: it may or may not have reached the host. Try again with the same key.
        sent = sent || e.name === 'AbortError';
        if (attempt < RETRY_AFTER_MS.length) {
          await wait(RETRY_AFTER_MS[attempt]);
          continue;
        }
        this.setOnline(false);
        throw { code: sent ? 'no_answer' : 'offline', params: {} };
      } finally {
        clearTimeout(timer);
      }
      return this.answer(res);
    }
  },

  async answer(res) {
    const type = res.headers.get('Content-Type') || '';
    if (res.ok) {
      // voice_clip answers with the bytes of a WAV file, like Tauri's ipc::Response.
      if (!type.includes('json')) return res.arrayBuffer();
      const text = await res.text();
      return text ? JSON.parse(text) : null;
    }
    let err;
    try {
      err = await res.json();
    } catch {
      err = null;
    }
    if (!err || !err.code) err = { code: 'internal', message: `HTTP ${res.status}`, params: {} };
    err.params = err.params || {};
    if (err.code === 'unpaired' && !location.pathname.endsWith('/pair.html')) toPairing();
    throw err;
  },

  async me() {
    if (!this.mePromise) {
      this.mePromise = fetch('/api/me', { credentials: 'same-origin' }).then(async (res) => {
        if (res.status === 401) return null;
        if (!res.ok) throw { code: 'internal', message: `HTTP ${res.status}`, params: {} };
        return res.json();
      });
      this.mePromise.catch(() => { this.mePromise = null; });
    }
    return this.mePromise;
  },

  listen(handlers) {
    for (const [k, f] of Object.entries(handlers)) if (f) this.handlers[k].push(f);
    if (!this.source) {
      this.open();
      setInterval(() => this.watch(), 500);
    }
  },

  open() {
    clearTimeout(this.reopenTimer);
    const es = new EventSource('/api/events');
    this.source = es;
    es.addEventListener('resync', () => {
      this.heard();
      // A fresh snapshot follows: count events anew (a restarted host numbers from 1 again).
      this.lastId = null;
      this.handlers.resync.forEach((f) => f());
    });
    es.addEventListener('hall', (e) => {
      this.heard();
      const id = e.lastEventId ? Number(e.lastEventId) : null;
      if (id !== null && this.lastId !== null && id <= this.lastId) return;
      if (id !== null) this.lastId = id;
      const ev = JSON.parse(e.data);
      this.handlers.hall.forEach((f) => f(ev));
    });
    es.addEventListener('heartbeat', () => {
      this.heard();
      this.handlers.heartbeat.forEach((f) => f());
    });
    es.onerror = () => {
      // The stream broke (host stopped, network gone) or was refused. Say so now, then try
      // again on our own schedule: the browser's own retry gives up on some failures.
      this.setOnline(false);
      es.close();
      if (this.source === es) this.source = null;
      clearTimeout(this.reopenTimer);
      this.reopenTimer = setTimeout(() => this.reopen(), 1000);
    };
  },

  async reopen() {
    // A revoked or forgotten device gets 401 on /api/me: back to the pairing page.
    try {
      this.mePromise = null;
      const me = await this.me();
      if (me === null) return toPairing();
    } catch {
      // The host is still away; the stream below fails again and we come back here.
    }
    this.open();
  },

  heard() {
    this.lastHeard = Date.now();
    this.setOnline(true);
  },

  watch() {
    if (this.online && Date.now() - this.lastHeard > SILENCE_MS) {
      this.setOnline(false);
      // A silent stream is as good as a broken one: open a new one.
      if (this.source) this.source.close();
      this.source = null;
      this.reopen();
    }
  },

  setOnline(up) {
    if (this.online === up) return;
    this.online = up;
    this.connectionHandlers.forEach((f) => f(up));
  },
};

function toPairing() {
  location.replace('/pair.html');
}

/** The hall's clock: the backend's time (settable in test mode) running on in the page. */
export class HallClock {
  constructor() {
    this.skew = 0;
    this.offsetMinutes = 480;
  }
  sync(snapshot) {
    this.skew = snapshot.now - Date.now();
    this.offsetMinutes = snapshot.utc_offset_minutes;
  }
  now() {
    return Date.now() + this.skew;
  }
  /** Wall-clock parts in the hall's time zone. */
  parts(ms = this.now()) {
    const d = new Date(ms + this.offsetMinutes * 60000);
    return {
      y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), wd: d.getUTCDay(),
      h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds(),
    };
  }
  hhmm(ms) {
    const p = this.parts(ms);
    return `${String(p.h).padStart(2, '0')}:${String(p.mi).padStart(2, '0')}`;
  }
  hhmmss(ms) {
    const p = this.parts(ms);
    return `${this.hhmm(ms)}:${String(p.s).padStart(2, '0')}`;
  }
}
