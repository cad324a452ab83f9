// Fleet view and the county's indicators: sites and displays (HubApi.sites), figures per location and per day
// (HubApi.figures), and their CSV export (RFC 4180; cells that a spreadsheet would run as formulas are quoted).
import type { FigureRow, HubApi, SiteStatus } from '../hub/types.ts';

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

export function totalsByLocation(rows: FigureRow[]): LocationFigures[] {
  const m = new Map<string, LocationFigures>();
  for (const r of rows) {
    let t = m.get(r.locationId);
    if (!t) m.set(r.locationId, (t = { locationId: r.locationId, portalViews: 0, connects: 0, radiusAccepts: 0, radiusRejects: 0, sessions: 0, downloadBytes: 0, uploadBytes: 0 }));
    t.portalViews += r.portalViews;
    t.connects += r.connects;
    t.radiusAccepts += r.radiusAccepts;
    t.radiusRejects += r.radiusRejects;
    t.sessions += r.acctRecords;
    // Accounting octets are counted from the NAS's view (RFC 2866 §5.3/5.4): output = towards the guest.
    t.downloadBytes += r.acctOutputOctets;
    t.uploadBytes += r.acctInputOctets;
  }
  return [...m.values()].sort((a, b) => a.locationId.localeCompare(b.locationId));
}

function cell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per location, site and day (UTC date of the hourly aggregates). */
export function figuresCsv(rows: FigureRow[]): string {
  const days = new Map<string, FigureRow & { day: string }>();
  for (const r of rows) {
    const day = r.hour.slice(0, 10);
    const k = `${r.locationId}\0${r.siteId}\0${day}`;
    const d = days.get(k);
    if (!d) days.set(k, { ...r, day });
    else {
      d.portalViews += r.portalViews;
      d.connects += r.connects;
      d.radiusAccepts += r.radiusAccepts;
      d.radiusRejects += r.radiusRejects;
      d.acctRecords += r.acctRecords;
      d.acctInputOctets += r.acctInputOctets;
      d.acctOutputOctets += r.acctOutputOctets;
      d.displaysUp = Math.max(d.displaysUp, r.displaysUp);
    }
  }
  const header = ['date', 'location_id', 'site_id', 'portal_views', 'accesses', 'radius_accepts', 'radius_rejects', 'sessions', 'download_bytes', 'upload_bytes', 'displays_up'];
  const lines = [...days.values()]
    .sort((a, b) => a.day.localeCompare(b.day) || a.locationId.localeCompare(b.locationId) || a.siteId.localeCompare(b.siteId))
    .map((d) => [d.day, d.locationId, d.siteId, d.portalViews, d.connects, d.radiusAccepts, d.radiusRejects, d.acctRecords, d.acctOutputOctets, d.acctInputOctets, d.displaysUp].map(cell).join(','));
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}
