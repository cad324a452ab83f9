// Keeps the departures table in step with the data by reusing one <tr> per departure and touching only the
// text that changed: a board updated every few seconds for months must not grow its DOM or heap.

import { setClass, setText } from './dom.js';
import { rowText } from './row-text.js';

/** @typedef {import('./row-text.js').BoardRow} Row */

/**
 * @param {HTMLTableSectionElement} tbody
 * @param {{ fmt: (ms: number) => string, t: (key: string, vars?: Record<string, string | number>) => string }} ctx
 */
export function createRows(tbody, ctx) {
  /** @type {Map<string, { tr: HTMLTableRowElement, badge: HTMLElement, headsign: HTMLElement, platform: HTMLElement, sched: HTMLElement, countdown: HTMLElement, delay: HTMLElement }>} */
  const byId = new Map();

  // adopt the server-rendered rows, so the first live update changes text instead of rebuilding the table
  for (const tr of Array.from(tbody.rows)) {
    const id = tr.dataset.id;
    if (!id) continue;
    byId.set(id, {
      tr,
      badge: /** @type {HTMLElement} */ (tr.querySelector('.badge')),
      headsign: /** @type {HTMLElement} */ (tr.querySelector('.c-headsign')),
      platform: /** @type {HTMLElement} */ (tr.querySelector('.c-platform')),
      sched: /** @type {HTMLElement} */ (tr.querySelector('.sched')),
      countdown: /** @type {HTMLElement} */ (tr.querySelector('.countdown')),
      delay: /** @type {HTMLElement} */ (tr.querySelector('.c-delay')),
    });
  }

  /** @param {string} id */
  function make(id) {
    const tr = document.createElement('tr');
    tr.className = 'dep';
    tr.dataset.id = id;
    const cell = (/** @type {string} */ cls) => {
      const td = document.createElement('td');
      td.className = cls;
      tr.appendChild(td);
      return td;
    };
    const lineTd = cell('c-line');
    const badge = document.createElement('span');
    badge.className = 'badge';
    lineTd.appendChild(badge);
    const headsign = cell('c-headsign');
    const platform = cell('c-platform');
    const timeTd = cell('c-time');
    const sched = document.createElement('span');
    sched.className = 'sched';
    const countdown = document.createElement('span');
    countdown.className = 'countdown';
    timeTd.append(sched, ' ', countdown);
    const delay = cell('c-delay');
    const entry = { tr, badge, headsign, platform, sched, countdown, delay };
    byId.set(id, entry);
    return entry;
  }

  return {
    /**
     * @param {Row[]} rows the rows to show, in order
     * @param {number} now server time, ms
     */
    render(rows, now) {
      const keep = new Set();
      let prev = /** @type {Element | null} */ (null);
      for (const r of rows) {
        keep.add(r.id);
        const e = byId.get(r.id) ?? make(r.id);
        const c = rowText(r, now, ctx);
        setText(e.badge, c.line);
        if (e.badge.style.borderColor !== c.color) e.badge.style.borderColor = c.color;
        setText(e.headsign, c.destination);
        setText(e.platform, c.platform);
        setText(e.sched, c.scheduledText);
        setText(e.countdown, c.countdown);
        setText(e.delay, c.delay);
        setClass(e.tr, 'cancelled', c.cancelled);
        setClass(e.tr, 'late', c.late);
        const want = prev ? prev.nextSibling : tbody.firstChild;
        if (want !== e.tr) tbody.insertBefore(e.tr, want);
        prev = e.tr;
      }
      for (const [id, e] of byId) {
        if (!keep.has(id)) {
          e.tr.remove();
          byId.delete(id);
        }
      }
    },

    /**
     * Shows only the rows that fit whole inside `area` (the configured count is a maximum: a portrait board's
     * two-line rows or a small screen hold fewer), so no row is ever cut in half at the bottom edge.
     * @param {HTMLElement} area
     */
    fit(area) {
      const bottom = area.getBoundingClientRect().bottom;
      const trs = Array.from(tbody.rows);
      for (const tr of trs) if (tr.hidden) tr.hidden = false;
      for (const tr of trs) if (tr.getBoundingClientRect().bottom > bottom + 0.5) tr.hidden = true;
    },
  };
}
