import { z } from 'zod';
import { EntityId, Timestamp } from './common.js';
import { ERROR_CODES } from '../../common/error-codes.js';

export const JobStatusSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
export type JobStatus = z.infer<typeof JobStatusSchema>;

/**
 * A failure as it crosses the API. `code` is one of the catalogue's: codes are never removed from it, so
 * errors stored by an older engine still validate.
 */
export const WireErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const JobSchema = z.object({
  id: EntityId,
  kind: z.string(),
  title: z.string(),
  status: JobStatusSchema,
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  error: WireErrorSchema.nullable(),
  result: z.unknown().nullable(),
});
export type Job = z.infer<typeof JobSchema>;

/** The topology node an event belongs to, when a job works on several. */
const NodeId = z.string().optional();

/** Where one node of a topology job is: shown as its progress row. */
export const NodeRunStatusSchema = z.enum([
  'waiting',
  'previewing',
  'deploying',
  'updating',
  'destroying',
  'refreshing',
  'succeeded',
  'unchanged',
  'failed',
  'skipped',
  'cancelled',
  'rolling-back',
]);
export type NodeRunStatus = z.infer<typeof NodeRunStatusSchema>;

const ResourceOperation = z.string().describe('Pulumi step operation: create, update, delete, same, replace, refresh, read');

/** The payload of a job event: one discriminated union for every kind of long work. */
export const JobEventBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job.started'), kind: z.string(), title: z.string() }),
  z.object({
    type: z.literal('job.log'),
    level: z.enum(['info', 'warn', 'error']),
    message: z.string(),
    nodeId: NodeId,
    /** Set on the lines where a confirm step starts waiting and where it is confirmed, so a client need not read the wording. */
    confirmation: z.object({ state: z.enum(['waiting', 'confirmed']), question: z.string() }).optional(),
  }),
  z.object({ type: z.literal('job.step'), step: z.string(), status: z.enum(['started', 'finished', 'failed']) }),
  z.object({ type: z.literal('job.progress'), done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  z.object({
    type: z.literal('node.status'),
    nodeId: z.string(),
    label: z.string(),
    status: NodeRunStatusSchema,
    message: z.string().optional(),
    outputs: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({
    type: z.literal('resource.started'),
    urn: z.string(),
    resourceType: z.string(),
    operation: ResourceOperation,
    nodeId: NodeId,
  }),
  z.object({
    type: z.literal('resource.finished'),
    urn: z.string(),
    resourceType: z.string(),
    operation: ResourceOperation,
    status: z.enum(['succeeded', 'failed']),
    nodeId: NodeId,
  }),
  z.object({
    type: z.literal('job.finished'),
    status: JobStatusSchema.exclude(['running']),
    error: WireErrorSchema.nullable(),
  }),
]);
export type JobEventBody = z.infer<typeof JobEventBodySchema>;

/** A job event as streamed: `seq` counts from 1 per job, so a client can detect gaps and resume. */
export const JobEventSchema = z.intersection(
  z.object({ jobId: EntityId, seq: z.number().int().positive(), at: Timestamp }),
  JobEventBodySchema,
);
export type JobEvent = z.infer<typeof JobEventSchema>;

export const JobWithEventsSchema = z.object({ job: JobSchema, events: z.array(JobEventSchema) });

/** The wire form of an error: a stable code, a message a person can act on, structured details. */
export type WireError = z.infer<typeof WireErrorSchema>;
