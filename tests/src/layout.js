// The harness's layout check, run in the page under test (see `App::assert_layout`).
//
// A screen holds up when everything a person should read is fully on screen. This walks every
// visible text and every visible control and reports the ones whose content leaves a box that
// shows it: a box that clips (overflow hidden), the border box of a block around it (text
// spilling over a button's edge), or the window itself. What lies inside a box that is meant
// to scroll (overflow auto/scroll, or marked `data-scrolls`, e.g. a marquee) is exempt: it
// can be reached. Text shortened with an ellipsis passes only when a `title` on it or around
// it carries the full text (the name on hover). A short button label broken over two lines
// ("保" over "存") is reported too. The page itself must not scroll.
const SLACK = 1.5; // sub-pixel rounding
const found = [];
const vw = document.documentElement.clientWidth;
const vh = document.documentElement.clientHeight;

const describe = (e) => {
  let s = e.tagName.toLowerCase();
  if (e.id) s += `#${e.id}`;
  else if (typeof e.className === 'string' && e.className.trim()) s += `.${e.className.trim().split(/\s+/).join('.')}`;
  for (const key of ['prefix', 'number', 'tab']) if (e.dataset && e.dataset[key]) s += `[${key}=${e.dataset[key]}]`;
  return s;
};
const report = (problem, e, text) => {
  if (found.length < 40) found.push(`${problem}: ${describe(e)} ${JSON.stringify((text || '').trim().slice(0, 40))}`);
};
const shown = (e) => {
  if (e.closest('[hidden], dialog:not([open]), script, style, template, head')) return false;
  if (!e.getClientRects().length) return false;
  for (let a = e; a; a = a.parentElement) {
    const cs = getComputedStyle(a);
    if (cs.visibility === 'hidden' || cs.opacity === '0') return false;
  }
  return true;
};
const scrolling = (a, cs) => a.hasAttribute('data-scrolls') || /auto|scroll/.test(`${cs.overflowX} ${cs.overflowY}`);
const clipping = (cs) => cs.overflowX !== 'visible' || cs.overflowY !== 'visible';
const union = (rects) => rects.reduce((u, r) => ({
  left: Math.min(u.left, r.left), top: Math.min(u.top, r.top),
  right: Math.max(u.right, r.right), bottom: Math.max(u.bottom, r.bottom),
}), { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity });
/** Glyphs may reach past a tight line box (line-height 1 on a big number): allow that much. */
const vslack = (e) => {
  const cs = getComputedStyle(e);
  const fs = parseFloat(cs.fontSize) || 16;
  const lh = parseFloat(cs.lineHeight);
  return SLACK + (Number.isFinite(lh) ? Math.max(0, (1.45 * fs - lh) / 2) : 0);
};
const outside = (box, r, vs) => box.left < r.left - SLACK || box.right > r.right + SLACK
  || box.top < r.top - vs || box.bottom > r.bottom + vs;
/** Shortened on purpose: an ellipsis between the text and the box that cuts it, and the
 *  full text on hover (a title on the text's element or around it). */
const shortenedWithTitle = (host, box, text) => {
  let ell = false;
  let titled = false;
  let inside = true; // between the text and the box that cuts it
  for (let a = host; a; a = a.parentElement) {
    if (inside && getComputedStyle(a).textOverflow === 'ellipsis') ell = true;
    if (a.title && a.title.includes(text.trim())) titled = true;
    if (a === box) inside = false;
  }
  return ell && titled;
};

/** Follows `box` (the content of `host`) outwards; reports the first box that does not hold it. */
function check(host, box, text, vs) {
  for (let a = host; a && a !== document.documentElement; a = a.parentElement) {
    const cs = getComputedStyle(a);
    if (scrolling(a, cs)) return; // reachable by scrolling
    if (cs.display === 'inline' || cs.display === 'contents') continue;
    if (cs.position === 'fixed' || a === document.body) break;
    if (outside(box, a.getBoundingClientRect(), vs)) {
      if (text && shortenedWithTitle(host, a, text)) return;
      report(clipping(cs) ? 'clipped' : 'overflows its box', a, text);
      return;
    }
  }
  if (outside(box, { left: 0, top: 0, right: vw, bottom: vh }, vs)) report('outside the window', host, text);
}

const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const range = document.createRange();
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const text = n.textContent;
  if (!text.trim()) continue;
  const host = n.parentElement;
  if (!host || !shown(host)) continue;
  range.selectNodeContents(n);
  const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  if (!rects.length) continue;
  check(host, union(rects), text, vslack(host));
  // A short label split over lines reads as two words.
  const label = host.closest('button, .pill, th, label');
  if (label && text.trim().length <= 8 && !/\s/.test(text.trim())) {
    const lines = new Set(rects.map((r) => Math.round(r.top)));
    if (lines.size > 1) report('label broken over lines', label, text);
  }
}
for (const e of document.body.querySelectorAll('input, select, textarea, button, img, canvas, svg, kbd')) {
  if (!shown(e) || (e.type === 'hidden')) continue;
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  if (e.parentElement) check(e.parentElement, r, '', SLACK);
}
const doc = document.documentElement;
if (doc.scrollHeight > doc.clientHeight + 1 || doc.scrollWidth > doc.clientWidth + 1) {
  found.push(`the page scrolls: ${doc.scrollWidth}×${doc.scrollHeight} in ${doc.clientWidth}×${doc.clientHeight}`);
}
return found;
