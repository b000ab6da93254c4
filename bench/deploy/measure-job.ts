import { performance } from 'node:perf_hooks';
import type { Job } from '../../engine/api/schemas/jobs.js';
import type { DeployTestEngine } from '../../engine/deploy/deploy-test-support.js';
import { machineCpuMs, processTreeCpuMs } from '../support/process-tree-cpu.js';
import { descendantsRssMb } from '../support/process-tree-rss.js';

/** A deploy-engine job, timed from the API call that starts it until it has settled. */
export interface MeasuredJob {
  job: Job;
  ms: number;
  /** CPU of the engine's process alone. */
  cpuMs: number;
  /** CPU of the engine's process and of the Pulumi processes it ran (see processTreeCpuMs); undefined off Linux. */
  treeCpuMs: number | undefined;
  /** CPU time all CPUs of the machine spent busy (anyone's work) and idle over the span; undefined off Linux. */
  machine: { busyMs: number; idleMs: number } | undefined;
  /** Most Pulumi operations the engine's limiter had running at one sample. */
  peakOperations: number;
  /** Pulumi operations running, averaged over the wall time. */
  meanOperations: number;
  /** Largest sampled resident memory of the engine's child processes; undefined off Linux. */
  peakChildRssMb: number | undefined;
}

/** A job still running after this is cancelled and the case fails: a hung Pulumi must not hang the run. */
const DEADLINE_MS = 6 * 60_000;
/** The limiter is read every SAMPLE_MS (a few property reads), the process tree's memory every RSS_EVERY-th time. */
const SAMPLE_MS = 20;
const RSS_EVERY = 10;

/**
 * Starts a job with `start`, waits for it to settle and samples, meanwhile, how many Pulumi operations
 * the engine's limiter has running and how much memory the child processes hold. Pulumi operations
 * last seconds, so 20 ms samples see every one; the /proc walk for memory (every 200 ms) costs the
 * engine's process about a millisecond each time, alike for every variant.
 */
export async function measureJob(harness: DeployTestEngine, what: string, start: () => Promise<{ jobId: string }>): Promise<MeasuredJob> {
  const limiter = harness.engine.deploy.runner.limiter;
  const treeBefore = processTreeCpuMs();
  const machineBefore = machineCpuMs();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let last = started;
  let operationMs = 0;
  let peakOperations = 0;
  let samples = 0;
  let peakChildRssMb: number | undefined;
  const sample = () => {
    const now = performance.now();
    operationMs += limiter.active * (now - last);
    last = now;
    peakOperations = Math.max(peakOperations, limiter.active);
    if (samples++ % RSS_EVERY === 0) {
      const rss = descendantsRssMb();
      if (rss !== undefined) peakChildRssMb = Math.max(peakChildRssMb ?? 0, rss);
    }
  };
  const sampler = setInterval(sample, SAMPLE_MS);
  let job: Job;
  try {
    const { jobId } = await start();
    job = await settledWithin(harness, jobId, what);
  } finally {
    clearInterval(sampler);
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const treeAfter = processTreeCpuMs();
  const machineAfter = machineCpuMs();
  return {
    job,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    treeCpuMs: treeBefore === undefined || treeAfter === undefined ? undefined : treeAfter - treeBefore,
    machine:
      machineBefore && machineAfter
        ? { busyMs: machineAfter.busyMs - machineBefore.busyMs, idleMs: machineAfter.idleMs - machineBefore.idleMs }
        : undefined,
    peakOperations,
    meanOperations: operationMs / ms,
    peakChildRssMb,
  };
}

async function settledWithin(harness: DeployTestEngine, jobId: string, what: string): Promise<Job> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), DEADLINE_MS);
  });
  try {
    const job = await Promise.race([harness.settled(jobId), late]);
    if (job !== 'late') return job;
  } finally {
    clearTimeout(timer);
  }
  harness.engine.jobs.abort(jobId);
  throw new Error(`${what}: still running after ${DEADLINE_MS / 60_000} minutes; the job was cancelled`);
}
