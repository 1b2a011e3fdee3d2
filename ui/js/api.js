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

/** Subscribes to committed hall events; `onResync` runs when events may have been missed. */
export async function onHallEvent(handler, onResync) {
  await tauri.event.listen('hall-event', (e) => handler(e.payload));
  if (onResync) await tauri.event.listen('hall-resync', () => onResync());
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
