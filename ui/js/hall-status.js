// The hall's status (早开 · 午休 · 截止 · 延时) as every screen words it. The status itself
// comes from the core (`hall_status`, then `status` events); nothing here decides a rule.

import { t, currentLang } from './i18n.js';

/** A booking day that has not ended yet (before check-in opens, or during it): booked
 *  people only, no walk-in numbers; they check in at the desk. */
export function appointmentDay(st) {
  return !!st && !!st.appointment_day && ['closed', 'opening_soon', 'appointments_only'].includes(st.status);
}

/** Issuing is closed and does not open again today: the 12123 guidance replaces the buttons
 *  (not on a booking day: its people check in). */
export function dayOver(st) {
  return !!st && !appointmentDay(st) && !st.issuing_open && !(st.opens_at && st.opens_at.date === st.business_day);
}

/** Issuing is closed now but opens again later today (before opening, lunch break). */
export function opensLaterToday(st) {
  return !!st && !st.issuing_open && !!st.opens_at && st.opens_at.date === st.business_day;
}

/** The short status for a pill: 正在办理, 延时服务中 · 还有 3 人等候 … */
export function statusLabel(st) {
  if (!st) return '';
  if (st.status === 'extended_service') return extendedText(st);
  if (st.status === 'closed' && st.day && st.day.name) return t('hall.closed_named', { name: st.day.name });
  return t(`hall_status.${st.status}`);
}

/** 延时服务中 · 还有 N 人等候 (or the last people being served); after midnight it says
 *  how many of them hold an earlier day's number. */
export function extendedText(st) {
  const serving = st.waiting === 0 && st.serving > 0;
  const text = serving
    ? t('hall.extended_serving', { n: st.serving })
    : t('hall.extended_waiting', { n: st.waiting });
  return text + carriedText(st, serving ? 'serving' : 'waiting');
}

/** ' · 含昨日 2 人': how many of the people counted (`what`: 'waiting' or 'serving') hold
 *  an earlier business day's number; '' when none do. */
function carriedText(st, what) {
  const days = (st && st.carried_over) || [];
  const n = days.reduce((a, d) => a + d[what], 0);
  if (n === 0) return '';
  const tag = earlierDayTag({ business_day: days[0].business_day }, st);
  return ` · ${t('hall.carried_over', { day: tag, n })}`;
}

/** A pill colour class for the status. */
export function statusTone(st) {
  if (!st) return '';
  if (st.status === 'extended_service' || st.status === 'closing_soon') return 'warn';
  if (st.status === 'appointments_only') return 'appt';
  if (st.issuing_open) return 'ok';
  return 'off';
}

/** mm:ss, or h:mm:ss from an hour on; never negative. */
export function countdown(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

/** "17 分 05 秒" / "17 min 05 s" (with hours from an hour on): a time left that cannot be
 *  read as a time of day next to the cutoff's clock time. */
export function countdownWords(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n) => String(n).padStart(2, '0');
  return h > 0
    ? t('common.left_hms', { h, m: pad(m), s: pad(s % 60) })
    : t('common.left_ms', { m, s: pad(s % 60) });
}

/** The 12123 guidance in the current language, from the schedule settings. */
export function guidanceText(settings) {
  if (!settings) return '';
  return currentLang() === 'en' && settings.guidance_text_en ? settings.guidance_text_en : settings.guidance_text;
}

/** Puts the guidance into `el`, keeping quoted names such as “交管12123” on one line. */
export function fillGuidance(el, text) {
  el.replaceChildren(...text.split(/(“[^”]{1,16}”)/).filter(Boolean).map((part) => {
    if (!part.startsWith('“')) return document.createTextNode(part);
    const s = document.createElement('span');
    s.className = 'nowrap';
    s.textContent = part;
    return s;
  }));
}

/** "2026-12-01 08:50", or "08:50" when it is today. */
export function whenText(st, instant) {
  if (!instant) return t('hall.no_opening');
  return instant.date === st.business_day ? instant.time : `${instant.date} ${instant.time}`;
}

/** The day before `day` ("YYYY-MM-DD"), computed on the date alone (no time zone). */
function dayBefore(day) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** A ticket of an earlier business day still served after midnight (延时服务) is marked so
 *  that yesterday's A001 is never taken for today's: 昨日, or its date. '' for today's
 *  ticket. `st` is the hall's status, whose `business_day` is today. */
export function earlierDayTag(tk, st) {
  if (!tk || !st || !tk.business_day || tk.business_day >= st.business_day) return '';
  if (tk.business_day === dayBefore(st.business_day)) return t('ticket.yesterday');
  const [, m, d] = tk.business_day.split('-');
  return t('ticket.of_day', { month: Number(m), day: Number(d) });
}

/** "昨日 A001" for an earlier day's ticket, "A001" for today's. */
export function numberWithDay(tk, st) {
  const tag = earlierDayTag(tk, st);
  return tag ? `${tag} ${tk.number}` : tk.number;
}
