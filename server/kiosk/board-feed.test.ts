import { completeBoard } from '../departures/index.ts';
import { describe, expect, it } from 'vitest';
import { announcementsPayload, departuresPayload, nextAnnouncementBoundary } from './board-feed.ts';
import { displaysSection } from './location-section.ts';
import { boardPageContext, timeFormatter } from './board-view.ts';
import { createI18n } from '../platform/i18n.ts';
import { loadLocation } from '../content/index.ts';
import { configSchema } from '../config-schema.ts';
import { loadConfig } from '../platform/config.ts';
import { departure } from '../../test/helpers/kiosk-scripted-departures.ts';

const cfg = loadConfig({ schema: configSchema, env: {} });
const loc = loadLocation(cfg.locationsDir, 'liberec-hlavni-nadrazi');
const text = { cs: 'a', en: 'a', de: 'a', pl: 'a' };

describe('board payloads', () => {
  it('keeps the board version when only generatedAt changes, and changes it with a delay', () => {
    const now = Date.parse('2026-03-29T00:30:00Z');
    const a = departuresPayload(completeBoard({ generatedAt: 'x', departures: [departure(now, 5)], notices: [], live: true }));
    const b = departuresPayload(completeBoard({ generatedAt: 'y', departures: [departure(now, 5)], notices: [], live: true }));
    const c = departuresPayload(completeBoard({ generatedAt: 'y', departures: [departure(now, 5, { delay: 2 })], notices: [], live: true }));
    expect(a.version).toBe(b.version);
    expect(c.version).not.toBe(a.version);
    expect(c.rows[0]).toMatchObject({ delayMin: 2, predicted: c.rows[0].scheduled + 120_000 });
  });

  it('leaves out skipped stops and keeps "no live data" distinct from "on time"', () => {
    const now = Date.now();
    const skipped = { ...departure(now, 3), skipped: true };
    const p = departuresPayload(completeBoard({ generatedAt: 'x', departures: [skipped, departure(now, 5, { delay: null }), departure(now, 7, { delay: 0 })], notices: [], live: false }));
    expect(p.rows.map((r) => r.delayMin)).toEqual([null, 0]);
  });

  it('shows only announcements valid now, most important first, and knows the next boundary', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    const l = {
      ...loc,
      announcements: [
        { id: 'old', text, priority: 'info' as const, validTo: '2026-12-01T09:00:00Z' },
        { id: 'info', text, priority: 'info' as const },
        { id: 'soon', text, priority: 'important' as const, validFrom: '2026-12-01T12:00:00+01:00' },
        { id: 'imp', text, priority: 'important' as const, validFrom: '2026-12-01T09:00:00Z', validTo: '2026-12-01T12:00:00Z' },
      ],
    };
    expect(announcementsPayload(l, now).map((a) => a.id)).toEqual(['imp', 'info']);
    expect(nextAnnouncementBoundary(l, now)).toBe(Date.parse('2026-12-01T11:00:00Z'));
  });

  it('rejects a location whose displays share an id, naming the entry', () => {
    const r = displaysSection.safeParse([{ id: 'hala' }, { id: 'hala', layout: 'portrait' }]);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: [1, 'id'], message: 'display id "hala" is used twice' });
  });

  it('counts down across the spring DST change in real minutes and shows local times', () => {
    const fmt = timeFormatter('Europe/Prague');
    expect(fmt(Date.parse('2026-03-29T00:59:00Z'))).toBe('01:59');
    expect(fmt(Date.parse('2026-03-29T01:00:00Z'))).toBe('03:00');
    const now = Date.parse('2026-03-29T00:55:00Z');
    const departures = departuresPayload(completeBoard({ generatedAt: 'x', departures: [departure(now, 10)], notices: [], live: true }));
    const ctx = boardPageContext({
      displayId: 'hala-odjezdy', display: loc.displays[0], location: loc, contentVersion: 'v', clientVersion: 'c', cfg: cfg.kiosk, now,
      departures, announcements: [], emergency: null, i18n: createI18n(),
    });
    expect(ctx.clock).toBe('01:55');
    expect(ctx.rows[0]).toMatchObject({ scheduledText: '03:05', countdown: 'za 10 min' });
  });
});
