// The acceptance contract between the portal (which records Connects) and RADIUS (which lets clients in).
//
// Semantics (implemented in acceptances.ts):
// - Only acceptances of the CURRENT terms version (content.current().location.terms.version) at THIS location count.
// - findByMac: a Connect by this MAC within guestProfile.rememberDays; for a locally administered (randomised)
//   MAC with guestProfile.randomizedMacs = 'portal-each-time', and whenever rememberDays = 0, only a Connect
//   within the last FRESH_CONNECT_MS (5 minutes: the time from Connect to the controller's Access-Request).
// - findUamLogin: the username the portal put into a UAM logon URL, valid UAM_LOGIN_TTL_MS (10 minutes) after
//   Connect; the password is per acceptance, derived with the site key, 16 characters (fits uspot's PAP limit).
export interface AcceptanceService {
  /** MAC authentication: a live acceptance of the current terms by this client at this location, or null. */
  findByMac(mac: string, now: number): { acceptanceId: string } | null;
  /** A UAM login the portal put into a logon URL: the cleartext password (for PAP/CHAP checks), or null. */
  findUamLogin(username: string, now: number): { acceptanceId: string; password: string } | null;
}
