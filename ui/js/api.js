// The only module that talks to the backend: Tauri's invoke today, HTTP tomorrow.
// Screens load a snapshot, then apply pushed events; nobody polls.

const tauri = window.__TAURI__;

/** Calls a backend command; rejects with {code, message, params}. */
export async function call(cmd, args = {}) {
  try {
    return await tauri.core.invoke(cmd, args);
  } catch (e) {
    if (e && typeof e === 'object' && e.code) throw e;
    throw { code: 'internal', message: String(e), params: {} };
  }
}

/** The shell's event names (src-tauri/src/lib.rs: HALL_EVENT, HALL_RESYNC, HALL_HEARTBEAT),
 *  written once for every screen. */
const EVENTS = { hall: 'hall-event', resync: 'hall-resync', heartbeat: 'hall-heartbeat' };

/** Subscribes to committed hall events; `onResync` runs when events may have been missed. */
export async function onHallEvent(handler, onResync) {
  await tauri.event.listen(EVENTS.hall, (e) => handler(e.payload));
  if (onResync) await tauri.event.listen(EVENTS.resync, () => onResync());
}

/** Subscribes to the shell's sign of life (every few seconds), so a screen can tell a quiet
 *  hall from a lost one. */
export async function onHeartbeat(handler) {
  await tauri.event.listen(EVENTS.heartbeat, () => handler());
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
