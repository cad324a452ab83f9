// Hub feedback SQL (prepared statements only): the inbox, its changes numbered for the sites, retention purge.
import type { DB } from '../platform/db.ts';

export interface HubFeedbackRow {
  id: number;
  site_id: string;
  ref: string;
  location_id: string;
  topic: string;
  text: string;
  email: string | null;
  page: string | null;
  lang: string;
  created_at: number;
  received_at: number;
  status: string;
  assignee: string | null;
  answer: string | null;
  note: string | null;
  answered_at: number | null;
  update_seq: number;
}

export interface IncomingFeedback {
  ref: string;
  topic: string;
  text: string;
  email: string | null;
  page: string | null;
  lang: string;
  createdAt: number;
}

export function createHubFeedbackStore(db: DB) {
  const s = {
    insert: db.prepare(
      `INSERT OR IGNORE INTO hub_feedback (site_id, ref, location_id, topic, text, email, page, lang, created_at, received_at)
       VALUES (@site, @ref, @location, @topic, @text, @email, @page, @lang, @createdAt, @now)`,
    ),
    list: db.prepare<{ locations: string | null; status: string | null; location: string | null; limit: number }, HubFeedbackRow>(
      `SELECT * FROM hub_feedback WHERE (@locations IS NULL OR location_id IN (SELECT value FROM json_each(@locations)))
         AND (@status IS NULL OR status = @status) AND (@location IS NULL OR location_id = @location)
       ORDER BY received_at DESC, id DESC LIMIT @limit`,
    ),
    byId: db.prepare<[number], HubFeedbackRow>('SELECT * FROM hub_feedback WHERE id = ?'),
    maxSeq: db.prepare<[], { n: number | null }>('SELECT max(update_seq) AS n FROM hub_feedback'),
    update: db.prepare('UPDATE hub_feedback SET status = @status, assignee = @assignee, answer = @answer, note = @note, answered_at = @answered_at, update_seq = @update_seq WHERE id = @id'),
    updatesFor: db.prepare<[string, number], HubFeedbackRow>('SELECT * FROM hub_feedback WHERE site_id = ? AND update_seq > ? ORDER BY update_seq LIMIT 200'),
    perDay: db.prepare<{ all: number; locations: string; location: string | null; from: number | null; to: number | null }, { siteId: string; locationId: string; day: string; n: number }>(
      `SELECT site_id AS siteId, location_id AS locationId, strftime('%Y-%m-%d', created_at / 1000, 'unixepoch') AS day, count(*) AS n FROM hub_feedback
       WHERE (@all = 1 OR location_id IN (SELECT value FROM json_each(@locations))) AND (@location IS NULL OR location_id = @location)
         AND (@from IS NULL OR created_at >= @from) AND (@to IS NULL OR created_at < @to)
       GROUP BY site_id, location_id, day ORDER BY day, location_id, site_id`,
    ),
    purge: db.prepare('DELETE FROM hub_feedback WHERE created_at < ?'),
  };
  return {
    /** idempotent: a site resending after a lost acknowledgement adds nothing */
    intake: db.transaction((site: string, location: string, items: IncomingFeedback[], now: number) => {
      let added = 0;
      for (const i of items) added += s.insert.run({ site, location, now, ...i }).changes;
      return added;
    }),
    /** newest first; `locations: null` = every location; `limit` -1 = all (the CSV export), default 500 (the inbox page) */
    list: (q: { locations: string[] | null; status?: string; location?: string; limit?: number }) =>
      s.list.all({ locations: q.locations === null ? null : JSON.stringify(q.locations), status: q.status ?? null, location: q.location ?? null, limit: q.limit ?? 500 }),
    byId: (id: number) => s.byId.get(id),
    /** one change; the sites learn it by update_seq */
    change: db.transaction((id: number, patch: Partial<Pick<HubFeedbackRow, 'status' | 'assignee' | 'answer' | 'note' | 'answered_at'>>) => {
      const row = s.byId.get(id);
      if (!row) return undefined;
      const next = { ...row, ...patch, update_seq: (s.maxSeq.get()?.n ?? 0) + 1 };
      s.update.run(next);
      return next;
    }),
    updatesFor: (site: string, after: number) => s.updatesFor.all(site, after),
    /** messages per site and UTC day (the indicator "feedback per location per day") */
    perDay: (q: { locations: string[] | null; locationId?: string; from?: number; to?: number }) =>
      s.perDay.all({ all: q.locations === null ? 1 : 0, locations: JSON.stringify(q.locations ?? []), location: q.locationId ?? null, from: q.from ?? null, to: q.to ?? null }),
    purge: (before: number) => s.purge.run(before).changes,
  };
}

export type HubFeedbackStore = ReturnType<typeof createHubFeedbackStore>;
