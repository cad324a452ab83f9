// Bench (not a test): trimming the 2 M stop_times feed of `npm run bench:departures` (time, peak RSS) and the size of
// the trimmed feed a location would receive as a release item (zipped), for a few station sizes.
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { trimFeed } from '../server/departures/trim.ts';
import { bigFeedZip, work, zipDir } from './big-feed.ts';

const { zip: bigZip } = bigFeedZip(); // built on first use (bench/big-feed.ts), shared with bench:departures

const cases: [string, string[]][] = [
  ['one stop (Anglické nábřeží, 27)', ['27']],
  ['a station of 2 platforms (27, 28)', ['27', '28']],
  ['ten stops (1–10)', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']],
];
console.log(`source: ${bigZip} (${(statSync(bigZip).size / 1e6).toFixed(1)} MB zipped)`);
for (const [label, stops] of cases) {
  const out = join(work, 'trim-out');
  rmSync(out, { recursive: true, force: true });
  const t0 = performance.now();
  const stats = await trimFeed(bigZip, stops, out);
  const ms = performance.now() - t0;
  const item = join(work, 'trim-out.zip');
  rmSync(item, { force: true });
  zipDir(out, item);
  const st = stats.files['stop_times.txt'];
  console.log(`trim to ${label}: ${(ms / 1000).toFixed(1)} s, kept ${st.kept.toLocaleString('en')} of ${st.read.toLocaleString('en')} stop_times, release item ${(statSync(item).size / 1024).toFixed(0)} KiB, peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}
