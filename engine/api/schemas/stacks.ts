import { z } from 'zod';
import { EntityId, Timestamp } from './common.js';
import { DraftSyncInfoSchema } from './draft-documents.js';
import {
  STACK_IDENTIFIER_PATTERN,
  STACK_KEY_MAX_LENGTH,
  TRANSITION_TIMEOUT_MAX_SECONDS,
  TRIGGER_NAME_MAX_LENGTH,
  TRIGGER_NAME_PATTERN,
} from '../../common/identifiers.js';

/** Lowercase identifiers used inside a stack document (slot, state, operation names). */
const Identifier = z
  .string()
  .regex(STACK_IDENTIFIER_PATTERN, 'must be lowercase letters, digits, - or _, starting with a letter (at most 63)');
/** Event names a state machine reacts to; dots group them (`deploy.succeeded`, `object.lost`). */
export const TriggerName = z
  .string()
  .regex(TRIGGER_NAME_PATTERN, 'must be lowercase words separated by dots, e.g. deploy.succeeded')
  .max(TRIGGER_NAME_MAX_LENGTH);
/** An expression of the safe expression language (see engine/expressions). */
const ExpressionSource = z.string().trim().min(1, 'must not be empty').max(4000);
const JsonSchemaObject = z.record(z.string(), z.unknown());
const Position = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();

export const StackStateSchema = z
  .object({
    name: Identifier,
    initial: z.boolean().optional(),
    terminal: z.boolean().optional(),
    description: z.string().max(2000).optional(),
    /** Where the state sits on the diagram. */
    position: Position.optional(),
  })
  .strict();

export const StackTransitionSchema = z
  .object({
    from: Identifier,
    to: Identifier,
    trigger: TriggerName,
    /** Run on entering `to`: deploy, destroy, upgrade or a day-2 operation; its outcome is the trigger `<workflow>.succeeded` / `.failed`. */
    workflow: Identifier.optional(),
    /** Expression that must be true for the transition to be taken (scope: instance, params, outputs, event). */
    guard: ExpressionSource.optional(),
    /** The workflow must finish within `seconds`, else it is cancelled and the instance goes to `target`. */
    timeout: z
      .object({ seconds: z.number().int().min(1).max(TRANSITION_TIMEOUT_MAX_SECONDS), target: Identifier })
      .strict()
      .optional(),
  })
  .strict();

export const StateMachineDocumentSchema = z
  .object({
    states: z.array(StackStateSchema).max(200),
    transitions: z.array(StackTransitionSchema).max(1000),
  })
  .strict();

export const StackSlotSchema = z
  .object({
    name: Identifier,
    /** `name@version` of a published component. */
    component: z.string().regex(/^[a-z][a-z0-9-]*@\d+$/, 'must be a published component reference, name@version'),
    /** Input → expression over `params` and upstream `slots.<name>.<output>`. */
    inputs: z.record(z.string().min(1).max(STACK_KEY_MAX_LENGTH), ExpressionSource).default({}),
    /** Slots to deploy first even when no input reads them. */
    dependsOn: z.array(Identifier).max(100).optional(),
  })
  .strict();

/** The slot a step acts on; every slot (in plan order) when absent. */
const SlotStep = { slot: Identifier.optional() };
export const OperationStepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('refresh'), ...SlotStep }).strict(),
  /**
   * Deploy a slot (or every slot) again, even if nothing changed. `params` first changes stack
   * parameters for good (expressions over `params` and the operation's `input`).
   */
  z
    .object({
      kind: z.literal('redeploy'),
      ...SlotStep,
      params: z.record(z.string().min(1).max(STACK_KEY_MAX_LENGTH), ExpressionSource).optional(),
    })
    .strict(),
  /** A program run on this machine (argv, no shell) in the slot's local directory when a slot is named. */
  z
    .object({
      kind: z.literal('command'),
      slot: Identifier.optional(),
      command: z.array(z.string().min(1).max(4000)).min(1).max(100),
      timeoutSeconds: z.number().int().min(1).max(3600).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('wait'), seconds: z.number().min(0).max(3600) }).strict(),
  /** Pauses until someone confirms (the operation's `confirm` input, or an answer to the job's question). */
  z.object({ kind: z.literal('confirm'), message: z.string().min(1).max(2000) }).strict(),
]);

export const StackOperationSchema = z
  .object({
    name: Identifier,
    description: z.string().max(2000).optional(),
    inputSchema: JsonSchemaObject.default({ type: 'object', properties: {} }),
    /** States in which the operation may run. */
    requiredStates: z.array(Identifier).min(1).max(200),
    steps: z.array(OperationStepSchema).min(1).max(100),
    /** Trigger sent to the machine when the operation succeeds (default `<name>.succeeded`). */
    onSuccess: TriggerName.optional(),
    /** Trigger sent when it fails (default `<name>.failed`). */
    onFailure: TriggerName.optional(),
  })
  .strict();

