import { describe, expect, it } from 'vitest';
import { createEmergency } from './emergency.ts';
import { createKioskStore } from './store.ts';
import { openDb } from '../platform/db.ts';
import { fixedClock } from '../platform/clock.ts';
import { createContentService, loadLocation } from '../content/index.ts';
import { configSchema } from '../config-schema.ts';
import { loadConfig } from '../platform/config.ts';

const cfg = loadConfig({ schema: configSchema, env: {} });
const text = { cs: 'Povodeň', en: 'Flood', de: 'Hochwasser', pl: 'Powódź' };

function setup() {
  const clock = fixedClock(Date.parse('2026-12-01T10:00:00Z'));
  const content = createContentService(loadLocation(cfg.locationsDir, 'liberec-hlavni-nadrazi'));
  const em = createEmergency({ store: createKioskStore(openDb(':memory:', 'site')), content, clock });
  return { clock, content, em };
}

describe('emergency message', () => {
  it('prefers the site message over the hub one and falls back to the hub one when the site one expires', () => {
    const { clock, content, em } = setup();
    content.replace({ ...content.current().location, emergency: { text, expires: '2026-12-01T14:00:00Z' } }, 'release:1');
    expect(em.current()?.source).toBe('hub');
    em.set({ text: 'Hala uzavřena', expires: '2026-12-01T11:00:00Z' });
    expect(em.current()).toMatchObject({ source: 'site', text: { cs: 'Hala uzavřena', pl: 'Hala uzavřena' } });
    clock.set(Date.parse('2026-12-01T11:00:01Z'));
    expect(em.current()).toMatchObject({ source: 'hub', text: { de: 'Hochwasser' } });
    clock.set(Date.parse('2026-12-01T14:00:00Z'));
    expect(em.current()).toBeNull();
    em.stop();
  });

  it('keeps a dismissed hub message dismissed until the hub sends a different one', () => {
    const { content, em } = setup();
    const loc = content.current().location;
    content.replace({ ...loc, emergency: { text, expires: '2026-12-01T14:00:00Z' } }, 'release:1');
    expect(em.clear()).toBe(true);
    expect(em.current()).toBeNull();
    content.replace({ ...loc, emergency: { text: { ...text, cs: 'Povodeň, druhá vlna' }, expires: '2026-12-01T14:00:00Z' } }, 'release:2');
    expect(em.current()?.text.cs).toBe('Povodeň, druhá vlna');
    em.stop();
  });

  it('names the bad field of an invalid message', () => {
    const { em } = setup();
    expect(() => em.set({ text: '', expires: '2026-12-01T11:00:00Z' })).toThrow(/text/);
    expect(() => em.set({ text: 'x', expires: 'tomorrow' })).toThrow(/expires/);
    expect(() => em.set({ text: 'x', expires: '2026-12-01T09:00:00Z' })).toThrow(/expires: must be in the future/);
    em.stop();
  });
});
