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
});
