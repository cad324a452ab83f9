import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyIdOf, pae, parsePublicKey, publicKeyText, signManifest, verifyEnvelope, type Manifest } from './release.ts';

const key = generateKeyPairSync('ed25519');
const signer = { id: keyIdOf(key.publicKey), privateKey: key.privateKey };
const trusted = new Map([[signer.id, key.publicKey]]);
const manifest: Manifest = {
  schema: 1,
  siteId: 'lbc-1',
  locationId: 'liberec-hlavni-nadrazi',
  version: 7,
  createdAt: '2026-12-01T08:00:00.000Z',
  expiresAt: '2026-12-08T08:00:00.000Z',
  items: [{ name: 'location.json', sha256: 'a'.repeat(64), size: 10 }],
  keys: [],
};

describe('release envelope', () => {
  it('verifies a manifest signed by a trusted key and returns it unchanged', () => {
    const v = verifyEnvelope(signManifest(manifest, signer), trusted);
    expect(v).toEqual({ ok: true, manifest, keyId: signer.id });
  });

  it('refuses an altered payload, an unsigned envelope and a signature by an unknown key', () => {
    const env = signManifest(manifest, signer);
    const altered = { ...env, payload: Buffer.from(JSON.stringify({ ...manifest, version: 8 })).toString('base64') };
    expect(verifyEnvelope(altered, trusted)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifyEnvelope({ ...env, signatures: [] }, trusted)).toMatchObject({ ok: false, reason: 'unsigned' });
    const other = generateKeyPairSync('ed25519');
    const foreign = signManifest(manifest, { id: keyIdOf(other.publicKey), privateKey: other.privateKey });
    expect(verifyEnvelope(foreign, trusted)).toMatchObject({ ok: false, reason: 'untrusted-key' });
    expect(verifyEnvelope({ nonsense: true }, trusted)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('binds the payload type into the signed bytes (DSSE PAE)', () => {
    expect(pae('t', Buffer.from('ab')).toString()).toBe('DSSEv1 1 t 2 ab');
    const env = signManifest(manifest, signer);
    expect(verifyEnvelope({ ...env, payloadType: 'application/json' }, trusted)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('reads public keys as PEM or base64 SPKI with the same key id', () => {
    const pem = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(keyIdOf(parsePublicKey(pem))).toBe(signer.id);
    expect(keyIdOf(parsePublicKey(publicKeyText(key.publicKey)))).toBe(signer.id);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => parsePublicKey(rsa)).toThrow(/Ed25519/);
  });
});
