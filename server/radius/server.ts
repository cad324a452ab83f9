// The UDP servers: authentication (1812: Access-Request, Status-Server) and accounting (1813). Every packet is
// checked in this order — known NAS, structure, authenticators and BlastRADIUS rules, duplicates — before any
// processing; nothing a packet contains can throw past the handler (drops are counted by reason).
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import { rateLimitedLog } from '../platform/log.ts';
import type { Location } from '../content/index.ts';
import {
  ATTR, CODE, decode, encodeResponse, get, getInt, getText, splitText, verifyAccountingAuthenticator, verifyRequestMa,
  type Attr, type Packet,
} from './codec.ts';
import { DupCache } from './dup-cache.ts';
import { STATUS_NAME, type AcctEvent, type AccountingWriter } from './accounting.ts';
import type { NasTable, Nas } from './nas.ts';
import { decideAccess, type PolicyDeps, type RejectReason } from './policy.ts';
import type { RadiusMetrics } from './metrics.ts';
import { macFromIdentity } from './mac.ts';
import { hash } from 'node:crypto';
import { clientMac, type AuthLog } from './auth-log.ts';

export interface RadiusServerDeps extends PolicyDeps {
  nas: NasTable;
  writer: AccountingWriter;
  metrics: RadiusMetrics;
  log: Logger;
  clock: Clock;
  hashMac(mac: string): string;
  profile(): Location['guestProfile'];
  /** Reply-Message for a rejected guest */
  replyMessage(reason: RejectReason): string;
  dupTtlMs: number;
  dupMax: number;
  /** decision lines and the debug packet trace */
  authLog: AuthLog;
  /** bind with SO_REUSEPORT: several worker processes share the ports; the kernel keeps one NAS source on one socket */
  reusePort?: boolean;
}

export interface RadiusStats {
  received: number;
  accepts: number;
  rejects: number;
  duplicates: number;
  status: number;
  accounted: number;
  dropped: number;
  drops: Record<string, number>;
}

export interface RadiusServer {
  start(host: string, authPort: number, acctPort: number): Promise<{ auth: number; acct: number }>;
  stop(): Promise<void>;
  ports(): { auth: number; acct: number };
  stats(): RadiusStats;
  /** for tests and benchmarks: the handler behind both sockets */
  readonly dupCache: DupCache;
}

type Kind = 'auth' | 'acct';

/** Replies go to the source address, always an IP literal: skip dgram's per-send DNS lookup and its nextTick. */
function literalLookup(address: string, _family: unknown, cb: (err: Error | null, address: string, family: number) => void) {
  cb(null, address, address.includes(':') ? 6 : 4);
}

