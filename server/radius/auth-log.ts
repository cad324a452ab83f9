// What an operator of RADIUS expects to see: one log line per Access-Request decision (NAS, outcome, reason,
// keyed MAC hash — never the MAC), rate-limited by a token bucket that says how many lines it held back, and at
// debug level a per-packet trace in the spirit of `radiusd -X` (attributes named and shown; User-Password,
// CHAP-Password and Message-Authenticator never, MACs and client IPs only as keyed hashes).
import type { Logger } from '../platform/log.ts';
import { ATTR, CODE, VENDOR, WISPR, CHILLI, type Packet } from './codec.ts';
import { macFromIdentity } from './mac.ts';

export interface AuthLogDeps {
  log: Logger;
  now(): number;
  hashMac(mac: string): string;
  hashIp(ip: string): string;
  /** sustained decision lines per second; 0 logs none */
  perSecond: number;
  /** lines allowed in a burst above the sustained rate */
  burst: number;
}

export interface Decision {
  nas: string;
  outcome: 'accept' | 'reject';
  /** why: mac (accepted MAC), uam (portal login), or the reject reason */
  reason: string;
  /** the client's MAC (Calling-Station-Id, else a MAC User-Name); logged only as its keyed hash */
  mac: string | null;
}

export interface AuthLog {
  decision(d: Decision): void;
  /** true when packets should be traced (debug level): callers skip building the trace otherwise */
  tracing(): boolean;
  trace(dir: 'received' | 'sent', nas: string, peer: { address: string; port: number }, p: Packet): void;
  /** logs the count of held-back lines, if any (at stop) */
  flush(): void;
}

const CODE_NAME: Record<number, string> = Object.fromEntries(Object.entries(CODE).map(([k, v]) => [v, k.replace(/([a-z])([A-Z])/g, '$1-$2')]));

/** FreeRADIUS dictionary spellings of the attributes Peron knows. */
const ATTR_NAME: Record<number, string> = Object.fromEntries(
  Object.entries(ATTR).map(([k, v]) => [
    v,
    k
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/^Nas/, 'NAS')
      .replace(/-Ip-/, '-IP-')
      .replace(/-Ipv6-/, '-IPv6-')
      .replace(/^Chap/, 'CHAP')
      .replace(/Ip-Address$/, 'IP-Address')
      .replace(/^Eap/, 'EAP'),
  ]),
);
const VSA_NAME: Record<string, string> = {
  ...Object.fromEntries(Object.entries(WISPR).map(([k, v]) => [`${VENDOR.WISPr}:${v}`, 'WISPr-' + k.replace(/([a-z])([A-Z])/g, '$1-$2')])),
  ...Object.fromEntries(Object.entries(CHILLI).map(([k, v]) => [`${VENDOR.ChilliSpot}:${v}`, 'ChilliSpot-' + k.replace(/([a-z])([A-Z])/g, '$1-$2')])),
};

const INTEGER = new Set<number>([
  ATTR.NasPort, ATTR.ServiceType, ATTR.SessionTimeout, ATTR.IdleTimeout, ATTR.TerminationAction, ATTR.AcctStatusType, ATTR.AcctDelayTime,
  ATTR.AcctInputOctets, ATTR.AcctOutputOctets, ATTR.AcctAuthentic, ATTR.AcctSessionTime, ATTR.AcctInputPackets, ATTR.AcctOutputPackets,
  ATTR.AcctTerminateCause, ATTR.AcctLinkCount, ATTR.AcctInputGigawords, ATTR.AcctOutputGigawords, ATTR.EventTimestamp, ATTR.NasPortType,
  ATTR.AcctInterimInterval, ATTR.ErrorCause,
]);
/** never shown, not even encrypted: the password, the CHAP response, the HMAC keyed with the shared secret */
const HIDDEN = new Set<number>([ATTR.UserPassword, ATTR.ChapPassword, ATTR.MessageAuthenticator]);
/** the client's own address: shown as its keyed hash (GDPR) */
const CLIENT_IP = new Set<number>([ATTR.FramedIpAddress]);

function printable(b: Buffer): boolean {
  for (const c of b) if (c < 0x20 || c === 0x7f) return false;
  return b.length > 0 && Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}

export function createAuthLog(deps: AuthLogDeps): AuthLog {
  let tokens = deps.burst;
  let last = deps.now();
  let suppressed = 0;
  const macHash = (mac: string | null) => (mac ? deps.hashMac(mac).slice(0, 16) : undefined);

  function take(): boolean {
    const now = deps.now();
    tokens = Math.min(deps.burst, tokens + ((now - last) / 1000) * deps.perSecond);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }

  function flush() {
    if (suppressed === 0) return;
    deps.log.info({ suppressed }, `${suppressed} RADIUS decision lines suppressed (radius.authLogPerSecond)`);
    suppressed = 0;
  }

  /** A value as radiusd -X would print it, with personal data hashed and secrets left out. */
  function show(type: number, value: Buffer): string {
    if (HIDDEN.has(type)) return '<hidden>';
    if (CLIENT_IP.has(type) && value.length === 4) return `<ip ${deps.hashIp([...value].join('.')).slice(0, 16)}>`;
    if (type === ATTR.NasIpAddress && value.length === 4) return [...value].join('.');
    if (INTEGER.has(type) && value.length === 4) return String(value.readUInt32BE(0));
    if (type === ATTR.UserName || type === ATTR.CallingStationId) {
      const mac = macFromIdentity(value.toString('utf8'));
      if (mac) return `<mac ${macHash(mac)}>`;
      if (type === ATTR.CallingStationId) return '<station id>';
    }
    return printable(value) ? JSON.stringify(value.toString('utf8')) : '0x' + value.toString('hex');
  }

  return {
    decision(d) {
      if (deps.perSecond <= 0) return;
      if (!take()) {
        suppressed++;
        return;
      }
      flush();
      deps.log.info({ nas: d.nas, outcome: d.outcome, reason: d.reason, mac: macHash(d.mac) }, d.outcome === 'accept' ? 'RADIUS Access-Accept' : 'RADIUS Access-Reject');
    },
    tracing: () => deps.log.isLevelEnabled('debug'),
    trace(dir, nas, peer, p) {
      const lines: string[] = [];
      for (const a of p.attrs) {
        if (a.type === ATTR.VendorSpecific) continue;
        lines.push(`${ATTR_NAME[a.type] ?? `Attr-${a.type}`} = ${show(a.type, a.value)}`);
      }
      for (const v of p.vsas) {
        const name = VSA_NAME[`${v.vendor}:${v.type}`] ?? `Vendor-${v.vendor}-Attr-${v.type}`;
        lines.push(`${name} = ${v.value.length === 4 && /Bandwidth|Octets/.test(name) ? v.value.readUInt32BE(0) : show(-1, v.value)}`);
      }
      deps.log.debug(
        { nas, dir, peer: `${peer.address}:${peer.port}`, code: CODE_NAME[p.code] ?? String(p.code), id: p.identifier, length: p.raw.length, attrs: lines },
        `RADIUS ${dir} ${CODE_NAME[p.code] ?? p.code} Id ${p.identifier} ${dir === 'received' ? 'from' : 'to'} ${peer.address}:${peer.port} (${nas})`,
      );
    },
    flush,
  };
}

/** The client's MAC for the decision line: Calling-Station-Id, else a MAC User-Name. */
export function clientMac(station: string | undefined, userName: string | undefined): string | null {
  return macFromIdentity(station) ?? macFromIdentity(userName);
}
