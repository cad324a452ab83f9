// Codec vectors: RFC 2865 §7.1, the real vendor captures shipped with node-radius, strict structure checks, authenticators.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../config-schema.ts';
import {
  ATTR, CHILLI, CODE, VENDOR, WISPR, chapPassword, decode, decodeUserPassword, encode, encodeRequest, encodeResponse, encodeUserPassword, get, getInt,
  getIp, getText, getVsa, int, octets, text, verifyAccountingAuthenticator, verifyChap, verifyRequestMa, verifyResponse, vsa,
} from './codec.ts';

const captures = join(repoRoot, 'test/fixtures/radius-captures');
const capture = (name: string) => readFileSync(join(captures, `${name}.packet`));
const NEARBUY = Buffer.from('nearbuy'); // the secret of node-radius's captures
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const ok = (b: Buffer) => {
  const d = decode(b);
  if (!d.ok) throw new Error(d.reason);
  return d.packet;
};

describe('RFC 2865 §7.1 example', () => {
  const secret = Buffer.from('xyzzy5461');
  const request = hex('01 00 00 38 0f 40 3f 94 73 97 80 57 bd 83 d5 cb 98 f4 22 7a 01 06 6e 65 6d 6f 02 12 0d be 70 8d 93 d4 13 ce 31 96 e4 3f 78 2a 0a ee 04 06 c0 a8 01 10 05 06 00 00 00 03');
  const response = hex('02 00 00 26 86 fe 22 0e 76 24 ba 2a 10 05 f6 bf 9b 55 e0 b2 06 06 00 00 00 01 0f 06 00 00 00 00 0e 06 c0 a8 01 03');

  it('decodes the User-Password "arctangent" and the NAS address', () => {
    const p = ok(request);
    expect(getText(p, ATTR.UserName)).toBe('nemo');
    expect(decodeUserPassword(get(p, ATTR.UserPassword)!, secret, p.authenticator).toString()).toBe('arctangent');
    expect(getIp(p, ATTR.NasIpAddress)).toBe('192.168.1.16');
    expect(encodeUserPassword('arctangent', secret, p.authenticator)).toEqual(get(p, ATTR.UserPassword));
  });

  it('verifies the Response Authenticator of the Access-Accept and refuses a wrong secret', () => {
    const req = ok(request);
    expect(verifyResponse(ok(response), req.authenticator, secret)).toBe(true);
    expect(verifyResponse(ok(response), req.authenticator, Buffer.from('xyzzy5462'))).toBe(false);
  });
});

describe('real vendor captures (node-radius test/captures)', () => {
  it('decodes the Aruba MAC-auth request and verifies its Message-Authenticator', () => {
    const p = ok(capture('aruba_mac_auth'));
    expect(p.code).toBe(CODE.AccessRequest);
    expect(getText(p, ATTR.UserName)).toBe('7c:c5:37:ff:f8:af');
    expect(getText(p, ATTR.CallingStationId)).toBe('7CC537FFF8AF');
    expect(decodeUserPassword(get(p, ATTR.UserPassword)!, NEARBUY, p.authenticator).toString()).toBe('7c:c5:37:ff:f8:af');
    expect(verifyRequestMa(p, NEARBUY)).toBe(true);
    expect(verifyRequestMa(p, Buffer.from('wrong'))).toBe(false);
    expect(p.vsas.find((a) => a.vendor === 14823 && a.type === 5)?.value.toString()).toBe('muir-aruba-guest');
  });

  it('decodes the Cisco WLC MAC-auth request and verifies the captured Access-Reject', () => {
    const req = ok(capture('cisco_mac_auth'));
    expect(getText(req, ATTR.UserName)).toBe('7c:c5:37:ff:f8:af');
    expect(getText(req, ATTR.CalledStationId)).toBe('00:17:0f:20:18:40:muir-cisco-guest');
    expect(getInt(req, ATTR.ServiceType)).toBe(10); // Call-Check
    expect(verifyRequestMa(req, NEARBUY)).toBe(null);
    const reject = ok(capture('cisco_mac_auth_reject'));
    expect(reject.code).toBe(CODE.AccessReject);
    expect(verifyResponse(reject, req.authenticator, NEARBUY)).toBe(true);
  });

  it('verifies the Request Authenticator of Cisco and Motorola accounting and the Cisco Accounting-Response', () => {
    const cisco = ok(capture('cisco_accounting'));
    expect(verifyAccountingAuthenticator(cisco, NEARBUY)).toBe(true);
    expect(verifyAccountingAuthenticator(cisco, Buffer.from('not-secret'))).toBe(false);
    expect(getText(cisco, ATTR.AcctSessionId)).toBe('4fecc41e/7c:c5:37:ff:f8:af/9');
    expect(getInt(cisco, ATTR.AcctStatusType)).toBe(1);
    expect(verifyResponse(ok(capture('cisco_accounting_response')), cisco.authenticator, NEARBUY)).toBe(true);
    const moto = ok(capture('motorola_accounting'));
    expect(verifyAccountingAuthenticator(moto, NEARBUY)).toBe(true);
    expect(getText(moto, ATTR.UserName)).toBe('00-1F-3B-8C-3A-15');
    expect(getInt(moto, ATTR.EventTimestamp)).toBe(Date.parse('2012-10-10T14:35:53Z') / 1000);
  });

  it('decodes the EAP request and refuses the invalid one', () => {
    expect(ok(capture('eap_request')).code).toBe(CODE.AccessRequest);
    expect(decode(capture('invalid_register')).ok).toBe(false);
  });
});

