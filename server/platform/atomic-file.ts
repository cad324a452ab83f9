// Writing a file so that a crash leaves either the old or the new content, never a torn one: a unique temporary
// name beside it, the data fsynced, a rename over the old name, then the folder fsynced so the rename itself
// survives a power cut (rename(2) is atomic but not durable on its own). One helper for every such write.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** fsync a file or a folder by path. */
export function fsyncPath(p: string): void {
  const fd = openSync(p, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const tmpName = (file: string) => `${file}.${randomBytes(6).toString('hex')}.partial`;

export function writeFileAtomicSync(file: string, data: string | Uint8Array, opts: { mode?: number } = {}): void {
  const tmp = tmpName(file);
  try {
    const fd = openSync(tmp, 'w', opts.mode ?? 0o644);
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncPath(dirname(file));
}

/** The same on the thread pool: for writes on a serving process that must not block its event loop on fsync. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: { mode?: number } = {}): Promise<void> {
  const tmp = tmpName(file);
  try {
    const fh = await open(tmp, 'w', opts.mode ?? 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  const dir = await open(dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
