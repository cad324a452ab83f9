// The hub's feedback store on a real SQLite file: the inbox page is bounded, the CSV export is complete, and an
// editor's list holds only their locations.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDb } from '../platform/db.ts';
import { createHubFeedbackStore } from './hub-store.ts';

describe('hub feedback store', () => {
  it('pages the inbox at 500 but exports every message, and filters by the editor\'s locations', () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'peron-fb-')), 'hub.sqlite'), 'hub');
    migrate(db, 'hub');
    const store = createHubFeedbackStore(db);
    const items = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ ref: `LBC-2026-${String(from + i).padStart(5, '0')}`, topic: 'other', text: `zpráva ${from + i}`, email: null, page: '/', lang: 'cs', createdAt: 1_000 + from + i }));
    store.intake('lbc-1', 'liberec-hlavni-nadrazi', items(520, 1), 5_000);
    store.intake('jbc-1', 'jablonec-nad-nisou', items(3, 1), 5_000);
    expect(store.list({ locations: null })).toHaveLength(500);
    expect(store.list({ locations: null, limit: -1 })).toHaveLength(523);
    const own = store.list({ locations: ['jablonec-nad-nisou'], limit: -1 });
    expect(own.map((r) => r.location_id)).toEqual(Array(3).fill('jablonec-nad-nisou'));
    expect(store.list({ locations: [], limit: -1 })).toEqual([]);
    db.close();
  });
});
