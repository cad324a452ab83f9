import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

describe('password hashing', () => {
  it('accepts the right password and refuses a wrong one', async () => {
    const h = await hashPassword('správné heslo 2026', 10);
    expect(h).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('správné heslo 2026', h)).toBe(true);
    expect(await verifyPassword('správné heslo 2027', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('salts every hash, so equal passwords do not give equal hashes', async () => {
    const [a, b] = await Promise.all([hashPassword('same password!!', 10), hashPassword('same password!!', 10)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password!!', a)).toBe(true);
    expect(await verifyPassword('same password!!', b)).toBe(true);
  });

  it('treats the same text in composed and decomposed Unicode as one password', async () => {
    const h = await hashPassword('Příliš žluťoučký kůň'.normalize('NFD'), 10);
    expect(await verifyPassword('Příliš žluťoučký kůň'.normalize('NFC'), h)).toBe(true);
  });

  it('never matches a malformed or foreign stored hash', async () => {
    for (const bad of ['', 'plain', 'scrypt$10$8$1$abc', '$2b$10$abcdefghijklmnopqrstuv', 'scrypt$99$8$1$AAAA$AAAA']) expect(await verifyPassword('x', bad)).toBe(false);
  });

  it('asks for a long password rather than composition rules', () => {
    expect(passwordProblem('short')).toMatch(/12/);
    expect(passwordProblem('four plain words ok')).toBeNull();
  });
});