describe('strict structure checks', () => {
  const good = encodeRequest(CODE.AccessRequest, 7, [text(ATTR.UserName, 'aabbccddeeff'), int(ATTR.NasPort, 1)], Buffer.from('s'), { withMa: true, authenticator: Buffer.alloc(16, 1) });

  it.each([
    ['a packet shorter than the header', good.subarray(0, 19), 'short_packet'],
    ['a Length field beyond the datagram', good.subarray(0, good.length - 1), 'truncated_packet'],
    ['a Length field under 20', Buffer.concat([good.subarray(0, 2), Buffer.from([0, 19]), good.subarray(4)]), 'bad_length_field'],
    ['an attribute of length 1', Buffer.concat([hex('01 01 00 17'), Buffer.alloc(16), hex('01 01 00')]), 'bad_attribute_length'],
    ['an attribute running past the end', Buffer.concat([hex('01 01 00 17'), Buffer.alloc(16), hex('01 09 00')]), 'attribute_overflows_packet'],
    ['an integer of 3 octets', Buffer.concat([hex('01 01 00 19'), Buffer.alloc(16), hex('05 05 00 00 01')]), 'bad_integer_length'],
    ['a Message-Authenticator of 15 octets', Buffer.concat([hex('01 01 00 25'), Buffer.alloc(16), hex('50 11'), Buffer.alloc(15)]), 'bad_message_authenticator_length'],
    ['a User-Password of 17 octets', Buffer.concat([hex('01 01 00 27'), Buffer.alloc(16), hex('02 13'), Buffer.alloc(17)]), 'bad_user_password_length'],
    ['a WISPr block whose sub-attribute overflows', Buffer.concat([hex('02 01 00 1e'), Buffer.alloc(16), hex('1a 0a 00 00 37 2a 07 09 00 00')]), 'bad_vendor_attribute_length'],
    ['a WISPr bandwidth of 2 octets', Buffer.concat([hex('02 01 00 1e'), Buffer.alloc(16), hex('1a 0a 00 00 37 2a 07 04 00 01')]), 'bad_vendor_integer_length'],
    ['a Vendor-Specific too short for a vendor id', Buffer.concat([hex('02 01 00 19'), Buffer.alloc(16), hex('1a 05 00 00 37')]), 'short_vendor_specific'],
  ])('refuses %s', (_name, buf, reason) => {
    const d = decode(buf);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.reason).toBe(reason);
  });

  it('ignores padding after the Length field (RFC 2865 §3)', () => {
    const p = ok(Buffer.concat([good, Buffer.alloc(7)]));
    expect(p.raw.length).toBe(good.length);
    expect(verifyRequestMa(p, Buffer.from('s'))).toBe(true);
  });

  it('refuses to encode a value over 253 octets', () => {
    expect(() => encode(2, 1, Buffer.alloc(16), [octets(ATTR.Class, Buffer.alloc(254))])).toThrow(RangeError);
  });
});

