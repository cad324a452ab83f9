// The county signpost's form handling at the hub: a location's overrides and tile topics from the editor's fields,
// the error summary's words for county fields, and clicks per location and link from the sites' counts.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadLocation, locationSchema } from '../content/index.ts';
import { repoRoot } from '../config-schema.ts';
import { applySection } from './sections.ts';
import { clicksByLink, countyFieldLabel } from './county-routes.ts';
import { countyFromForm } from './county.ts';

const loc = loadLocation(join(repoRoot, 'locations'), 'jablonec-nad-nisou');

describe('county signpost forms', () => {
  it('turns the location editor county section into overrides, and a tile topic into the tile', () => {
    const next = applySection(loc, 'county', { county: { hide: ['geoportal', ''], order: ' mesto, idol ', links: { 0: { id: 'mesto', topic: 'region', url: 'https://www.mestojablonec.cz/', title: { cs: 'Město', en: 'Town', de: 'Stadt', pl: 'Miasto' } }, 1: { id: '', topic: 'help', title: { cs: '', en: '', de: '', pl: '' } } } } }, 0);
    expect(locationSchema.parse(next).county).toEqual({ hide: ['geoportal'], order: ['mesto', 'idol'], links: [{ id: 'mesto', topic: 'region', url: 'https://www.mestojablonec.cz/', title: { cs: 'Město', en: 'Town', de: 'Stadt', pl: 'Miasto' } }] });
    const tiles = Object.fromEntries(loc.tiles.map((t, i) => [i, { ...t, topic: i === 0 ? 'tourism' : '' }]));
    const parsed = locationSchema.parse(applySection(loc, 'tiles', { tiles }, 0));
    expect(parsed.tiles[0].topic).toBe('tourism');
    expect(parsed.tiles[1].topic).toBeUndefined();
  });

  it('reads the county form, rows removed and blank rows dropped', () => {
    const c = countyFromForm({ links: [{ id: 'a', topic: 'help', url: 'https://a.cz/', title: { cs: 'A', en: 'A', de: 'A', pl: 'A' } }, { id: 'b', remove: '1', topic: 'help' }, { id: '', topic: 'region', url: '' }], announcements: [{ id: 'x', priority: 'warning', text: { cs: 'X', en: 'X', de: 'X', pl: 'X' }, validFrom: '2026-12-06T08:00' }] });
    expect((c.links as unknown[]).length).toBe(1);
    expect(c.announcements).toEqual([{ id: 'x', priority: 'warning', text: { cs: 'X', en: 'X', de: 'X', pl: 'X' }, validFrom: '2026-12-06T08:00:00+01:00' }]);
  });

  it('names county fields in words and sums clicks per location and link', () => {
    const t = (k: string) => ({ 'signpost:admin.field.title': 'Název', 'admin:languages.pl': 'Polski', 'signpost:admin.linkRow': 'odkaz' })[k] ?? k;
    expect(countyFieldLabel(t, 'links.1.title.pl')).toBe('Název (Polski), odkaz 2');
    expect(countyFieldLabel(t, 'weird')).toBe('weird');
    const counts = [
      { locationId: 'b', key: 'click:idol', n: 2 },
      { locationId: 'b', key: 'click:idol', n: 3 },
      { locationId: 'b', key: 'click:kraj', n: 7 },
      { locationId: 'a', key: 'download:x/y.csv', n: 9 },
      { locationId: 'a', key: 'click:idol', n: 1 },
    ];
    expect(clicksByLink(counts)).toEqual([{ locationId: 'a', link: 'idol', clicks: 1 }, { locationId: 'b', link: 'kraj', clicks: 7 }, { locationId: 'b', link: 'idol', clicks: 5 }]);
  });
});
