// The release manifest both ends agree on: a DSSE-style envelope (secure-systems-lab/dsse, PAE) holding the signed
// manifest bytes and Ed25519 signatures with key ids; the hub signs (server/hub), the site verifies (agent.ts).
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';

export const PAYLOAD_TYPE = 'application/vnd.peron.release+json';

/** A file name inside a release: relative, no `..`, no leading slash. */
export const itemNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/i, 'a relative name of letters, digits, . _ - and /')
  .refine((s) => !s.split('/').includes('..'), 'no ".." in names');

export const LOCATION_ITEM = 'location.json';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestSchema = z.strictObject({
  schema: z.literal(1),
  siteId: z.string().min(1),
  locationId: z.string().min(1),
  version: z.number().int().positive(),
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
  items: z.array(z.strictObject({ name: itemNameSchema, sha256: sha256Hex, size: z.number().int().nonnegative() })).min(1),
  /** every public key the hub holds (rotation: a site that trusts the signer learns the next key from here) */
  keys: z.array(z.strictObject({ id: z.string().min(1), publicKey: z.string().min(1) })).default([]),
});
export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestItem = Manifest['items'][number];

export const envelopeSchema = z.strictObject({
  payloadType: z.string(),
  /** base64 of the manifest JSON bytes exactly as signed */
  payload: z.string(),
  signatures: z.array(z.strictObject({ keyid: z.string(), sig: z.string() })),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** DSSE pre-authentication encoding: binds the payload type into the signed bytes. */
export function pae(type: string, body: Buffer): Buffer {
  const t = Buffer.from(type, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${t.length} `), t, Buffer.from(` ${body.length} `), body]);
}

export function sha256(buf: Buffer | string): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** A key id: the first 16 hex digits of sha256 over the SPKI DER of the public key. */
export function keyIdOf(pub: KeyObject): string {
  return sha256(pub.export({ type: 'spki', format: 'der' })).slice(0, 16);
}

export function publicKeyText(pub: KeyObject): string {
  return pub.export({ type: 'spki', format: 'der' }).toString('base64');
}

/** Accepts an Ed25519 public key as PEM (public or private) or as base64 SPKI DER. */
export function parsePublicKey(text: string): KeyObject {
  const s = text.trim();
  const key = s.startsWith('-----') ? createPublicKey(s) : createPublicKey({ key: Buffer.from(s, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 key, got ${key.asymmetricKeyType}`);
  return key;
}

export function parsePrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem.trim());
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 key, got ${key.asymmetricKeyType}`);
  return key;
}

export function signManifest(manifest: Manifest, key: { id: string; privateKey: KeyObject }): Envelope {
  return signDocument(manifest, PAYLOAD_TYPE, key);
}

export type RefusalReason = 'malformed' | 'unsigned' | 'untrusted-key' | 'bad-signature' | 'wrong-site' | 'rollback' | 'expired' | 'blob-mismatch' | 'invalid-content';

export type Verified = { ok: true; manifest: Manifest; keyId: string } | { ok: false; reason: RefusalReason; message: string };

/** The DSSE check shared by every signed document (releases, county alerts): shape, payload type, one good signature by a trusted key. */
export function verifyDsse(raw: unknown, trusted: ReadonlyMap<string, KeyObject>, payloadType: string, what: string): { ok: true; body: Buffer; keyId: string } | { ok: false; reason: RefusalReason; message: string } {
  const env = envelopeSchema.safeParse(raw);
  if (!env.success) return { ok: false, reason: 'malformed', message: `not a ${what} envelope: ${env.error.issues[0].message}` };
  if (env.data.payloadType !== payloadType) return { ok: false, reason: 'malformed', message: `unexpected payload type ${env.data.payloadType}` };
  if (env.data.signatures.length === 0) return { ok: false, reason: 'unsigned', message: `the ${what} carries no signature` };
  const body = Buffer.from(env.data.payload, 'base64');
  const signed = pae(payloadType, body);
  let sawTrusted = false;
  for (const s of env.data.signatures) {
    const key = trusted.get(s.keyid);
    if (!key) continue;
    sawTrusted = true;
    let good = false;
    try {
      good = verify(null, signed, key, Buffer.from(s.sig, 'base64'));
    } catch {
      good = false;
    }
    if (good) return { ok: true, body, keyId: s.keyid };
  }
  return sawTrusted
    ? { ok: false, reason: 'bad-signature', message: 'the signature does not verify with the trusted key' }
    : { ok: false, reason: 'untrusted-key', message: `signed by key(s) ${env.data.signatures.map((s) => s.keyid).join(', ')}, none trusted` };
}

/** Signs any JSON document as a DSSE envelope of the given payload type. */
export function signDocument(doc: unknown, payloadType: string, key: { id: string; privateKey: KeyObject }): Envelope {
  const body = Buffer.from(JSON.stringify(doc), 'utf8');
  const sig = sign(null, pae(payloadType, body), key.privateKey);
  return { payloadType, payload: body.toString('base64'), signatures: [{ keyid: key.id, sig: sig.toString('base64') }] };
}

/** Checks the envelope's shape and that at least one signature by a trusted key verifies; then parses the manifest. */
export function verifyEnvelope(raw: unknown, trusted: ReadonlyMap<string, KeyObject>): Verified {
  const d = verifyDsse(raw, trusted, PAYLOAD_TYPE, 'release');
  if (!d.ok) return d;
  const { body, keyId } = d;
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed', message: 'the signed payload is not JSON' };
  }
  const m = manifestSchema.safeParse(json);
  if (!m.success) return { ok: false, reason: 'malformed', message: `manifest ${m.error.issues[0].path.join('.')}: ${m.error.issues[0].message}` };
  return { ok: true, manifest: m.data, keyId };
}
