// Hub SQL for the county feed profile (hub_feed_state): one row per feed — last attempt, last good trimmed feed
// (source and item hashes, calendar span) and last error — read back when the hub starts.
import type { DB } from '../platform/db.ts';
import type { ManifestItem } from '../protocol/index.ts';

export interface FeedError { reason: string; file?: string; line?: number }
export interface FeedGood { at: number; sourceSha256: string; trimKey: string; firstDate: string; lastDate: string; stopTimes: number; items: Record<string, ManifestItem> }
export interface FeedState {
  id: string;
  lastAttemptAt: number | null;
  lastGood: FeedGood | null;
  lastError: (FeedError & { at: number }) | null;
}

interface Row {
  feed_id: string;
  last_attempt_at: number | null;
  last_success_at: number | null;
  source_sha256: string | null;
  trim_key: string | null;
  first_date: string | null;
  last_date: string | null;
  stop_times: number | null;
  items_json: string;
  error_at: number | null;
  error_json: string | null;
}

function fromRow(r: Row): FeedState {
  const good = r.last_success_at !== null && r.source_sha256 !== null
    ? { at: r.last_success_at, sourceSha256: r.source_sha256, trimKey: r.trim_key ?? '', firstDate: r.first_date ?? '', lastDate: r.last_date ?? '', stopTimes: r.stop_times ?? 0, items: JSON.parse(r.items_json) as Record<string, ManifestItem> }
    : null;
  const error = r.error_at !== null && r.error_json ? { at: r.error_at, ...(JSON.parse(r.error_json) as FeedError) } : null;
  return { id: r.feed_id, lastAttemptAt: r.last_attempt_at, lastGood: good, lastError: error };
}

export function createFeedStore(db: DB) {
  const get = db.prepare<[string], Row>('SELECT * FROM hub_feed_state WHERE feed_id = ?');
  const put = db.prepare(
    `INSERT INTO hub_feed_state (feed_id, last_attempt_at, last_success_at, source_sha256, trim_key, first_date, last_date, stop_times, items_json, error_at, error_json)
     VALUES (@feed_id, @last_attempt_at, @last_success_at, @source_sha256, @trim_key, @first_date, @last_date, @stop_times, @items_json, @error_at, @error_json)
     ON CONFLICT (feed_id) DO UPDATE SET last_attempt_at = excluded.last_attempt_at, last_success_at = excluded.last_success_at,
       source_sha256 = excluded.source_sha256, trim_key = excluded.trim_key, first_date = excluded.first_date, last_date = excluded.last_date,
       stop_times = excluded.stop_times, items_json = excluded.items_json, error_at = excluded.error_at, error_json = excluded.error_json`,
  );
  return {
    /** the stored state of a feed, or a fresh one */
    load(id: string): FeedState {
      const r = get.get(id);
      return r ? fromRow(r) : { id, lastAttemptAt: null, lastGood: null, lastError: null };
    },
    save(s: FeedState) {
      const g = s.lastGood;
      const e = s.lastError;
      put.run({
        feed_id: s.id,
        last_attempt_at: s.lastAttemptAt,
        last_success_at: g?.at ?? null,
        source_sha256: g?.sourceSha256 ?? null,
        trim_key: g?.trimKey ?? null,
        first_date: g?.firstDate ?? null,
        last_date: g?.lastDate ?? null,
        stop_times: g?.stopTimes ?? null,
        items_json: JSON.stringify(g?.items ?? {}),
        error_at: e?.at ?? null,
        error_json: e ? JSON.stringify({ reason: e.reason, file: e.file, line: e.line }) : null,
      });
    },
  };
}
export type FeedStore = ReturnType<typeof createFeedStore>;
