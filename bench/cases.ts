import { runDeployCase } from './deploy/deploy-cases.js';
import { runExecutorCase } from './executor/executor-cases.js';
import { runSingleStackCase } from './deploy/single-stack.js';
import { runIpamCase, type IpamStrategy } from './ipam/ipam-cases.js';
import { runPlanCase, runSortCase, type PlanStrategy } from './plan/plan-cases.js';
import { runPlannerCase } from './planner/planner-cases.js';
import { runServerCase } from './server/server-cases.js';
import { runSyncCase } from './sync/sync-cases.js';
import { runLiveEditCase } from './sync/live-edit-cases.js';
import { runInitialSyncCase } from './sync/initial-sync-cases.js';
import type { CaseOutcome } from './support/case-result.js';

/**
 * Case ids are `family:strategy:size`, e.g. `ipam:batch:10000`, `plan:engine:1000` or
 * `deploy:serial:8` (`deploy:single:8` is the same resources as one hand-written Pulumi stack) or `executor:uneven:10`
 * or `server:postgres-2:50` (HTTP load with 50 clients) or `sync:automerge:1000` (three CRDT replicas merged) or `sync:live:1000` (a live edit between two desktops through a shared server) or `sync:initial:100` (a desktop's first sync of a tenant with 100 topologies); run-all starts one process per id so each gets its own peak RSS and a clean heap.
 * Deploy cases run real Pulumi operations, and `planner:canvas:N` drives the planner in Chromium,
 * so both are asynchronous.
 */
export function runCase(id: string): CaseOutcome | Promise<CaseOutcome> {
  const [family, strategy, sizeText] = id.split(':');
  const size = Number(sizeText);
  if (!Number.isInteger(size) || size <= 0) throw new Error(`case ${id}: the size must be a positive integer`);
  switch (family) {
    case 'ipam':
      if (strategy === 'batch' || strategy === 'per-call' || strategy === 'full-scan')
        return runIpamCase(strategy satisfies IpamStrategy, size);
      break;
    case 'plan':
      if (strategy === 'engine' || strategy === 'naive') return runPlanCase(strategy satisfies PlanStrategy, size);
      break;
    case 'sort':
      if (strategy === 'plan-groups' || strategy === 'quadratic') return runSortCase(strategy, size);
      break;
    case 'deploy':
      if (strategy === 'serial' || strategy === 'default' || strategy === 'parallel') return runDeployCase(strategy, size);
      if (strategy === 'single') return runSingleStackCase(size);
      break;
    case 'planner':
      if (strategy === 'canvas') return runPlannerCase(size);
      break;
    case 'executor':
      if (strategy === 'uneven') return runExecutorCase(size);
      break;
    case 'sync':
      if (strategy === 'automerge' || strategy === 'yjs') return runSyncCase(strategy, size);
      if (strategy === 'live') return runLiveEditCase(size);
      if (strategy === 'initial' || strategy === 'initial-unpaced') return runInitialSyncCase(size, strategy === 'initial');
      break;
    case 'server':
      if (strategy === 'sqlite' || strategy === 'postgres-1' || strategy === 'postgres-2') return runServerCase(strategy);
      break;
  }
  throw new Error(`unknown case ${JSON.stringify(id)}`);
}
