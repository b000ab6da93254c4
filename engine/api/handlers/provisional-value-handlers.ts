import { NimbusError } from '../../errors.js';
import type { LeaseDraw, LeaseDrawPort } from '../../store/ports/sync-records.js';
import type { Handlers } from '../dispatcher.js';
import type { ProvisionalValue } from '../schemas/sync.js';

/** How many values are listed unless asked otherwise. */
const DEFAULT_LIMIT = 500;

/** The slot a draw fills: one node input of one topology in one environment, on one server and tenant. */
const slotOf = (draw: LeaseDraw): string =>
  [draw.serverUrl, draw.serverTenant, draw.environment, draw.topology, draw.node, draw.field].join('\u0000');

/**
 * The values this desktop drew offline from its leases, newest first, each refused one with what the
 * node drew in its place since. A shared server draws nothing: there it answers `local_only`.
 */
export function provisionalValueHandlers(draws: LeaseDrawPort | undefined): Pick<Handlers, 'listProvisionalValues'> {
  return {
    listProvisionalValues: async ({ status, limit }) => {
      if (!draws)
        throw new NimbusError(
          'local_only',
          'Values drawn offline belong to a desktop (or nimbus serve) with its own data directory; a shared server has none',
        );
      const all = await draws.list();
      const live = new Map(all.filter((draw) => draw.status !== 'refused').map((draw) => [slotOf(draw), draw]));
      const views: ProvisionalValue[] = all.map((draw) => {
        const instead = draw.status === 'refused' ? live.get(slotOf(draw)) : undefined;
        return {
          id: draw.id,
          serverUrl: draw.serverUrl,
          environment: draw.environment,
          topology: draw.topology,
          node: draw.node,
          label: draw.label,
          field: draw.field,
          kind: draw.kind,
          pool: draw.pool,
          value: draw.value,
          lease: draw.lease,
          expiresAt: draw.expiresAt,
          status: draw.status,
          outcome: draw.outcome,
          reason: draw.reason,
          drawnAt: draw.drawnAt,
          settledAt: draw.settledAt,
          replacedBy: instead && instead.drawnAt >= draw.drawnAt ? instead.value : null,
        };
      });
      return views
        .filter((view) => !status || status.includes(view.status))
        .reverse()
        .slice(0, limit ?? DEFAULT_LIMIT);
    },
  };
}
