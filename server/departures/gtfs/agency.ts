// agency.txt — all agencies of a feed share one timezone (GTFS reference, agency_timezone).
import type { FeedSource } from '../feed-source.ts';
import type { FeedData } from '../feed-data.ts';
import { eachRow, FeedError, need, val } from './rows.ts';

type Warn = (w: string) => void;

export async function readAgencies(src: FeedSource, warn: Warn): Promise<{ agencies: FeedData['agencies']; timezone: string }> {
  const agencies: FeedData['agencies'] = [];
  let timezone = '';
  await eachRow(src, 'agency.txt', ['agency_timezone'], (r) => {
    const tz = need(r, 'agency.txt', 'agency_timezone');
    try { new Intl.DateTimeFormat('en', { timeZone: tz }); } catch { throw new FeedError(`agency_timezone "${tz}" is not a known timezone`, 'agency.txt', r.line); }
    if (!timezone) timezone = tz;
    else if (tz !== timezone) warn(`agency.txt line ${r.line}: agency_timezone ${tz} differs from ${timezone}; using ${timezone}`);
    agencies.push({ id: (val(r, 'agency_id') ?? '').trim(), name: (val(r, 'agency_name') ?? '').trim(), url: (val(r, 'agency_url') ?? '').trim(), timezone: tz });
  });
  if (!timezone) throw new FeedError('no agency', 'agency.txt');
  return { agencies, timezone };
}
