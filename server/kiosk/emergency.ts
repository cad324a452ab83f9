// The emergency message: set on site through the API (durable in SQLite) or shipped by the hub in the content;
// the site-set one wins; each ends when cleared or at its expiry, and listeners hear about every change.
import { z } from 'zod';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import type { ContentService } from '../content/index.ts';
import { AppError } from '../platform/errors.ts';
import { KioskErrors } from './errors.ts';
import { shortHash } from './board-feed.ts';
import type { KioskStore } from './store.ts';

/** The county-wide alert in force for this location (server/sync's alert receiver), as kiosk needs it. */
export interface CountyAlertSource {
  current(): { text: Record<string, string>; expires: number } | null;
  onChange(fn: () => void): () => void;
}

export interface EmergencyView {
  /** site: set on this site; hub: the location's own message in its content; county: a county-wide alert */
  source: 'site' | 'hub' | 'county';
  text: Record<string, string>;
  /** ms since epoch */
  expires: number;
}

const text = z.string().trim().min(1).max(2000);
export const emergencyInput = z.strictObject({
  text: z.union([text, z.strictObject({ cs: text, en: text.optional(), de: text.optional(), pl: text.optional() })]),
  expires: z.iso.datetime({ offset: true }),
});

const MAX_TIMER = 2 ** 31 - 1;

export function createEmergency(deps: { store: KioskStore; content: ContentService; clock: Clock; log?: Logger; county?: CountyAlertSource }) {
  const { store, content, clock, log } = deps;
  const listeners = new Set<() => void>();
  let timer: NodeJS.Timeout | undefined;

  const contentKey = (e: { text: unknown; expires: string }) => shortHash([e.text, e.expires]);

  function current(): EmergencyView | null {
    const now = clock.now();
    const site = store.emergency();
    if (site && site.expiresAt > now) return { source: 'site', text: site.text, expires: site.expiresAt };
    const hub = content.current().location.emergency;
    if (hub && Date.parse(hub.expires) > now && !store.isContentEmergencyDismissed(contentKey(hub))) {
      return { source: 'hub', text: { ...hub.text }, expires: Date.parse(hub.expires) };
    }
    // the location's own message (site or content) wins; else the county-wide alert, never past its expiry
    const county = deps.county?.current();
    if (county && county.expires > now) return { source: 'county', text: { ...county.text }, expires: county.expires };
    return null;
  }

  function changed() {
    schedule();
    for (const fn of listeners) fn();
  }

  /** One timer at the nearest expiry, so boards hear "cleared" at that moment even if nobody asks. */
  function schedule() {
    clearTimeout(timer);
    const now = clock.now();
    const cands = [store.emergency()?.expiresAt, (() => { const h = content.current().location.emergency; return h ? Date.parse(h.expires) : undefined; })()]
      .filter((t): t is number => typeof t === 'number' && t > now);
    if (!cands.length) return;
    const wait = Math.min(Math.min(...cands) - now + 5, MAX_TIMER);
    timer = setTimeout(changed, wait);
    timer.unref();
  }

  const offContent = content.onChange(() => changed());
  const offCounty = deps.county?.onChange(() => changed());
  schedule();

  return {
    current,
    set(input: unknown): EmergencyView {
      const parsed = emergencyInput.safeParse(input);
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        const detail = `${i.path.join('.') || 'body'}: ${i.message}`;
        throw new AppError(KioskErrors.KIOSK_EMERGENCY_INVALID, detail, { cause: parsed.error, details: { detail } });
      }
      const expiresAt = Date.parse(parsed.data.expires);
      if (expiresAt <= clock.now()) throw new AppError(KioskErrors.KIOSK_EMERGENCY_INVALID, 'expires: must be in the future', { details: { detail: 'expires: must be in the future' } });
      const t = parsed.data.text;
      const cs = typeof t === 'string' ? t : t.cs;
      const full = typeof t === 'string' ? { cs, en: cs, de: cs, pl: cs } : { cs, en: t.en ?? cs, de: t.de ?? cs, pl: t.pl ?? cs };
      store.setEmergency({ text: full, expiresAt, setAt: clock.now() });
      log?.info({ expires: parsed.data.expires, text: full.cs }, 'emergency message set on this site');
      changed();
      return current()!;
    },
    /** Clears the site message and dismisses the hub one on this site; true when something was shown. */
    clear(): boolean {
      const was = current();
      store.clearEmergency();
      const hub = content.current().location.emergency;
      if (hub) store.dismissContentEmergency(contentKey(hub), clock.now());
      log?.info({ was: was?.source ?? null }, 'emergency message cleared on this site');
      changed();
      return was !== null;
    },
    onChange(fn: () => void): () => void {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    stop() {
      clearTimeout(timer);
      offContent();
      offCounty?.();
      listeners.clear();
    },
  };
}

export type EmergencyService = ReturnType<typeof createEmergency>;
