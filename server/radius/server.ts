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
import { STATUS_NAME, type AccountingWriter } from './accounting.ts';
import { accountingEvent, type AcctEventDeps } from './accounting-event.ts';
import { createReplyOutbox } from './reply-outbox.ts';
import type { NasTable, Nas } from './nas.ts';
import { decideAccess, type PolicyDeps, type RejectReason } from './policy.ts';
import type { RadiusMetrics } from './metrics.ts';
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

/** A UDP socket bound to host:port (large buffers, optionally SO_REUSEPORT); resolves once bound. */
async function bindUdp(host: string, port: number, reusePort: boolean, onMessage: (msg: Buffer, from: dgram.RemoteInfo) => void, onError: (err: Error) => void): Promise<dgram.Socket> {
  // replies go to the source address, always an IP literal: skip dgram's per-send DNS lookup and its nextTick
  const lookup = (address: string, _family: unknown, cb: (err: Error | null, address: string, family: number) => void) => cb(null, address, address.includes(':') ? 6 : 4);
  const sock = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20, lookup, reusePort });
  sock.on('message', onMessage);
  sock.on('error', onError);
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(port, host, () => {
      sock.off('error', reject);
      resolve();
    });
  });
  return sock;
}

export function createRadiusServer(deps: RadiusServerDeps): RadiusServer {
  const dup = new DupCache(deps.dupTtlMs, deps.dupMax);
  const rlog = rateLimitedLog(deps.log);
  const stats: RadiusStats = { received: 0, accepts: 0, rejects: 0, duplicates: 0, status: 0, accounted: 0, dropped: 0, drops: {} };
  const sockets: Partial<Record<Kind, dgram.Socket>> = {};
  const bound = { auth: 0, acct: 0 };
  const eventDeps: AcctEventDeps = { sessionIds: deps.sessionIds, hashMac: deps.hashMac, interimInterval: () => deps.profile().interimInterval };

  function drop(nas: string, reason: string, from: dgram.RemoteInfo, detail?: string) {
    stats.dropped++;
    stats.drops[reason] = (stats.drops[reason] ?? 0) + 1;
    deps.metrics.request(nas, 'drop_' + reason);
    rlog(reason, { nas, reason, detail, from: from.address }, 'RADIUS packet dropped');
  }

  const outbox = createReplyOutbox((err) => rlog('send', { err: err.message }, 'RADIUS reply not sent'));

  function send(sock: dgram.Socket, buf: Buffer, to: dgram.RemoteInfo, nas?: Nas) {
    if (nas && deps.authLog.tracing()) {
      const d = decode(buf);
      if (d.ok) deps.authLog.trace('sent', nas.name, to, d.packet);
    }
    outbox.push(sock, buf, to.port, to.address);
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
    const ev = accountingEvent(eventDeps, p, nas, from.address, status, acctSessionId, now);
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

  async function bind(kind: Kind, host: string, port: number): Promise<number> {
    const sock = await bindUdp(host, port, deps.reusePort === true, (msg, from) => onMessage(kind, sock, msg, from), (err) => rlog('socket', { err: err.message, kind }, 'RADIUS socket error'));
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
      outbox.flush();
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
