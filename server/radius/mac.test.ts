// MAC identities in every vendor format of reference §3.2.
import { describe, expect, it } from 'vitest';
import { formatMac, macFromIdentity, ssidOf } from './mac.ts';

describe('MAC identities of every vendor format (reference §3.2)', () => {
  it.each([
    ['aabbccddeeff', 'hostapd, UniFi, HP MSM'],
    ['AABBCCDDEEFF', 'Aruba Calling-Station-Id'],
    ['aa:bb:cc:dd:ee:ff', 'Cisco WLC, Aruba User-Name'],
    ['AA:BB:CC:DD:EE:FF', 'MikroTik'],
    ['AA-BB-CC-DD-EE-FF', 'CoovaChilli, Motorola, RFC 3580'],
    ['aa-bb-cc-dd-ee-ff', 'uspot'],
    ['aabb.ccdd.eeff', 'Cisco IOS dotted'],
    ['AA-BB-CC-DD-EE-FF@macauth', 'CoovaChilli with macsuffix'],
    ['aabbccddeeff-guest', 'uspot with mac_suffix'],
    ['AA-BB-CC-DD-EE-FF:CountyWiFi', 'Called-Station style'],
  ])('reads %s (%s)', (input) => {
    expect(macFromIdentity(input)).toBe('aabbccddeeff');
  });

  it.each(['aabbccddeef', 'aa:bb:cc:dd:ee', 'aa:bb-cc:dd:ee:ff', 'guest-4711', '0123456789abcdef0123456789abcdef', ''])('does not take %j for a MAC', (input) => {
    expect(macFromIdentity(input)).toBe(null);
  });

  it('formats a MAC for a NAS and reads the SSID of a Called-Station-Id', () => {
    expect(formatMac('aabbccddeeff', 'AA-BB-CC-DD-EE-FF')).toBe('AA-BB-CC-DD-EE-FF');
    expect(formatMac('aabbccddeeff', 'aa:bb:cc:dd:ee:ff')).toBe('aa:bb:cc:dd:ee:ff');
    expect(ssidOf('00:17:0f:20:18:40:muir-cisco-guest')).toBe('muir-cisco-guest');
    expect(ssidOf('000B86F02068')).toBe(undefined);
  });
});
