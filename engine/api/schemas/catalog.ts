import { z } from 'zod';
import { EntityId, Timestamp } from './common.js';
import { DraftSyncInfoSchema } from './draft-documents.js';

const Json = z.record(z.string(), z.unknown());

export const SemanticCatalogSchema = z.object({
  providers: z.array(z.string()),
  categories: z.array(z.object({ id: z.string(), name: z.string() })),
  types: z.array(z.object({ id: z.string(), category: z.string(), description: z.string(), providers: z.record(z.string(), z.string()) })),
});

export const ComponentContentSchema = z.object({
  description: z.string(),
  code: z.string(),
  inputSchema: Json,
  outputSchema: Json,
  resolverBindings: Json,
  secretInputs: z.array(z.string()),
  upgrade: z
    .object({
      renameInputs: z.record(z.string(), z.string()),
      removeInputs: z.array(z.string()),
      setInputs: z.record(z.string(), z.unknown()),
    })
    .optional(),
});

export const ComponentSummarySchema = z.object({
  id: EntityId,
  name: z.string(),
  provider: z.string(),
  semanticType: z.string(),
  category: z.string(),
  tenant: z.string().nullable(),
  system: z.boolean(),
  description: z.string(),
  latestVersion: z.number().int().nullable(),
  draftRevision: z.number().int(),
});
export type ComponentSummary = z.infer<typeof ComponentSummarySchema>;

export const ComponentVersionInfoSchema = z.object({
  version: z.number().int(),
  changelog: z.string(),
  publishedAt: Timestamp,
  publishedBy: z.string(),
});

export const ComponentDetailSchema = ComponentSummarySchema.extend({
  draft: ComponentContentSchema,
  versions: z.array(ComponentVersionInfoSchema),
  /** The draft's shared document: conflicts, unsent edits (absent on a desktop's own catalog). */
  draftSync: DraftSyncInfoSchema.optional(),
});
export type ComponentDetail = z.infer<typeof ComponentDetailSchema>;

const Change = z.enum(['added', 'removed', 'changed']);
export const ComponentDiffSchema = z.object({
  from: z.union([z.number().int(), z.literal('draft')]),
  to: z.union([z.number().int(), z.literal('draft')]),
  contract: z.array(z.object({ contract: z.enum(['input', 'output']), property: z.string(), change: Change })),
  bindings: z.array(z.object({ input: z.string(), change: Change })),
  code: z.array(z.object({ op: z.enum(['equal', 'remove', 'add']), lines: z.array(z.string()) })),
});

export const ResolverConfigInputSchema = z.record(z.string(), z.unknown());

/** Default parameters of a template's mandatory components: component name → parameter → JSON value. */
export const ComponentDefaultsOutputSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

export const LandingZoneSchema = z.object({
  id: EntityId,
  name: z.string(),
  provider: z.string(),
  description: z.string(),
  resolverConfig: Json,
  templates: z.array(
    z.object({
      id: EntityId,
      name: z.string(),
      mandatoryComponents: z.array(z.string()),
      resolverOverrides: Json,
      componentDefaults: ComponentDefaultsOutputSchema,
    }),
  ),
  /** Moves on with every edit; an edit may name the one it was made from. */
  updatedAt: z.string(),
});

export const EnvironmentSchema = z.object({
  id: EntityId,
  name: z.string(),
  landingZone: z.string(),
  provider: z.string(),
  template: z.string().nullable(),
  resolverOverrides: Json,
  effective: z.object({ config: Json, sources: z.record(z.string(), z.string()) }),
  mandatoryComponents: z.array(z.string()),
  /** The template's default parameters of its mandatory components: component → parameter → JSON value. */
  componentDefaults: ComponentDefaultsOutputSchema,
  /** Moves on with every edit; an edit may name the one it was made from. */
  updatedAt: z.string(),
  // Landing-zone bootstrap and environment provisioning: where provisioning stands. Absent (an older
  // server's answer, or one kept from before) reads as active, which every environment was then.
  status: z.enum(['provisioning', 'active', 'failed']).optional(),
  statusReason: z.string().nullable().optional(),
  provisioningJobId: EntityId.nullable().optional(),
  /** The landing zone whose system services this environment holds; null for an environment people deploy into. */
  systemOf: z.string().nullable().optional(),
});

export const IpamPoolSchema = z.object({
  id: EntityId,
  scope: z.string(),
  name: z.string(),
  cidr: z.string(),
  family: z.union([z.literal(4), z.literal(6)]),
  gateway: z.string().nullable(),
  parentId: z.string().nullable(),
  size: z.string(),
  used: z.string(),
  utilisation: z.number(),
});

export const IpamAllocationSchema = z.object({
  id: EntityId,
  poolId: EntityId,
  kind: z.enum(['address', 'subnet', 'child_pool']),
  value: z.string(),
  owner: z.string(),
  createdAt: Timestamp,
});

const GovernanceConstraintSchema = z.object({
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  enum: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  pattern: z.string().optional(),
});

export const GovernancePolicyOutputSchema = z.object({
  allow: z.array(z.string()).optional(),
  deny: z.array(z.string()),
  constraints: z.record(z.string(), z.record(z.string(), GovernanceConstraintSchema)),
  maxInstances: z.record(z.string(), z.number()),
});

export const ResolvedValueSchema = z.object({
  value: z.unknown(),
  source: z.enum(['default', 'user', 'wire', 'resolver', 'constraint', 'drift-accepted']),
  pending: z.boolean().optional(),
  detail: z.string().optional(),
  /** For a `drift-accepted` value: the value it replaced (see ResolvedValue). */
  replaced: z.unknown().optional(),
  /** Drawn offline from this desktop's lease: the server confirms it on sync, or it is resolved again. */
  provisional: z.object({ lease: z.string(), expiresAt: z.string() }).optional(),
});

export const FieldIssueSchema = z.object({ path: z.string(), message: z.string() });

export const TopologyResolutionSchema = z.object({
  mode: z.enum(['preview', 'commit']),
  environment: z.string(),
  groups: z.array(z.array(z.string())),
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      label: z.string(),
      component: z.string(),
      status: z.enum(['valid', 'invalid']),
      values: z.record(z.string(), ResolvedValueSchema),
      issues: z.array(FieldIssueSchema),
    }),
  ),
  issues: z.array(FieldIssueSchema),
  valid: z.boolean(),
});
export type TopologyResolution = z.infer<typeof TopologyResolutionSchema>;
