// An Accounting-Request as the event the accounting writer records: our session key (from the Class we issued)
// or a stable hash of NAS, Acct-Session-Id and client; 64-bit octet counters from the Gigawords; the event time
// from Event-Timestamp or now minus Acct-Delay-Time; the MAC only as its keyed hash.
import { hash } from 'node:crypto';
import { ATTR, get, getInt, getText, type Packet } from './codec.ts';
import type { AcctEvent } from './accounting.ts';
import type { Nas } from './nas.ts';
import type { PolicyDeps } from './policy.ts';
import { macFromIdentity } from './mac.ts';

export interface AcctEventDeps {
  sessionIds: PolicyDeps['sessionIds'];
  hashMac(mac: string): string;
  /** the guest profile's interim interval (s), recorded with the session */
  interimInterval(): number;
}

export function accountingEvent(deps: AcctEventDeps, p: Packet, nas: Nas, address: string, status: AcctEvent['status'], acctSessionId: string, now: number): AcctEvent {
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
    interimInterval: deps.interimInterval(),
  };
}
