// Does a CAP <area> touch the county's region (alerts.region)? A polygon or circle that intersects the region
// polygon, a geocode listed in alerts.region.geocodes, or an areaDesc containing one of alerts.region.areaDesc
// (case-insensitive). Points are [lat, lon] as CAP writes them; the region is small, so plane geometry is enough.
import type { CapArea } from './cap-parse.ts';

export interface Region {
  polygon: [number, number][];
  geocodes: { valueName: string; value: string }[];
  areaDesc: string[];
}

type P = [number, number];

/** Ray casting; points on the edge count as inside often enough for a warning filter. */
export function pointInPolygon([y, x]: P, ring: P[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [yi, xi] = ring[i];
    const [yj, xj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const cross = (o: P, a: P, b: P) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
function segmentsCross(a: P, b: P, c: P, d: P): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}
const edges = (ring: P[]): [P, P][] => ring.map((p, i) => [p, ring[(i + 1) % ring.length]]);

export function polygonsIntersect(a: P[], b: P[]): boolean {
  if (a.some((p) => pointInPolygon(p, b)) || b.some((p) => pointInPolygon(p, a))) return true;
  const eb = edges(b);
  return edges(a).some(([p, q]) => eb.some(([r, s]) => segmentsCross(p, q, r, s)));
}

/** km between two [lat, lon] points (equirectangular; fine at county scale). */
function km(a: P, b: P): number {
  const rad = Math.PI / 180;
  const x = (b[1] - a[1]) * rad * Math.cos(((a[0] + b[0]) / 2) * rad);
  const y = (b[0] - a[0]) * rad;
  return Math.hypot(x, y) * 6371;
}
function distanceToSegment(p: P, a: P, b: P): number {
  let best = Math.min(km(p, a), km(p, b));
  for (let t = 0.1; t < 1; t += 0.1) best = Math.min(best, km(p, [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]));
  return best;
}
export function circleIntersects([lat, lon, r]: [number, number, number], ring: P[]): boolean {
  const c: P = [lat, lon];
  return pointInPolygon(c, ring) || edges(ring).some(([a, b]) => distanceToSegment(c, a, b) <= r);
}

export const regionIsEmpty = (r: Region) => r.polygon.length === 0 && r.geocodes.length === 0 && r.areaDesc.length === 0;

/** true when the area touches the region; an empty region (nothing configured) takes every area. */
export function areaInRegion(area: CapArea, region: Region): boolean {
  if (regionIsEmpty(region)) return true;
  if (region.polygon.length >= 3) {
    if (area.polygons.some((p) => polygonsIntersect(p, region.polygon))) return true;
    if (area.circles.some((c) => circleIntersects(c, region.polygon))) return true;
  }
  const codes = new Set(region.geocodes.map((g) => `${g.valueName.toLowerCase()}\n${g.value.toLowerCase()}`));
  if (area.geocodes.some((g) => codes.has(`${g.valueName.toLowerCase()}\n${g.value.toLowerCase()}`))) return true;
  const desc = area.areaDesc.toLocaleLowerCase('cs');
  return region.areaDesc.some((w) => w.trim() && desc.includes(w.trim().toLocaleLowerCase('cs')));
}
