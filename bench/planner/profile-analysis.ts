import type { Profiler } from 'node:inspector';

/** Where a bundled function came from: its original file (through the bundle's source map) and line. */
export interface SourcePosition {
  source: string;
  line: number;
}

/** Maps a frame of the bundle to its original source; null when there is no map for it. */
export type SourceResolver = (url: string, line: number, column: number) => SourcePosition | null;

/** Self and inclusive ("total") milliseconds of one function or one group of functions. */
export interface TimeShare {
  name: string;
  selfMs: number;
  totalMs: number;
}

export interface CpuSummary {
  sampledMs: number;
  /** By function, largest self time first. */
  functions: TimeShare[];
  /** By package (`react-dom`, `rete-area-plugin`) or app folder (`renderer/src/planner`); self and total. */
  areas: TimeShare[];
}

const SPECIAL = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

/** `node_modules/.pnpm/…/node_modules/react-dom/cjs/x.js` → `react-dom`; `renderer/src/planner/x.ts` → `renderer/src/planner`. */
export function areaOf(source: string): string {
  const packagePath = source.split('node_modules/').at(-1)!;
  if (packagePath !== source) {
    const [scope, name] = packagePath.split('/');
    return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
  }
  const app = /(renderer\/src(?:\/[^/]+)?)\//.exec(source);
  return app ? app[1]! : source.replace(/^(\.\.\/)+/, '');
}

/**
 * Attributes a V8 CPU profile's samples to functions and to packages: self time (the function was on
 * top of the stack) and total time (anywhere on it), each function or package counted once per sample.
 */
export function summariseCpuProfile(profile: Profiler.Profile, resolve: SourceResolver): CpuSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const described = new Map<number, { fn: string; area: string }>();
  const describe = (id: number) => {
    let known = described.get(id);
    if (known) return known;
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame;
    const name = functionName || '(anonymous)';
    if (SPECIAL.has(name) || !url) known = { fn: name, area: SPECIAL.has(name) ? name : '(native)' };
    else {
      const position = resolve(url, lineNumber, columnNumber);
      const where = position
        ? `${position.source.replace(/^(\.\.\/)+/, '')}:${position.line + 1}`
        : `${url.split('/').at(-1)}:${lineNumber + 1}`;
      known = { fn: `${name} ${where}`, area: position ? areaOf(position.source) : url.split('/').at(-1)! };
    }
    described.set(id, known);
    return known;
  };

  const fnSelf = new Map<string, number>();
  const fnTotal = new Map<string, number>();
  const areaSelf = new Map<string, number>();
  const areaTotal = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  let sampledUs = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => {
    // V8 occasionally records a slightly negative delta; count it as nothing.
    const us = Math.max(0, deltas[i] ?? 0);
    const ms = us / 1000;
    sampledUs += us;
    const top = describe(id);
    add(fnSelf, top.fn, ms);
    add(areaSelf, top.area, ms);
    const fns = new Set<string>();
    const areas = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const { fn, area } = describe(node);
      if (fn === '(root)') continue;
      fns.add(fn);
      areas.add(area);
    }
    for (const fn of fns) add(fnTotal, fn, ms);
    for (const area of areas) add(areaTotal, area, ms);
  });
  const shares = (self: Map<string, number>, total: Map<string, number>): TimeShare[] =>
    [...new Set([...self.keys(), ...total.keys()])].map((name) => ({ name, selfMs: self.get(name) ?? 0, totalMs: total.get(name) ?? 0 }));
  return {
    sampledMs: sampledUs / 1000,
    functions: shares(fnSelf, fnTotal).sort((a, b) => b.selfMs - a.selfMs),
    areas: shares(areaSelf, areaTotal).sort((a, b) => b.selfMs - a.selfMs),
  };
}

/** One event of a Chromium trace (the JSON Trace Event Format). */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: Record<string, unknown> & { name?: string };
}

/** Self time of one trace event name on one thread, with how often it ran. */
export interface TraceShare {
  thread: string;
  event: string;
  selfMs: number;
  count: number;
}

/**
 * Self time per (process and thread, event name) over a whole trace: an event's duration minus the
 * events nested in it on the same thread, so `Paint` is painting and not the script it ran. Only
 * complete events (`ph: X`) and begin/end pairs count; threads are named from the trace's metadata.
 */
export function summariseTrace(events: readonly TraceEvent[]): { shares: TraceShare[]; threadBusyMs: Map<string, number> } {
  const processName = new Map<number, string>();
  const threadName = new Map<string, string>();
  for (const event of events) {
    if (event.ph !== 'M') continue;
    if (event.name === 'process_name') processName.set(event.pid, String(event.args?.name ?? event.pid));
    if (event.name === 'thread_name') threadName.set(`${event.pid}:${event.tid}`, String(event.args?.name ?? event.tid));
  }
  const spans = new Map<string, { name: string; start: number; end: number }[]>();
  const open = new Map<string, TraceEvent[]>();
  const listOf = <T>(map: Map<string, T[]>, key: string): T[] => {
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    return list;
  };
  for (const event of events) {
    const key = `${event.pid}:${event.tid}`;
    if (event.ph === 'X' && event.dur !== undefined)
      listOf(spans, key).push({ name: event.name, start: event.ts, end: event.ts + event.dur });
    else if (event.ph === 'B') listOf(open, key).push(event);
    else if (event.ph === 'E') {
      const begun = open.get(key)?.pop();
      if (begun) listOf(spans, key).push({ name: begun.name, start: begun.ts, end: event.ts });
    }
  }
  const totals = new Map<string, TraceShare>();
  const threadBusyMs = new Map<string, number>();
  for (const [key, list] of spans) {
    const pid = Number(key.split(':')[0]);
    const thread = `${processName.get(pid) ?? pid} ${threadName.get(key) ?? key.split(':')[1]}`;
    list.sort((a, b) => a.start - b.start || b.end - a.end);
    // Self time: subtract each span's direct children, found with a stack of enclosing spans.
    const self = list.map((span) => span.end - span.start);
    const stack: number[] = [];
    list.forEach((span, index) => {
      while (stack.length > 0 && list[stack.at(-1)!]!.end <= span.start) stack.pop();
      const parentIndex = stack.at(-1);
      if (parentIndex !== undefined) self[parentIndex]! -= Math.min(span.end, list[parentIndex]!.end) - span.start;
      else threadBusyMs.set(thread, (threadBusyMs.get(thread) ?? 0) + (span.end - span.start) / 1000);
      stack.push(index);
    });
    list.forEach((span, index) => {
      const id = `${thread}\u0000${span.name}`;
      const share = totals.get(id) ?? { thread, event: span.name, selfMs: 0, count: 0 };
      share.selfMs += Math.max(0, self[index]!) / 1000;
      share.count += 1;
      totals.set(id, share);
    });
  }
  return { shares: [...totals.values()].sort((a, b) => b.selfMs - a.selfMs), threadBusyMs };
}
