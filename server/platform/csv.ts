// One CSV cell for every CSV Peron writes (departures, open data, the feedback export): RFC 4180 quoting, and a
// value a spreadsheet would run as a formula (leading = + - @ tab CR) gets a leading ' — unless it is a plain
// number (a delay of -60 stays a number; "-5+A1" is text and is defused).
export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
