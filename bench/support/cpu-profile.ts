import { Session, type Profiler, type Runtime } from 'node:inspector';
import { timedAsync } from './measure.js';

/** Wall time of a run, and how much of it V8's sampling profiler saw inside the frames of interest. */
export interface ProfiledRun<T> {
  result: T;
  ms: number;
  cpuMs: number;
  /** Milliseconds of samples whose stack holds a frame matching the predicate (self and callees). */
  targetMs: number;
  /** Milliseconds of samples in the garbage collector, which no stack owns. */
  gcMs: number;
}

const SAMPLING_INTERVAL_US = 500;

/**
 * Runs `work` under the in-process V8 CPU profiler (node:inspector, whose calls complete
 * synchronously on a same-thread session) and attributes sampled time to frames matching `isTarget`.
 * Used to split time spent in code we cannot instrument from outside, the same way for every variant,
 * so engine and baseline are measured alike; the profiler costs them both a few percent.
 */
export async function profiledRun<T>(work: () => Promise<T>, isTarget: (frame: Runtime.CallFrame) => boolean): Promise<ProfiledRun<T>> {
  const session = new Session();
  session.connect();
  try {
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    session.post('Profiler.start');
    let run: { result: T; ms: number; cpuMs: number };
    let profile: Profiler.Profile | undefined;
    try {
      run = await timedAsync(work);
    } finally {
      session.post('Profiler.stop', (error, stopped) => {
        if (!error) profile = stopped.profile;
      });
    }
    if (!profile) throw new Error('the CPU profiler returned no profile');
    return { ...run, ...attribute(profile, isTarget) };
  } finally {
    session.disconnect();
  }
}

function attribute(profile: Profiler.Profile, isTarget: (frame: Runtime.CallFrame) => boolean): { targetMs: number; gcMs: number } {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inTarget = new Map<number, boolean>();
  const covered = (id: number): boolean => {
    const known = inTarget.get(id);
    if (known !== undefined) return known;
    const parentId = parent.get(id);
    const value = isTarget(byId.get(id)!.callFrame) || (parentId !== undefined && covered(parentId));
    inTarget.set(id, value);
    return value;
  };
  let targetUs = 0;
  let gcUs = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i] is the time since the previous sample; it is charged to the sample that ends it.
  samples.forEach((id, i) => {
    const delta = deltas[i] ?? 0;
    if (covered(id)) targetUs += delta;
    else if (byId.get(id)!.callFrame.functionName === '(garbage collector)') gcUs += delta;
  });
  return { targetMs: targetUs / 1000, gcMs: gcUs / 1000 };
}
