import { describe, expect, it } from 'vitest';
import { countyFromFiles, countySchema, mergeCounty, tileTopic, COUNTY_FILE, EMPTY_COUNTY, type County, type SignpostLink } from './county.ts';
import { countyOverridesSchema } from './county.ts';

const t = (s: string) => ({ cs: s, en: s, de: s, pl: s });
const link = (id: string, topic: SignpostLink['topic'] = 'region'): SignpostLink => ({ id, topic, title: t(id), url: `https://${id}.example.cz/` });
const county: County = { links: [link('portal'), link('geo'), link('flood', 'environment')], announcements: [{ id: 'a1', text: t('a1'), priority: 'info' }, { id: 'a2', text: t('a2'), priority: 'warning' }] };
const ov = (o: unknown) => countyOverridesSchema.parse(o);

describe('county signpost override merge', () => {
  it('shows the county content unchanged without overrides', () => {
    const m = mergeCounty(county, ov(undefined));
    expect(m.links.map((l) => l.id)).toEqual(['portal', 'geo', 'flood']);
    expect(m.announcements.map((a) => a.id)).toEqual(['a1', 'a2']);
  });

  it('hides links and announcements by id', () => {
    const m = mergeCounty(county, ov({ hide: ['geo', 'a2'] }));
    expect(m.links.map((l) => l.id)).toEqual(['portal', 'flood']);
    expect(m.announcements.map((a) => a.id)).toEqual(['a1']);
  });

  it('puts the ordered ids first, the rest in the county order, own links after', () => {
    const m = mergeCounty(county, ov({ order: ['flood', 'own'], links: [link('own', 'tourism')] }));
    expect(m.links.map((l) => l.id)).toEqual(['flood', 'own', 'portal', 'geo']);
  });

  it('lets an own link with a county id replace it in place', () => {
    const mine = { ...link('geo'), url: 'https://mapy.example.cz/' };
    const m = mergeCounty(county, ov({ links: [mine] }));
    expect(m.links.map((l) => l.url)).toEqual(['https://portal.example.cz/', 'https://mapy.example.cz/', 'https://flood.example.cz/']);
  });

  it('ignores unknown ids in hide and order', () => {
    expect(mergeCounty(county, ov({ hide: ['nope'], order: ['nope'] })).links.map((l) => l.id)).toEqual(['portal', 'geo', 'flood']);
  });
});

describe('county document', () => {
  it('accepts only http(s) URLs with a host name, and unique ids', () => {
    for (const url of ['javascript:alert(1)', '//evil.example', 'ftp://x.cz/', 'data:text/html,x']) expect(countySchema.safeParse({ links: [{ ...link('x'), url }] }).success, url).toBe(false);
    const dup = countySchema.safeParse({ links: [link('x'), link('x')] });
    expect(dup.success).toBe(false);
    expect(dup.error!.issues[0].message).toBe('link id "x" is used twice');
  });

  it('comes from the release file when valid, else the default is kept', () => {
    const good = Buffer.from(JSON.stringify(county));
    expect(countyFromFiles({ [COUNTY_FILE]: good }, EMPTY_COUNTY).links).toHaveLength(3);
    const problems: string[] = [];
    expect(countyFromFiles({ [COUNTY_FILE]: Buffer.from('{"links":[{"id":"x"}]}') }, county, (p) => problems.push(p))).toBe(county);
    expect(countyFromFiles({ [COUNTY_FILE]: Buffer.from('not json') }, county, (p) => problems.push(p))).toBe(county);
    expect(problems).toHaveLength(2);
    expect(countyFromFiles({}, county)).toBe(county);
  });

  it('files a tile under a topic by its icon unless it names one', () => {
    expect(tileTopic({ icon: 'bus' })).toBe('transport');
    expect(tileTopic({ icon: 'emergency' })).toBe('help');
    expect(tileTopic({ icon: 'tourism' })).toBe('tourism');
    expect(tileTopic({ icon: 'bus', topic: 'environment' })).toBe('environment');
  });
});
