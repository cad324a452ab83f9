// The contract between the hub's admin UI (server/admin/) and its release/fleet core (server/hub/).
import type { Location } from '../content/index.ts';
import type { HourFigures } from '../protocol/index.ts';

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

/** One site's figures of one hour, as the hub keeps them (the telemetry contract's HourFigures with whose they are). */
export interface FigureRow extends HourFigures {
  siteId: string;
  locationId: string;
}

export interface HubApi {
  /** Builds, signs and stores a release for every site serving the location, then pokes those sites. */
  publish(locationId: string, input: PublishInput, actor: string): Promise<{ sites: { siteId: string; version: number }[] }>;
  sites(): SiteStatus[];
  figures(q?: { locationId?: string; from?: number; to?: number }): FigureRow[];
  /** Registers a site and returns a one-time enrolment token. */
  addSite(siteId: string, locationId: string): { token: string };
}
