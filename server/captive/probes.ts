// The OS connectivity-probe table (reference §2d): which Host+path each platform fetches to decide whether a
// network is captive, and the exact "online" answer it expects once the traveller has accepted the terms.
export interface ProbeAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Probe {
  /** platform family, for docs and tests */
  os: string;
  hosts: readonly string[];
  /** exact paths (query ignored) */
  paths: readonly string[];
  /** the answer that makes this OS mark the network online (RFC-less, de facto) */
  online: ProbeAnswer;
}

const text = (body: string, type = 'text/plain'): ProbeAnswer => ({
  status: 200,
  headers: { 'content-type': type, 'cache-control': 'no-store' },
  body: Buffer.from(body, 'latin1'),
});
/** Android counts 204 (and 200 with an empty body) as online; we always send a real 204. */
const noContent = (extra: Record<string, string> = {}): ProbeAnswer => ({ status: 204, headers: { 'cache-control': 'no-store', ...extra }, body: Buffer.alloc(0) });

export const APPLE_SUCCESS = '<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>';
export const KINDLE_MARKER = '81ce4465-7167-4dcb-835b-dcc9e44c112a';

export const PROBES: readonly Probe[] = [
  {
    os: 'apple', // iOS / iPadOS / macOS Captive Network Assistant
    hosts: ['captive.apple.com', 'www.apple.com', 'www.appleiphonecell.com', 'www.itools.info', 'www.ibook.info', 'www.airport.us', 'www.thinkdifferent.us'],
    paths: ['/hotspot-detect.html', '/library/test/success.html'],
    online: text(APPLE_SUCCESS, 'text/html'),
  },
  {
    os: 'android', // AOSP NetworkMonitor, Chrome/ChromeOS, and OEM ROMs (Xiaomi, Huawei, Vivo, Oppo, China builds)
    hosts: [
      'connectivitycheck.gstatic.com', 'www.gstatic.com', 'clients1.google.com', 'clients3.google.com', 'www.google.com',
      'play.googleapis.com', 'connectivitycheck.android.com', 'connect.rom.miui.com', 'connectivitycheck.platform.hicloud.com',
      'connectivitycheck.samsung.com', 'wifi.vivo.com.cn', 'conn1.oppomobile.com', 'www.google.cn', 'g.cn',
    ],
    paths: ['/generate_204', '/gen_204'],
    online: noContent(),
  },
  {
    os: 'windows', // NCSI, Windows 10/11
    hosts: ['www.msftconnecttest.com', 'ipv6.msftconnecttest.com'],
    paths: ['/connecttest.txt'],
    online: text('Microsoft Connect Test'),
  },
  {
    os: 'windows-legacy', // NCSI, Windows Vista–8.1
    hosts: ['www.msftncsi.com', 'ipv6.msftncsi.com'],
    paths: ['/ncsi.txt'],
    online: text('Microsoft NCSI'),
  },
  {
    os: 'firefox',
    hosts: ['detectportal.firefox.com'],
    paths: ['/canonical.html'],
    online: text('<meta http-equiv="refresh" content="0;url=https://support.mozilla.org/kb/captive-portal"/>', 'text/html'),
  },
  {
    os: 'firefox-legacy',
    hosts: ['detectportal.firefox.com'],
    paths: ['/success.txt'],
    online: text('success\n'),
  },
  {
    os: 'gnome', // NetworkManager on GNOME, Arch, Debian
    hosts: ['nmcheck.gnome.org', 'network-test.debian.org', 'ping.archlinux.org'],
    paths: ['/check_network_status.txt', '/nm', '/nm-check.txt'],
    online: text('NetworkManager is online\n'),
  },
  {
    os: 'ubuntu', // NetworkManager on Ubuntu: 204 plus the status header
    hosts: ['connectivity-check.ubuntu.com', 'connectivity-check.ubuntu.com.'],
    paths: ['/'],
    online: noContent({ 'x-networkmanager-status': 'online' }),
  },
  {
    os: 'fedora',
    hosts: ['fedoraproject.org'],
    paths: ['/static/hotspot.txt'],
    online: text('OK\n'),
  },
  {
    os: 'kindle', // Kindle e-readers and Fire tablets
    hosts: ['spectrum.s3.amazonaws.com'],
    paths: ['/kindle-wifi/wifistub.html'],
    online: text(
      `<html><head><title>Kindle Reachability Probe Page</title><META http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><!--${KINDLE_MARKER}--></head><body bgcolor="#ffffff" text="#000000">${KINDLE_MARKER}</body></html>`,
      'text/html',
    ),
  },
];

/** Windows opens this page in the browser when NCSI fails; it is a portal entry point, not a probe. */
export const WINDOWS_REDIRECT = { hosts: ['www.msftconnecttest.com', 'ipv6.msftconnecttest.com'], path: '/redirect' };

const index = new Map<string, Probe>();
for (const p of PROBES) for (const h of p.hosts) for (const path of p.paths) index.set(`${h}${path}`, p);

/** Lower-cases the Host header and drops a port and a trailing dot. */
export function normalizeHost(host: string | undefined): string {
  if (!host) return '';
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  if (colon >= 0) h = h.slice(0, colon);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

/** The probe a request is, by Host and path (query ignored), or undefined. */
export function matchProbe(host: string | undefined, url: string | undefined): Probe | undefined {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return probeFor(normalizeHost(host), q >= 0 ? raw.slice(0, q) : raw);
}

/** The probe for an already normalised host and a path without query (the fast path has both at hand). */
export function probeFor(host: string, path: string): Probe | undefined {
  if (!host) return undefined;
  return index.get(`${host}${path || '/'}`);
}

export function isWindowsRedirect(host: string | undefined, url: string | undefined): boolean {
  const h = normalizeHost(host);
  const path = (url ?? '/').split('?')[0];
  return path === WINDOWS_REDIRECT.path && WINDOWS_REDIRECT.hosts.includes(h);
}
