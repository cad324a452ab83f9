// openNDS Forward Authentication Service, level 1 (fas_secure_enabled=1; openNDS docs/source/fas.rst):
// the gateway sends `?fas=<base64("hid=…, clientip=…, …")>`; the portal grants access by sending the browser to
// http://<gatewayaddress>/<authdir>/?tok=<rhid>&redir=…, with rhid = sha256_hex(hid ‖ faskey).
import { createHash } from 'node:crypto';
import { AppError } from '../../platform/errors.ts';
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
    parse(rawQuery, clientIp) {
      const p = new URLSearchParams(rawQuery);
      const fas = p.get('fas');
      if (!fas) return null;
      if (!opts.fasKey) throw new AppError('CAPTIVE_NOT_CONFIGURED', 'captive.fasKey is not set');
      const f = decodeFas(fas);
      if (!f.hid || !/^[0-9a-fA-F]{16,128}$/.test(f.hid) || !f.gatewayaddress || !GATEWAY.test(f.gatewayaddress)) {
        throw new AppError('CAPTIVE_BAD_CONTROLLER_DATA', 'openNDS fas payload lacks a valid hid or gatewayaddress');
      }
      checkOpenNdsPayload(f, clientIp, { allowed: gatewayAllowed, arpFile: opts.arpFile });
      const authdir = f.authdir || 'opennds_auth';
      if (!AUTHDIR.test(authdir)) throw new AppError('CAPTIVE_BAD_CONTROLLER_DATA', 'openNDS authdir invalid');
      let userurl: string | null = null;
      if (f.originurl) {
        try {
          userurl = decodeURIComponent(f.originurl);
        } catch {
          userurl = null;
        }
      }
      const session: Record<string, string> = { gatewayaddress: f.gatewayaddress, authdir };
      for (const k of ['gatewayname', 'gatewaymac', 'clientif', 'version']) if (f[k]) session[k] = f[k].slice(0, 128);
      return { res: 'notyet', mac: f.clientmac || null, userurl, session, nonce: { kind: 'opennds-hid', value: f.hid.toLowerCase() } };
    },
    handoff(s, _rec, onlineUrl) {
      const hid = s.nonce!.value;
      return `http://${s.session.gatewayaddress}/${s.session.authdir}/?tok=${openNdsRhid(hid, opts.fasKey!)}&redir=${encodeURIComponent(onlineUrl)}`;
    },
  };
}
