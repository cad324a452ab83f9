// CAP documents read safely and the rules that decide what the county takes: entity declarations refused, a missing
// required element named, an RSS feed's items followed, an area matched by polygon, circle, geocode or words, and
// a message without Czech text shown with its first info as the Czech one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { areaInRegion, type Region } from './cap-area.ts';
import { decide } from './cap-ingest.ts';
import { readFeedDocument } from './cap-parse.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../test/fixtures/cap', name), 'utf8');
const region: Region = { polygon: [[50.87, 14.6], [51.02, 14.8], [51.05, 15.05], [50.95, 15.3], [50.75, 15.55], [50.55, 15.45], [50.5, 15.05], [50.6, 14.6]], geocodes: [], areaDesc: [] };
const rules = { region, minSeverity: 'moderate' as const, urgency: ['Immediate', 'Expected'], maxHours: 72 };
const now = Date.parse('2026-12-04T12:00:00Z');

describe('CAP documents', () => {
  it('refuses a DOCTYPE (no entity expansion) and names the line', () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE alert [<!ENTITY x "${'a'.repeat(10)}">]>\n<alert>&x;</alert>`;
    expect(() => readFeedDocument(xml)).toThrow('line 2: a DOCTYPE or entity declaration is not allowed in CAP');
  });

  it('names a missing required element and a bad polygon', () => {
    expect(() => readFeedDocument(fixture('amber-alert.xml').replace(/<identifier>.*<\/identifier>/, ''))).toThrow('alert.identifier is missing');
    expect(() => readFeedDocument(fixture('thunderstorm-warning.xml').replace('50.88,15.10', '50.88;15.10'))).toThrow('info[0].area[0].polygon[0]: "50.88;15.10" is not a "lat,lon" pair');
    expect(() => readFeedDocument('<html><body>Not found</body></html>')).toThrow(/neither a CAP 1.2 <alert> nor an Atom <feed> or RSS .*root element: html/);
  });

  it('follows the items of an RSS 2.0 feed', () => {
    const rss = '<rss version="2.0"><channel><title>x</title><item><title>a</title><link>https://example.cz/a.xml</link><pubDate>Fri, 04 Dec 2026 11:00:00 GMT</pubDate></item></channel></rss>';
    expect(readFeedDocument(rss).links).toEqual([{ url: 'https://example.cz/a.xml', updated: 'Fri, 04 Dec 2026 11:00:00 GMT' }]);
  });

  it('matches an area by polygon, circle, geocode or words; not one elsewhere', () => {
    const area = { areaDesc: 'Okres Semily', polygons: [], circles: [], geocodes: [] };
    expect(areaInRegion({ ...area, circles: [[50.767, 15.04, 1]] }, region)).toBe(true);
    expect(areaInRegion({ ...area, circles: [[50.3, 15.04, 10]] }, region)).toBe(false); // ~22 km south of the edge
    expect(areaInRegion({ ...area, circles: [[50.3, 15.04, 30]] }, region)).toBe(true);
    expect(areaInRegion({ ...area, polygons: [[[50, 14], [52, 14], [52, 16], [50, 16], [50, 14]]] }, region)).toBe(true); // contains the region
    expect(areaInRegion(area, { ...region, areaDesc: ['SEMILY'] })).toBe(true);
    expect(areaInRegion({ ...area, geocodes: [{ valueName: 'NUTS3', value: 'CZ051' }] }, { ...region, geocodes: [{ valueName: 'nuts3', value: 'CZ051' }] })).toBe(true);
    expect(areaInRegion(area, region)).toBe(false);
  });

  it('takes the first info as Czech when there is none, ignores below the severity or a non-Actual status', () => {
    const en = fixture('amber-alert.xml').replace(/<info>\s*<language>cs-CZ[\s\S]*?<\/info>/, '').replace(/<geocode>[\s\S]*?<\/geocode>/g, '<geocode><valueName>NUTS3</valueName><value>CZ051</value></geocode>');
    const a = readFeedDocument(en).alerts[0];
    const x = decide(a, { ...rules, region: { ...region, geocodes: [{ valueName: 'NUTS3', value: 'CZ051' }] } }, now);
    expect(x.kind === 'issue' && x.text).toEqual({ cs: expect.stringMatching(/^Search for a missing child/), en: expect.stringMatching(/^Search for a missing child/) });
    expect(decide({ ...a, status: 'Exercise' }, rules, now)).toEqual({ kind: 'ignore', why: 'status Exercise' });
    const minor = readFeedDocument(fixture('thunderstorm-warning.xml').replace('<severity>Severe', '<severity>Minor')).alerts[0];
    expect(decide(minor, rules, now).kind).toBe('ignore');
    expect(decide(minor, { ...rules, minSeverity: 'minor' }, now).kind).toBe('issue');
  });
});
