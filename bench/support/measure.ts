import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/**
 * Runs `work` once and returns its result with the wall time and this process's CPU time (user +
 * system), in milliseconds. Wall minus CPU is time spent waiting: fsync, or other processes on the CPU.
 */
export function timed<T>(work: () => T): { result: T; ms: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = work();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { result, ms, cpuMs: (used.user + used.system) / 1000 };
}

/** {@link timed} for asynchronous work: the wall time runs until `work` settles. */
export async function timedAsync<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { result, ms, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * Runs `work` `repeat` times and keeps the median wall time: for sub-millisecond work one sample is
 * mostly noise (JIT, GC), and the median ignores the odd slow run without hiding a consistent cost.
 */
export function medianMs<T>(repeat: number, work: () => T): { result: T; ms: number } {
  const samples: number[] = [];
  let result = work(); // Warm-up: the first call pays for compilation, not for the algorithm.
  for (let i = 0; i < repeat; i += 1) {
    const run = timed(work);
    result = run.result;
    samples.push(run.ms);
  }
  samples.sort((a, b) => a - b);
  return { result, ms: samples[Math.floor(samples.length / 2)]! };
}

/** Memory of this process: peak resident set size (whole process life) and V8 heap used right now. */
export interface MemorySample {
  peakRssMb: number;
  heapUsedMb: number;
}

/** Sampled at the end of a case, while its results are still referenced: heap is "heap after", not a peak. */
export function memorySample(): MemorySample {
  const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;
  // resourceUsage().maxRSS is in kilobytes.
  return { peakRssMb: mb(process.resourceUsage().maxRSS * 1024), heapUsedMb: mb(process.memoryUsage().heapUsed) };
}

/** A short, order-sensitive fingerprint of produced values, so variants can be checked to agree. */
export function digest(values: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 12);
}
