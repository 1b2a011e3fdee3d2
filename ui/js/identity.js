// Live hints for a booking's personal fields while staff type: the same checks as the core
// (crates/core/src/booking/identity.rs), but only as a help. The core decides on submit.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

/** Full-width digits and letters (as Chinese input methods type them) become ASCII. */
function halfWidth(s) {
  return s.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
    .replace(/\u3000/g, ' ');
}

/** The GB 11643 check character of 17 digits, or null. */
export function idCheckChar(first17) {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/**
 * Checks an ID number as typed. Returns {ok, value, problem, expected, birth}: `problem` is
 * one of the core's (length, characters, region, birth_date, check_digit) and `expected`
 * the right check character when only that is wrong.
 */
export function checkIdNumber(raw, today) {
  const v = halfWidth(raw).replace(/\s/g, '').toUpperCase();
  if (!v) return { ok: false, problem: 'empty', value: v };
  if (!/^\d*X?$/.test(v)) return { ok: false, problem: 'characters', value: v };
  if (v.length !== 18) return { ok: false, problem: 'length', value: v, length: v.length };
  if (!PROVINCES.has(Number(v.slice(0, 2)))) return { ok: false, problem: 'region', value: v };
  const y = Number(v.slice(6, 10)); const m = Number(v.slice(10, 12)); const d = Number(v.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const birth = `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  if (!real || y < 1850 || (today && birth > today)) return { ok: false, problem: 'birth_date', value: v };
  const expected = idCheckChar(v.slice(0, 17));
  if (expected !== v[17]) return { ok: false, problem: 'check_digit', value: v, expected };
  return { ok: true, value: v, birth };
}

/** Checks a mainland mobile as typed ("+86", spaces and dashes allowed). */
export function checkMobile(raw) {
  let v = halfWidth(raw).replace(/[\s\-()]/g, '');
  if (!v) return { ok: false, problem: 'empty', value: v };
  if (v.startsWith('+86')) v = v.slice(3);
  else if (v.startsWith('0086')) v = v.slice(4);
  else if (v.length === 13 && v.startsWith('86')) v = v.slice(2);
  if (!/^\d+$/.test(v)) return { ok: false, problem: 'characters', value: v };
  if (v.length !== 11) return { ok: false, problem: 'length', value: v, length: v.length };
  if (!/^1[3-9]/.test(v)) return { ok: false, problem: 'prefix', value: v };
  return { ok: true, value: v };
}

/** Checks a person's name: letters (Chinese or Latin), spaces, · . - ; at most 20. */
export function checkName(raw) {
  const v = raw.replace(/\u3000/g, ' ').trim().replace(/\s+/g, ' ');
  if (!v) return { ok: false, problem: 'empty' };
  if ([...v].length > 20) return { ok: false, problem: 'too_long' };
  if (!/^[\p{L}\p{M} ·•・‧.\-]+$/u.test(v) || !/\p{L}/u.test(v)) return { ok: false, problem: 'characters' };
  return { ok: true, value: v };
}

/** Whether a desk entry looks like a confirmation code (6 of 2-9, A-Z without I and O). */
export function looksLikeCode(raw) {
  return /^[2-9A-HJ-NP-Z]{6}$/.test(raw.replace(/[\s-]/g, '').toUpperCase());
}

/**
 * What the desk's one check-in box holds, by its shape: a code, a mobile or an ID number.
 * The core checks the value itself.
 */
export function checkInBy(raw) {
  const v = halfWidth(raw).trim();
  const compact = v.replace(/[\s\-()]/g, '');
  if (looksLikeCode(compact)) return { by: 'code', value: compact.toUpperCase() };
  if (/^(\+86|0086)?\d{11}$/.test(compact) || /^86\d{11}$/.test(compact)) return { by: 'mobile', value: compact };
  if (/^\d{17}[\dXx]$/.test(compact) || compact.length >= 15) return { by: 'id_number', value: compact };
  if (/^[\d+]+$/.test(compact)) return { by: 'mobile', value: compact };
  return { by: 'code', value: compact.toUpperCase() };
}
