// RFC 8908 Captive Portal API: the JSON a client fetches from the URI provisioned by RFC 8910 (DHCPv4 option 114,
// DHCPv6 option 103, RA option 37). `captive` flips with the client's acceptance (looked up by its IP).
export const CAPPORT_PATH = '/api/captive';

export function capportBody(opts: { publicUrl: string; lang?: string; accepted: { secondsRemaining?: number } | null }): Buffer {
  const base = opts.publicUrl.replace(/\/$/, '');
  const body: Record<string, unknown> = {
    captive: opts.accepted === null,
    'user-portal-url': `${base}/`,
    'venue-info-url': `${base}/online`,
  };
  if (opts.accepted) {
    // RFC 8908 §5: seconds-remaining SHOULD be sent when not captive and the session is time-limited; left out
    // when the gateway, not Peron, decides the session length (openNDS sessiontimeout)
    if (opts.accepted.secondsRemaining !== undefined) body['seconds-remaining'] = opts.accepted.secondsRemaining;
    body['can-extend-session'] = true;
  } else body['can-extend-session'] = false;
  return Buffer.from(JSON.stringify(body));
}

export const CAPPORT_HEADERS = {
  'content-type': 'application/captive+json',
  'cache-control': 'private',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
} as const;
