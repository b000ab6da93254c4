/**
 * Recovery of creates a killed Pulumi CLI never recorded the end of. Such a create may have made the
 * real object (the provider plugin outlives the CLI), yet the state knows nothing of it, and dropping
 * the pending operation (`refresh --clear-pending-creates`) would leak it. Instead each pending create
 * is adopted as a resource with a placeholder id and its inputs as its outputs; the refresh that
 * follows asks the provider to read it: an object that exists is recorded as it really is (and can be
 * destroyed), one that was never made reads as gone and leaves the state.
 */
import { parseOrThrow } from '../api/validate.js';
import { z } from 'zod';

const PendingCreate = z.looseObject({
  type: z.literal('creating'),
  resource: z.looseObject({ urn: z.string(), custom: z.boolean().optional(), inputs: z.record(z.string(), z.unknown()).optional() }),
});
const Pending = z.looseObject({ type: z.string(), resource: z.looseObject({ urn: z.string() }) });
const State = z.looseObject({
  version: z.number(),
  deployment: z.looseObject({
    resources: z.array(z.looseObject({ urn: z.string() })).nullish(),
    pending_operations: z.array(Pending).nullish(),
  }),
});

/** The id a recovered create is recorded under until the provider's read reports the real one. */
export const ADOPTED_ID_PREFIX = 'nimbus-recovered-';

/** Moves pending creates of custom resources into the state's resources; returns the new state and the URNs adopted. */
export function adoptPendingCreates(state: unknown): { state: unknown; adopted: string[] } {
  const parsed = parseOrThrow(State, state, 'Pulumi stack state');
  const pending = parsed.deployment.pending_operations ?? [];
  const adopted: string[] = [];
  const kept: typeof pending = [];
  const resources = [...(parsed.deployment.resources ?? [])];
  pending.forEach((operation, index) => {
    const create = PendingCreate.safeParse(operation);
    if (
      !create.success ||
      create.data.resource.custom === false ||
      resources.some((resource) => resource.urn === create.data.resource.urn)
    ) {
      kept.push(operation);
      return;
    }
    const inputs = create.data.resource.inputs ?? {};
    resources.push({ ...create.data.resource, id: `${ADOPTED_ID_PREFIX}${index}`, inputs, outputs: inputs });
    adopted.push(create.data.resource.urn);
  });
  return { state: { ...parsed, deployment: { ...parsed.deployment, resources, pending_operations: kept } }, adopted };
}
