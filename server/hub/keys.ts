// The hub's Ed25519 signing keys: the configured or generated key plus extra keys held for rotation; one is active.
import { generateKeyPairSync, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../platform/errors.ts';
import { keyIdOf, parsePrivateKey, publicKeyText } from '../protocol/index.ts';

export interface HubKey {
  id: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface Keyring {
  keys: HubKey[];
  active: HubKey;
  /** what sites are told to trust: every key the hub holds */
  published: { id: string; publicKey: string }[];
}

export function generatedKeyFile(dataDir: string): string {
  return join(dataDir, 'hub', 'signing-key.pem');
}

export function newPrivateKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function toKey(pem: string, field: string): HubKey {
  try {
    const privateKey = parsePrivateKey(pem);
    const publicKey = createPublicKey(privateKey);
    return { id: keyIdOf(publicKey), privateKey, publicKey };
  } catch (err) {
    throw new ConfigError(`not an Ed25519 private key in PEM: ${(err as Error).message}`, { field, cause: err });
  }
}

/** Loads hub.signingKey (or the key generated once into <dataDir>/hub/signing-key.pem, mode 0600) and hub.extraKeys. */
export function loadKeyring(cfg: { signingKey?: string; extraKeys: readonly string[]; activeKeyId?: string }, dataDir: string): Keyring {
  let primaryPem = cfg.signingKey;
  if (!primaryPem) {
    const file = generatedKeyFile(dataDir);
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, newPrivateKeyPem(), { mode: 0o600, flag: 'wx' });
    }
    primaryPem = readFileSync(file, 'utf8');
  }
  const keys = [toKey(primaryPem, 'hub.signingKey'), ...cfg.extraKeys.map((k, i) => toKey(k, `hub.extraKeys.${i}`))];
  const unique = keys.filter((k, i) => keys.findIndex((x) => x.id === k.id) === i);
  const active = cfg.activeKeyId ? unique.find((k) => k.id === cfg.activeKeyId) : unique[0];
  if (!active) throw new ConfigError(`no key with id ${cfg.activeKeyId} (held: ${unique.map((k) => k.id).join(', ')})`, { field: 'hub.activeKeyId' });
  return { keys: unique, active, published: unique.map((k) => ({ id: k.id, publicKey: publicKeyText(k.publicKey) })) };
}
