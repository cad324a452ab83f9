// Who may drive a display's status: the board presents its display key (derived from the site key, so one
// secret per display without a table to keep), and the board page must come from an origin the site expects.
import type { Privacy } from '../platform/privacy.ts';

/** 32 base64url characters (192 bits) from HMAC-SHA256(site key, "kiosk-display" ‖ id). */
export function displayKey(privacy: Privacy, id: string): string {
  return privacy.hmac('kiosk-display', id).subarray(0, 24).toString('base64url');
}

/**
 * Origins a board page may come from: the origin of http.publicUrl, and http(s)://<host> for each entry of
 * kiosk.displayHosts ("192.168.10.2" any port, "192.168.10.2:8080" that port only). Never the request's Host,
 * which a DNS-rebinding page controls.
 */
export function originMatcher(publicUrl: string, displayHosts: readonly string[]): (origin: string) => boolean {
  let pub: string | null = null;
  try {
    pub = new URL(publicUrl).origin;
  } catch {
    pub = null;
  }
  const hosts = displayHosts.map((h) => h.trim().toLowerCase());
  return (origin) => {
    let u: URL;
    try {
      u = new URL(origin);
    } catch {
      return false;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    if (u.origin === pub) return true;
    return hosts.includes(u.hostname) || hosts.includes(u.host);
  };
}
