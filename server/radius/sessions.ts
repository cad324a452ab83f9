// Session administration: the open-session list (no personal data) and Disconnect of one session through its NAS.
import type { RadiusStore, SessionRow } from './store.ts';
import type { NasTable } from './nas.ts';
import { ATTR, CODE, int, ip, text, type Attr } from './codec.ts';
import { sendDasRequest, type DasOutcome } from './coa.ts';
import { AppError } from '../platform/errors.ts';
import { RadiusErrors } from './errors.ts';
import { isIPv4 } from 'node:net';

export interface OpenSession {
  id: string;
  nas: string;
  nasIdentifier: string | null;
  startedAt: string;
  lastSeen: string;
  sessionTime: number;
  inputOctets: number;
  outputOctets: number;
}

const ADMIN_RESET = 6; // Acct-Terminate-Cause (RFC 2866 §5.10)

export function publicSession(r: SessionRow): OpenSession {
  return {
    id: r.id,
    nas: r.nas,
    nasIdentifier: r.nas_identifier,
    startedAt: new Date(r.started_at).toISOString(),
    lastSeen: new Date(r.last_seen).toISOString(),
    sessionTime: r.session_time,
    inputOctets: r.input_octets,
    outputOctets: r.output_octets,
  };
}

/** RFC 5176 §3: identify the NAS and the session with several attributes (CoovaChilli needs User-Name). */
export function disconnectAttrs(r: SessionRow, now: number): Attr[] {
  const attrs: Attr[] = [];
  if (r.user_name) attrs.push(text(ATTR.UserName, r.user_name));
  attrs.push(text(ATTR.AcctSessionId, r.acct_session_id));
  if (r.nas_identifier) attrs.push(text(ATTR.NasIdentifier, r.nas_identifier));
  if (isIPv4(r.nas_ip)) attrs.push(ip(ATTR.NasIpAddress, r.nas_ip));
  attrs.push(int(ATTR.EventTimestamp, Math.floor(now / 1000))); // RFC 5176 §3.1 replay protection
  return attrs;
}

export interface SessionAdmin {
  listOpen(limit?: number): OpenSession[];
  /** sends Disconnect-Request; on ACK closes the session (Admin-Reset). Throws AppError when it cannot try. */
  disconnect(id: string): Promise<DasOutcome>;
}

export function createSessionAdmin(deps: { store: RadiusStore; nas: NasTable; now: () => number; timeoutMs: number; retries: number }): SessionAdmin {
  return {
    listOpen: (limit = 1000) => deps.store.listOpen(limit).map(publicSession),
    async disconnect(id) {
      const row = deps.store.get(id);
      if (!row) throw new AppError(RadiusErrors.RADIUS_SESSION_NOT_FOUND, `no RADIUS session ${id}`);
      if (row.stopped_at !== null) throw new AppError(RadiusErrors.RADIUS_SESSION_CLOSED, `session ${id} is already closed`);
      const nas = deps.nas.byName(row.nas);
      if (!nas) throw new AppError(RadiusErrors.RADIUS_NAS_UNKNOWN, `NAS ${row.nas} is no longer configured`);
      const result = await sendDasRequest({
        host: row.nas_ip,
        port: nas.coaPort,
        secret: nas.secret,
        code: CODE.DisconnectRequest,
        attrs: disconnectAttrs(row, deps.now()),
        messageAuthenticator: nas.coaMessageAuthenticator,
        timeoutMs: deps.timeoutMs,
        retries: deps.retries,
      });
      if (result.outcome === 'ack') deps.store.closeOne(id, deps.now(), ADMIN_RESET, 'admin');
      return result;
    },
  };
}
