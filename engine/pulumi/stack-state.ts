/**
 * A stack's exported state (`pulumi stack export`, format version 3) seen as plain data: a summary the
 * UI can show before and after recovery, and the sanity check that guards an import. The CLI accepts
 * `{ version: 3, deployment: {} }` as a valid state and replaces the stack's resources with nothing,
 * orphaning every real object, so anything not shaped like an export is refused before it gets there.
 */
import { z } from 'zod';
import { parseOrThrow } from '../api/validate.js';

/** What is in an exported state, in numbers a person can check. */
export interface StackStateSummary {
  /** Every resource in the state, Pulumi's own count (the stack root and provider instances included). */
  resourceCount: number;
  /**
   * Operations the CLI started but never recorded the end of (a killed update): `creating` may have
   * left a real object the state does not know, `deleting`/`updating` an object in an unknown shape.
   */
  pendingOperations: { type: string; urn: string }[];
}

/** An exported state with its summary alongside. */
export interface ExportedStackState extends StackStateSummary {
  /**
   * The deployment as `pulumi stack export` prints it (`{ version, deployment }`), the input of an
   * import. Secrets are in plaintext (the Automation API always exports with `--show-secrets`): keep
   * it as carefully as the passphrase.
   */
  state: unknown;
}

const ResourceSchema = z.looseObject({ urn: z.string().min(1), type: z.string().min(1) });
const PendingSchema = z.looseObject({ type: z.string(), resource: z.looseObject({ urn: z.string() }) });

const DeploymentSchema = z.looseObject({
  resources: z.array(ResourceSchema).nullish(),
  pending_operations: z.array(PendingSchema).nullish(),
});

/** The parts of an export the summary reads; everything else passes through untouched. */
const SummarySchema = z.looseObject({ version: z.number().int().positive(), deployment: DeploymentSchema });

/** What an import must look like: every export the CLI prints has a manifest. */
const StackStateSchema = z.looseObject({
  version: z.number().int().positive(),
  deployment: DeploymentSchema.extend({ manifest: z.looseObject({}) }),
});

/** Throws a ValidationError unless `state` is shaped like what `pulumi stack export` prints. */
export function checkStackState(state: unknown): void {
  parseOrThrow(StackStateSchema, state, 'Pulumi stack state');
}

/** Counts the resources and lists the pending operations of an exported state. */
export function summarizeStackState(state: unknown): StackStateSummary {
  const { deployment } = parseOrThrow(SummarySchema, state, 'Pulumi stack state');
  return {
    resourceCount: deployment.resources?.length ?? 0,
    pendingOperations: (deployment.pending_operations ?? []).map((pending) => ({ type: pending.type, urn: pending.resource.urn })),
  };
}
