// MAC addresses as NASes put them in User-Name / Calling-Station-Id (reference §3.2): every vendor format,
// with or without a suffix (CoovaChilli macsuffix, "@realm"), normalised to 12 lower-case hex digits.
const PREFIX = /^([0-9a-f]{2})([-:.]?)([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})/i;
const CISCO = /^([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})/i;

/**
 * The MAC at the start of a User-Name or station id, or null. What follows it must not continue the hex run
 * (so a 32-hex-digit token is not taken for a MAC with a suffix); anything else counts as a suffix.
 */
export function macFromIdentity(input: string | undefined): string | null {
  if (!input) return null;
  const s = input.trim();
  let hex: string | null = null;
  let rest = '';
  const m = PREFIX.exec(s);
  if (m) {
    hex = m.slice(1, 8).filter((_, i) => i !== 1).join('');
    rest = s.slice(m[0].length);
  } else {
    const c = CISCO.exec(s);
    if (c) {
      hex = c[1] + c[2] + c[3];
      rest = s.slice(c[0].length);
    }
  }
  if (!hex) return null;
  if (rest && /^[0-9a-f]/i.test(rest)) return null;
  return hex.toLowerCase();
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
