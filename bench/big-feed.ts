// The 2-million-stop_times GTFS feed of the benchmarks (bench:departures, bench:trim, bench:import): Plzeň's trips
// cloned with new ids, each clone shifted by a few minutes. Built once into bench/.work/plzen-2m (and its zip).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

const root = join(import.meta.dirname, '..');
export const work = join(root, 'bench', '.work');
export const PLZEN = join(root, 'test', 'fixtures', 'gtfs', 'pmdp-plzen-2026.zip');
const TARGET = 2_000_000;

export function unzipTo(zip: string, dir: string) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('python3', ['-c', 'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, dir]);
}

export const zipDir = (dir: string, zip: string) =>
  execFileSync('python3', ['-c', 'import sys,os,zipfile\nz=zipfile.ZipFile(sys.argv[2],"w",zipfile.ZIP_DEFLATED)\nfor f in os.listdir(sys.argv[1]):\n  f.endswith(".txt") and z.write(os.path.join(sys.argv[1],f),f)\nz.close()', dir, zip]);

/** A feed of ≥ 2 M stop_times in dir, from the unzipped Plzeň feed in src; returns its stop_times count. */
export function scaledFeed(src: string, dir: string): number {
  const marker = join(dir, '.done');
  if (existsSync(marker)) return Number(readFileSync(marker, 'utf8'));
  unzipTo(PLZEN, dir);
  const rows = (f: string) => parse(readFileSync(join(src, f)), { bom: true, columns: true }) as Record<string, string>[];
  const st = rows('stop_times.txt');
  const trips = rows('trips.txt');
  const copies = Math.ceil(TARGET / st.length);
  const shift = (t: string, s: number) => {
    if (!t) return t;
    const [h, m, x] = t.split(':').map(Number);
    const v = h * 3600 + m * 60 + x + s;
    return `${String(Math.floor(v / 3600)).padStart(2, '0')}:${String(Math.floor((v % 3600) / 60)).padStart(2, '0')}:${String(v % 60).padStart(2, '0')}`;
  };
  const tCols = Object.keys(trips[0]);
  const sCols = Object.keys(st[0]);
  const tOut: string[] = [tCols.join(',')];
  const sOut: string[] = [sCols.join(',')];
  for (let c = 0; c < copies; c++) {
    const suffix = c === 0 ? '' : `_c${c}`;
    const dt = c * 137;
    for (const t of trips) tOut.push(tCols.map((k) => (k === 'trip_id' ? t[k] + suffix : t[k])).join(','));
    for (const r of st) sOut.push(sCols.map((k) => (k === 'trip_id' ? r[k] + suffix : k === 'arrival_time' || k === 'departure_time' ? shift(r[k], dt) : r[k])).join(','));
  }
  writeFileSync(join(dir, 'trips.txt'), tOut.join('\n') + '\n');
  writeFileSync(join(dir, 'stop_times.txt'), sOut.join('\n') + '\n');
  const n = st.length * copies;
  writeFileSync(marker, String(n));
  return n;
}

/** bench/.work/plzen-2m.zip (built on first use) and its stop_times count. */
export function bigFeedZip(): { zip: string; stopTimes: number } {
  const plzenDir = join(work, 'plzen');
  const bigDir = join(work, 'plzen-2m');
  const zip = join(work, 'plzen-2m.zip');
  if (!existsSync(join(bigDir, '.done'))) unzipTo(PLZEN, plzenDir);
  mkdirSync(work, { recursive: true });
  const stopTimes = scaledFeed(plzenDir, bigDir);
  if (!existsSync(zip)) zipDir(bigDir, zip);
  return { zip, stopTimes };
}
