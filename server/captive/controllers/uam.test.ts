// Vectors computed by hand with Python hashlib (MD5/XOR exactly as coova-chilli redir.c and hotspotlogin.cgi).
import { describe, expect, it } from 'vitest';
import { createUamController, uamChapResponse, uamKey, uamMd, uamPapDecode, uamPapPassword, verifyUamMd } from './uam.ts';
import { AppError } from '../../platform/errors.ts';
import '../errors.ts';

const CHALLENGE = '0123456789abcdef0123456789abcdef';
const SECRET = 'uamsecret42';
const P = 'Tr41nP4ssw0rd-16';
const QUERY =
  'res=notyet&uamip=10.1.0.1&uamport=3990&challenge=0123456789abcdef0123456789abcdef&called=AA-BB-CC-DD-EE-FF&mac=02-00-00-00-00-01&ip=10.1.0.5&nasid=liberec-hl-n&sessionid=5f1e0a1b00000001&userurl=http%3A%2F%2Fexample.com%2Fnews%3Fa%3D1';
const MD = 'AC99FADD22CCD15C177CD7774E8E7972';

describe('UAM algorithms', () => {
  it('derives K = MD5(challenge bytes ‖ uamsecret), or the challenge itself without a secret', () => {
    expect(uamKey(CHALLENGE, SECRET).toString('hex')).toBe('36690b305aeeb988f7f8945792d246b6');
    expect(uamKey(CHALLENGE, undefined).toString('hex')).toBe(CHALLENGE);
  });
  it('encodes the PAP password= as P XOR K, K repeating every 16 bytes', () => {
    expect(uamPapPassword(P, CHALLENGE, SECRET)).toBe('621b3f0134be8dfb848fa425f6ff7780');
    expect(uamPapPassword('short', CHALLENGE, SECRET)).toBe('450164422e');
    expect(uamPapPassword('a-twenty-byte-passw!', CHALLENGE, SECRET)).toBe('57447f473f80cdf1da9aed23f7ff36d7451a7c11');
    expect(uamPapDecode('621b3f0134be8dfb848fa425f6ff7780', CHALLENGE, SECRET)).toBe(P);
  });
  it('computes the CHAP response= as MD5(ident ‖ P ‖ K)', () => {
    expect(uamChapResponse(P, CHALLENGE, SECRET)).toBe('5066b5c304afc94c0337971f5842c90c');
    expect(uamChapResponse(P, CHALLENGE, SECRET, 7)).toBe('2890ce0faefd407b2e3bff058d66f430');
    expect(uamChapResponse(P, CHALLENGE, undefined)).toBe('f30d92b880210664796f0c8dac51716b');
  });
  it('signs the raw redirect URL before &md= with the secret, in upper-case hex', () => {
    expect(uamMd(`http://portal.example/?${QUERY}`, SECRET)).toBe(MD);
    expect(verifyUamMd('http://portal.example/', `${QUERY}&md=${MD}`, SECRET)).toBe(true);
    expect(verifyUamMd('http://portal.example/', `${QUERY}&md=${MD.toLowerCase()}`, SECRET)).toBe(true);
  });
  it('rejects an md that does not match: changed parameter, wrong secret, other uamserver, missing md', () => {
    expect(verifyUamMd('http://portal.example/', `${QUERY.replace('10.1.0.5', '10.1.0.6')}&md=${MD}`, SECRET)).toBe(false);
    expect(verifyUamMd('http://portal.example/', `${QUERY}&md=${MD}`, 'other')).toBe(false);
    expect(verifyUamMd('http://portal.example/portal', `${QUERY}&md=${MD}`, SECRET)).toBe(false);
    expect(verifyUamMd('http://portal.example/', QUERY, SECRET)).toBe(false);
    // re-encoding the same values differently changes the bytes, so it must fail (md is over the raw URL)
    expect(verifyUamMd('http://portal.example/', `${QUERY.replace('%3A', ':')}&md=${MD}`, SECRET)).toBe(false);
  });
});

describe('UAM controller', () => {
  const ctl = createUamController({ secret: SECRET, uamServerUrl: 'http://portal.example/', auth: 'chap' });

  it('parses a verified redirect: MAC, userurl, challenge as one-time nonce, session data without MAC or IP', () => {
    const s = ctl.parse(`${QUERY}&md=${MD}`, '10.1.0.5')!;
    expect(s.mac).toBe('02-00-00-00-00-01');
    expect(s.userurl).toBe('http://example.com/news?a=1');
    expect(s.nonce).toEqual({ kind: 'uam-challenge', value: CHALLENGE });
    expect(s.session).toEqual({ uamip: '10.1.0.1', uamport: '3990', nasid: 'liberec-hl-n', called: 'AA-BB-CC-DD-EE-FF', sessionid: '5f1e0a1b00000001', challenge: CHALLENGE });
  });

  it('rejects a tampered md with CAPTIVE_BAD_SIGNATURE', () => {
    expect(() => ctl.parse(`${QUERY}&md=${MD.replace('A', 'B')}`, '10.1.0.5')).toThrow(AppError);
    try {
      ctl.parse(`${QUERY}&md=00000000000000000000000000000000`, '');
    } catch (e) {
      expect((e as AppError).code).toBe('CAPTIVE_BAD_SIGNATURE');
    }
  });

  it('builds the logon URL chilli expects: username, CHAP response= (or PAP password=), userurl, lang', () => {
    const s = ctl.parse(`${QUERY}&md=${MD}`, '10.1.0.5')!;
    const url = ctl.handoff(s, { acceptanceId: 'a', acceptedAt: 0, uam: { username: 'p0123', password: P } }, 'http://portal.example/online?lang=en', 'en');
    expect(url).toBe(`http://10.1.0.1:3990/logon?username=p0123&response=5066b5c304afc94c0337971f5842c90c&userurl=${encodeURIComponent('http://portal.example/online?lang=en')}&lang=en`);
    const pap = createUamController({ secret: SECRET, uamServerUrl: 'http://portal.example/', auth: 'pap' });
    expect(pap.handoff(s, { acceptanceId: 'a', acceptedAt: 0, uam: { username: 'p0123', password: P } }, 'http://x/', 'cs')).toContain('&password=621b3f0134be8dfb848fa425f6ff7780&');
  });

  it('treats a query without UAM parameters as no controller data', () => {
    expect(ctl.parse('lang=de', '')).toBeNull();
  });
});
