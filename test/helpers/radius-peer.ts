// RADIUS test peers built on our codec: a NAS client that sends signed requests and awaits verified replies,
// a small DAS (the NAS side of RFC 5176) that checks authenticators, and an in-process RADIUS server with a
// Map-backed AcceptanceService standing in for the portal.
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { configSchema, repoRoot, type Config } from '../../server/config-schema.ts';
import { loadConfig } from '../../server/platform/config.ts';
import { openDb, type DB } from '../../server/platform/db.ts';
import { silentLogger, type Logger } from '../../server/platform/log.ts';
import { createI18n } from '../../server/platform/i18n.ts';
import { createRenderer } from '../../server/platform/render.ts';
import { createPrivacy, normalizeMac } from '../../server/platform/privacy.ts';
import { systemClock, type Clock } from '../../server/platform/clock.ts';
import { createContentService, loadLocation, type ContentService } from '../../server/content/index.ts';
import type { AcceptanceService } from '../../server/captive/types.ts';
import { createRadius, type Radius } from '../../server/radius/index.ts';
import {
  ATTR, CODE, decode, encodeRequest, encodeResponse, verifyAccountingAuthenticator, verifyRequestMa, verifyResponse, int, type Attr, type Packet,
} from '../../server/radius/codec.ts';
import { join } from 'node:path';

export const SECRET = 'testing123';

/** The portal's side of the contract, as a Map: MACs that accepted the terms and UAM logins it issued. */
export class TestAcceptances implements AcceptanceService {
  macs = new Map<string, string>();
  logins = new Map<string, { acceptanceId: string; password: string }>();
  acceptMac(mac: string, acceptanceId = 'acc-' + mac) {
    this.macs.set(normalizeMac(mac)!, acceptanceId);
  }
  findByMac(mac: string) {
    const id = this.macs.get(mac);
    return id ? { acceptanceId: id } : null;
  }
  findUamLogin(username: string) {
    return this.logins.get(username) ?? null;
  }
}

export interface TestRadius {
  radius: Radius;
  auth: number;
  acct: number;
  db: DB;
  acceptances: TestAcceptances;
  metrics: Registry;
  content: ContentService;
  config: Config;
  close(): Promise<void>;
}

export function radiusTestConfig(flags: Record<string, unknown> = {}): Config {
  return loadConfig({
    schema: configSchema,
    env: {},
    flags: {
      dataDir: '/nonexistent',
      'log.level': 'silent',
      'radius.host': '127.0.0.1',
      'radius.authPort': 0,
      'radius.acctPort': 0,
      'radius.clients': [{ name: 'test-nas', address: '127.0.0.1', secret: SECRET }],
      ...flags,
    },
  }) as Config;
}

export async function startTestRadius(opts: { flags?: Record<string, unknown>; clock?: Clock; db?: DB; acceptances?: TestAcceptances; log?: Logger } = {}): Promise<TestRadius> {
  const config = radiusTestConfig(opts.flags);
  const db = opts.db ?? openDb(':memory:', 'site');
  const i18n = createI18n();
  const metrics = new Registry();
  const acceptances = opts.acceptances ?? new TestAcceptances();
  const content = createContentService(loadLocation(join(repoRoot, 'locations'), 'liberec-hlavni-nadrazi'));
  const radius = createRadius({
    config,
    db,
    log: opts.log ?? silentLogger(),
    clock: opts.clock ?? systemClock,
    i18n,
    render: createRenderer(i18n),
    metrics,
    privacy: createPrivacy(randomBytes(32)),
    content,
    acceptances,
  });
  await radius.capability.start?.({ server: undefined as never });
  const { auth, acct } = radius.server.ports();
  return {
    radius, auth, acct, db, acceptances, metrics, content, config,
    async close() {
      await radius.capability.stop?.();
      if (!opts.db) db.close();
    },
  };
}

/** A NAS talking to a RADIUS server: signed requests, replies matched by identifier and verified. */
export class TestNas {
  private sock = dgram.createSocket('udp4');
  private waiting = new Map<number, { auth: Buffer; resolve: (p: Packet | null) => void; timer: NodeJS.Timeout }>();
  private nextId = 0;
  readonly secret: Buffer;
  /** replies that failed verification */
  badReplies = 0;
  constructor(secret = SECRET) {
    this.secret = Buffer.from(secret);
    this.sock.on('message', (msg) => {
      const d = decode(msg);
      if (!d.ok) return void this.badReplies++;
      const w = this.waiting.get(d.packet.identifier);
      if (!w) return;
      if (!verifyResponse(d.packet, w.auth, this.secret)) return void this.badReplies++;
      clearTimeout(w.timer);
      this.waiting.delete(d.packet.identifier);
      w.resolve(d.packet);
    });
  }
  async ready(): Promise<number> {
    await new Promise<void>((r) => this.sock.bind(0, '127.0.0.1', () => r()));
    return (this.sock.address() as AddressInfo).port;
  }
  /** builds a request: Access/Status keep a random authenticator; accounting is signed per RFC 2866 */
  build(code: number, attrs: Attr[] | ((auth: Buffer) => Attr[]), opts: { withMa?: boolean; id?: number; secret?: Buffer } = {}): Buffer {
    const id = opts.id ?? (this.nextId = (this.nextId + 1) & 255);
    const auth = randomBytes(16);
    const list = typeof attrs === 'function' ? attrs(auth) : attrs;
    return encodeRequest(code, id, list, opts.secret ?? this.secret, { withMa: opts.withMa ?? code !== CODE.AccountingRequest, authenticator: auth });
  }
  /** sends a packet and resolves with the verified reply, or null after timeoutMs */
  send(packet: Buffer, port: number, timeoutMs = 1000): Promise<Packet | null> {
    const id = packet[1];
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(null);
      }, timeoutMs);
      this.waiting.set(id, { auth: Buffer.from(packet.subarray(4, 20)), resolve, timer });
      this.sock.send(packet, port, '127.0.0.1');
    });
  }
  sendRaw(packet: Buffer, port: number) {
    this.sock.send(packet, port, '127.0.0.1');
  }
  close() {
    for (const w of this.waiting.values()) clearTimeout(w.timer);
    this.sock.close();
  }
}

export interface DasLog { packet: Packet; authenticatorOk: boolean; maOk: boolean | null }

/** The NAS side of RFC 5176: checks the Request Authenticator and Message-Authenticator, answers ACK or NAK. */
export async function startTestDas(secret: string, answer: (p: Packet) => { ack: true } | { ack: false; errorCause?: number } | 'silent'): Promise<{ port: number; received: DasLog[]; close(): void }> {
  const sock = dgram.createSocket('udp4');
  const received: DasLog[] = [];
  const key = Buffer.from(secret);
  sock.on('message', (msg, from) => {
    const d = decode(msg);
    if (!d.ok) return;
    const p = d.packet;
    const authenticatorOk = verifyAccountingAuthenticator(p, key);
    const maOk = verifyRequestMa(p, key);
    received.push({ packet: p, authenticatorOk, maOk });
    if (!authenticatorOk || maOk === false) return; // RFC 5176 §3.5: silently discard
    const a = answer(p);
    if (a === 'silent') return;
    const code = a.ack ? p.code + 1 : p.code + 2;
    const attrs = !a.ack && a.errorCause ? [int(ATTR.ErrorCause, a.errorCause)] : [];
    sock.send(encodeResponse(code, p, attrs, key, maOk !== null), from.port, from.address);
  });
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  return { port: (sock.address() as AddressInfo).port, received, close: () => sock.close() };
}

/** A UDP port that was free a moment ago (bind to 0, read, close). */
export async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
