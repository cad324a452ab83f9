// SQL of the open-data capability: the hub's last good dataset builds; a site's read of its own hourly figures.
import type { DB } from '../platform/db.ts';

export interface StoredDataset {
  slug: string;
  builtAt: number | null;
  attemptedAt: number;
  error: string | null;
  record: Record<string, unknown> | null;
  meta: Record<string, unknown> | null;
}

export function createHubOpendataStore(db: DB) {
  const s = {
    all: db.prepare<[], { slug: string; built_at: number | null; attempted_at: number; error: string | null; record: string | null; meta: string | null }>('SELECT * FROM opendata_dataset ORDER BY slug'),
    fail: db.prepare('INSERT INTO opendata_dataset (slug, attempted_at, error) VALUES (?, ?, ?) ON CONFLICT (slug) DO UPDATE SET attempted_at = excluded.attempted_at, error = excluded.error'),
    ok: db.prepare(
      'INSERT INTO opendata_dataset (slug, built_at, attempted_at, error, record, meta) VALUES (?, ?, ?, NULL, ?, ?) ON CONFLICT (slug) DO UPDATE SET built_at = excluded.built_at, attempted_at = excluded.attempted_at, error = NULL, record = excluded.record, meta = excluded.meta',
    ),
    delFiles: db.prepare('DELETE FROM opendata_file WHERE slug = ?'),
    addFile: db.prepare('INSERT INTO opendata_file (slug, name, sha256, body) VALUES (?, ?, ?, ?)'),
    file: db.prepare<[string, string], { sha256: string; body: Buffer }>('SELECT sha256, body FROM opendata_file WHERE slug = ? AND name = ?'),
  };
  const row = (r: ReturnType<typeof s.all.all>[number]): StoredDataset => ({
    slug: r.slug,
    builtAt: r.built_at,
    attemptedAt: r.attempted_at,
    error: r.error,
    record: r.record ? (JSON.parse(r.record) as Record<string, unknown>) : null,
    meta: r.meta ? (JSON.parse(r.meta) as Record<string, unknown>) : null,
  });
  return {
    all: () => s.all.all().map(row),
    recordFailure: (slug: string, at: number, error: string) => void s.fail.run(slug, at, error),
    /** Replaces a dataset's files and record in one transaction: readers see the old build or the new one. */
    replace: db.transaction((slug: string, at: number, builtAt: number, record: unknown, meta: unknown, files: { name: string; sha256: string; body: Buffer }[]) => {
      s.ok.run(slug, builtAt, at, JSON.stringify(record), JSON.stringify(meta));
      s.delFiles.run(slug);
      for (const f of files) s.addFile.run(slug, f.name, f.sha256, f.body);
    }),
    file: (slug: string, name: string) => s.file.get(slug, name),
  };
}
export type HubOpendataStore = ReturnType<typeof createHubOpendataStore>;

/** A site's own hourly figures (the sync outbox table), read-only, for the station's default datasets. */
export function createSiteFiguresReader(db: DB) {
  const q = db.prepare<[string], { hour: string; portal_views: number; connects: number; radius_accepts: number; acct_records: number; acct_input_octets: number; acct_output_octets: number; displays_up: number }>(
    'SELECT hour, portal_views, connects, radius_accepts, acct_records, acct_input_octets, acct_output_octets, displays_up FROM sync_hourly WHERE hour >= ? ORDER BY hour',
  );
  return { since: (hour: string) => q.all(hour) };
}
