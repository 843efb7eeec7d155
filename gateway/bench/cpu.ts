/**
 * CPU seconds (user + system) used by each process the figures depend on, from /proc/<pid>/stat
 * (Linux; empty elsewhere): the bench's children, the PostgreSQL backends serving the bench's
 * database and the Redis server. Differences over a row give CPU ms per request, which shows
 * where a path spends the machine's two cores.
 *
 * Deltas are taken per process id, so a process that ends during a row (another user's
 * PostgreSQL backend on a shared machine) cannot make a figure negative; only backends of the
 * bench's own database are counted (the process title names it), since other people's queries
 * on the same server are not this bench's cost. Redis is one process for everyone: its figure
 * includes whatever else uses it.
 */
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = 100;

function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** name → pid → CPU seconds so far. */
export type CpuSnapshot = Map<string, Map<number, number>>;

/**
 * CPU seconds so far of each named process, of `postgresql` (the backends whose process title
 * names `database`) and of `redis`.
 */
export function cpuSnapshot(processes: Record<string, number | undefined>, database: string): CpuSnapshot {
  const out: CpuSnapshot = new Map();
  const add = (name: string, pid: number) => {
    const seconds = cpuSeconds(pid);
    if (seconds === undefined) return;
    if (!out.has(name)) out.set(name, new Map());
    out.get(name)!.set(pid, seconds);
  };
  for (const [name, pid] of Object.entries(processes)) if (pid) add(name, pid);
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    let comm = '';
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm === 'redis-server') add('redis', Number(pid));
      else if (comm === 'postgres') {
        // A backend's title: "postgres: <user> <database> <client> <state>".
        const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        if (title.includes(` ${database} `)) add('postgresql', Number(pid));
      }
    } catch {}
  }
  return out;
}

/** CPU seconds each name used between two snapshots (processes gone by `after` are left out). */
export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, pids] of after) {
    let sum = 0;
    for (const [pid, seconds] of pids) sum += seconds - (before.get(name)?.get(pid) ?? 0);
    out[name] = sum;
  }
  return out;
}
