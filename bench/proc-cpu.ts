// CPU time of a process tree from /proc, for the benchmarks: user + system seconds of a process, all its threads,
// and every descendant (Peron's site workers, nginx's workers, FreeRADIUS is one process with threads). Less
// sensitive to a busy machine than req/s; USER_HZ is 100 on Linux.
import { readdirSync, readFileSync } from 'node:fs';

function ticks(pid: number): number {
  try {
    // fields after the ")" of the command name: state is field 3, utime 14, stime 15
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0; // gone: its time is lost, as it would be for any process that exits mid-run
  }
}

function children(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`); // a child belongs to the thread that forked it
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const t of tasks) {
    try {
      out.push(...readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    } catch {
      // the thread ended
    }
  }
  return out;
}

/** CPU seconds used so far by pid and all its descendants. */
export function treeCpuSeconds(pid: number): number {
  let sum = 0;
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop()!;
    sum += ticks(p);
    todo.push(...children(p));
  }
  return sum / 100;
}

/** `taskset -c <cpus>` prefix when cpus is set, for pinning servers and load generators apart. */
export function pinnedCommand(cpus: string | null, cmd: string, args: string[]): [string, string[]] {
  return cpus ? ['taskset', ['-c', cpus, cmd, ...args]] : [cmd, args];
}

/** With `workers` server processes on a box of `cores`: the servers on the first `workers` cores and the load
 * generator on the rest, or no pinning when nothing would be left for the generator. */
export function cpuSplit(workers: number, cores: number): { server: string; load: string } | null {
  if (cores <= workers) return null;
  const range = (a: number, b: number) => (a === b ? String(a) : `${a}-${b}`);
  return { server: range(0, workers - 1), load: range(workers, cores - 1) };
}
