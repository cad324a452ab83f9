// Fleet view and the county's indicators: sites and displays (HubApi.sites), figures per location and per day
// (HubApi.figures), and their CSV export (RFC 4180; cells that a spreadsheet would run as formulas are quoted).
import type { FigureRow, HubApi, SiteStatus } from '../hub/index.ts';

export interface LocationFigures {
  locationId: string;
  portalViews: number;
  connects: number;
  radiusAccepts: number;
  radiusRejects: number;
  sessions: number;
  downloadBytes: number;
  uploadBytes: number;
}

const inScope = (visible: string[] | null, locationId: string) => visible === null || visible.includes(locationId);

export function sitesFor(hub: HubApi, visible: string[] | null): SiteStatus[] {
  return hub
    .sites()
    .filter((s) => inScope(visible, s.locationId))
    .sort((a, b) => a.locationId.localeCompare(b.locationId) || a.siteId.localeCompare(b.siteId));
}

export function figuresFor(hub: HubApi, visible: string[] | null, q: { locationId?: string; from?: number; to?: number }): FigureRow[] {
  return hub.figures(q).filter((f) => inScope(visible, f.locationId) && (!q.locationId || f.locationId === q.locationId));
}

/** Adds one hour's counters into a running total (displays: the most seen up at once, not a sum). */
function addFigures(t: FigureRow, r: FigureRow): void {
  t.portalViews += r.portalViews;
  t.connects += r.connects;
  t.radiusAccepts += r.radiusAccepts;
  t.radiusRejects += r.radiusRejects;
  t.acctRecords += r.acctRecords;
  t.acctInputOctets += r.acctInputOctets;
  t.acctOutputOctets += r.acctOutputOctets;
  t.displaysUp = Math.max(t.displaysUp, r.displaysUp);
}

export function totalsByLocation(rows: FigureRow[]): LocationFigures[] {
  const m = new Map<string, FigureRow>();
  for (const r of rows) {
    const t = m.get(r.locationId);
    if (t) addFigures(t, r);
    else m.set(r.locationId, { ...r });
  }
  return [...m.values()]
    .map((t) => ({
      locationId: t.locationId,
      portalViews: t.portalViews,
      connects: t.connects,
      radiusAccepts: t.radiusAccepts,
      radiusRejects: t.radiusRejects,
      sessions: t.acctRecords,
      // Accounting octets are counted from the NAS's view (RFC 2866 §5.3/5.4): output = towards the guest.
      downloadBytes: t.acctOutputOctets,
      uploadBytes: t.acctInputOctets,
    }))
    .sort((a, b) => a.locationId.localeCompare(b.locationId));
}

function cell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per location, site and day (UTC date of the hourly aggregates). */
/** Feedback messages a site received on a UTC day (from the feedback inbox). */
export interface FeedbackDay {
  siteId: string;
  locationId: string;
  day: string;
  n: number;
}

export function figuresCsv(rows: FigureRow[], feedback: FeedbackDay[] = []): string {
  const days = new Map<string, FigureRow & { day: string; feedback?: number }>();
  for (const r of rows) {
    const day = r.hour.slice(0, 10);
    const k = `${r.locationId}\0${r.siteId}\0${day}`;
    const d = days.get(k);
    if (d) addFigures(d, r);
    else days.set(k, { ...r, day });
  }
  for (const f of feedback) {
    const k = `${f.locationId}\0${f.siteId}\0${f.day}`;
    const d = days.get(k) ?? { hour: `${f.day}T00:00:00Z`, day: f.day, locationId: f.locationId, siteId: f.siteId, connects: 0, portalViews: 0, radiusAccepts: 0, radiusRejects: 0, acctRecords: 0, acctInputOctets: 0, acctOutputOctets: 0, displaysUp: 0 };
    d.feedback = (d.feedback ?? 0) + f.n;
    days.set(k, d);
  }
  const header = ['date', 'location_id', 'site_id', 'portal_views', 'accesses', 'radius_accepts', 'radius_rejects', 'sessions', 'download_bytes', 'upload_bytes', 'displays_up', 'feedback'];
  const lines = [...days.values()]
    .sort((a, b) => a.day.localeCompare(b.day) || a.locationId.localeCompare(b.locationId) || a.siteId.localeCompare(b.siteId))
    .map((d) => [d.day, d.locationId, d.siteId, d.portalViews, d.connects, d.radiusAccepts, d.radiusRejects, d.acctRecords, d.acctOutputOctets, d.acctInputOctets, d.displaysUp, d.feedback ?? 0].map(cell).join(','));
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}
