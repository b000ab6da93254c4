import { existsSync, readdirSync, readFileSync } from 'node:fs';

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // The process ended between the listing and the read.
  }
}

/**
 * Pids of every live descendant of this process (Linux /proc; empty elsewhere): during a deploy, the
 * Pulumi CLIs, language hosts and providers the engine started, and whatever they started.
 */
export function descendantPids(): number[] {
  if (!existsSync('/proc/self/stat')) return [];
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    // Field 4, the parent pid, is the second field after the parenthesised command name.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const pending = [...(children.get(process.pid) ?? [])];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    found.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return found;
}

/**
 * Resident memory in megabytes of this process's live descendants right now (undefined off Linux).
 * One sample; a caller polls it to find a peak, which polling can miss between two samples.
 */
export function descendantsRssMb(): number | undefined {
  if (!existsSync('/proc/self/status')) return undefined;
  let kb = 0;
  for (const pid of descendantPids()) {
    const rss = /^VmRSS:\s+(\d+) kB$/m.exec(read(`/proc/${pid}/status`) ?? '');
    kb += rss ? Number(rss[1]) : 0;
  }
  return Math.round((kb / 1024) * 10) / 10;
}
