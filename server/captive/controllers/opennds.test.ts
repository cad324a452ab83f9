// Vector computed by hand with Python hashlib: sha256_hex(hid ‖ faskey), as openNDS http_microhttpd.c / fas-hid.php.
import { describe, expect, it } from 'vitest';
import { createOpenNdsController, decodeFas, openNdsRhid } from './opennds.ts';
import '../errors.ts';

const HID = 'b8d5f1c2a3e4f5061728394a5b6c7d8e9f00112233445566778899aabbccddee';
const FASKEY = '1234567890';
const fas = (s: string) => Buffer.from(s).toString('base64');
const PAYLOAD = `hid=${HID}, clientip=192.168.8.23, clientmac=aa:bb:cc:00:11:22, client_type=cpd_can, gatewayname=liberec-hl-n, gatewayurl=http%3A%2F%2F192.168.8.1%3A2050%2F, version=10.2.0, gatewayaddress=192.168.8.1:2050, gatewaymac=001122334455, authdir=opennds_auth, originurl=http%3A%2F%2Fexample.org%2F, clientif=br-lan`;

describe('openNDS FAS level 1', () => {
  it('computes rhid = sha256_hex(hid ‖ faskey)', () => {
    expect(openNdsRhid(HID, FASKEY)).toBe('42dc89cb7216fce16ffc77347a7666bbf92784099717f0018f42bfd5691e638e');
  });
  it('decodes the ", "-separated key=value payload', () => {
    const f = decodeFas(fas(PAYLOAD));
    expect(f.hid).toBe(HID);
    expect(f.gatewayaddress).toBe('192.168.8.1:2050');
    expect(f.originurl).toBe('http%3A%2F%2Fexample.org%2F');
  });
  it('sends the browser to the gateway auth dir with tok=rhid and redir', () => {
    const ctl = createOpenNdsController({ fasKey: FASKEY, gatewayAddresses: ['192.168.0.0/16', '10.0.0.0/8'] });
    const s = ctl.parse(`fas=${encodeURIComponent(fas(PAYLOAD))}`, '192.168.8.23')!;
    expect(s.mac).toBe('aa:bb:cc:00:11:22');
    expect(s.userurl).toBe('http://example.org/');
    expect(s.nonce).toEqual({ kind: 'opennds-hid', value: HID, gatewayBound: true });
    expect(ctl.handoff(s, { acceptanceId: 'x', acceptedAt: 0 }, 'http://portal/online?lang=cs', 'cs')).toBe(
      `http://192.168.8.1:2050/opennds_auth/?tok=42dc89cb7216fce16ffc77347a7666bbf92784099717f0018f42bfd5691e638e&redir=${encodeURIComponent('http://portal/online?lang=cs')}`,
    );
  });
  it('refuses a payload whose gateway address would inject a path or another host', () => {
    const ctl = createOpenNdsController({ fasKey: FASKEY, gatewayAddresses: ['192.168.0.0/16', '10.0.0.0/8'] });
    expect(() => ctl.parse(`fas=${encodeURIComponent(fas(PAYLOAD.replace('192.168.8.1:2050,', 'evil.example/x?,')))}`, '')).toThrow(/gatewayaddress/);
    expect(() => ctl.parse(`fas=${encodeURIComponent(fas('clientip=1.2.3.4'))}`, '')).toThrow(/hid/);
  });
  it('reads the 9.10 payload as the real gateway sends it (no authdir, URL-encoded gatewayname, trailing "(null)")', () => {
    const ctl = createOpenNdsController({ fasKey: FASKEY, gatewayAddresses: ['192.168.77.1', '192.168.8.0/24'] });
    const real = `hid=${HID}, clientip=192.168.77.2, clientmac=2e:87:2a:5e:17:63, client_type=cpd_can, gatewayname=Liberec%20hl.n.%20Node%3a0eda2deee0a7%20, gatewayurl=http%3a%2f%2fstatus.client, version=9.10.0, gatewayaddress=192.168.77.1:2050, gatewaymac=0eda2deee0a7, originurl=http%3a%2f%2f10.77.0.3%2f, clientif=lan0, themespec=(null), (null)(null)(null)(null)`;
    const s = ctl.parse(`fas=${fas(real)}`, '192.168.77.2')!;
    expect(s.session).toEqual({ gatewayaddress: '192.168.77.1:2050', authdir: 'opennds_auth', gatewayname: 'Liberec hl.n. Node:0eda2deee0a7', gatewaymac: '0eda2deee0a7', clientif: 'lan0', version: '9.10.0' });
    expect(s.userurl).toBe('http://10.77.0.3/');
  });
  it('recognises the other FAS levels by their query, naming the fix', () => {
    const ctl = createOpenNdsController({ fasKey: FASKEY, gatewayAddresses: ['192.168.77.1', '192.168.8.0/24'] });
    expect(() => ctl.parse('authaction=http://192.168.8.1:2050/opennds_auth/?clientip=1.2.3.4&gatewayname=x&tok=ab12&redir=x', '')).toThrow(/level 0.*fas_secure_enabled 1/);
    expect(() => ctl.parse(`fas=${encodeURIComponent(fas('x'))}&iv=0123456789abcdef`, '')).toThrow(/level 2 or 3/);
    expect(() => ctl.parse('clientip=1.2.3.4&gatewayname=liberec&redir=http%3A%2F%2Fexample.org%2F', '')).toThrow(/no hid.*faskey/);
    expect(ctl.parse('lang=cs', '')).toBeNull();
  });
});
