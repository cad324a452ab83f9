// CoA / Disconnect client (RFC 5176): signs requests (Request Authenticator and, per NAS, Message-Authenticator
// over a zero authenticator), retransmits the same packet, and verifies the answer before trusting it.
import dgram from 'node:dgram';
import { randomInt } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { CODE, ERROR_CAUSE, ATTR, decode, encodeRequest, getInt, verifyResponse, type Attr } from './codec.ts';

export interface DasRequest {
  host: string;
  port: number;
  secret: Buffer;
  code: typeof CODE.DisconnectRequest | typeof CODE.CoaRequest;
  attrs: Attr[];
  messageAuthenticator: boolean;
  timeoutMs: number;
  retries: number;
}

export type DasOutcome =
  | { outcome: 'ack' }
  | { outcome: 'nak'; errorCause?: number; errorCauseText?: string }
  | { outcome: 'timeout'; tries: number };

export function errorCauseText(n: number | undefined): string | undefined {
  if (n === undefined) return undefined;
  return ERROR_CAUSE[n] ?? `Error-Cause ${n}`;
}

export async function sendDasRequest(req: DasRequest): Promise<DasOutcome> {
  const identifier = randomInt(256);
  const packet = encodeRequest(req.code, identifier, req.attrs, req.secret, { withMa: req.messageAuthenticator });
  const authenticator = packet.subarray(4, 20);
  const ack = req.code === CODE.DisconnectRequest ? CODE.DisconnectAck : CODE.CoaAck;
  const nak = req.code === CODE.DisconnectRequest ? CODE.DisconnectNak : CODE.CoaNak;
  const sock = dgram.createSocket(isIPv6(req.host) ? 'udp6' : 'udp4');
  try {
    return await new Promise<DasOutcome>((resolve) => {
      let tries = 0;
      let timer: NodeJS.Timeout | undefined;
      sock.on('error', () => undefined);
      sock.on('message', (msg, from) => {
        if (from.port !== req.port) return;
        const d = decode(msg);
        if (!d.ok || d.packet.identifier !== identifier || (d.packet.code !== ack && d.packet.code !== nak)) return;
        if (!verifyResponse(d.packet, authenticator, req.secret)) return; // forged or wrong secret: keep waiting
        clearTimeout(timer);
        if (d.packet.code === ack) return resolve({ outcome: 'ack' });
        const cause = getInt(d.packet, ATTR.ErrorCause);
        resolve({ outcome: 'nak', errorCause: cause, errorCauseText: errorCauseText(cause) });
      });
      const attempt = () => {
        if (tries > req.retries) return resolve({ outcome: 'timeout', tries });
        tries++;
        sock.send(packet, req.port, req.host);
        timer = setTimeout(attempt, req.timeoutMs * tries); // linear back-off
      };
      attempt();
    });
  } finally {
    sock.close();
  }
}