export function createRadiusServer(deps: RadiusServerDeps): RadiusServer {
  const dup = new DupCache(deps.dupTtlMs, deps.dupMax);
  const rlog = rateLimitedLog(deps.log);
  const stats: RadiusStats = { received: 0, accepts: 0, rejects: 0, duplicates: 0, status: 0, accounted: 0, dropped: 0, drops: {} };
  const sockets: Partial<Record<Kind, dgram.Socket>> = {};
  const bound = { auth: 0, acct: 0 };

  function drop(nas: string, reason: string, from: dgram.RemoteInfo, detail?: string) {
    stats.dropped++;
    stats.drops[reason] = (stats.drops[reason] ?? 0) + 1;
    deps.metrics.request(nas, 'drop_' + reason);
    rlog(reason, { nas, reason, detail, from: from.address }, 'RADIUS packet dropped');
  }

  // Replies of one event-loop turn go out together after it (setImmediate): a send per request woke the NAS
  // side on every packet and ping-ponged the CPU. Send errors surface as the socket's 'error' event (logged).
  let outbox: { sock: dgram.Socket; buf: Buffer; port: number; address: string }[] = [];
  const flushOutbox = () => {
    const batch = outbox;
    outbox = [];
    for (const o of batch) {
      try {
        o.sock.send(o.buf, o.port, o.address);
      } catch (err) {
        rlog('send', { err: (err as Error).message }, 'RADIUS reply not sent');
      }
    }
  };
  function send(sock: dgram.Socket, buf: Buffer, to: dgram.RemoteInfo, nas?: Nas) {
    if (nas && deps.authLog.tracing()) {
      const d = decode(buf);
      if (d.ok) deps.authLog.trace('sent', nas.name, to, d.packet);
    }
    if (outbox.length === 0) setImmediate(flushOutbox);
    outbox.push({ sock, buf, port: to.port, address: to.address });
  }

  function onMessage(kind: Kind, sock: dgram.Socket, msg: Buffer, from: dgram.RemoteInfo) {
    stats.received++;
    try {
      handle(kind, sock, msg, from);
    } catch (err) {
      drop('unknown', 'internal', from, (err as Error).message);
    }
  }

  function handle(kind: Kind, sock: dgram.Socket, msg: Buffer, from: dgram.RemoteInfo) {
    const nas = deps.nas.lookup(from.address);
    if (!nas) return drop('unknown', 'unknown_client', from);
    const d = decode(msg);
    if (!d.ok) return drop(nas.name, 'malformed', from, d.reason);
    const p = d.packet;
    if (deps.authLog.tracing()) deps.authLog.trace('received', nas.name, from, p);
    if (p.code === CODE.StatusServer) return status(kind, sock, nas, p, from);
    if (kind === 'auth' && p.code === CODE.AccessRequest) return access(sock, nas, p, from);
    if (kind === 'acct' && p.code === CODE.AccountingRequest) return accounting(sock, nas, p, from);
    return drop(nas.name, 'unexpected_code', from, String(p.code));
  }

  /** RFC 5997: Status-Server must carry a valid Message-Authenticator; answered, never cached. */
  function status(kind: Kind, sock: dgram.Socket, nas: Nas, p: Packet, from: dgram.RemoteInfo) {
    const ma = verifyRequestMa(p, nas.secret);
    if (ma === null) return drop(nas.name, 'missing_message_authenticator', from);
    if (!ma) return drop(nas.name, 'bad_authenticator', from);
    stats.status++;
    deps.metrics.request(nas.name, 'status');
    send(sock, encodeResponse(kind === 'auth' ? CODE.AccessAccept : CODE.AccountingResponse, p, [], nas.secret, true), from, nas);
  }

  /** RFC 5080 §2.2.2: a retransmission gets the cached reply (or nothing while the first is in flight), never a
   * second processing; true when the request was one. */
  function answeredAsDuplicate(sock: dgram.Socket, nas: Nas, key: string, now: number, from: dgram.RemoteInfo): boolean {
    const seen = dup.check(key, now);
    if (seen.kind === 'new') return false;
    stats.duplicates++;
    deps.metrics.request(nas.name, 'duplicate');
    if (seen.kind === 'done') send(sock, seen.reply, from, nas);
    return true;
  }

  function access(sock: dgram.Socket, nas: Nas, p: Packet, from: dgram.RemoteInfo) {
    // BlastRADIUS (CVE-2024-3596), draft-ietf-radext-deprecating-radius: verify MA wherever it is, require it
    // per NAS, otherwise refuse Proxy-State without MA ("limit Proxy-State").
    const ma = verifyRequestMa(p, nas.secret);
    if (ma === false) return drop(nas.name, 'bad_authenticator', from);
    if (ma === null) {
      if (nas.requireMessageAuthenticator) return drop(nas.name, 'missing_message_authenticator', from);
      if (nas.limitProxyState && get(p, ATTR.ProxyState)) return drop(nas.name, 'proxy_state_without_message_authenticator', from);
    }
    const now = deps.clock.now();
    const key = DupCache.key(from.address, from.port, p.raw);
    if (answeredAsDuplicate(sock, nas, key, now, from)) return;
    let reply: Buffer;
    try {
      const decision = decideAccess(p, nas, deps.profile(), now, deps);
      if (decision.accept) {
        reply = encodeResponse(CODE.AccessAccept, p, decision.attrs, nas.secret, true);
        stats.accepts++;
        deps.metrics.request(nas.name, 'accept');
      } else {
        reply = encodeResponse(CODE.AccessReject, p, splitText(ATTR.ReplyMessage, deps.replyMessage(decision.reason)), nas.secret, true);
        stats.rejects++;
        deps.metrics.request(nas.name, 'reject');
      }
      deps.authLog.decision({
        nas: nas.name,
        outcome: decision.accept ? 'accept' : 'reject',
        reason: decision.accept ? decision.method : decision.reason,
        mac: clientMac(getText(p, ATTR.CallingStationId), getText(p, ATTR.UserName)),
      });
    } catch (err) {
      dup.forget(key);
      throw err;
    }
    dup.done(key, reply, now);
    send(sock, reply, from, nas);
  }

  function accounting(sock: dgram.Socket, nas: Nas, p: Packet, from: dgram.RemoteInfo) {
    if (!verifyAccountingAuthenticator(p, nas.secret)) return drop(nas.name, 'bad_authenticator', from);
    if (verifyRequestMa(p, nas.secret) === false) return drop(nas.name, 'bad_authenticator', from);
    const code = getInt(p, ATTR.AcctStatusType);
    const status = code === undefined ? undefined : STATUS_NAME[code];
    if (!status) return drop(nas.name, 'unsupported_status_type', from, String(code));
    const acctSessionId = getText(p, ATTR.AcctSessionId) ?? '';
    if (!acctSessionId && status !== 'on' && status !== 'off') return drop(nas.name, 'missing_acct_session_id', from);
    const now = deps.clock.now();
    const key = DupCache.key(from.address, from.port, p.raw);
    if (answeredAsDuplicate(sock, nas, key, now, from)) return;
    const ev = accountingEvent(p, nas, from.address, status, acctSessionId, now);
    deps.writer.submit(ev, (err, result) => {
      if (err || !result) {
        // RFC 2866 §2: not recorded, so not answered; the NAS retransmits.
        dup.forget(key);
        drop(nas.name, 'not_durable', from, err?.message);
        return;
      }
      let reply: Buffer;
      try {
        reply = encodeResponse(CODE.AccountingResponse, p, [], nas.secret, false);
      } catch (e) {
        dup.forget(key);
        return drop(nas.name, 'internal', from, (e as Error).message);
      }
      stats.accounted++;
      deps.metrics.accounting(nas.name, status);
      deps.metrics.octets('in', result.deltaIn);
      deps.metrics.octets('out', result.deltaOut);
      dup.done(key, reply, deps.clock.now());
      send(sock, reply, from, nas);
    });
  }

  function accountingEvent(p: Packet, nas: Nas, address: string, status: AcctEvent['status'], acctSessionId: string, now: number): AcctEvent {
    const nasIdentifier = getText(p, ATTR.NasIdentifier) ?? null;
    const userName = getText(p, ATTR.UserName) ?? null;
    const mac = macFromIdentity(getText(p, ATTR.CallingStationId)) ?? macFromIdentity(userName ?? undefined);
    const ours = deps.sessionIds.parse(get(p, ATTR.Class));
    const nasKey = nasIdentifier ?? getText(p, ATTR.NasIpAddress) ?? address;
    const key = ours ?? 'h:' + hash('sha256', `${nasKey}\0${acctSessionId}\0${mac ?? userName ?? ''}`, 'hex').slice(0, 32);
    const ts = getInt(p, ATTR.EventTimestamp);
    const delay = getInt(p, ATTR.AcctDelayTime) ?? 0;
    const gw = (t: number) => (getInt(p, t) ?? 0) * 2 ** 32;
    const cause = getInt(p, ATTR.AcctTerminateCause);
    return {
      status,
      key,
      nas: nas.name,
      nasIp: address,
      nasIdentifier,
      acctSessionId,
      userName,
      macHash: mac ? deps.hashMac(mac) : null,
      eventTime: ts !== undefined ? ts * 1000 : now - delay * 1000,
      now,
      inputOctets: gw(ATTR.AcctInputGigawords) + (getInt(p, ATTR.AcctInputOctets) ?? 0),
      outputOctets: gw(ATTR.AcctOutputGigawords) + (getInt(p, ATTR.AcctOutputOctets) ?? 0),
      sessionTime: getInt(p, ATTR.AcctSessionTime) ?? 0,
      terminateCause: cause ?? null,
      interimInterval: deps.profile().interimInterval,
    };
  }

  async function bind(kind: Kind, host: string, port: number): Promise<number> {
    const sock = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20, lookup: literalLookup, reusePort: deps.reusePort === true });
    sock.on('message', (msg, from) => onMessage(kind, sock, msg, from));
    sock.on('error', (err) => rlog('socket', { err: err.message, kind }, 'RADIUS socket error'));
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(port, host, () => {
        sock.off('error', reject);
        resolve();
      });
    });
    sockets[kind] = sock;
    return (sock.address() as AddressInfo).port;
  }

  return {
    async start(host, authPort, acctPort) {
      bound.auth = await bind('auth', host, authPort);
      bound.acct = await bind('acct', host, acctPort);
      deps.log.info({ host, auth: bound.auth, acct: bound.acct, clients: deps.nas.all().length }, 'RADIUS listening');
      return { ...bound };
    },
    async stop() {
      deps.authLog.flush();
      deps.writer.flush();
      flushOutbox();
      await Promise.all(
        (Object.keys(sockets) as Kind[]).map(
          (k) =>
            new Promise<void>((r) => {
              try {
                sockets[k]!.close(() => r());
              } catch {
                r();
              }
              delete sockets[k];
            }),
        ),
      );
    },
    ports: () => ({ ...bound }),
    stats: () => ({ ...stats, drops: { ...stats.drops } }),
    dupCache: dup,
  };
}

export type { Attr };
