import { z } from 'zod';
import { ResolvedValueSchema, TopologyResolutionSchema } from './catalog.js';
import { EntityId, Timestamp } from './common.js';
import { WireErrorSchema } from './jobs.js';
import { TopologyDocumentSchema } from './topology.js';

export const DeploymentStatusSchema = z.enum(['pending', 'deploying', 'deployed', 'failed', 'destroying', 'destroyed', 'upgrading']);
export type DeploymentStatus = z.infer<typeof DeploymentStatusSchema>;

/** One deployed component: pinned version, the resolved parameters it was deployed with, its outputs. */
export const DeploymentSchema = z.object({
  id: EntityId,
  environment: z.string(),
  topology: z.string(),
  nodeId: z.string(),
  label: z.string(),
  component: z.string(),
  version: z.number().int().positive(),
  provider: z.string(),
  semanticType: z.string(),
  stackName: z.string(),
  status: DeploymentStatusSchema,
  /** Snapshot of the resolved parameters; secrets appear as `secret://` references. */
  values: z.record(z.string(), ResolvedValueSchema),
  outputs: z.record(z.string(), z.unknown()),
  error: WireErrorSchema.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  deployedAt: Timestamp.nullable(),
  /** The latest drift check found the real objects differ from the record (and nothing repaired or accepted it since). */
  drifted: z.boolean(),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

export const JournalEntrySchema = z.object({
  id: z.number().int(),
  operation: z.string(),
  jobId: z.string().nullable(),
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  outcome: z.string().nullable(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

export const CmdbItemSchema = z.object({
  id: EntityId,
  deploymentId: EntityId,
  environment: z.string(),
  name: z.string(),
  semanticType: z.string(),
  provider: z.string(),
  providerId: z.string().nullable(),
  urn: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  status: z.enum(['active', 'decommissioned']),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  decommissionedAt: Timestamp.nullable(),
});
export type CmdbItem = z.infer<typeof CmdbItemSchema>;

export const CmdbRelationshipSchema = z.object({
  source: EntityId,
  target: EntityId,
  kind: z.string(),
  detail: z.string(),
});
export type CmdbRelationship = z.infer<typeof CmdbRelationshipSchema>;

export const DriftEntrySchema = z.object({
  urn: z.string(),
  type: z.string(),
  change: z.enum(['modified', 'deleted']),
  properties: z.array(z.object({ name: z.string(), expected: z.unknown(), actual: z.unknown() })),
});
export type DriftEntry = z.infer<typeof DriftEntrySchema>;

/**
 * What a drift record marks in a deployment's history: a row is written only when the state changes
 * (drift found, drift changed, back in sync) or when drift was repaired or accepted; checks that find
 * the same again are counted on the row instead.
 */
export const DriftChangeSchema = z.enum(['in-sync', 'drift-found', 'drift-changed', 'back-in-sync', 'repaired', 'accepted']);
export type DriftChange = z.infer<typeof DriftChangeSchema>;

export const DriftRecordSchema = z.object({
  id: z.number().int(),
  deploymentId: EntityId,
  jobId: z.string().nullable(),
  /** When this state was first seen. */
  checkedAt: Timestamp,
  /** When a check last saw it (equal to `checkedAt` for a state seen once). */
  lastCheckedAt: Timestamp,
  /** How many checks saw this state. */
  checks: z.number().int().positive(),
  change: DriftChangeSchema,
  /** What a repair or accept did, in words (null for plain checks). */
  note: z.string().nullable(),
  drifted: z.boolean(),
  entries: z.array(DriftEntrySchema),
});
export type DriftRecord = z.infer<typeof DriftRecordSchema>;

export const DeploymentDetailSchema = z.object({
  deployment: DeploymentSchema,
  journal: z.array(JournalEntrySchema),
  cmdb: z.array(CmdbItemSchema),
  drift: z.array(DriftRecordSchema),
});
export type DeploymentDetail = z.infer<typeof DeploymentDetailSchema>;

/** What deploying a topology would do to one node, decided before anything runs. */
export const NodeActionSchema = z.enum(['create', 'update', 'unchanged', 'delete']);
export type NodeAction = z.infer<typeof NodeActionSchema>;

export const PlannedStepSchema = z.object({ urn: z.string(), type: z.string(), op: z.string(), diffs: z.array(z.string()) });

export const NodePlanSchema = z.object({
  nodeId: z.string(),
  label: z.string(),
  component: z.string(),
  action: NodeActionSchema,
  deploymentId: z.string().nullable(),
  /** Parameters whose value differs from the deployed snapshot (update) or every parameter (create). */
  changes: z.array(
    z.object({
      name: z.string(),
      from: z.unknown(),
      to: z.unknown(),
      /** The new value is known only after deploy (`to` is null then); see engine/common/preview-value.ts. */
      pending: z.boolean().optional(),
    }),
  ),
  /** Pulumi's own preview of the node, when every input is known before deploy. */
  pulumi: z.object({ steps: z.array(PlannedStepSchema), changes: z.record(z.string(), z.number()) }).nullable(),
  note: z.string().nullable(),
});
export type NodePlan = z.infer<typeof NodePlanSchema>;

export const DeploymentPlanSchema = z.object({
  topology: z.string(),
  environment: z.string(),
  resolution: TopologyResolutionSchema,
  nodes: z.array(NodePlanSchema),
  summary: z.record(NodeActionSchema, z.number().int().nonnegative()),
});
export type DeploymentPlan = z.infer<typeof DeploymentPlanSchema>;

export const NodeOutcomeSchema = z.enum(['created', 'updated', 'unchanged', 'destroyed', 'refreshed', 'failed', 'skipped', 'cancelled']);
export type NodeOutcome = z.infer<typeof NodeOutcomeSchema>;

/** The result of a topology job: every node's outcome, so a partial failure is reported whole. */
export const DeploymentRunSchema = z.object({
  topology: z.string(),
  environment: z.string(),
  operation: z.enum(['deploy', 'destroy', 'refresh', 'upgrade']),
  succeeded: z.boolean(),
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      label: z.string(),
      deploymentId: z.string().nullable(),
      outcome: NodeOutcomeSchema,
      error: WireErrorSchema.nullable(),
      outputs: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type DeploymentRun = z.infer<typeof DeploymentRunSchema>;

/** Which topology a deploy job acts on: a saved one, or a document with its name (files, CLI). */
export const TopologyTargetSchema = z
  .object({
    environment: z.string().min(1).max(200),
    topologyId: EntityId.optional(),
    name: z.string().min(1).max(200).optional(),
    document: TopologyDocumentSchema.optional(),
  })
  .strict()
  .refine((input) => input.topologyId !== undefined || (input.name !== undefined && input.document !== undefined), {
    message: 'give topologyId, or name and document',
  });
export type TopologyTarget = z.infer<typeof TopologyTargetSchema>;

/** The result of a drift check job: per deployment whether it drifted (null: the check failed) and how. */
export const DriftCheckResultSchema = z.object({
  checked: z.number().int().nonnegative(),
  drifted: z.number().int().nonnegative(),
  results: z.array(
    z.object({
      deploymentId: EntityId,
      label: z.string(),
      drifted: z.boolean().nullable(),
      error: z.string().optional(),
      entries: z.array(DriftEntrySchema),
    }),
  ),
});
export type DriftCheckResult = z.infer<typeof DriftCheckResultSchema>;

/** The result of a repair or accept job: what was done, and the drift check that followed it. */
export const DriftResolutionResultSchema = z.object({
  deploymentId: EntityId,
  label: z.string(),
  action: z.enum(['repair', 'accept']),
  /** Parameters whose actual value was taken into the record (accept). */
  accepted: z.array(z.object({ name: z.string(), from: z.unknown(), to: z.unknown() })),
  /** Whether the check after the deploy still found drift. */
  drifted: z.boolean(),
  record: DriftRecordSchema,
});
export type DriftResolutionResult = z.infer<typeof DriftResolutionResultSchema>;
