import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSource } from '../departures/feed-source.ts';
import { zipDeterministic } from './zip-write.ts';

describe('deterministic zip', () => {
  it('gives the same bytes for the same files in any order, and the GTFS reader reads them back', async () => {
    const a = zipDeterministic({ 'stops.txt': Buffer.from('stop_id,stop_name\nS1,Jedna\n'), 'agency.txt': Buffer.from('agency_id\nA\n') });
    const b = zipDeterministic({ 'agency.txt': Buffer.from('agency_id\nA\n'), 'stops.txt': Buffer.from('stop_id,stop_name\nS1,Jedna\n') });
    expect(a.equals(b)).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'peron-zip-')), 'f.zip');
    writeFileSync(file, a);
    const src = await openSource(file);
    try {
      expect(src.has('stops.txt') && src.has('agency.txt')).toBe(true);
      let text = '';
      for await (const c of await src.open('stops.txt')) text += c.toString();
      expect(text).toBe('stop_id,stop_name\nS1,Jedna\n');
    } finally { src.close(); }
  });
});
