// The cross-feed duplicate rule: one row per journey when two feeds publish it (e.g. DPMLJ lines also present in
// the national bus data as 545NNN). Journeys match on (line after aliases, mode, scheduled minute) among the stops
// configured for the board's station — never on stop names — and the preferred feed for that mode/line wins.
import type { Mode } from './types.ts';

export interface DuplicateRule {
  prefer: { feed: string; modes?: readonly Mode[]; lines?: readonly string[] }[];
  lineAliases: { feed: string; pattern: string; replace: string }[];
}

export interface DupCand { feed: string; line: string; mode: Mode; sched: number; kind?: string }

export function normalLine(rule: DuplicateRule, feed: string, line: string): string {
  for (const a of rule.lineAliases) {
    if (a.feed !== feed) continue;
    const re = new RegExp(a.pattern);
    if (re.test(line)) return line.replace(re, a.replace);
  }
  return line;
}

/** Keeps, for each journey found in more than one feed, the row of the preferred feed; rows of one feed are never merged. */
export function dropDuplicates<C extends DupCand>(cands: C[], rule: DuplicateRule, feedOrder: readonly string[]): C[] {
  const groups = new Map<string, C[]>();
  for (const c of cands) {
    const key = `${normalLine(rule, c.feed, c.line).toLowerCase()}|${c.mode}|${Math.round(c.sched / 60_000)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(c);
  }
  const drop = new Set<C>();
  for (const g of groups.values()) {
    const feeds = new Set(g.map((c) => c.feed));
    if (feeds.size < 2) continue;
    const line = normalLine(rule, g[0].feed, g[0].line).toLowerCase();
    const rank = (feed: string) => {
      const i = rule.prefer.findIndex((p) => p.feed === feed && (!p.modes || p.modes.includes(g[0].mode)) && (!p.lines || p.lines.some((l) => l.toLowerCase() === line)));
      return i >= 0 ? i : rule.prefer.length + Math.max(0, feedOrder.indexOf(feed));
    };
    const best = [...feeds].sort((a, b) => rank(a) - rank(b))[0];
    for (const c of g) if (c.feed !== best) drop.add(c);
  }
  return drop.size ? cands.filter((c) => !drop.has(c)) : cands;
}
