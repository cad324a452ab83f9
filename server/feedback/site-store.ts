// Site feedback SQL (prepared statements only): messages as typed, their delivery flag and the hub's status.
import type { DB } from '../platform/db.ts';

export interface SiteFeedbackRow {
  ref: string;
  year: number;
  seq: number;
  topic: string;
  text: string;
  email: string | null;
  page: string | null;
  lang: string;
  created_at: number;
  delivered: number;
  status: string;
  answer: string | null;
  answered_at: number | null;
}

export function createSiteFeedbackStore(db: DB) {
  const s = {
    nextSeq: db.prepare<[number], { n: number | null }>('SELECT max(seq) AS n FROM feedback WHERE year = ?'),
    insert: db.prepare(
      `INSERT INTO feedback (ref, year, seq, topic, text, email, page, lang, created_at)
       VALUES (@ref, @year, @seq, @topic, @text, @email, @page, @lang, @created_at)`,
    ),
    byRef: db.prepare<[string], SiteFeedbackRow>('SELECT * FROM feedback WHERE ref = ?'),
    undelivered: db.prepare<[number], SiteFeedbackRow>('SELECT * FROM feedback WHERE delivered = 0 ORDER BY created_at LIMIT ?'),
    open: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM feedback WHERE status <> 'closed'"),
    delivered: db.prepare('UPDATE feedback SET delivered = 1 WHERE ref = ?'),
    update: db.prepare('UPDATE feedback SET status = ?, answer = ?, answered_at = ? WHERE ref = ?'),
    getState: db.prepare<[string], { value: string }>('SELECT value FROM feedback_state WHERE key = ?'),
    setState: db.prepare('INSERT INTO feedback_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    purge: db.prepare('DELETE FROM feedback WHERE created_at < ? AND delivered = 1'),
  };
  const addTx = db.transaction((prefix: string, year: number, m: Omit<SiteFeedbackRow, 'ref' | 'year' | 'seq' | 'delivered' | 'status' | 'answer' | 'answered_at'>) => {
    const seq = (s.nextSeq.get(year)?.n ?? 0) + 1;
    const ref = `${prefix}-${year}-${String(seq).padStart(5, '0')}`;
    s.insert.run({ ref, year, seq, ...m });
    return ref;
  });
  return {
    /** Numbers and stores one message in one transaction (synchronous=FULL: on disk when this returns). */
    // BEGIN IMMEDIATE: it reads the counter, then writes; deferred, a commit by another process in between (a site
    // worker, the owner) would fail it at once with SQLITE_BUSY instead of waiting for the lock
    add: (prefix: string, year: number, m: Omit<SiteFeedbackRow, 'ref' | 'year' | 'seq' | 'delivered' | 'status' | 'answer' | 'answered_at'>): string => addTx.immediate(prefix, year, m),
    byRef: (ref: string) => s.byRef.get(ref),
    undelivered: (limit: number) => s.undelivered.all(limit),
    openCount: () => s.open.get()!.n,
    /** the hub acknowledged these and sent status changes after `cursor` */
    acked: db.transaction((refs: string[], updates: { ref: string; status: string; answer: string | null; answeredAt: number | null }[], cursor: number) => {
      for (const r of refs) s.delivered.run(r);
      for (const u of updates) s.update.run(u.status, u.answer, u.answeredAt, u.ref);
      s.setState.run('cursor', String(cursor));
    }),
    cursor: () => Number(s.getState.get('cursor')?.value ?? 0),
    purge: (before: number) => s.purge.run(before).changes,
  };
}

export type SiteFeedbackStore = ReturnType<typeof createSiteFeedbackStore>;