describe('authenticators', () => {
  const secret = Buffer.from('testing123');

  it('puts Message-Authenticator first in responses and echoes Proxy-State in order', () => {
    const req = ok(encodeRequest(CODE.AccessRequest, 9, [text(ATTR.UserName, 'x'.repeat(3)), octets(ATTR.ProxyState, Buffer.from('one')), octets(ATTR.ProxyState, Buffer.from('two'))], secret, { withMa: true, authenticator: Buffer.alloc(16, 7) }));
    const resp = ok(encodeResponse(CODE.AccessAccept, req, [int(ATTR.SessionTimeout, 60)], secret, true));
    expect(resp.attrs.map((a) => a.type)).toEqual([ATTR.MessageAuthenticator, ATTR.SessionTimeout, ATTR.ProxyState, ATTR.ProxyState]);
    expect(resp.attrs.filter((a) => a.type === ATTR.ProxyState).map((a) => a.value.toString())).toEqual(['one', 'two']);
    expect(resp.maOffset).toBe(22);
    expect(verifyResponse(resp, req.authenticator, secret)).toBe(true);
    const tampered = Buffer.from(resp.raw);
    tampered[resp.raw.length - 1] ^= 1;
    expect(verifyResponse(ok(tampered), req.authenticator, secret)).toBe(false);
  });

  it('signs accounting, CoA and Disconnect requests over a zero authenticator (RFC 5176 §3.5)', () => {
    for (const code of [CODE.AccountingRequest, CODE.CoaRequest, CODE.DisconnectRequest]) {
      const p = ok(encodeRequest(code, 3, [text(ATTR.AcctSessionId, 'abc')], secret, { withMa: true }));
      expect(verifyAccountingAuthenticator(p, secret)).toBe(true);
      expect(verifyRequestMa(p, secret)).toBe(true);
      expect(verifyRequestMa(p, Buffer.from('other'))).toBe(false);
    }
  });

  it('npm radius verifies our Access-Request and its Message-Authenticator (where that package is correct)', () => {
    const radius = createRequire(import.meta.url)('radius') as { decode(a: { packet: Buffer; secret: string }): { code: string; attributes: Record<string, unknown> } };
    const auth = Buffer.alloc(16, 5);
    const pkt = encodeRequest(CODE.AccessRequest, 1, [text(ATTR.UserName, 'guest1'), octets(ATTR.UserPassword, encodeUserPassword('voucher-123', secret, auth))], secret, { withMa: true, authenticator: auth });
    const d = radius.decode({ packet: pkt, secret: 'testing123' });
    expect(d.code).toBe('Access-Request');
    expect(d.attributes['User-Password']).toBe('voucher-123');
  });

  it('checks CHAP against CHAP-Challenge, else the Request Authenticator', () => {
    const challenge = Buffer.from('0123456789abcdef');
    const withChallenge = ok(encode(CODE.AccessRequest, 1, Buffer.alloc(16, 9), [text(ATTR.UserName, 'guest'), octets(ATTR.ChapPassword, chapPassword(5, 'pw-1', challenge)), octets(ATTR.ChapChallenge, challenge)]));
    expect(verifyChap(withChallenge, 'pw-1')).toBe(true);
    expect(verifyChap(withChallenge, 'pw-2')).toBe(false);
    const auth = Buffer.alloc(16, 3);
    const withAuth = ok(encode(CODE.AccessRequest, 1, auth, [text(ATTR.UserName, 'guest'), octets(ATTR.ChapPassword, chapPassword(0, 'pw-1', auth))]));
    expect(verifyChap(withAuth, 'pw-1')).toBe(true);
  });

  it('encodes and decodes WISPr and ChilliSpot vendor attributes', () => {
    const p = ok(encode(CODE.AccessAccept, 1, Buffer.alloc(16), [vsa(VENDOR.WISPr, WISPR.BandwidthMaxDown, 20_000_000), vsa(VENDOR.ChilliSpot, CHILLI.BandwidthMaxDown, 20_000)]));
    expect(getVsa(p, VENDOR.WISPr, WISPR.BandwidthMaxDown)!.readUInt32BE(0)).toBe(20_000_000);
    expect(getVsa(p, VENDOR.ChilliSpot, CHILLI.BandwidthMaxDown)!.readUInt32BE(0)).toBe(20_000);
  });
});
