// The error catalog: every code a capability can answer with is defined once and has a message in every language.
import { describe, expect, it } from 'vitest';
import { AppError, errorCatalog, PlatformErrors } from './platform/errors.ts';
import { LANGUAGES, loadResources } from './platform/i18n.ts';
import { AdminErrors } from './admin/index.ts';
import { CaptiveErrors } from './captive/index.ts';
import { DeparturesErrors } from './departures/index.ts';
import { FeedbackErrors } from './feedback/index.ts';
import { HubErrors } from './hub/index.ts';
import { KioskErrors } from './kiosk/index.ts';
import { RadiusErrors } from './radius/index.ts';

const sets = [PlatformErrors, AdminErrors, CaptiveErrors, DeparturesErrors, FeedbackErrors, HubErrors, KioskErrors, RadiusErrors];

describe('error catalog', () => {
  it('has a message for every code in cs, en, de and pl, and each capability prefixes its codes', () => {
    const res = loadResources();
    const specs = errorCatalog(sets);
    expect(specs.length).toBeGreaterThan(25);
    for (const spec of specs) {
      const [ns, path] = spec.key.split(':');
      for (const lang of LANGUAGES) {
        const msg = path.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], res[lang][ns]);
        expect(typeof msg === 'string' && msg.trim().length > 0, `${lang} ${spec.code} (${spec.key})`).toBe(true);
      }
      if (ns !== 'common') expect(spec.code.startsWith(`${ns.toUpperCase()}_`), `${spec.code} in ${ns}`).toBe(true);
    }
  });

  it('gives an error its status and message key from its definition', () => {
    const err = new AppError(KioskErrors.KIOSK_DISPLAY_OFFLINE, 'display x is not connected', { details: { display: 'x' } });
    expect([err.code, err.status, err.key, err.details]).toEqual(['KIOSK_DISPLAY_OFFLINE', 409, 'kiosk:errors.KIOSK_DISPLAY_OFFLINE', { display: 'x' }]);
    // @ts-expect-error a bare string is not an error code: only codes from defineErrors compile
    expect(() => new AppError('NO_SUCH_CODE')).toThrow();
  });

  it('refuses a catalog in which a message is missing', () => {
    expect(() => errorCatalog([RadiusErrors], (key) => !key.endsWith('RADIUS_NAS_UNKNOWN'))).toThrow(/RADIUS_NAS_UNKNOWN has no message/);
  });
});
