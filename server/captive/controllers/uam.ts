// CoovaChilli / uspot UAM (reference §2a; coova-chilli src/redir.c, doc/hotspotlogin.cgi): verify the redirect's
// `md` over the raw URL with the UAM secret, and build the logon URL with PAP `password=` or CHAP `response=`.
import { createHash } from 'node:crypto';
import { AppError } from '../../platform/errors.ts';
import { CaptiveErrors } from '../errors.ts';
import { safeEqual } from '../../platform/privacy.ts';
import type { Controller, ControllerSession } from './types.ts';

const md5 = (...parts: (Buffer | string)[]) => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** md = UPPERHEX(MD5(<redirect URL bytes before "&md="> ‖ uamsecret)) (redir.c redir_md_param). */
export function uamMd(signedUrl: string, secret: string): string {
  return md5(Buffer.from(signedUrl, 'latin1'), secret).toString('hex').toUpperCase();
}

/**
 * Verifies `md` of a redirect whose query arrived as `rawQuery`; `uamServerUrl` is chilli's uamserver exactly as
 * configured. Works on the raw bytes: parameters are never decoded and re-serialised. Constant-time compare.
 */
export function verifyUamMd(uamServerUrl: string, rawQuery: string, secret: string): boolean {
  const at = rawQuery.lastIndexOf('&md=');
  if (at < 0) return false;
  const given = rawQuery.slice(at + 4);
  if (!/^[0-9A-Fa-f]{32}$/.test(given)) return false;
  const signed = uamServerUrl + (uamServerUrl.includes('?') ? '&' : '?') + rawQuery.slice(0, at);
  return safeEqual(uamMd(signed, secret), given.toUpperCase());
}

/** K = MD5(hex2bin(challenge) ‖ uamsecret); K = the challenge bytes when there is no secret. */
export function uamKey(challengeHex: string, secret: string | undefined): Buffer {
  const c = Buffer.from(challengeHex, 'hex');
  return secret ? md5(c, secret) : c;
}

/** PAP: hex(P XOR K, K repeated every 16 bytes); chilli decodes up to 128 bytes, uspot only 16. */
export function uamPapPassword(password: string, challengeHex: string, secret: string | undefined): string {
  const k = uamKey(challengeHex, secret);
  const p = Buffer.from(password, 'utf8');
  const out = Buffer.alloc(p.length);
  for (let i = 0; i < p.length; i++) out[i] = p[i] ^ k[i % 16];
  return out.toString('hex');
}

/** The inverse of uamPapPassword, as chilli computes User-Password from `password=`. */
export function uamPapDecode(hex: string, challengeHex: string, secret: string | undefined): string {
  const k = uamKey(challengeHex, secret);
  const c = Buffer.from(hex, 'hex');
  for (let i = 0; i < c.length; i++) c[i] ^= k[i % 16];
  return c.toString('utf8');
}

/** CHAP: hex(MD5(ident ‖ P ‖ K)); chilli then sends CHAP-Challenge = K, CHAP-Password = ident ‖ response. */
export function uamChapResponse(password: string, challengeHex: string, secret: string | undefined, ident = 0): string {
  return md5(Buffer.from([ident]), Buffer.from(password, 'utf8'), uamKey(challengeHex, secret)).toString('hex');
}

export interface UamOptions {
  secret: string;
  uamServerUrl: string;
  auth: 'chap' | 'pap';
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export function createUamController(opts: UamOptions): Controller {
  return {
    name: 'uam',
    needsUamLogin: true,
    sessionLengthKnown: true,
    parse(rawQuery) {
      const p = new URLSearchParams(rawQuery);
      if (!p.has('md') && !p.has('challenge') && !p.has('uamip')) return null;
      if (!verifyUamMd(opts.uamServerUrl, rawQuery, opts.secret)) throw new AppError(CaptiveErrors.CAPTIVE_BAD_SIGNATURE, 'UAM md does not match');
      const res = p.get('res') ?? 'notyet';
      const challenge = p.get('challenge') ?? '';
      const uamip = p.get('uamip') ?? '';
      const uamport = Number(p.get('uamport'));
      if (!IPV4.test(uamip) || !Number.isInteger(uamport) || uamport < 1 || uamport > 65535) {
        throw new AppError(CaptiveErrors.CAPTIVE_BAD_CONTROLLER_DATA, 'UAM uamip/uamport invalid');
      }
      if (!['success', 'already', 'logoff'].includes(res) && !/^[0-9a-fA-F]{32}$/.test(challenge)) {
        throw new AppError(CaptiveErrors.CAPTIVE_BAD_CONTROLLER_DATA, 'UAM challenge missing or not 32 hex digits');
      }
      const session: Record<string, string> = { uamip, uamport: String(uamport) };
      for (const k of ['nasid', 'called', 'sessionid', 'ssid', 'vlan', 'loc']) {
        const v = p.get(k);
        if (v) session[k] = v.slice(0, 128);
      }
      const s: ControllerSession = {
        res,
        mac: p.get('mac'),
        userurl: p.get('userurl'),
        session,
        reply: p.get('reply')?.slice(0, 200) || undefined,
      };
      if (challenge) {
        s.nonce = { kind: 'uam-challenge', value: challenge.toLowerCase() };
        s.session.challenge = challenge.toLowerCase();
      }
      return s;
    },
    handoff(s, rec, onlineUrl, lang) {
      if (!rec.uam || !s.session.challenge) throw new AppError(CaptiveErrors.CAPTIVE_BAD_CONTROLLER_DATA, 'UAM logon needs a challenge');
      const { username, password } = rec.uam;
      const secretArg = opts.secret || undefined;
      const proof =
        opts.auth === 'pap'
          ? `password=${uamPapPassword(password, s.session.challenge, secretArg)}`
          : `response=${uamChapResponse(password, s.session.challenge, secretArg)}`;
      return `http://${s.session.uamip}:${s.session.uamport}/logon?username=${encodeURIComponent(username)}&${proof}&userurl=${encodeURIComponent(onlineUrl)}&lang=${lang}`;
    },
  };
}
