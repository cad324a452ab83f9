import { describe, expect, it } from 'vitest';
import { isoToLocal, localToIso } from './local-time.ts';

describe('location wall-clock times', () => {
  it('gives Prague winter and summer times their own offsets', () => {
    expect(localToIso('2026-12-24T18:00', 'Europe/Prague')).toBe('2026-12-24T18:00:00+01:00');
    expect(localToIso('2026-07-01T09:30', 'Europe/Prague')).toBe('2026-07-01T09:30:00+02:00');
  });
  it('round-trips an instant through the datetime-local field', () => {
    expect(isoToLocal('2026-03-29T01:30:00Z', 'Europe/Prague')).toBe('2026-03-29T03:30');
    expect(isoToLocal(localToIso('2026-10-25T12:00', 'Europe/Prague'), 'Europe/Prague')).toBe('2026-10-25T12:00');
  });
  it('leaves empty and foreign values for the schema to judge', () => {
    expect(localToIso('', 'Europe/Prague')).toBeUndefined();
    expect(localToIso('tomorrow', 'Europe/Prague')).toBe('tomorrow');
    expect(localToIso('2026-12-24T18:00:00Z', 'Europe/Prague')).toBe('2026-12-24T18:00:00Z');
  });
});
