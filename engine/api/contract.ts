/**
 * The one API contract between the engine and every client (renderer over Electron IPC, browser shell
 * over WebSocket, tests). Each method declares its input and output schema; the dispatcher validates
 * both on the engine side, which is the trust boundary.
 */
import { z } from 'zod';
import type { MethodName } from './methods.js';
import { DisplayName, Empty, EntityId, Revision } from './schemas/common.js';
import { ComponentCode, ComponentDraftSchema, ComponentDraftSummarySchema } from './schemas/components.js';
import { JobSchema, JobWithEventsSchema, type JobEvent } from './schemas/jobs.js';
import { PulumiStatusSchema, SettingsSchema, SystemInfoSchema, ThemePreferenceSchema } from './schemas/system.js';
import { TopologyDocumentSchema, TopologySchema, TopologySummarySchema } from './schemas/topology.js';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for `--help` style listings and the generated docs. */
  summary: string;
}

const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): MethodSpec<I, O> => ({
  input,
  output,
  summary,
});

const ById = z.object({ id: EntityId }).strict();

export const contract = {
  getSystemInfo: method(Empty, SystemInfoSchema, 'Version, backend and schema version of the running engine'),
  getSettings: method(Empty, SettingsSchema, 'User settings'),
  updateSettings: method(z.object({ theme: ThemePreferenceSchema.optional() }).strict(), SettingsSchema, 'Change user settings'),

  listTopologies: method(Empty, z.array(TopologySummarySchema), 'Topologies, most recently changed first'),
  getTopology: method(ById, TopologySchema, 'One topology with its document'),
  createTopology: method(
    z.object({ name: DisplayName, document: TopologyDocumentSchema.optional() }).strict(),
    TopologySchema,
    'Create a topology (empty unless a document is given)',
  ),
  saveTopology: method(
    z.object({ id: EntityId, expectedRevision: Revision, name: DisplayName.optional(), document: TopologyDocumentSchema }).strict(),
    TopologySchema,
    'Save a topology; refused when it was changed since expectedRevision',
  ),
  deleteTopology: method(ById, z.object({ id: EntityId, deleted: z.literal(true) }), 'Delete (soft) a topology'),

  listComponentDrafts: method(Empty, z.array(ComponentDraftSummarySchema), 'Component drafts'),
  getComponentDraft: method(ById, ComponentDraftSchema, 'One component draft with its code'),
  createComponentDraft: method(
    z.object({ name: DisplayName, code: ComponentCode.optional() }).strict(),
    ComponentDraftSchema,
    'Create a component draft',
  ),
  saveComponentDraft: method(
    z.object({ id: EntityId, expectedRevision: Revision, code: ComponentCode }).strict(),
    ComponentDraftSchema,
    'Save a component draft; refused when it was changed since expectedRevision',
  ),

  getPulumiStatus: method(Empty, PulumiStatusSchema, 'Where the Pulumi CLI is and which version it is'),
  startPulumiCheck: method(Empty, z.object({ jobId: EntityId }), 'Job: preview, up and destroy a tiny program on this machine'),

  listJobs: method(Empty, z.array(JobSchema), 'Jobs, newest first'),
  getJob: method(ById, JobWithEventsSchema, 'One job with every event it emitted'),
  cancelJob: method(ById, JobSchema, 'Ask a running job to stop; it finishes as cancelled'),
} satisfies Record<MethodName, MethodSpec>;

export type Contract = typeof contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

/** What a client calls: one async function per method, plus a job event subscription. */
export type NimbusMethods = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

export interface NimbusApi extends NimbusMethods {
  /** Receives every job event; returns the function that unsubscribes. */
  onJobEvent(listener: (event: JobEvent) => void): () => void;
}

export type { MethodName } from './methods.js';
export type { JobEvent, Job, JobStatus } from './schemas/jobs.js';
export type { Topology, TopologyDocument, TopologyNode, TopologyWire, TopologySummary } from './schemas/topology.js';
export type { ComponentDraft, ComponentDraftSummary } from './schemas/components.js';
export type { SystemInfo, Settings, PulumiStatus, Backend } from './schemas/system.js';
export type { WireError } from './schemas/jobs.js';
