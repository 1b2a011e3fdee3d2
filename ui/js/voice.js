// The voice of the display: recorded clips joined with Web Audio, one announcement at a
// time. A new call never cuts off the one being spoken; it waits its turn.

import { call } from './api.js';

/** Seconds of sound in a PCM WAV file, read from its header (works without an audio device). */
export function wavSeconds(buf) {
  const v = new DataView(buf);
  let byteRate = 0;
  for (let p = 12; p + 8 <= v.byteLength;) {
    const id = String.fromCharCode(v.getUint8(p), v.getUint8(p + 1), v.getUint8(p + 2), v.getUint8(p + 3));
    const size = v.getUint32(p + 4, true);
    if (id === 'fmt ') byteRate = v.getUint32(p + 16, true);
    if (id === 'data' && byteRate) return size / byteRate;
    p += 8 + size + (size % 2);
  }
  return 0;
}

/** A clip's bytes: the hall's own recording when it has one (`overrides`: the clip names
 *  `voice_overrides` listed), else the bundled clip. The display and settings' 试听 share it,
 *  so the test plays what the hall will hear. */
export async function fetchHallClip(overrides, clip) {
  if (overrides.has(clip)) return call('voice_clip', { clip });
  const res = await fetch(`voice/${clip}.wav`);
  if (!res.ok) throw new Error(`missing clip ${clip}`);
  return res.arrayBuffer();
}

export class Announcer {
  /**
   * @param {object} o
   * @param {(clip: string) => Promise<ArrayBuffer>} o.fetchClip bytes of a clip such as 'zh-CN/qing'
   */
  constructor({ fetchClip }) {
    this.fetchClip = fetchClip;
    this.queue = [];
    this.playing = false;
    this.cache = new Map(); // clip -> {bytes, seconds, buffer}
    this.log = []; // what was queued and when it sounded, for tests and diagnostics
    this.ctx = null;
    this.gain = null;
    this.onLockChange = () => {};
  }

  /** Creates (or resumes) the audio context; call from a click to unlock playback. */
  async unlock() {
    try {
      if (!this.ctx) {
        const AC = window.AudioContext || window.webkitAudioContext;
        this.ctx = new AC();
        this.gain = this.ctx.createGain();
        this.gain.connect(this.ctx.destination);
      }
      if (this.ctx.state !== 'running') await this.ctx.resume();
    } catch (e) {
      console.warn('audio unavailable', e);
    }
    this.onLockChange(this.locked());
    return !this.locked();
  }

  /** True when the web view does not let us play sound yet. */
  locked() {
    return !this.ctx || this.ctx.state !== 'running';
  }

  async clip(name) {
    let c = this.cache.get(name);
    if (!c) {
      const bytes = await this.fetchClip(name);
      c = { bytes, seconds: wavSeconds(bytes), buffer: null };
      this.cache.set(name, c);
    }
    if (!c.buffer && this.ctx && this.ctx.state === 'running') {
      try {
        c.buffer = await this.ctx.decodeAudioData(c.bytes.slice(0));
      } catch (e) {
        console.warn('cannot decode', name, e);
      }
    }
    return c;
  }

  /** Queues an announcement {number, window, clips, volume}. */
  enqueue(a) {
    const entry = { number: a.number, window: a.window, clips: a.clips, queuedAt: Date.now(), startedAt: null, endedAt: null, audible: false };
    this.log.push(entry);
    if (this.log.length > 200) this.log.shift();
    this.queue.push({ a, entry });
    if (!this.playing) this.next();
  }

  async next() {
    const item = this.queue.shift();
    if (!item) { this.playing = false; return; }
    this.playing = true;
    const { a, entry } = item;
    try {
      await this.unlock();
      const clips = [];
      for (const name of a.clips) clips.push(await this.clip(name));
      const total = clips.reduce((s, c) => s + (c.buffer ? c.buffer.duration : c.seconds), 0);
      entry.startedAt = Date.now();
      if (!this.locked()) {
        this.gain.gain.value = Math.max(0, Math.min(1, (a.volume ?? 90) / 100));
        let t = this.ctx.currentTime + 0.05;
        for (const c of clips) {
          if (!c.buffer) { t += c.seconds; continue; }
          const src = this.ctx.createBufferSource();
          src.buffer = c.buffer;
          src.connect(this.gain);
          src.start(t);
          t += c.buffer.duration;
        }
        entry.audible = true;
      }
      // The clips' own length paces the queue, so it never stalls, with or without sound.
      await new Promise((r) => setTimeout(r, Math.ceil(total * 1000) + 150));
    } catch (e) {
      console.warn('announcement failed', e);
    }
    entry.endedAt = Date.now();
    this.next();
  }
}
