// The site's current location content: from locations/<id>.yaml at first, then from each verified hub release.
// Readers (portal, RADIUS, departures, boards) ask for it per request and subscribe to changes.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { locationSchema, type Location } from '../location-schema.ts';
import { deepFreeze } from '../platform/config.ts';
import { EMPTY_COUNTY, countyFromFiles, type County } from './county.ts';

export interface ContentSnapshot {
  location: Readonly<Location>;
  /** Changes whenever anything in the content changes; used in cache keys and ETags. */
  version: string;
  /** Where it came from: 'file' (locations/) or 'release:<n>' (hub). */
  source: string;
  /** Files delivered with the release (regional feeds etc.), by logical name. */
  files: Readonly<Record<string, Buffer>>;
  /** the county signpost and announcements: from the release (county/signpost.json), else the shipped default */
  county: Readonly<County>;
}

export interface ContentService {
  current(): ContentSnapshot;
  /** Validates and switches atomically; throws (and keeps the old content) on invalid input. */
  replace(location: unknown, source: string, files?: Record<string, Buffer>): ContentSnapshot;
  onChange(fn: (snap: ContentSnapshot) => void): () => void;
}

export function contentVersion(location: Location, county?: County): string {
  const h = createHash('sha256').update(JSON.stringify(location));
  if (county && (county.links.length || county.announcements.length)) h.update(JSON.stringify(county));
  return h.digest('hex').slice(0, 16);
}

export function createContentService(initial: Location, source = 'file', countyDefault: County = EMPTY_COUNTY): ContentService {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let snap: ContentSnapshot = deepFreeze({ location: initial, version: contentVersion(initial, countyDefault), source, files: {}, county: countyDefault });
  return {
    current: () => snap,
    replace(location, src, files = {}) {
      const parsed = locationSchema.parse(location);
      if (parsed.id !== snap.location.id) throw new Error(`content is for location ${parsed.id}, this site serves ${snap.location.id}`);
      const county = countyFromFiles(files, countyDefault);
      snap = deepFreeze({ location: parsed, version: contentVersion(parsed, county), source: src, files, county });
      events.emit('change', snap);
      return snap;
    },
    onChange(fn) {
      events.on('change', fn);
      return () => events.off('change', fn);
    },
  };
}
