// Content-addressed blob store on disk (<dataDir>/hub/blobs/sha256/<hash>): written once, fsynced, renamed into place.
import { writeFileAtomicSync } from '../platform/atomic-file.ts';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../protocol/index.ts';

export interface BlobStore {
  dir: string;
  put(buf: Buffer): { sha256: string; size: number };
  path(hash: string): string;
  has(hash: string): boolean;
}

export function createBlobStore(dir: string): BlobStore {
  mkdirSync(dir, { recursive: true });
  const path = (hash: string) => join(dir, hash);
  return {
    dir,
    path,
    has: (hash) => existsSync(path(hash)),
    put(buf) {
      const hash = sha256(buf);
      const dest = path(hash);
      if (!existsSync(dest)) {
        writeFileAtomicSync(dest, buf);
      }
      return { sha256: hash, size: buf.length };
    },
  };
}
