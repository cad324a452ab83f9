import { describe, expect, it } from 'vitest';
import { APPLE_SUCCESS, KINDLE_MARKER, PROBES, isWindowsRedirect, matchProbe, normalizeHost } from './probes.ts';

describe('probe table', () => {
  it('knows the probe of every common OS by Host and path, ignoring port, case, trailing dot and query', () => {
    expect(matchProbe('captive.apple.com', '/hotspot-detect.html')?.os).toBe('apple');
    expect(matchProbe('Connectivitycheck.Gstatic.com:80', '/generate_204')?.os).toBe('android');
    expect(matchProbe('connect.rom.miui.com', '/generate_204')?.os).toBe('android');
    expect(matchProbe('connectivitycheck.platform.hicloud.com', '/generate_204')?.os).toBe('android');
    expect(matchProbe('www.google.com', '/gen_204')?.os).toBe('android');
    expect(matchProbe('www.msftconnecttest.com', '/connecttest.txt')?.os).toBe('windows');
    expect(matchProbe('www.msftncsi.com', '/ncsi.txt')?.os).toBe('windows-legacy');
    expect(matchProbe('detectportal.firefox.com', '/canonical.html')?.os).toBe('firefox');
    expect(matchProbe('detectportal.firefox.com', '/success.txt?ipv4')?.os).toBe('firefox-legacy');
    expect(matchProbe('nmcheck.gnome.org.', '/check_network_status.txt')?.os).toBe('gnome');
    expect(matchProbe('connectivity-check.ubuntu.com', '/')?.os).toBe('ubuntu');
    expect(matchProbe('spectrum.s3.amazonaws.com', '/kindle-wifi/wifistub.html')?.os).toBe('kindle');
  });
  it('does not take ordinary pages for probes', () => {
    expect(matchProbe('www.google.com', '/')).toBeUndefined();
    expect(matchProbe('captive.apple.com', '/other')).toBeUndefined();
    expect(matchProbe('127.0.0.1:8080', '/generate_204')).toBeUndefined();
    expect(matchProbe(undefined, '/generate_204')).toBeUndefined();
  });
  it('gives each OS its exact online answer: Apple Success page, Android 204, NCSI texts, NM texts, Kindle marker', () => {
    const online = (h: string, p: string) => matchProbe(h, p)!.online;
    expect(online('captive.apple.com', '/hotspot-detect.html').body.toString()).toBe(APPLE_SUCCESS);
    expect(online('connectivitycheck.gstatic.com', '/generate_204').status).toBe(204);
    expect(online('www.msftconnecttest.com', '/connecttest.txt').body.toString()).toBe('Microsoft Connect Test');
    expect(online('www.msftncsi.com', '/ncsi.txt').body.toString()).toBe('Microsoft NCSI');
    expect(online('nmcheck.gnome.org', '/check_network_status.txt').body.toString()).toBe('NetworkManager is online\n');
    expect(online('connectivity-check.ubuntu.com', '/').headers['x-networkmanager-status']).toBe('online');
    expect(online('spectrum.s3.amazonaws.com', '/kindle-wifi/wifistub.html').body.toString()).toContain(KINDLE_MARKER);
    for (const p of PROBES) if (p.online.status === 200) expect(p.online.body.length, p.os).toBeGreaterThan(0);
  });
  it('recognises the Windows NCSI redirect page and normalises hosts', () => {
    expect(isWindowsRedirect('www.msftconnecttest.com', '/redirect')).toBe(true);
    expect(normalizeHost('[::1]:8080')).toBe('[::1]');
  });
});
