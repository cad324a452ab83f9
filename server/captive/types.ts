// The acceptance contract between the portal (which records Connects) and RADIUS (which lets clients in).
export interface AcceptanceService {
  /** MAC authentication: a live acceptance of the current terms by this client at this location, or null. */
  findByMac(mac: string, now: number): { acceptanceId: string } | null;
  /** A UAM login the portal put into a logon URL: the cleartext password (for PAP/CHAP checks), or null. */
  findUamLogin(username: string, now: number): { acceptanceId: string; password: string } | null;
}
