import { NimbusError } from '../errors.js';
import type { ServerClient } from '../remote/server-client.js';
import type { LeaseDraw, LeaseDrawPort } from '../store/ports/sync-records.js';
import { UNSAVED_TOPOLOGY } from './draw-owner.js';

/** The permission releasing an address on the server needs. */
const RELEASE_PERMISSION = 'resolver:config:manage';

/** Failures that mean the server cannot answer now: the draw is kept and released at the next plan or sync. */
const PASSING: ReadonlySet<string> = new Set(['server_unreachable', 'service_unavailable', 'rate_limited', 'connection_lost']);

/** What releasing the draws of gone nodes did. */
export interface DrawRelease {
  /** Draws forgotten on this desktop. */
  released: number;
  /** Confirmed addresses released on the server. */
  onServer: number;
  /** Confirmed values the server still holds for a gone node (a name, or an address this user may not release). */
  leftOnServer: string[];
}

/**
 * The draws of a saved `topology` whose node is not among `nodes`, or all of them when `nodes` is
 * undefined (the topology is gone). Never draws of unsaved documents: they all share one topology id,
 * so one document's plan says nothing of another's nodes. Refused draws hold nothing and stay as the
 * record of what changed.
 */
export function drawsOfGoneNodes(draws: readonly LeaseDraw[], topology: string, nodes: ReadonlySet<string> | undefined): LeaseDraw[] {
  if (topology === UNSAVED_TOPOLOGY) return [];
  return draws.filter((draw) => draw.topology === topology && draw.status !== 'refused' && !nodes?.has(draw.node));
}

/**
 * Releases the draws of nodes (or topologies) that are gone. A provisional draw is forgotten: its value
 * stays in the lease, free for another node of this desktop, and is never confirmed for a node that is
 * gone. A confirmed draw is its node's on the server: with `server`, an address still held by that
 * node is released there (`releaseIp`, when the user may release addresses), and the draw forgotten;
 * without it (offline) confirmed draws wait for the next plan or sync made online. A confirmed name
 * stays held on the server (no method gives a name back), and is reported in `leftOnServer`.
 */
export async function releaseGoneDraws(
  port: LeaseDrawPort,
  gone: readonly LeaseDraw[],
  server?: { client: Pick<ServerClient, 'call'>; permissions: readonly string[] | undefined },
): Promise<DrawRelease> {
  const report: DrawRelease = { released: 0, onServer: 0, leftOnServer: [] };
  const provisional = gone.filter((draw) => draw.status === 'provisional');
  if (provisional.length > 0)
    report.released += await port.remove(
      provisional.map((draw) => draw.id),
      'provisional',
    );
  if (!server) return report;
  const confirmed = gone.filter((draw) => draw.status === 'confirmed');
  const mayRelease = server.permissions?.includes(RELEASE_PERMISSION) ?? false;
  const held = new Map<string, Map<string, { id: string; owner: string }>>();
  const allocations = async (pool: string) => {
    let byValue = held.get(pool);
    if (!byValue) {
      const live = await server.client.call('listIpamAllocations', { pool });
      byValue = new Map(live.map((allocation) => [allocation.value, { id: allocation.id, owner: allocation.owner }]));
      held.set(pool, byValue);
    }
    return byValue;
  };
  for (const draw of confirmed) {
    try {
      if (draw.kind === 'address' && mayRelease) {
        const allocation = (await allocations(draw.pool)).get(draw.value);
        // Released already, or something else holds the value now: nothing of the node's is left there.
        if (allocation?.owner === draw.owner) {
          await server.client.call('releaseIp', { id: allocation.id });
          report.onServer += 1;
        }
      } else report.leftOnServer.push(`${draw.kind} ${draw.value} (${draw.owner})`);
    } catch (error) {
      if (error instanceof NimbusError && PASSING.has(error.code)) throw error;
      if (!(error instanceof NimbusError) || error.code !== 'not_found') {
        report.leftOnServer.push(`${draw.kind} ${draw.value} (${draw.owner}: ${error instanceof Error ? error.message : String(error)})`);
      }
    }
    report.released += await port.remove([draw.id], 'confirmed');
  }
  return report;
}
