// The contract between the hub's admin UI (server/admin/) and its release/fleet core (server/hub/).
import type { Location } from '../content/index.ts';

export interface PublishInput {
  /** the validated location content to ship (the admin's draft) */
  location: Location;
  /** extra files shipped with the release, by logical name, e.g. 'regional/news.json' */
  files: Record<string, Buffer>;
}

export interface SiteStatus {
  siteId: string;
  locationId: string;
  enrolledAt: number | null;
  lastHeartbeatAt: number | null;
  /** the release version the site last reported serving */
  servingVersion: number | null;
  /** the newest release published for the site */
  latestVersion: number | null;
  /** no heartbeat for 3 × the heartbeat interval, or serving an older release than published */
  stale: boolean;
  /** the site reports that its newest trusted release has expired (it keeps serving it) */
  metadataStale?: boolean;
  displays: { id: string; up: boolean }[];
}

export interface FigureRow {
  siteId: string;
  locationId: string;
  /** ISO hour start, UTC, e.g. 2026-12-01T08:00:00Z */
  hour: string;
  portalViews: number;
  connects: number;
  radiusAccepts: number;
  radiusRejects: number;
  acctRecords: number;
  acctInputOctets: number;
  acctOutputOctets: number;
  displaysUp: number;
}

export interface HubApi {
  /** Builds, signs and stores a release for every site serving the location, then pokes those sites. */
  publish(locationId: string, input: PublishInput, actor: string): Promise<{ sites: { siteId: string; version: number }[] }>;
  sites(): SiteStatus[];
  figures(q?: { locationId?: string; from?: number; to?: number }): FigureRow[];
  /** Registers a site and returns a one-time enrolment token. */
  addSite(siteId: string, locationId: string): { token: string };
}
