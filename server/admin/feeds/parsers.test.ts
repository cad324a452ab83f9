import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../config-schema.ts';
import { regionalFeedSchema } from '../../content/regional.ts';
import { feedSourceSchema } from '../config.ts';
import { normalise } from './feeds.ts';
import { parseIcal } from './ical.ts';
import { parseNews } from './news.ts';
import { parseTable } from './table.ts';
import { checkFeedSources } from '../index.ts';

const fixture = (f: string) => readFileSync(join(repoRoot, 'test/fixtures/admin-feeds', f), 'utf8');

describe('RSS and Atom', () => {
  it('reads RSS 2.0 items as plain text with ISO dates, dropping links that are not http(s)', () => {
    const { title, items } = parseNews(fixture('news.rss'));
    expect(title).toBe('Liberecký kraj — aktuality');
    expect(items[0]).toEqual({
      title: 'Výluka na trati Liberec – Tanvald',
      url: 'https://www.kraj-lbc.cz/aktuality/vyluka-tanvald',
      date: '2026-11-30T08:15:00.000Z',
      summary: 'Od 7. prosince jezdí náhradní autobusy.',
    });
    expect(items[1].title).toBe('Nové spoje IDOL & ČD');
    expect(items[1].url).toBeUndefined();
  });

  it('reads Atom entries with their alternate link', () => {
    const { title, items } = parseNews(fixture('news.atom'));
    expect(title).toBe('Jablonec nad Nisou');
    expect(items).toEqual([{ title: 'Vánoční trhy na Mírovém náměstí', url: 'https://www.mestojablonec.cz/trhy', date: '2026-11-29T09:00:00.000Z', summary: 'Trhy jsou otevřeny denně od 10 do 19 hodin.' }]);
  });

  it('says what is wrong with a document that is neither', () => {
    expect(() => parseNews('<html><body>maintenance</body></html>')).toThrow(/neither an RSS 2.0/);
    expect(() => parseNews('<rss><channel><item>')).toThrow(/XML|RSS/);
  });
});

describe('iCalendar', () => {
  it('unfolds lines, unescapes text and reads TZID, UTC and all-day dates', () => {
    const { title, items } = parseIcal(fixture('events.ics'));
    expect(title).toBe('Akce v Liberci');
    expect(items[0]).toEqual({
      title: 'Adventní koncert v kostele sv. Antonína, vstup zdarma',
      date: '2026-12-12T18:00:00+01:00',
      end: '2026-12-12T20:00:00+01:00',
      url: 'https://www.liberec.cz/akce/koncert',
      summary: 'Pěvecký sbor Ještěd. Kostel sv. Antonína Velikého.',
    });
    expect(items[1]).toMatchObject({ title: 'Běh na lyžích Ještěd – Jizerská magistrála', date: '2027-01-10T08:00:00Z' });
    expect(items[2]).toMatchObject({ title: 'Štědrý den', date: '2026-12-24T00:00:00+01:00' });
  });

  it('refuses a file that is not a calendar', () => {
    expect(() => parseIcal('<html>')).toThrow(/not an iCalendar/);
  });

  it('keeps only upcoming events, soonest first, when normalised', () => {
    const source = feedSourceSchema.parse({ id: 'akce', kind: 'events', title: 'Akce', url: 'https://example.org/a.ics' });
    const feed = normalise(source, fixture('events.ics'), Date.parse('2026-12-01T08:00:00Z'));
    expect(feed.items.map((i) => i.title)).toEqual(['Adventní koncert v kostele sv. Antonína, vstup zdarma', 'Štědrý den', 'Běh na lyžích Ještěd – Jizerská magistrála']);
    expect(regionalFeedSchema.parse(feed)).toEqual(feed);
  });
});

describe('CSV open data', () => {
  const columns = { title: 'nazev', summary: 'adresa', url: 'web', date: 'od' };

  it('maps the configured columns, quoted cells included', () => {
    const { items } = parseTable(fixture('pohotovost.csv'), columns, ';');
    expect(items).toEqual([
      { title: 'LSPP Liberec – dospělí', summary: 'Husova 357/10, Liberec', url: 'https://www.nemlib.cz/pohotovost', date: '2026-12-01T00:00:00.000Z' },
      { title: 'Zubní pohotovost; víkendy', summary: 'Klostermannova 2, Liberec', url: undefined, date: '2026-12-05T00:00:00.000Z' },
    ]);
  });

  it('names a missing column and the columns it found', () => {
    expect(() => parseTable(fixture('pohotovost.csv'), { title: 'name' }, ';')).toThrow('CSV has no column "name" (columns: nazev, adresa, telefon, web, od)');
  });
});

describe('feed configuration', () => {
  const src = (o: Record<string, unknown>) => feedSourceSchema.parse({ kind: 'news', title: 'T', url: 'https://example.org/rss', ...o });
  it('stops start-up on an unknown location or a repeated id, naming the key', () => {
    const known = new Set(['jablonec-nad-nisou']);
    expect(() => checkFeedSources([src({ id: 'a', locations: ['jablonec'] })], known)).toThrow('admin.feeds.0.locations: unknown location "jablonec" (known: jablonec-nad-nisou)');
    expect(() => checkFeedSources([src({ id: 'a' }), src({ id: 'a' })], known)).toThrow('admin.feeds.1.id: feed id "a" is used twice');
    expect(() => checkFeedSources([src({ id: 'a', locations: ['jablonec-nad-nisou'] }), src({ id: 'b' })], known)).not.toThrow();
  });
});
