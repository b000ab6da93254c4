/**
 * A desktop's first sync with a shared server whose tenant holds 100 topologies (and deployments):
 * from signing in to the replica of the server's data being complete (`syncStatus.replica.syncedAt`),
 * with every topology, deployment and catalog entry kept for offline work. The replica walks every
 * list and the gets they imply, paced by default to stay inside the server's per-user rate limit
 * (`unpaced`: NIMBUS_REPLICA_PACE_MS=1, to show what the pacing costs). Baseline, in the same run:
 * reading the topology list and each topology once, one call after another, through the same client.
 */
import { performance } from 'node:perf_hooks';
import type { SyncStatus } from '../../engine/api/schemas/sync.js';
import type { CaseOutcome } from '../support/case-result.js';
import { digest } from '../support/measure.js';
import { call, withSharedServer } from './shared-server.js';

/** Nodes of each seeded topology. */
const NODES_PER_TOPOLOGY = 20;
/** An initial sync not done by then counts as failed. */
const GIVE_UP_MS = 10 * 60_000;

/** Runs the case with `topologies` topologies seeded; `paced` keeps the replica's default pace. */
export async function runInitialSyncCase(topologies: number, paced: boolean): Promise<CaseOutcome> {
  if (!paced) process.env.NIMBUS_REPLICA_PACE_MS = '1';
  return withSharedServer(
    async (bench) => {
      const started = performance.now();
      const desktop = await bench.desktop();
      const connectedAt = performance.now();
      let status: SyncStatus | undefined;
      while (performance.now() - started < GIVE_UP_MS) {
        status = await call<SyncStatus>(desktop, 'syncStatus', {});
        if (status.replica?.syncedAt) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const syncedAt = performance.now();
      const replica = status?.replica;
      if (!replica?.syncedAt) throw new Error(`the initial sync did not finish within ${GIVE_UP_MS / 1000} s`);

      // Baseline: the topology list and each topology, read once in a row through the same client.
      const client = desktop.link!.session()!.client;
      const baselineStarted = performance.now();
      const listed = await client.call('listTopologies', {});
      for (const summary of listed) await client.call('getTopology', { id: summary.id });
      const baselineMs = performance.now() - baselineStarted;

      return {
        count: replica.records,
        ms: syncedAt - started,
        digest: digest([replica.topologies]),
        checks: [
          `${replica.topologies} of ${topologies} topologies kept, ${replica.records} answers in all`,
          replica.lastError ? `last error: ${replica.lastError.code}` : 'no error',
        ],
        parts: { signInMs: connectedAt - started, baselineMs, topologies: replica.topologies, calls: replica.records },
      };
    },
    { topologies, nodesPerTopology: NODES_PER_TOPOLOGY, deployments: topologies },
  );
}
