import { rmSync } from 'node:fs';
import { killAll, processesMentioning } from '../../engine/components/builtin/local/processes.js';
import { deployTestEngine, type DeployTestEngine } from '../../engine/deploy/deploy-test-support.js';
import { locatePulumiCli } from '../../engine/pulumi/locate-cli.js';
import type { CaseOutcome } from '../support/case-result.js';
import { digest } from '../support/measure.js';
import { descendantPids } from '../support/process-tree-rss.js';
import { checkDeployed, checkGone, ENVIRONMENT, requireRun } from './deploy-checks.js';
import { independentTopology } from './independent-topology.js';
import { measureJob, type MeasuredJob } from './measure-job.js';

/**
 * How many Pulumi operations the engine may run at once: `serial` 1 (the executor then runs one
 * operation at a time), `default` the engine's own default, `parallel` one per node.
 */
export type DeployStrategy = 'serial' | 'default' | 'parallel';

/** The `deploy.concurrency` the engine is created with; undefined leaves the engine's default. */
export function deployConcurrency(strategy: DeployStrategy, nodes: number): number | undefined {
  return strategy === 'serial' ? 1 : strategy === 'parallel' ? nodes : undefined;
}

const TOPOLOGY = 'bench';

/** Deploys `document` as `topology`, checks the objects, destroys it and checks that nothing is left. */
async function deployAndDestroy(harness: DeployTestEngine, topology: string, nodes: number) {
  const document = independentTopology(nodes);
  const deploy = await measureJob(harness, `deploy of ${topology}`, () =>
    harness.call('startDeployment', { environment: ENVIRONMENT, name: topology, document }),
  );
  requireRun(deploy.job, `deploy of ${topology}`, 'created', nodes);
  const values = await checkDeployed(harness, topology, document);
  const destroy = await measureJob(harness, `destroy of ${topology}`, () =>
    harness.call('startTopologyDestroy', { environment: ENVIRONMENT, topology }),
  );
  requireRun(destroy.job, `destroy of ${topology}`, 'destroyed', nodes);
  await checkGone(harness);
  return { deploy, destroy, values };
}

/** What the engine may have left running: its child processes, and any process naming its data directory. */
function leftovers(dataDir: string): number[] {
  return [...new Set([...descendantPids(), ...processesMentioning(dataDir)])];
}

/** Numbers a case reports besides wall and engine CPU, leaving out what this platform cannot measure. */
function parts(deploy: MeasuredJob, destroy: MeasuredJob, warmupMs: number): Record<string, number> {
  const known = (entries: Record<string, number | undefined>) =>
    Object.fromEntries(Object.entries(entries).filter((entry): entry is [string, number] => entry[1] !== undefined));
  const { machine, treeCpuMs } = deploy;
  return known({
    treeCpu: treeCpuMs,
    // What the machine spent on other processes meanwhile (never below zero: the counters tick at 10 ms).
    otherCpu: machine && treeCpuMs !== undefined ? Math.max(0, machine.busyMs - treeCpuMs) : undefined,
    idleShare: machine ? machine.idleMs / (machine.busyMs + machine.idleMs) : undefined,
    peakOperations: deploy.peakOperations,
    meanOperations: deploy.meanOperations,
    childPeakRssMb: deploy.peakChildRssMb,
    destroy: destroy.ms,
    destroyTreeCpu: destroy.treeCpuMs,
    destroyPeakOperations: destroy.peakOperations,
    warmup: warmupMs,
  });
}

/**
 * One deploy of `nodes` independent local components (one plan group) with the real engine and the
 * real Pulumi CLI, on a fresh data directory whose engine allows the strategy's concurrency. A
 * two-node topology (a disk and a network) is deployed and destroyed first, untimed, so the timed
 * deploy pays neither the data directory's first-use costs (passphrase, Pulumi home, state backend,
 * the program host's start, compiling each component version) nor a cold file cache.
 * Every job must succeed with every node created (then destroyed), the objects must exist as
 * recorded, and afterwards nothing may be left: records, objects, IPAM allocations or processes.
 */
export async function runDeployCase(strategy: DeployStrategy, nodes: number): Promise<CaseOutcome> {
  await locatePulumiCli(); // A missing CLI fails here, with how to install it, before any engine exists.
  const concurrency = deployConcurrency(strategy, nodes);
  const harness = await deployTestEngine(concurrency === undefined ? {} : { concurrency });
  // run-all's time limit ends this process with SIGTERM: take the Pulumi processes and the data directory with it.
  const onSignal = (signal: NodeJS.Signals) => {
    for (const pid of leftovers(harness.dataDir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    rmSync(harness.dataDir, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  let outcome: CaseOutcome;
  let left: number[] = [];
  try {
    // One node of each component, so each version is compiled (once per version and data directory,
    // see program-compiler.ts) before the timed deploy, which measures what every deploy costs.
    const warmup = await deployAndDestroy(harness, 'warmup', 2);
    const { deploy, destroy, values } = await deployAndDestroy(harness, TOPOLOGY, nodes);
    outcome = {
      count: nodes,
      ms: deploy.ms,
      cpuMs: deploy.cpuMs,
      digest: digest(values),
      checks: [`${nodes} created, objects as recorded`, `${nodes} destroyed, nothing left`],
      parts: parts(deploy, destroy, warmup.deploy.ms),
    };
  } finally {
    // Off before the engine's disposal, which checks that nothing the case added (signal handlers too) is left.
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    try {
      await harness.dispose();
    } finally {
      rmSync(harness.dataDir, { recursive: true, force: true });
      left = leftovers(harness.dataDir);
      await killAll(left);
    }
  }
  if (left.length > 0)
    throw new Error(`the engine left ${left.length} processes running after it was disposed (killed now): ${left.join(', ')}`);
  return outcome;
}
