import { NimbusError } from '../errors.js';
import type { ServerClient } from '../remote/server-client.js';
import type { LeaseDraw, LeaseDrawPort } from '../store/ports/sync-records.js';
import type { LeaseUse } from './lease-service.js';

/** The most uses one confirmation carries (the contract's limit). */
const USES_PER_CALL = 1000;

/** What one round of confirmation did. */
export interface ConfirmationReport {
  confirmed: number;
  refused: number;
}

/** The session whose draws are confirmed: the server, the tenant, and the client of it. */
export interface ConfirmingSession {
  url: string;
  tenant: string;
  client: Pick<ServerClient, 'call'>;
}

const useOf = (draw: LeaseDraw): LeaseUse =>
  draw.kind === 'address'
    ? { kind: 'address', pool: draw.pool, value: draw.value, owner: draw.owner }
    : { kind: 'name', name: draw.value, owner: draw.owner };

/**
 * Confirms every provisional draw of the session's server and tenant with the server, lease by
 * lease: a confirmed (or reserved) value is the node's from now on; a refused one is recorded with
 * the server's reason, so the node draws again (or is resolved online) and the user is told which
 * value changed and why. A lease the server no longer knows refuses all of its draws. Failing to reach
 * the server rejects, leaving the rest provisional for the next round; confirming twice is harmless
 * (the server answers `already_confirmed`).
 */
export async function confirmDraws(draws: LeaseDrawPort, session: ConfirmingSession, now = () => new Date()): Promise<ConfirmationReport> {
  const report: ConfirmationReport = { confirmed: 0, refused: 0 };
  const provisional = await draws.list({ serverUrl: session.url, serverTenant: session.tenant, statuses: ['provisional'] });
  const byLease = new Map<string, LeaseDraw[]>();
  for (const draw of provisional) byLease.set(draw.lease, [...(byLease.get(draw.lease) ?? []), draw]);
  for (const [lease, leaseDraws] of byLease) {
    for (let start = 0; start < leaseDraws.length; start += USES_PER_CALL) {
      const batch = leaseDraws.slice(start, start + USES_PER_CALL);
      let outcomes;
      try {
        outcomes = await session.client.call('confirmLeaseUses', { id: lease, uses: batch.map(useOf) });
      } catch (error) {
        if (!(error instanceof NimbusError) || error.code !== 'not_found') throw error;
        for (const draw of batch) {
          if (await draws.settle(draw.id, 'refused', 'refused', `the server no longer knows lease ${lease}`, now().toISOString()))
            report.refused += 1;
        }
        continue;
      }
      for (const [index, draw] of batch.entries()) {
        const outcome = outcomes[index];
        if (!outcome) continue;
        const refused = outcome.outcome === 'refused';
        const settled = await draws.settle(
          draw.id,
          refused ? 'refused' : 'confirmed',
          outcome.outcome,
          outcome.reason ?? null,
          now().toISOString(),
        );
        if (settled) report[refused ? 'refused' : 'confirmed'] += 1;
      }
    }
  }
  return report;
}
