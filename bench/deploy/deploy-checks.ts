import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DeploymentRun } from '../../engine/api/schemas/deployments.js';
import type { Job } from '../../engine/api/schemas/jobs.js';
import type { TopologyDocument } from '../../engine/api/schemas/topology.js';
import type { DeployTestEngine } from '../../engine/deploy/deploy-test-support.js';
import { DISK_SIZE_MB } from './independent-topology.js';

/** The environment and IPAM pool deployTestEngine sets up. */
export const ENVIRONMENT = 'dev';
const POOL = 'lab';
/** Where the local provider keeps each kind of object, under the environment's local root. */
const AREAS = { 'local-storage': 'disks', 'local-network': 'networks' } as const;

/** The job's run, when the job succeeded and every one of `count` nodes has `outcome`; otherwise throws what went wrong. */
export function requireRun(job: Job, what: string, outcome: 'created' | 'destroyed', count: number): DeploymentRun {
  const run = job.result as DeploymentRun | null;
  const wrong = (run?.nodes ?? []).filter((node) => node.outcome !== outcome);
  if (job.status === 'succeeded' && !job.error && run?.nodes.length === count && wrong.length === 0) return run;
  const nodes = wrong.map((node) => `${node.nodeId} ${node.outcome}${node.error ? `: ${node.error.message}` : ''}`).join('; ');
  throw new Error(
    `${what}: job ${job.status}${job.error ? ` (${job.error.code}: ${job.error.message})` : ''}, ${run?.nodes.length ?? 0} of ${count} nodes reported${nodes ? `: ${nodes}` : ''}`,
  );
}

/**
 * Checks that every node of `document` is recorded as deployed and that its real object exists as
 * recorded: each disk a file of the requested size, each network a network.json with the CIDR IPAM
 * allocated. Returns the resolved values per node (name, and CIDR for networks) in document order.
 */
export async function checkDeployed(harness: DeployTestEngine, topology: string, document: TopologyDocument): Promise<unknown[]> {
  const records = await harness.call('listDeployments', { environment: ENVIRONMENT, topology });
  return document.nodes.map((node) => {
    const record = records.find((r) => r.nodeId === node.id);
    if (record?.status !== 'deployed') throw new Error(`${topology}/${node.id}: recorded as ${record?.status ?? 'missing'}, not deployed`);
    const name = record.values.name?.value;
    if (record.component === 'local-storage') {
      const size = statSync(String(record.outputs.path)).size;
      if (size !== DISK_SIZE_MB * 1024 * 1024)
        throw new Error(`${topology}/${node.id}: disk image ${String(record.outputs.path)} has ${size} bytes`);
      return [node.id, name];
    }
    const cidr = record.values.cidr?.value;
    const file = JSON.parse(readFileSync(path.join(String(record.outputs.path), 'network.json'), 'utf8')) as { cidr?: unknown };
    if (file.cidr !== cidr)
      throw new Error(`${topology}/${node.id}: network.json has CIDR ${String(file.cidr)}, the record ${String(cidr)}`);
    return [node.id, name, cidr];
  });
}

/** Checks that nothing is deployed in the environment any more: no records, no objects, no IPAM allocations. */
export async function checkGone(harness: DeployTestEngine): Promise<void> {
  const live = await harness.call('listDeployments', { environment: ENVIRONMENT });
  if (live.length > 0)
    throw new Error(`after destroy, ${live.length} deployments are still live, e.g. ${live[0]!.nodeId} (${live[0]!.status})`);
  for (const area of Object.values(AREAS)) {
    const dir = path.join(harness.localRoot, area);
    const left = existsSync(dir) ? readdirSync(dir) : [];
    if (left.length > 0) throw new Error(`after destroy, ${dir} still holds ${left.join(', ')}`);
  }
  const allocations = await harness.engine.services.ipam.listAllocations({ pool: POOL });
  if (allocations.length > 0) throw new Error(`after destroy, ${allocations.length} IPAM allocations are still held`);
}