export const RoutingRuleSchema = z
  .object({
    /** Glob on the event type: `*` one dot-separated word, `**` any number of them. */
    event: z.string().regex(/^(\*\*|\*|[a-z0-9_-]+)(\.(\*\*|\*|[a-z0-9_-]+))*$/, 'must be dot-separated words, * or **'),
    /** Expression over `event` and `instance` that must be true. */
    filter: ExpressionSource.optional(),
    trigger: TriggerName,
  })
  .strict();

/** A stack's content: what a draft holds and a published version freezes. */
export const StackDocumentSchema = z
  .object({
    description: z.string().max(5000).default(''),
    /** JSON Schema of the stack's parameters. */
    parameters: JsonSchemaObject.default({ type: 'object', properties: {} }),
    /** At least one to publish; a draft may start empty. */
    slots: z.array(StackSlotSchema).max(100),
    /** Stack output → expression over `params` and `slots`. */
    outputs: z.record(z.string().min(1).max(STACK_KEY_MAX_LENGTH), ExpressionSource).default({}),
    stateMachine: StateMachineDocumentSchema,
    operations: z.array(StackOperationSchema).max(100).default([]),
    routing: z.array(RoutingRuleSchema).max(200).default([]),
  })
  .strict();

export type StackState = z.infer<typeof StackStateSchema>;
export type StackTransition = z.infer<typeof StackTransitionSchema>;
export type StateMachineDocument = z.infer<typeof StateMachineDocumentSchema>;
export type StackSlot = z.infer<typeof StackSlotSchema>;
export type OperationStep = z.infer<typeof OperationStepSchema>;
export type StackOperation = z.infer<typeof StackOperationSchema>;
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;
export type StackDocument = z.infer<typeof StackDocumentSchema>;
export type StackDocumentInput = z.input<typeof StackDocumentSchema>;

export const StackSummarySchema = z.object({
  id: EntityId,
  name: z.string(),
  tenant: z.string().nullable(),
  description: z.string(),
  latestVersion: z.number().int().nullable(),
  /** The provider the latest version's slots deploy to (several joined by +); null before a version exists. */
  provider: z.string().nullable(),
  forkedFrom: z.object({ stack: z.string(), version: z.number().int() }).nullable(),
  draftRevision: z.number().int(),
  updatedAt: Timestamp,
});
export type StackSummary = z.infer<typeof StackSummarySchema>;

export const StackDetailSchema = StackSummarySchema.extend({
  draft: StackDocumentSchema,
  /** The draft's shared document: conflicts, unsent edits (absent on a desktop's own catalog). */
  draftSync: DraftSyncInfoSchema.optional(),
});
export type StackDetail = z.infer<typeof StackDetailSchema>;

export const StackVersionInfoSchema = z.object({
  stack: z.string(),
  version: z.number().int(),
  changelog: z.string(),
  publishedAt: Timestamp,
  publishedBy: z.string(),
});
export type StackVersionInfo = z.infer<typeof StackVersionInfoSchema>;

/** A stack version seen as one node of a topology: parameters in, outputs out. */
export const StackInterfaceSchema = z.object({
  ref: z.string(),
  description: z.string(),
  provider: z.string(),
  semanticType: z.literal('Stack'),
  inputSchema: z.record(z.string(), z.unknown()),
  outputSchema: z.record(z.string(), z.unknown()),
});
export type StackInterface = z.infer<typeof StackInterfaceSchema>;

export const StackInstanceStatusSchema = z.enum(['idle', 'running', 'failed']);

/** A deployed stack: pinned version, parameters, where its state machine is. */
export const StackInstanceSchema = z.object({
  id: EntityId,
  name: z.string(),
  stack: z.string(),
  version: z.number().int(),
  environment: z.string(),
  params: z.record(z.string(), z.unknown()),
  state: z.string(),
  /** `running` while a workflow or operation runs; its name is in `activity`. */
  status: StackInstanceStatusSchema,
  activity: z
    .object({ workflow: z.string(), startedAt: Timestamp, deadline: Timestamp.nullable(), jobId: z.string().nullable() })
    .nullable(),
  /** The job of the latest workflow or operation, kept after it ended so its log can still be read. */
  lastJob: z.object({ workflow: z.string(), jobId: z.string(), startedAt: Timestamp }).nullable(),
  outputs: z.record(z.string(), z.unknown()),
  lastError: z.string().nullable(),
  machineVersion: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type StackInstance = z.infer<typeof StackInstanceSchema>;

export const StateHistoryEntrySchema = z.object({
  seq: z.number().int(),
  from: z.string().nullable(),
  to: z.string(),
  trigger: z.string(),
  cause: z.string(),
  at: Timestamp,
});
export type StateHistoryEntry = z.infer<typeof StateHistoryEntrySchema>;

/** One event as it arrived and what it did to each instance (or why it did nothing). */
export const EventLogEntrySchema = z.object({
  id: z.number().int(),
  type: z.string(),
  source: z.enum(['nimbus', 'poller', 'webhook', 'cli']),
  instanceId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  at: Timestamp,
  outcomes: z.array(
    z.object({
      instanceId: z.string(),
      trigger: z.string().nullable(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      /** Why nothing happened, or which rule caused it. */
      note: z.string(),
    }),
  ),
});
export type EventLogEntry = z.infer<typeof EventLogEntrySchema>;
