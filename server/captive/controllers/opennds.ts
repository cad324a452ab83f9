// openNDS Forward Authentication Service, level 1 (fas_secure_enabled=1; openNDS docs/source/fas.rst):
// the gateway sends `?fas=<base64("hid=…, clientip=…, …")>`; the portal grants access by sending the browser to
// http://<gatewayaddress>/<authdir>/?tok=<rhid>&redir=…, with rhid = sha256_hex(hid ‖ faskey). Levels 0, 2 and 3
// (and level 1 without a faskey on the gateway) are recognised on the first request and refused as a gateway
// misconfiguration naming the fix (openNDS src/http_microhttpd.c, get_query/encode_and_redirect_to_splashpage).
import { createHash } from 'node:crypto';
import { AppError } from '../../platform/errors.ts';
import { CaptiveErrors } from '../errors.ts';
import type { Controller } from './types.ts';
import { checkOpenNdsPayload, gatewayAllowList } from './gateway-allow.ts';

export function openNdsRhid(hid: string, faskey: string): string {
  return createHash('sha256').update(hid.trim() + faskey.trim()).digest('hex');
}

/** Decodes the level-1 `fas` payload: base64 of "key=value" pairs separated by ", ". */
export function decodeFas(fas: string): Record<string, string> {
  const text = Buffer.from(fas.replace(/ /g, '+'), 'base64').toString('utf8');
  const out: Record<string, string> = {};
  for (const part of text.split(', ')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

const GATEWAY = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/;
const AUTHDIR = /^[A-Za-z0-9_-]{1,64}$/;

export function createOpenNdsController(opts: { fasKey: string | undefined; gatewayAddresses?: readonly string[]; arpFile?: string }): Controller {
  const gatewayAllowed = gatewayAllowList(opts.gatewayAddresses ?? []);
  return {
    name: 'opennds',
    needsUamLogin: false,
    // openNDS grants its own `sessiontimeout` (minutes, 0 = none); Peron is not told it
    sessionLengthKnown: false,
    parse(rawQuery, clientIp) {
      const p = new URLSearchParams(rawQuery);
      const fas = p.get('fas');
      const level = misconfiguredLevel(p);
      if (level) throw new AppError(CaptiveErrors.CAPTIVE_CONTROLLER_MISCONFIGURED, level);
      if (!fas) return null;
      if (!opts.fasKey) throw new AppError(CaptiveErrors.CAPTIVE_NOT_CONFIGURED, 'captive.fasKey is not set');
      const f = decodeFas(fas);
      if (!f.hid || !/^[0-9a-fA-F]{16,128}$/.test(f.hid) || !f.gatewayaddress || !GATEWAY.test(f.gatewayaddress)) {
        throw new AppError(CaptiveErrors.CAPTIVE_BAD_CONTROLLER_DATA, 'openNDS fas payload lacks a valid hid or gatewayaddress');
      }
      checkOpenNdsPayload(f, clientIp, { allowed: gatewayAllowed, arpFile: opts.arpFile });
      const authdir = f.authdir || 'opennds_auth';
      if (!AUTHDIR.test(authdir)) throw new AppError(CaptiveErrors.CAPTIVE_BAD_CONTROLLER_DATA, 'openNDS authdir invalid');
      const userurl = f.originurl ? decoded(f.originurl) : null;
      const session: Record<string, string> = { gatewayaddress: f.gatewayaddress, authdir };
      // gatewayname arrives URL-encoded (openNDS url_encoded_gw_name, "Liberec%20hl.n.%20Node%3a…"): stored decoded
      for (const k of ['gatewayname', 'gatewaymac', 'clientif', 'version']) if (f[k]) session[k] = (k === 'gatewayname' ? (decoded(f[k]) ?? f[k]).trim() : f[k]).slice(0, 128);
      return { res: 'notyet', mac: f.clientmac || null, userurl, session, nonce: { kind: 'opennds-hid', value: f.hid.toLowerCase(), gatewayBound: true } };
    },
    handoff(s, _rec, onlineUrl) {
      const hid = s.nonce!.value;
      return `http://${s.session.gatewayaddress}/${s.session.authdir}/?tok=${openNdsRhid(hid, opts.fasKey!)}&redir=${encodeURIComponent(onlineUrl)}`;
    },
  };
}

function decoded(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/**
 * What an openNDS redirect at another FAS level looks like, and the fix (for the log line and the operator);
 * undefined for level 1. Level 0 sends `authaction=…&tok=` in clear (anyone could forge it); level 1 without a
 * faskey sends `clientip=…&gatewayname=…&redir=` with no hid; levels 2 and 3 send `fas=<AES-256-CBC>&iv=`
 * (level 3 over https, which reaches this http port as a TLS handshake: see the captive capability's start()).
 */
export function misconfiguredLevel(p: URLSearchParams): string | undefined {
  if (p.has('fas') && p.has('iv'))
    return 'openNDS sends FAS level 2 or 3 (fas_secure_enabled 2/3, AES-encrypted fas with iv); Peron speaks level 1: set fas_secure_enabled 1';
  if (p.has('fas')) return undefined;
  if (p.has('authaction') || p.has('tok'))
    return 'openNDS sends FAS level 0 (fas_secure_enabled 0: cleartext tok, forgeable); Peron speaks level 1: set fas_secure_enabled 1 and faskey = captive.fasKey';
  if (p.has('clientip') && p.has('gatewayname'))
    return 'openNDS sends no hid (fas_secure_enabled 1 but no faskey on the gateway): set faskey = captive.fasKey';
  return undefined;
}
