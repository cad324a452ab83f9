// OASIS CAP 1.2 (Common Alerting Protocol, http://docs.oasis-open.org/emergency/cap/v1.2/) documents, and the Atom
// (RFC 4287) / RSS 2.0 feeds that carry them, read into plain objects. Parsed safely: the byte bound is checked by
// the caller before, a DOCTYPE (and so any entity declaration) is refused, only the five XML entities are decoded.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const CAP_SEVERITIES = ['Unknown', 'Minor', 'Moderate', 'Severe', 'Extreme'] as const;
export type CapSeverity = (typeof CAP_SEVERITIES)[number];

export interface CapArea {
  areaDesc: string;
  /** rings of [lat, lon] */
  polygons: [number, number][][];
  /** [lat, lon, radius km] */
  circles: [number, number, number][];
  geocodes: { valueName: string; value: string }[];
}

export interface CapInfo {
  language: string;
  event: string;
  urgency: string;
  severity: CapSeverity;
  headline?: string;
  description?: string;
  /** ms since epoch */
  expires?: number;
  areas: CapArea[];
}

export interface CapAlert {
  identifier: string;
  sender: string;
  /** ms since epoch */
  sent: number;
  status: string;
  msgType: string;
  /** "sender,identifier" of the messages it updates or cancels (the sent part dropped) */
  references: string[];
  infos: CapInfo[];
}

/** A document that is not CAP or a feed of CAP, with the line where the parser found it if known. */
export class CapFormatError extends Error {
  readonly line?: number;
  constructor(message: string, line?: number) {
    super(line ? `line ${line}: ${message}` : message);
    this.line = line;
  }
}

const ARRAYS = new Set(['info', 'area', 'polygon', 'circle', 'geocode', 'entry', 'item', 'link', 'parameter', 'resource']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAYS.has(name),
});

type Node = Record<string, unknown>;
const str = (v: unknown): string => {
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim();
  if (v && typeof v === 'object' && '#text' in v) return String((v as Node)['#text']).trim();
  return '';
};
const list = (v: unknown): Node[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => (x && typeof x === 'object' ? (x as Node) : { '#text': x }));

/** Well-formed XML without a DOCTYPE, parsed; else a CapFormatError with the line. */
export function parseXml(xml: string): Node {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    const line = xml.slice(0, xml.search(/<!DOCTYPE|<!ENTITY/i)).split('\n').length;
    throw new CapFormatError('a DOCTYPE or entity declaration is not allowed in CAP', line);
  }
  const v = XMLValidator.validate(xml);
  if (v !== true) throw new CapFormatError(`not well-formed XML: ${v.err.msg}`, v.err.line);
  return parser.parse(xml) as Node;
}

const time = (s: string, what: string): number => {
  const t = Date.parse(s);
  if (!s || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(s) || Number.isNaN(t)) throw new CapFormatError(`${what}: "${s}" is not a CAP date-time (e.g. 2026-12-04T16:00:00+01:00)`);
  return t;
};

const pairs = (s: string, what: string): [number, number][] =>
  s.split(/\s+/).filter(Boolean).map((p) => {
    const [lat, lon] = p.split(',').map(Number);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) throw new CapFormatError(`${what}: "${p}" is not a "lat,lon" pair`);
    return [lat, lon];
  });

function readArea(a: Node, where: string): CapArea {
  const polygons = list(a.polygon).map((p, i) => {
    const ring = pairs(str(p), `${where}.polygon[${i}]`);
    if (ring.length < 4) throw new CapFormatError(`${where}.polygon[${i}]: a CAP polygon needs at least 4 points (the first repeated last)`);
    return ring;
  });
  const circles = list(a.circle).map((c, i): [number, number, number] => {
    const [center, radius] = str(c).split(/\s+/);
    const [[lat, lon]] = pairs(center ?? '', `${where}.circle[${i}]`);
    const r = Number(radius);
    if (!Number.isFinite(r) || r < 0) throw new CapFormatError(`${where}.circle[${i}]: "${str(c)}" is not "lat,lon radius"`);
    return [lat, lon, r];
  });
  const geocodes = list(a.geocode).map((g) => ({ valueName: str(g.valueName), value: str(g.value) }));
  return { areaDesc: str(a.areaDesc), polygons, circles, geocodes };
}

