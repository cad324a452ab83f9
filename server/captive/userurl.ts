// Where a traveller may be sent back to after Connect: only absolute http(s) URLs with a host and no
// credentials — never javascript:, data:, protocol-relative or backslash tricks (no open redirect to other schemes).
export function safeUserUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return null;
  // control characters, whitespace and backslashes are how parsers are tricked into a different host
  if (/[\u0000-\u0020\u007f\\]/.test(raw)) return null;
  if (!/^https?:\/\/[^/]/i.test(raw)) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (!u.hostname || u.username || u.password) return null;
  return u;
}
