import { describe, expect, it } from 'vitest';
import { createPrivacy } from '../platform/privacy.ts';
import { createFormTokens, FORM_TOKEN_TTL_MS } from './form-token.ts';

describe('Connect form token', () => {
  const tokens = createFormTokens(createPrivacy(Buffer.from('k'.repeat(32))));
  const now = 1_800_000_000_000;
  it('accepts its own token for the same client and query within the hour', () => {
    const t = tokens.issue('ip1', 'res=notyet&md=X', now);
    expect(tokens.verify(t, 'ip1', 'res=notyet&md=X', now + FORM_TOKEN_TTL_MS - 1000)).toBe(true);
  });
  it('refuses it for another client, another query, after expiry, or when altered', () => {
    const t = tokens.issue('ip1', 'q', now);
    expect(tokens.verify(t, 'ip2', 'q', now)).toBe(false);
    expect(tokens.verify(t, 'ip1', 'q2', now)).toBe(false);
    expect(tokens.verify(t, 'ip1', 'q', now + FORM_TOKEN_TTL_MS + 2000)).toBe(false);
    expect(tokens.verify(t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A'), 'ip1', 'q', now)).toBe(false);
    expect(tokens.verify(undefined, 'ip1', 'q', now)).toBe(false);
  });
  it('refuses a token signed with another site key', () => {
    const other = createFormTokens(createPrivacy(Buffer.from('x'.repeat(32))));
    expect(tokens.verify(other.issue('ip1', 'q', now), 'ip1', 'q', now)).toBe(false);
  });
  it('gives one client the same token within a minute, another client its own, and never outlives the hour by more than a minute', () => {
    const t0 = now + 1_000;
    const a = tokens.issue('10.0.0.1', '', t0);
    expect(tokens.issue('10.0.0.1', '', t0 + 30_000)).toBe(a);
    expect(tokens.issue('10.0.0.2', '', t0)).not.toBe(a);
    expect(tokens.verify(a, '10.0.0.2', '', t0)).toBe(false);
    expect(tokens.verify(a, '10.0.0.1', '', t0 + FORM_TOKEN_TTL_MS)).toBe(true);
    expect(tokens.verify(a, '10.0.0.1', '', t0 + FORM_TOKEN_TTL_MS + 60_000)).toBe(false);
    const later = tokens.issue('10.0.0.1', '', t0 + 61_000);
    expect(later).not.toBe(a);
    expect(tokens.verify(later, '10.0.0.1', '', t0 + 61_000)).toBe(true);
  });
});
