// Access-Request policy: UAM logins (PAP/CHAP) against the portal's credentials, MAC authentication against the
// portal's acceptances; accepted guests get the location's guest profile, everyone else an Access-Reject.
import type { AcceptanceService } from '../captive/index.ts';
import type { Location } from '../content/index.ts';
import { isRandomizedMac, safeEqual } from '../platform/privacy.ts';
import { ATTR, CHILLI, VENDOR, WISPR, decodeUserPassword, get, getText, int, octets, verifyChap, vsa, type Attr, type Packet } from './codec.ts';
import { macFromIdentity } from './mac.ts';
import type { Nas } from './nas.ts';
import type { SessionIds } from './session-id.ts';

export type RejectReason = 'no_user_name' | 'bad_password' | 'mac_mismatch' | 'randomized_mac' | 'not_accepted' | 'unknown_user';

export type Decision =
  | { accept: true; method: 'uam' | 'mac'; acceptanceId: string; sessionId: string; attrs: Attr[] }
  | { accept: false; reason: RejectReason };

export interface PolicyDeps {
  acceptances: AcceptanceService;
  sessionIds: SessionIds;
}

/** The profile's fixed attributes, built once per guest profile (content snapshots are frozen, so per object). */
const fixedAttrs = new WeakMap<Location['guestProfile'], Attr[]>();

/** The guest profile as Access-Accept attributes (reference §3.1: WISPr in bit/s, ChilliSpot in kbit/s). */
export function guestProfileAttrs(profile: Location['guestProfile'], cls: Buffer): Attr[] {
  let fixed = fixedAttrs.get(profile);
  if (!fixed) {
    fixed = [
      int(ATTR.SessionTimeout, profile.sessionTimeout),
      int(ATTR.IdleTimeout, profile.idleTimeout),
      int(ATTR.AcctInterimInterval, profile.interimInterval),
      vsa(VENDOR.WISPr, WISPR.BandwidthMaxUp, profile.upKbps * 1000),
      vsa(VENDOR.WISPr, WISPR.BandwidthMaxDown, profile.downKbps * 1000),
      vsa(VENDOR.ChilliSpot, CHILLI.BandwidthMaxUp, profile.upKbps),
      vsa(VENDOR.ChilliSpot, CHILLI.BandwidthMaxDown, profile.downKbps),
    ];
    if (Object.isFrozen(profile)) fixedAttrs.set(profile, fixed);
  }
  return [...fixed, octets(ATTR.Class, cls)];
}

function accept(deps: PolicyDeps, profile: Location['guestProfile'], method: 'uam' | 'mac', acceptanceId: string): Decision {
  const { id, cls } = deps.sessionIds.issue();
  return { accept: true, method, acceptanceId, sessionId: id, attrs: guestProfileAttrs(profile, cls) };
}

export function decideAccess(p: Packet, nas: Nas, profile: Location['guestProfile'], now: number, deps: PolicyDeps): Decision {
  const userName = getText(p, ATTR.UserName);
  if (!userName) return { accept: false, reason: 'no_user_name' };

  // MAC authentication first (reference §3.2): the NAS asks with the client's MAC as User-Name. Most requests are
  // these, so they cost one acceptance lookup; a MAC that is not let in may still be a UAM login below.
  let refused: RejectReason = 'unknown_user';
  const mac = macFromIdentity(userName);
  if (mac) {
    const station = getText(p, ATTR.CallingStationId);
    const stationMac = macFromIdentity(station);
    if (station && stationMac && stationMac !== mac) refused = 'mac_mismatch';
    else if (profile.randomizedMacs === 'portal-each-time' && isRandomizedMac(mac)) refused = 'randomized_mac';
    else {
      const acc = deps.acceptances.findByMac(mac, now);
      if (acc) return accept(deps, profile, 'mac', acc.acceptanceId);
      refused = 'not_accepted';
    }
  }

  // UAM login: the username and password the portal put into the controller's logon URL (reference §2a).
  const login = deps.acceptances.findUamLogin(userName, now);
  if (login) {
    const pap = get(p, ATTR.UserPassword);
    const ok = pap ? safeEqual(decodeUserPassword(pap, nas.secret, p.authenticator), Buffer.from(login.password, 'utf8')) : verifyChap(p, login.password);
    return ok ? accept(deps, profile, 'uam', login.acceptanceId) : { accept: false, reason: 'bad_password' };
  }
  return { accept: false, reason: refused };
}