function readInfo(n: Node, i: number): CapInfo {
  const where = `info[${i}]`;
  const severity = str(n.severity) as CapSeverity;
  if (!CAP_SEVERITIES.includes(severity)) throw new CapFormatError(`${where}.severity: "${str(n.severity)}" is not one of ${CAP_SEVERITIES.join(', ')}`);
  const urgency = str(n.urgency);
  if (!urgency) throw new CapFormatError(`${where}.urgency is missing`);
  const event = str(n.event);
  if (!event) throw new CapFormatError(`${where}.event is missing`);
  const expires = str(n.expires);
  return {
    language: str(n.language) || 'en-US',
    event,
    urgency,
    severity,
    headline: str(n.headline) || undefined,
    description: str(n.description) || undefined,
    expires: expires ? time(expires, `${where}.expires`) : undefined,
    areas: list(n.area).map((a, j) => readArea(a, `${where}.area[${j}]`)),
  };
}

/** One CAP <alert> element → CapAlert; a missing required element is a CapFormatError naming it. */
export function readCapAlert(alert: Node): CapAlert {
  const need = (k: string) => {
    const v = str(alert[k]);
    if (!v) throw new CapFormatError(`alert.${k} is missing`);
    return v;
  };
  const identifier = need('identifier');
  const sender = need('sender');
  const sent = time(need('sent'), 'alert.sent');
  const references = str(alert.references)
    .split(/\s+/)
    .filter(Boolean)
    .map((r) => r.split(',').slice(0, 2).join(','));
  return { identifier, sender, sent, status: need('status'), msgType: need('msgType'), references, infos: list(alert.info).map(readInfo) };
}

/** What a feed URL served: CAP alerts inline, and links (Atom/RSS entries) to CAP documents still to read. */
export interface FeedDocument {
  alerts: CapAlert[];
  links: { url: string; updated: string }[];
}

export function readFeedDocument(xml: string): FeedDocument {
  const doc = parseXml(xml);
  if (doc.alert && typeof doc.alert === 'object') return { alerts: [readCapAlert(doc.alert as Node)], links: [] };
  const out: FeedDocument = { alerts: [], links: [] };
  const feed = doc.feed as Node | undefined;
  const channel = (doc.rss as Node | undefined)?.channel as Node | undefined;
  if (feed && typeof feed === 'object') {
    for (const e of list(feed.entry)) {
      const content = e.content as Node | undefined;
      if (content && typeof content === 'object' && content.alert) {
        out.alerts.push(readCapAlert(content.alert as Node));
        continue;
      }
      const links = list(e.link);
      const cap = links.find((l) => /cap/i.test(str(l['@type']))) ?? links.find((l) => !l['@rel'] || l['@rel'] === 'alternate') ?? links[0];
      const href = cap ? str(cap['@href']) : '';
      if (href) out.links.push({ url: href, updated: str(e.updated) || str(e.published) });
    }
    return out;
  }
  if (channel && typeof channel === 'object') {
    for (const it of list(channel.item)) {
      const href = str(list(it.link)[0]) || str((it.enclosure as Node | undefined)?.['@url']);
      if (href) out.links.push({ url: href, updated: str(it.pubDate) });
    }
    return out;
  }
  throw new CapFormatError(`neither a CAP 1.2 <alert> nor an Atom <feed> or RSS <rss><channel> (root element: ${Object.keys(doc).filter((k) => !k.startsWith('?')).join(', ') || 'none'})`);
}
