import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-file.ts';

describe('atomic file writes', () => {
  for (const [name, write] of [['sync', writeFileAtomicSync], ['async', writeFileAtomic]] as const) {
    it(`${name}: replaces the content, keeps the mode asked for and leaves no temporary file`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'peron-atomic-'));
      const f = join(dir, 'enrolment.json');
      writeFileSync(f, 'old');
      await write(f, 'new content', { mode: 0o600 });
      expect(readFileSync(f, 'utf8')).toBe('new content');
      expect(statSync(f).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir)).toEqual(['enrolment.json']);
    });

    it(`${name}: a write that cannot land throws, keeps what was there and cleans up`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'peron-atomic-'));
      const target = join(dir, 'taken');
      mkdirSync(target); // a folder in the way: rename(2) over it fails
      writeFileSync(join(target, 'keep'), 'x');
      await expect(Promise.resolve().then(() => write(target, 'new'))).rejects.toThrow();
      expect(readFileSync(join(target, 'keep'), 'utf8')).toBe('x');
      expect(readdirSync(dir)).toEqual(['taken']);
    });
  }
});
