// The interface every controller adapter implements: how a redirect from the access controller is verified,
// and where the browser goes once the traveller has accepted the terms.
import type { Lang } from '../../platform/i18n.ts';
import type { Recorded } from '../acceptances.ts';

export type ControllerName = 'none' | 'uam' | 'opennds';

/** What a verified controller redirect tells the portal. */
export interface ControllerSession {
  /** UAM `res` (notyet, success, already, failed, logoff …); 'notyet' for other controllers */
  res: string;
  /** client MAC as the controller gave it (any vendor format), or null when unknown */
  mac: string | null;
  /** where the traveller was going; untrusted until safeUserUrl() accepts it */
  userurl: string | null;
  /** controller data kept with the acceptance: never the MAC, the IP or the visited URL */
  session: Record<string, string>;
  /**
   * one-time value: a replay of it is refused, unless `gatewayBound` — the gateway itself binds the grant to the
   * client (openNDS checks `tok` against the requesting client's own hid), so a used value brings the portal and
   * the same handoff again, and a replay lets nobody else in
   */
  nonce?: { kind: string; value: string; gatewayBound?: boolean };
  /** a message the controller passed for the traveller (UAM `reply`) */
  reply?: string;
}

export interface Controller {
  name: ControllerName;
  /** whether a Connect needs a UAM username/password issued */
  needsUamLogin: boolean;
  /**
   * whether the session length is Peron's (its RADIUS Session-Timeout, guestProfile.sessionTimeout); false when
   * the gateway decides it (openNDS `sessiontimeout`), so /online and RFC 8908 do not claim a time left
   */
  sessionLengthKnown: boolean;
  /**
   * Verifies and parses the raw query of a portal request (exactly the bytes after '?').
   * Returns null when the query carries no controller parameters; throws AppError on a bad signature or data.
   */
  parse(rawQuery: string, clientIp: string): ControllerSession | null;
  /** The URL the browser is sent to after the acceptance is recorded (controller logon, or the online page). */
  handoff(s: ControllerSession, rec: Recorded, onlineUrl: string, lang: Lang): string;
}
