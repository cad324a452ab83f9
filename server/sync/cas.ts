// The site's content-addressed cache (<dataDir>/sync/blobs/sha256/<hash>): a blob enters only after its sha256
// and size are verified, via an fsynced temp file renamed into place (atomic on one file system).
import { writeFileAtomic } from '../platform/atomic-file.ts';
import { existsSync, mkdirSync, readFileSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../protocol/index.ts';

export class BlobMismatch extends Error {}

export function createCas(dir: string) {
  mkdirSync(dir, { recursive: true });
  const path = (hash: string) => join(dir, hash);
  return {
    dir,
    has: (hash: string) => existsSync(path(hash)),
    /** Reads a blob and checks it again (disk corruption or tampering at rest). */
    read(hash: string, size: number): Buffer {
      const buf = readFileSync(path(hash));
      if (buf.length !== size || sha256(buf) !== hash) throw new BlobMismatch(`cached blob ${hash} is corrupt`);
      return buf;
    },
    /** Async (thread pool) so that a sync never blocks the portal's event loop on fsync. */
    async put(hash: string, size: number, buf: Buffer) {
      if (buf.length !== size) throw new BlobMismatch(`blob ${hash}: ${buf.length} bytes, manifest says ${size}`);
      if (sha256(buf) !== hash) throw new BlobMismatch(`blob ${hash}: content does not match its sha256`);
      await writeFileAtomic(path(hash), buf);
    },
    /** Deletes every blob not in keep; returns how many. */
    gc(keep: Set<string>): number {
      let n = 0;
      for (const f of readdirSync(dir)) {
        if (keep.has(f)) continue;
        try {
          unlinkSync(join(dir, f));
          n++;
        } catch {
          /* already gone */
        }
      }
      return n;
    },
  };
}

export type Cas = ReturnType<typeof createCas>;
