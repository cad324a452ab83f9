// MAC addresses as NASes put them in User-Name / Calling-Station-Id (reference §3.2): every vendor format,
// with or without a suffix (CoovaChilli macsuffix, "@realm"), normalised to 12 lower-case hex digits.
/** 0..15 for a hex digit's char code, else -1 */
function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

const HEX = '0123456789abcdef';

/** `count` hex digits at s[from..]: appended lower-case to `out`, or null */
function hexRun(s: string, from: number, count: number, out: string): string | null {
  for (let i = from; i < from + count; i++) {
    const v = hexVal(s.charCodeAt(i)); // NaN past the end → -1
    if (v < 0) return null;
    out += HEX[v];
  }
  return out;
}

/**
 * The MAC at the start of a User-Name or station id, or null: six hex pairs with one separator (`-`, `:` or `.`)
 * used throughout or none, or Cisco's `aabb.ccdd.eeff`. What follows it must not continue the hex run (so a
 * 32-hex-digit token is not taken for a MAC with a suffix); anything else counts as a suffix. Hand-parsed: it
 * runs on every RADIUS request.
 */
export function macFromIdentity(input: string | undefined): string | null {
  if (!input) return null;
  const s = input.trim();
  let hex: string | null = null;
  let end = 0;
  const c2 = s.charCodeAt(2);
  const sep = c2 === 45 || c2 === 58 || c2 === 46 ? c2 : -1; // '-' ':' '.'
  const step = sep < 0 ? 2 : 3;
  hex = '';
  for (let k = 0; k < 6 && hex !== null; k++) {
    const at = k * step;
    if (k > 0 && sep >= 0 && s.charCodeAt(at - 1) !== sep) hex = null;
    else hex = hexRun(s, at, 2, hex);
  }
  if (hex !== null) end = 5 * step + 2;
  else if (s.charCodeAt(4) === 46 && s.charCodeAt(9) === 46) {
    hex = hexRun(s, 0, 4, '');
    if (hex !== null) hex = hexRun(s, 5, 4, hex);
    if (hex !== null) hex = hexRun(s, 10, 4, hex);
    end = 14;
  }
  if (hex === null) return null;
  if (end < s.length && hexVal(s.charCodeAt(end)) >= 0) return null;
  return hex;
}

export type MacFormat = 'aabbccddeeff' | 'AABBCCDDEEFF' | 'aa:bb:cc:dd:ee:ff' | 'AA:BB:CC:DD:EE:FF' | 'aa-bb-cc-dd-ee-ff' | 'AA-BB-CC-DD-EE-FF';

/** Formats a normalised MAC the way a NAS expects it (for the User-Name of requests we send it). */
export function formatMac(mac: string, format: MacFormat): string {
  const sep = format.length === 12 ? '' : format[2];
  const s = mac.match(/../g)!.join(sep);
  return format[0] === 'A' ? s.toUpperCase() : s.toLowerCase();
}

/** The SSID from a Called-Station-Id "BSSID:SSID" (RFC 3580 §3.20). */
export function ssidOf(calledStationId: string | undefined): string | undefined {
  if (!calledStationId) return undefined;
  const m = /^(?:[0-9a-f]{2}[-:]?){5}[0-9a-f]{2}:(.+)$/i.exec(calledStationId);
  return m ? m[1] : undefined;
}
