// FreeRADIUS 3.2 (Debian package freeradius) as the county's central RADIUS proxying guest requests to a station's
// Peron: a minimal raddb generated in a temp dir (loopback, ephemeral ports, home servers = Peron's auth and acct
// ports with status_check = status-server), run in the foreground with -X; only the PID started here is killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeUdpPort } from './radius-peer.ts';

export interface FreeRadiusProxy {
  auth: number;
  acct: number;
  /** everything FreeRADIUS printed so far (-X) */
  output(): string;
  /** resolves when the output matches, rejects after timeoutMs with the output */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface ProxyOptions {
  /** Peron's ports */
  homeAuth: number;
  homeAcct: number;
  /** secret between FreeRADIUS and Peron */
  homeSecret: string;
  /** secret between the NAS (radclient) and FreeRADIUS */
  clientSecret: string;
  /** seconds without an answer before FreeRADIUS marks Peron zombie and starts its Status-Server checks (default 2) */
  responseWindow?: number;
}

function raddb(dir: string, o: ProxyOptions & { auth: number; acct: number }): string {
  // Peron as a home server, checked by Status-Server (the same settings for its auth and acct ports)
  const homeServer = (name: string, type: 'auth' | 'acct', port: number, extra = '') => `home_server ${name} {
  type = ${type}
  ipaddr = 127.0.0.1
  port = ${port}
  secret = ${o.homeSecret}${extra ? '\n  ' + extra : ''}
  response_window = ${o.responseWindow ?? 2}
  # an answer to a Status-Server check within this revives a zombie at once (a dead one needs 3, 6 s apart)
  zombie_period = 5
  revive_interval = 10
  status_check = status-server
  # 3.2 enforces at least 6 s between checks and 3 answers to revive a zombie
  check_interval = 6
  check_timeout = 1
  num_answers_to_alive = 3
}`;
  return `# generated for a test: FreeRADIUS proxying every request to Peron
prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = ${dir}
sbindir = /usr/sbin
logdir = ${dir}
raddbdir = ${dir}
radacctdir = ${dir}/radacct
name = freeradius
confdir = ${dir}
modconfdir = ${dir}/mods-config
run_dir = ${dir}
db_dir = ${dir}
libdir = /usr/lib/freeradius
pidfile = ${dir}/radiusd.pid
max_request_time = 10
cleanup_delay = 2
max_requests = 1024
hostname_lookups = no
log {
  destination = stderr
  colourise = no
  auth = yes
}
security {
  allow_core_dumps = no
  max_attributes = 200
  reject_delay = 0
  status_server = yes
}
thread pool {
  start_servers = 2
  max_servers = 4
  min_spare_servers = 1
  max_spare_servers = 4
}
proxy_requests = yes
proxy server {
  default_fallback = no
}
client nas {
  ipaddr = 127.0.0.1
  secret = ${o.clientSecret}
  require_message_authenticator = no
}
${homeServer('peron-auth', 'auth', o.homeAuth, 'require_message_authenticator = yes')}
${homeServer('peron-acct', 'acct', o.homeAcct)}
home_server_pool peron-auth-pool {
  type = fail-over
  home_server = peron-auth
}
home_server_pool peron-acct-pool {
  type = fail-over
  home_server = peron-acct
}
realm peron {
  auth_pool = peron-auth-pool
  acct_pool = peron-acct-pool
  nostrip
}
modules {
}
server default {
  listen {
    type = auth
    ipaddr = 127.0.0.1
    port = ${o.auth}
  }
  listen {
    type = acct
    ipaddr = 127.0.0.1
    port = ${o.acct}
  }
authorize {
    update control {
      &Proxy-To-Realm := "peron"
    }
  }
  authenticate {
  }
  preacct {
    update control {
      &Proxy-To-Realm := "peron"
    }
  }
  accounting {
  }
  pre-proxy {
    # BlastRADIUS: every proxied Access-Request carries a Message-Authenticator, which Peron requires
    update proxy-request {
      &Message-Authenticator := 0x00
    }
  }
  post-proxy {
  }
}
`;
}

export async function startFreeRadiusProxy(o: ProxyOptions): Promise<FreeRadiusProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'peron-freeradius-'));
  mkdirSync(join(dir, 'radacct'));
  const auth = await freeUdpPort();
  const acct = await freeUdpPort();
  writeFileSync(join(dir, 'radiusd.conf'), raddb(dir, { ...o, auth, acct }));
  writeFileSync(join(dir, 'dictionary'), '');
  let out = '';
  const waiters = new Set<() => void>();
  const child: ChildProcess = spawn('freeradius', ['-f', '-X', '-d', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of waiters) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited = false;
  child.on('exit', () => {
    exited = true;
    for (const w of waiters) w();
  });
  const waitFor = (re: RegExp, timeoutMs = 8000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (re.test(out)) return done(resolve);
        if (exited) done(() => reject(new Error(`freeradius exited before ${re}:\n${out}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`freeradius: no ${re} within ${timeoutMs} ms:\n${out.slice(-4000)}`))), timeoutMs);
      const done = (f: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        f();
      };
      waiters.add(check);
      check();
    });
  try {
    await waitFor(/Ready to process requests/);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    auth,
    acct,
    output: () => out,
    waitFor,
    async stop() {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
        if (!exited) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
