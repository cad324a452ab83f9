// The operator's view of RADIUS on a real UDP server driven by radclient: one decision line per Access-Request
// (NAS, outcome, reason, keyed MAC hash), held back above the rate with a count, and the debug packet trace —
// and neither ever shows the MAC, the password or the shared secret.
import { afterEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from '../platform/log.ts';
import { fixedClock } from '../platform/clock.ts';
import { SECRET, startTestRadius, type TestRadius } from '../../test/helpers/radius-peer.ts';
import { radclient } from '../../test/helpers/freeradius-tools.ts';

const MAC = '7c:c5:37:ff:f8:af';
const PASSWORD = 'Kp3-xr9-tajne';
const MA = 'Message-Authenticator = 0x00';

function captureLog(level: string) {
  const lines: Record<string, unknown>[] = [];
  let raw = '';
  const destination = new Writable({
    write(chunk, _enc, cb) {
      raw += chunk.toString();
      for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { log: createLogger({ level, destination }), lines, raw: () => raw };
}

/** every spelling of the test MAC a NAS or a careless log line could use */
const macForms = (mac: string) => {
  const hex = mac.replace(/:/g, '');
  return [mac, hex, mac.toUpperCase(), hex.toUpperCase(), mac.replace(/:/g, '-'), mac.replace(/:/g, '-').toUpperCase(), `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8)}`];
};

describe('RADIUS decision log and packet trace (radclient against the real UDP server)', () => {
  let r: TestRadius | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('logs one line per decision with NAS, outcome, reason and a keyed MAC hash, and a -X style trace at debug level', async () => {
    const cap = captureLog('debug');
    r = await startTestRadius({ log: cap.log });
    r.acceptances.acceptMac(MAC);
    r.acceptances.logins.set('guest-4711', { acceptanceId: 'acc-uam', password: PASSWORD });

    const macAuth = await radclient(r.auth, 'auth', `User-Name = "7cc537fff8af", User-Password = "7cc537fff8af", Calling-Station-Id = "7C-C5-37-FF-F8-AF", Framed-IP-Address = 10.20.30.40, NAS-Identifier = "ap-hala", ${MA}`, SECRET);
    expect(macAuth.code, macAuth.out).toBe('Access-Accept');
    const pap = await radclient(r.auth, 'auth', `User-Name = "guest-4711", User-Password = "${PASSWORD}", ${MA}`, SECRET);
    expect(pap.code, pap.out).toBe('Access-Accept');
    const wrong = await radclient(r.auth, 'auth', `User-Name = "guest-4711", User-Password = "nope-${PASSWORD}", ${MA}`, SECRET);
    expect(wrong.code, wrong.out).toBe('Access-Reject');
    const stranger = await radclient(r.auth, 'auth', `User-Name = "aa-bb-cc-dd-ee-01", User-Password = "aa-bb-cc-dd-ee-01", Calling-Station-Id = "AA-BB-CC-DD-EE-01", ${MA}`, SECRET);
    expect(stranger.code, stranger.out).toBe('Access-Reject');

    const decisions = cap.lines.filter((l) => /^RADIUS Access-(Accept|Reject)$/.test(String(l.msg)));
    expect(decisions.map((d) => [d.nas, d.outcome, d.reason])).toEqual([
      ['test-nas', 'accept', 'mac'],
      ['test-nas', 'accept', 'uam'],
      ['test-nas', 'reject', 'bad_password'],
      ['test-nas', 'reject', 'not_accepted'],
    ]);
    const macHash = decisions[0].mac as string;
    expect(macHash).toMatch(/^[0-9a-f]{16}$/);
    expect(decisions[3].mac).toMatch(/^[0-9a-f]{16}$/);
    expect(decisions[3].mac).not.toBe(macHash);

    // the trace: each packet in and out, attributes named as in the FreeRADIUS dictionary
    const traces = cap.lines.filter((l) => /^RADIUS (received|sent) /.test(String(l.msg)));
    expect(traces).toHaveLength(8);
    const inMac = traces[0].attrs as string[];
    expect(traces[0].code).toBe('Access-Request');
    expect(inMac).toContain('NAS-Identifier = "ap-hala"');
    expect(inMac).toContain(`User-Name = <mac ${macHash}>`);
    expect(inMac).toContain(`Calling-Station-Id = <mac ${macHash}>`);
    expect(inMac).toContain('User-Password = <hidden>');
    expect(inMac).toContain('Message-Authenticator = <hidden>');
    expect(inMac.some((a) => /^Framed-IP-Address = <ip [0-9a-f]{16}>$/.test(a))).toBe(true);
    const outMac = traces[1].attrs as string[];
    expect(traces[1].code).toBe('Access-Accept');
    for (const a of ['Session-Timeout = 7200', 'Idle-Timeout = 900', 'WISPr-Bandwidth-Max-Down = 20000000', 'ChilliSpot-Bandwidth-Max-Up = 5000']) expect(outMac).toContain(a);
    expect(outMac.some((a) => a.startsWith('Class = "peron:'))).toBe(true);
    expect(traces[2].attrs).toContain('User-Name = "guest-4711"');

    const raw = cap.raw();
    for (const form of macForms(MAC)) expect(raw.toLowerCase()).not.toContain(form.toLowerCase());
    for (const form of macForms('aa:bb:cc:dd:ee:01')) expect(raw.toLowerCase()).not.toContain(form.toLowerCase());
    expect(raw).not.toContain(PASSWORD);
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain('10.20.30.40');
  });

  it('holds back decision lines above the rate and then says how many it suppressed; no trace at info level', async () => {
    const cap = captureLog('info');
    const clock = fixedClock(Date.UTC(2026, 11, 3, 12));
    r = await startTestRadius({ log: cap.log, clock, flags: { 'radius.authLogPerSecond': 1, 'radius.authLogBurst': 3 } });
    r.acceptances.acceptMac(MAC);
    // 12 requests in one radclient run (blank-line separated), answered while the clock stands still
    const many = Array.from({ length: 12 }, (_, i) => `User-Name = "7cc537fff8af", User-Password = "x", Calling-Station-Id = "7C-C5-37-FF-F8-AF", NAS-Port = ${i}, ${MA}`).join('\n\n');
    const burst = await radclient(r.auth, 'auth', many, SECRET);
    expect(burst.out.match(/Received Access-Accept/g)).toHaveLength(12);
    const decisions = () => cap.lines.filter((l) => l.msg === 'RADIUS Access-Accept');
    expect(decisions()).toHaveLength(3);

    clock.advance(2_000); // two tokens back
    const after = await radclient(r.auth, 'auth', `User-Name = "7cc537fff8af", User-Password = "x", ${MA}`, SECRET);
    expect(after.code, after.out).toBe('Access-Accept');
    expect(decisions()).toHaveLength(4);
    const note = cap.lines.find((l) => l.suppressed !== undefined);
    expect(note?.suppressed).toBe(9);
    expect(String(note?.msg)).toBe('9 RADIUS decision lines suppressed (radius.authLogPerSecond)');
    expect(cap.lines.some((l) => /^RADIUS (received|sent) /.test(String(l.msg)))).toBe(false);
  });
});
