// Access-Request policy: MAC auth, UAM PAP/CHAP, randomised MACs, guest profile attributes, Class.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPrivacy } from '../platform/privacy.ts';
import { ATTR, CHILLI, CODE, VENDOR, WISPR, chapPassword, decode, encode, encodeUserPassword, get, getVsa, octets, text, type Packet } from './codec.ts';
import { decideAccess } from './policy.ts';
import { createSessionIds } from './session-id.ts';
import type { Nas } from './nas.ts';
import { TestAcceptances } from '../../test/helpers/radius-peer.ts';

const secret = Buffer.from('s3cret');
const nas = { name: 'ap', secret } as Nas;
const profile = { sessionTimeout: 3600, idleTimeout: 600, interimInterval: 300, downKbps: 20000, upKbps: 5000, rememberDays: 1, randomizedMacs: 'remember' as const };
const sessionIds = createSessionIds(createPrivacy(randomBytes(32)));

function request(user: string, more: (auth: Buffer) => ReturnType<typeof text>[] = () => []): Packet {
  const auth = randomBytes(16);
  const d = decode(encode(CODE.AccessRequest, 1, auth, [text(ATTR.UserName, user), ...more(auth)]));
  if (!d.ok) throw new Error(d.reason);
  return d.packet;
}

describe('Access-Request policy', () => {
  const acceptances = new TestAcceptances();
  acceptances.acceptMac('AA-BB-CC-DD-EE-01', 'acc-1');
  acceptances.acceptMac('02:11:22:33:44:55', 'acc-random');
  acceptances.logins.set('u-77', { acceptanceId: 'acc-uam', password: 'pw-77' });
  const deps = { acceptances, sessionIds };

  it('gives an accepted MAC the guest profile: bit/s for WISPr, kbit/s for ChilliSpot, our Class', () => {
    const d = decideAccess(request('aabbccddee01'), nas, profile, 0, deps);
    expect(d.accept).toBe(true);
    if (!d.accept) return;
    const p = decode(encode(CODE.AccessAccept, 1, Buffer.alloc(16), d.attrs));
    if (!p.ok) throw new Error(p.reason);
    expect(get(p.packet, ATTR.SessionTimeout)!.readUInt32BE(0)).toBe(3600);
    expect(getVsa(p.packet, VENDOR.WISPr, WISPR.BandwidthMaxDown)!.readUInt32BE(0)).toBe(20_000_000);
    expect(getVsa(p.packet, VENDOR.ChilliSpot, CHILLI.BandwidthMaxUp)!.readUInt32BE(0)).toBe(5000);
    expect(sessionIds.parse(get(p.packet, ATTR.Class))).toBe(d.sessionId);
    expect(d.acceptanceId).toBe('acc-1');
  });

  it('refuses a forged or foreign Class as ours', () => {
    const { id, cls } = sessionIds.issue();
    const forged = Buffer.from(cls);
    forged[forged.length - 1] ^= 1;
    expect(sessionIds.parse(cls)).toBe(id);
    expect(sessionIds.parse(forged)).toBe(null);
    expect(sessionIds.parse(Buffer.from('ai:12345'))).toBe(null);
  });

  it('sends a randomised MAC to the portal each time when the location says so', () => {
    expect(decideAccess(request('02-11-22-33-44-55'), nas, profile, 0, deps).accept).toBe(true);
    const d = decideAccess(request('02-11-22-33-44-55'), nas, { ...profile, randomizedMacs: 'portal-each-time' }, 0, deps);
    expect(d).toEqual({ accept: false, reason: 'randomized_mac' });
  });

  it('checks a UAM login by PAP and CHAP against the portal password', () => {
    const pap = (pw: string) => request('u-77', (auth) => [octets(ATTR.UserPassword, encodeUserPassword(pw, secret, auth))]);
    expect(decideAccess(pap('pw-77'), nas, profile, 0, deps).accept).toBe(true);
    expect(decideAccess(pap('pw-78'), nas, profile, 0, deps)).toEqual({ accept: false, reason: 'bad_password' });
    const chap = request('u-77', (auth) => [octets(ATTR.ChapPassword, chapPassword(3, 'pw-77', auth))]);
    expect(decideAccess(chap, nas, profile, 0, deps).accept).toBe(true);
    expect(decideAccess(request('u-77'), nas, profile, 0, deps)).toEqual({ accept: false, reason: 'bad_password' });
  });

  it('checks the password of a UAM login whose username is a MAC without an acceptance, even a randomised one', () => {
    acceptances.logins.set('06-aa-bb-cc-dd-ee', { acceptanceId: 'acc-uam-mac', password: 'pw-9' });
    const pap = (pw: string) => request('06-aa-bb-cc-dd-ee', (auth) => [octets(ATTR.UserPassword, encodeUserPassword(pw, secret, auth))]);
    const strict = { ...profile, randomizedMacs: 'portal-each-time' as const };
    expect(decideAccess(pap('pw-9'), nas, strict, 0, deps).accept).toBe(true);
    expect(decideAccess(pap('pw-0'), nas, strict, 0, deps)).toEqual({ accept: false, reason: 'bad_password' });
  });

  it('rejects unknown users and MACs without an acceptance', () => {
    expect(decideAccess(request('someone'), nas, profile, 0, deps)).toEqual({ accept: false, reason: 'unknown_user' });
    expect(decideAccess(request('aabbccddee99'), nas, profile, 0, deps)).toEqual({ accept: false, reason: 'not_accepted' });
  });
});
