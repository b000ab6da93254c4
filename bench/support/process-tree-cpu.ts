import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** The kernel reports /proc times in USER_HZ ticks, 100 per second on every Linux architecture Node supports. */
const MS_PER_TICK = 10;

/**
 * CPU time in milliseconds of this process and its live descendants, each with every child it has
 * reaped (user + system, fields utime, stime, cutime and cstime of /proc/<pid>/stat); undefined off
 * Linux. A child's time includes its own reaped children, so a Pulumi CLI that has exited brings its
 * language host and providers with it; a child that still runs (the engine's program host, which
 * outlives each operation, and the CLIs it runs) is read where it is. process.cpuUsage() sees only
 * this process, which is the smaller part of a deploy.
 */
export function processTreeCpuMs(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const stats = new Map<number, { parent: number; ms: number }>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const fields = statFields(`/proc/${entry}/stat`);
    if (fields) stats.set(Number(entry), { parent: fields[1]!, ms: (fields[11]! + fields[12]! + fields[13]! + fields[14]!) * MS_PER_TICK });
  }
  const own = statFields('/proc/self/stat');
  if (!own) return undefined;
  let total = (own[11]! + own[12]! + own[13]! + own[14]!) * MS_PER_TICK;
  let generation = [process.pid];
  while (generation.length > 0) {
    const next: number[] = [];
    for (const [pid, { parent, ms }] of stats)
      if (generation.includes(parent)) {
        total += ms;
        next.push(pid);
      }
    generation = next;
  }
  return total;
}

/** The numeric fields of a /proc stat file from field 3 (state, as NaN) on; undefined when the process is gone. */
function statFields(file: string): number[] | undefined {
  try {
    const stat = readFileSync(file, 'utf8');
    // The fields after the parenthesised command name start at field 3 (state); utime is field 14.
    return stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
  } catch {
    return undefined;
  }
}

/**
 * CPU time in milliseconds every CPU of the machine spent busy and idle since boot (Linux /proc/stat;
 * undefined elsewhere). Differences over a span show whether the machine had CPU to spare, and how much
 * of it other processes took, beside {@link processTreeCpuMs}.
 */
export function machineCpuMs(): { busyMs: number; idleMs: number } | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  // cpu user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return { busyMs: (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) * MS_PER_TICK, idleMs: (idle! + iowait!) * MS_PER_TICK };
}
