// What a board row's cells say, from one row of the board payload (server/kiosk/board-feed.ts BoardRow, made from
// server/departures/row-view.ts rowModel): the server's first paint (kiosk/board-view.ts → templates/kiosk/board.njk)
// and the live board (rows.js) both call this, so the two can never draw a row differently.

/** @typedef {import('../server/kiosk/board-feed.ts').BoardRow} BoardRow */
/** @typedef {(key: string, vars?: Record<string, string | number>) => string} Translate */

/**
 * @typedef {object} RowText
 * @property {string} id
 * @property {string} line
 * @property {string} color the line's colour (#rrggbb) or ''
 * @property {string} destination with the "via" stops
 * @property {string} platform
 * @property {string} scheduledText the planned time
 * @property {string} countdown "in 5 min" / "now" / '' when cancelled
 * @property {string} delay "+3 min" / "on time" / "cancelled" / '' without live data
 * @property {boolean} cancelled
 * @property {boolean} late
 */

/**
 * @param {BoardRow} r
 * @param {number} now server time, ms
 * @param {{ fmt: (ms: number) => string, t: Translate }} ctx
 * @returns {RowText}
 */
export function rowText(r, now, ctx) {
  const { t } = ctx;
  const mins = Math.max(0, Math.floor((r.predicted - now) / 60000));
  return {
    id: r.id,
    line: r.line,
    color: r.color ?? '',
    destination: r.via?.length ? `${r.headsign} ${t('board.via', { stops: r.via.join(', ') })}` : r.headsign,
    platform: r.platform ?? '',
    scheduledText: ctx.fmt(r.scheduled),
    countdown: r.cancelled ? '' : mins === 0 ? t('board.now') : t('board.inMinutes', { n: mins }),
    delay: r.cancelled ? t('board.cancelled') : r.delayMin === null ? '' : r.delayMin > 0 ? t('board.delayMinutes', { n: r.delayMin }) : t('board.onTime'),
    cancelled: r.cancelled,
    late: (r.delayMin ?? 0) > 0,
  };
}

/**
 * The rows a board shows at `now`: not yet gone (a cancelled one until its planned time), at most `max`.
 * @param {BoardRow[]} rows
 * @param {number} now
 * @param {number} max
 */
export function visibleRows(rows, now, max) {
  return rows.filter((r) => (r.cancelled ? r.scheduled : r.predicted) > now).slice(0, max);
}
