// A real openNDS gateway (Debian's `opennds` package) between a client and an upstream, in network namespaces
// this helper creates: two clients ─ gateway (openNDS, a bridge) ─ upstream (Peron site + a small "internet" server).
// No veth in the root namespace, no NAT (the upstream routes the client subnet back through the gateway).
// openNDS edits /etc/hosts and /etc/dnsmasq.conf and needs iptables-legacy (with iptables-nft 1.8.9 it fails
// with `CHAIN_ADD failed … chain INPUT`), so it runs in a private mount namespace: tmpfs on /tmp, an overlay on
// /etc whose /etc/alternatives points iptables at the legacy binaries. The host's /etc and alternatives stay.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PREFIX = 'opennds-';

export const NET = {
  clientIp: '192.168.77.2',
  clientMac: '02:00:00:77:00:02',
  /** a second traveller on the same guest network, who must not get in on the first one's Connect */
  otherIp: '192.168.77.3',
  otherMac: '02:00:00:77:00:03',
  gatewayLan: '192.168.77.1',
  gatewayWan: '10.77.0.1',
  peronIp: '10.77.0.2',
  peronPort: 8080,
  internetIp: '10.77.0.3',
  gatewayPort: 2050,
} as const;

/** Why the test cannot run here (not root, a missing tool), or null. */
export function missingForOpenNds(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, iptables in the gateway namespace)';
  for (const [tool, pkg] of [
    ['ip', 'iproute2'],
    ['opennds', 'opennds'],
    ['ndsctl', 'opennds'],
    ['iptables-legacy', 'iptables'],
    ['unshare', 'util-linux'],
    ['nsenter', 'util-linux'],
    ['curl', 'curl'],
  ]) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} not found (apt-get install ${pkg})`;
    }
  }
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
  } catch {
    return '`ip netns` does not work here';
  }
  return null;
}

// every call bounded: a wedged ndsctl (it waits on openNDS's socket) must fail the test, not hang it
const run = (cmd: string, args: string[], input?: string) => execFileSync(cmd, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000, killSignal: 'SIGKILL' });
const ip = (...args: string[]) => run('ip', args);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Deletes one namespace after killing what runs in it (only processes this helper started live there). */
function removeNamespace(ns: string) {
  try {
    for (const p of ip('netns', 'pids', ns).split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(p), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  } catch {
    // namespace already gone
  }
  try {
    ip('netns', 'del', ns);
  } catch {
    // already gone
  }
}

/** Namespaces of an earlier run that crashed: `opennds-<pid>-…` whose test process is dead. */
export function removeStaleNamespaces() {
  for (const line of ip('netns', 'list').split('\n')) {
    const ns = line.split(' ')[0];
    const m = /^opennds-(\d+)-/.exec(ns);
    if (m && !alive(Number(m[1]))) removeNamespace(ns);
  }
}

export interface Gateway {
  ns: { client: string; other: string; gateway: string; upstream: string };
  /** curl in the client's (or the other client's) namespace; never follows redirects */
  curl(url: string, opts?: { form?: Record<string, string>; other?: boolean }): { status: number; location: string; body: string };
  /** openNDS's view of a client (`ndsctl json` in the gateway's namespaces), or null when it has none */
  clientState(ip?: string): string | null;
  ndsctl(...args: string[]): string;
  /** a file as openNDS sees it (its private /etc and /tmp), or null when absent */
  gatewayFile(path: string): string | null;
  gatewayLog(): string;
  peronLog(): string;
  close(): Promise<void>;
}

function waitFor(what: string, test: () => boolean, ms: number, diag: () => string): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      let ok = false;
      try {
        ok = test();
      } catch {
        ok = false;
      }
      if (ok) return resolve();
      if (Date.now() > until) return reject(new Error(`${what} did not happen within ${ms} ms\n${diag()}`));
      setTimeout(tick, 100);
    };
    tick();
  });
}

function capture(p: ChildProcess): () => string {
  let out = '';
  p.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  p.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  return () => out;
}

/** provisioning/controllers/opennds.conf.example with some `key value` lines replaced (or added). */
export function debianConfig(set: Record<string, string>): string {
  const left = new Map(Object.entries(set));
  const lines = readFileSync(join(repo, 'provisioning', 'controllers', 'opennds.conf.example'), 'utf8')
    .split('\n')
    .map((line) => {
      const key = /^([a-z_]+) /.exec(line)?.[1];
      if (!key || !left.has(key)) return line;
      const v = left.get(key)!;
      left.delete(key);
      return `${key} ${v}`;
    });
  return [...lines, ...[...left].map(([k, v]) => `${k} ${v}`)].join('\n');
}

export async function startOpenNdsGateway(opts: { fasKey: string }): Promise<Gateway> {
  removeStaleNamespaces();
  const id = `${PREFIX}${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  const ns = { client: `${id}-c`, other: `${id}-o`, gateway: `${id}-g`, upstream: `${id}-u` };
  const procs: ChildProcess[] = [];
  const close = async () => {
    for (const p of procs.reverse()) {
      if (p.exitCode === null && p.signalCode === null) {
        const gone = new Promise<void>((r) => p.once('exit', () => r()));
        p.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 1500))]);
        if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
      }
    }
    for (const n of Object.values(ns)) removeNamespace(n);
  };
  try {
    for (const n of Object.values(ns)) {
      ip('netns', 'add', n);
      ip('-n', n, 'link', 'set', 'lo', 'up');
    }
    // veth pairs created inside the namespaces: nothing appears in the root namespace
    // the guest network: a bridge in the gateway with one port per client namespace (as br-lan on OpenWrt)
    ip('-n', ns.gateway, 'link', 'add', 'br-lan', 'type', 'bridge');
    for (const [n, port, addr, mac] of [
      [ns.client, 'lan0', NET.clientIp, NET.clientMac],
      [ns.other, 'lan1', NET.otherIp, NET.otherMac],
    ]) {
      ip('-n', n, 'link', 'add', 'eth0', 'address', mac, 'type', 'veth', 'peer', 'name', port, 'netns', ns.gateway);
      ip('-n', n, 'addr', 'add', `${addr}/24`, 'dev', 'eth0');
      ip('-n', n, 'link', 'set', 'eth0', 'up');
      ip('-n', n, 'route', 'add', 'default', 'via', NET.gatewayLan);
      ip('-n', ns.gateway, 'link', 'set', port, 'master', 'br-lan');
      ip('-n', ns.gateway, 'link', 'set', port, 'up');
    }
    ip('-n', ns.gateway, 'link', 'add', 'wan0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.upstream);
    ip('-n', ns.gateway, 'addr', 'add', `${NET.gatewayLan}/24`, 'dev', 'br-lan');
    ip('-n', ns.gateway, 'link', 'set', 'br-lan', 'up');
    ip('-n', ns.gateway, 'addr', 'add', `${NET.gatewayWan}/24`, 'dev', 'wan0');
    ip('-n', ns.gateway, 'link', 'set', 'wan0', 'up');
    // openNDS refuses to run without a reachable default gateway
    ip('-n', ns.gateway, 'route', 'add', 'default', 'via', NET.peronIp);
    for (const a of [NET.peronIp, NET.internetIp]) ip('-n', ns.upstream, 'addr', 'add', `${a}/24`, 'dev', 'eth0');
    ip('-n', ns.upstream, 'link', 'set', 'eth0', 'up');
    ip('-n', ns.upstream, 'route', 'add', '192.168.77.0/24', 'via', NET.gatewayWan);
    run('ip', ['netns', 'exec', ns.gateway, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);

    // upstream: the "internet" and a real Peron site process
    const internet = spawn('ip', ['netns', 'exec', ns.upstream, process.execPath, '-e', `require('http').createServer((q, s) => s.end('hello from the internet\\n')).listen(80, '${NET.internetIp}', () => console.log('ready'))`], { stdio: ['ignore', 'pipe', 'pipe'] });
    procs.push(internet);
    const internetOut = capture(internet);
    const dataDir = mkdtempSync(join(tmpdir(), 'peron-opennds-'));
    const peron = spawn('ip', ['netns', 'exec', ns.upstream, process.execPath, join(repo, 'bin', 'peron.js'), 'site'], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        PERON_DATA_DIR: dataDir,
        PERON_HTTP_HOST: NET.peronIp,
        PERON_HTTP_PORT: String(NET.peronPort),
        PERON_HTTP_PUBLIC_URL: `http://${NET.peronIp}:${NET.peronPort}`,
        PERON_CAPTIVE_CONTROLLER: 'opennds',
        PERON_CAPTIVE_FAS_KEY: opts.fasKey,
        // Connect may hand the browser only to this gateway (its LAN address, any port)
        PERON_CAPTIVE_GATEWAY_ADDRESSES: JSON.stringify([NET.gatewayLan]),
        PERON_RADIUS_ENABLED: 'false',
      },
    });
    procs.push(peron);
    const peronLog = capture(peron);

    // gateway: Debian's openNDS with the shipped Debian-format example, only addresses and key replaced
    const conf = debianConfig({
      gatewayinterface: 'br-lan',
      gatewayport: String(NET.gatewayPort),
      fasremoteip: NET.peronIp,
      fasport: String(NET.peronPort),
      faskey: opts.fasKey,
      debuglevel: '2',
    });
    const until = Math.floor(Date.now() / 1000) + 86400;
    const lease = `${until} ${NET.clientMac} ${NET.clientIp} traveller *\n${until} ${NET.otherMac} ${NET.otherIp} other *`;
    const script = [
      'set -e',
      'mount -t tmpfs tmpfs /tmp',
      'mkdir -p /tmp/.etc/upper /tmp/.etc/work',
      'mount -t overlay overlay -o lowerdir=/etc,upperdir=/tmp/.etc/upper,workdir=/tmp/.etc/work /etc',
      'for t in iptables iptables-restore iptables-save; do ln -sfn /usr/sbin/${t/iptables/iptables-legacy} /etc/alternatives/$t; done',
      'for t in ip6tables ip6tables-restore ip6tables-save; do ln -sfn /usr/sbin/${t/ip6tables/ip6tables-legacy} /etc/alternatives/$t; done',
      'mkdir -p /etc/opennds',
      `cat > /etc/opennds/opennds.conf <<'CONF'\n${conf}\nCONF`,
      // the clients' dnsmasq leases: openNDS answers a client without one with 403
      `printf '%s\\n' '${lease.replace(/\n/g, "' '")}' > /tmp/dhcp.leases`,
      'exec opennds -f -d 2',
    ].join('\n');
    const gw = spawn('ip', ['netns', 'exec', ns.gateway, 'unshare', '--mount', '--propagation', 'private', 'bash', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    procs.push(gw);
    const gwLog = capture(gw);
    const nsenter = (cmd: string[]) => run('nsenter', ['-t', String(gw.pid), '-m', '-n', ...cmd]);
    const ndsctl = (...args: string[]) => nsenter(['ndsctl', ...args]);

    const diag = () => `--- openNDS ---\n${gwLog().slice(-3000)}\n--- Peron ---\n${peronLog().slice(-2000)}\n--- internet ---\n${internetOut()}`;
    await waitFor('the internet server listening', () => internetOut().includes('ready'), 30_000, diag);
    await waitFor('Peron listening', () => peronLog().includes('site server listening'), 45_000, diag);
    await waitFor('openNDS running', () => gwLog().includes('openNDS is now running') && ndsctl('json').includes('client_list_length'), 45_000, diag);

    const curl: Gateway['curl'] = (url, o = {}) => {
      const args = ['netns', 'exec', o.other ? ns.other : ns.client, 'curl', '-s', '-m', '15', '-w', '\n%{http_code} %{redirect_url}'];
      for (const [k, v] of Object.entries(o.form ?? {})) args.push('--data-urlencode', `${k}=${v}`);
      let out: string;
      try {
        out = run('ip', [...args, url]);
      } catch (err) {
        // curl failed (a timeout on a loaded machine, a refused connection): status 0, curl's reason as the body
        const e = err as { status?: number; stdout?: string };
        return { status: 0, location: '', body: `curl exit ${e.status}: ${e.stdout ?? ''}` };
      }
      const i = out.lastIndexOf('\n');
      const [status, location = ''] = out.slice(i + 1).split(' ');
      return { status: Number(status), location, body: out.slice(0, i) };
    };
    return {
      ns,
      curl,
      ndsctl,
      clientState(addr = NET.clientIp) {
        const j = JSON.parse(ndsctl('json')) as { clients: Record<string, { ip: string; state: string }> };
        return Object.values(j.clients).find((c) => c.ip === addr)?.state ?? null;
      },
      gatewayFile(path) {
        try {
          return nsenter(['cat', path]);
        } catch {
          return null;
        }
      },
      gatewayLog: gwLog,
      peronLog,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The Debian package's version (the test is about 9.10). */
export function openNdsVersion(): string {
  try {
    return run('dpkg-query', ['-W', '-f', '${Version}', 'opennds']);
  } catch {
    return 'unknown';
  }
}
