// What one CAP alert means for the county: ignored (not Actual, expired, outside the region, below the severity or
// urgency taken), or a county alert to issue (text per language from its <info> blocks, headline + description,
// expiry = CAP expires capped by alerts.maxHours), and the earlier alerts it ends (Update replaces, Cancel ends).
import { createHash } from 'node:crypto';
import { SEVERITIES, type Severity } from '../protocol/index.ts';
import { areaInRegion, regionIsEmpty, type Region } from './cap-area.ts';
import type { CapAlert, CapInfo } from './cap-parse.ts';

export interface CapRules {
  region: Region;
  minSeverity: Severity;
  urgency: string[];
  maxHours: number;
}

export type CapDecision =
  | { kind: 'ignore'; why: string }
  | { kind: 'cancel'; ends: string[] }
  | { kind: 'issue'; id: string; ends: string[]; text: { cs: string; en?: string; de?: string; pl?: string }; severity: Severity; expiresAt: number };

/** The county alert id of a CAP message (sender + identifier; stable across feeds and re-reads, URL-safe). */
export const capAlertId = (senderIdentifier: string) => `cap-${createHash('sha256').update(senderIdentifier).digest('hex').slice(0, 24)}`;

const rank = (s: Severity) => SEVERITIES.indexOf(s);
const ofCap = (s: CapInfo['severity']): Severity | null => (s === 'Unknown' ? null : (s.toLowerCase() as Severity));
const LANGS = ['cs', 'en', 'de', 'pl'] as const;
const MAX_TEXT = 2000;

function textOf(info: CapInfo): string {
  const head = info.headline ?? info.event;
  const body = info.description && info.description !== head ? info.description : '';
  const joined = body ? `${head}${/[.!?:]$/.test(head) ? ' ' : '. '}${body}` : head;
  const flat = joined.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT - 1)}…` : flat;
}

export function decide(a: CapAlert, rules: CapRules, now: number): CapDecision {
  if (a.status !== 'Actual') return { kind: 'ignore', why: `status ${a.status}` };
  const ends = a.references.map(capAlertId);
  if (a.msgType === 'Cancel') return { kind: 'cancel', ends };
  if (a.msgType !== 'Alert' && a.msgType !== 'Update') return { kind: 'ignore', why: `msgType ${a.msgType}` };
  const noArea = regionIsEmpty(rules.region);
  const strong = a.infos.filter((i) => {
    const s = ofCap(i.severity);
    return s !== null && rank(s) >= rank(rules.minSeverity) && rules.urgency.includes(i.urgency);
  });
  const taken = strong.filter((i) => noArea || i.areas.some((ar) => areaInRegion(ar, rules.region)));
  if (!taken.length) {
    const reason = a.infos.length ? 'no <info> in the region at the severity and urgency taken' : 'no <info>';
    return a.msgType === 'Update' ? { kind: 'cancel', ends } : { kind: 'ignore', why: reason };
  }
  const expires = Math.max(...taken.map((i) => i.expires ?? Infinity));
  if (expires <= now) return a.msgType === 'Update' ? { kind: 'cancel', ends } : { kind: 'ignore', why: 'expired' };
  const text: Record<string, string> = {};
  // the other languages' info blocks are translations (their areaDesc too): a language no taken block has comes from them
  for (const i of [...taken, ...strong.filter((x) => !taken.includes(x))]) {
    const lang = i.language.toLowerCase().split('-')[0];
    if ((LANGS as readonly string[]).includes(lang) && !text[lang]) text[lang] = textOf(i);
  }
  const cs = text.cs ?? textOf(taken[0]);
  const severity = taken.map((i) => ofCap(i.severity)!).reduce((m, s) => (rank(s) > rank(m) ? s : m));
  return { kind: 'issue', id: capAlertId(`${a.sender},${a.identifier}`), ends, text: { ...text, cs }, severity, expiresAt: Math.min(expires, now + rules.maxHours * 3_600_000) };
}
