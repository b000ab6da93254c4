/**
 * The XState adapter: the one module that imports xstate. It compiles a stack's state machine
 * document into an XState v5 machine and runs it as an actor whose snapshot can be persisted and
 * restored. Workflows run as the invoked actor `workflow` of a state's `running` substate, supplied
 * with `.provide()` by the caller (the composition root), so a restored snapshot restarts an
 * interrupted workflow with the input it had.
 */
import {
  assign,
  createActor,
  fromPromise,
  raise,
  setup,
  type AnyActorRef,
  type AnyMachineSnapshot,
  type InspectionEvent,
  type Snapshot,
} from 'xstate';
import type { StackOperation, StateMachineDocument } from '../api/schemas/stacks.js';
import { assertValidStateMachine } from './state-machine-validation.js';

/** The workflow a state runs: what it is, its input, and when it must be done by. */
export interface Activity {
  workflow: string;
  input: Record<string, unknown>;
  startedAt: string;
  /** ISO time after which the workflow is cancelled and the instance escalated; null without a timeout. */
  deadline: string | null;
  escalation: string | null;
  /** Triggers raised when the workflow ends. */
  onSuccess: string;
  onFailure: string;
  /** The transition or operation that started it, for the history. */
  cause: string;
}

interface MachineContext {
  activity: Activity | null;
  lastError: string | null;
}

/** An event a stack instance receives: a trigger with an optional payload. */
export interface TriggerEvent {
  type: string;
  payload?: Record<string, unknown>;
  input?: Record<string, unknown>;
}

/** Raised by a workflow that ran past its deadline. */
export class WorkflowTimeoutError extends Error {
  override name = 'WorkflowTimeoutError';
}

/**
 * A workflow stopped because someone cancelled it. The machine still takes the workflow's failure
 * trigger (the work did not finish), but records no error: nothing went wrong.
 */
export class WorkflowCancelledError extends Error {
  override name = 'WorkflowCancelledError';
}

/** Effects a machine needs from the engine: how to run a workflow and how to evaluate a guard. */
export interface MachineEffects {
  runWorkflow(activity: Activity, signal: AbortSignal): Promise<unknown>;
  evaluateGuard(source: string, event: TriggerEvent): boolean;
}

/** A compiled state machine document: states and operations, ready to run as actors. */
export interface CompiledStackMachine {
  readonly states: readonly string[];
  readonly initial: string;
  readonly terminal: ReadonlySet<string>;
  /** Starts an actor in the initial state, or from a persisted snapshot of this machine. */
  start(effects: MachineEffects, persisted?: unknown): StackActor;
  /** Starts an actor in `state` (idle): used when an instance moves to a new machine version. */
  startIn(effects: MachineEffects, state: string): StackActor;
}

/** What happened when a trigger was sent. */
export interface SendResult {
  from: string;
  to: string;
  changed: boolean;
}

/** A running stack state machine. */
export interface StackActor {
  /** The stack-level state (the `running`/`idle` substates are reported as `busy`). */
  state(): string;
  busy(): boolean;
  activity(): Activity | null;
  lastError(): string | null;
  /** Whether the trigger would be taken now (guards included). */
  can(event: TriggerEvent): boolean;
  send(event: TriggerEvent): SendResult;
  /** Starts a day-2 operation in the current state; the caller checked it is allowed there. */
  startOperation(operation: StackOperation, input: Record<string, unknown>): SendResult;
  persisted(): unknown;
  /** Called after every change of state or substate (a workflow starting or ending). */
  subscribe(listener: (change: StateChange) => void): () => void;
  stop(): void;
}

const OPERATION_EVENT = 'nimbus.operation';

/**
 * Compiles a validated state machine document. Each state is compound: `idle`, where its transitions
 * and allowed operations are taken, and `running`, where a workflow runs and nothing else is taken;
 * the workflow's outcome raises its success or failure trigger in `idle`, or escalates on timeout.
 */
export function compileStackMachine(document: StateMachineDocument, operations: readonly StackOperation[] = []): CompiledStackMachine {
  assertValidStateMachine(document, operations);
  const initial = document.states.find((state) => state.initial)!.name;
  const terminal = new Set(document.states.filter((state) => state.terminal).map((state) => state.name));
  const operationsByName = new Map(operations.map((operation) => [operation.name, operation]));

  const triggersFor = (workflow: string) => {
    const operation = operationsByName.get(workflow);
    return { onSuccess: operation?.onSuccess ?? `${workflow}.succeeded`, onFailure: operation?.onFailure ?? `${workflow}.failed` };
  };

  const states: Record<string, object> = {};
  for (const state of document.states) {
    if (terminal.has(state.name)) {
      states[state.name] = { type: 'final' };
      continue;
    }
    const on: Record<string, object[]> = {};
    for (const transition of document.transitions.filter((t) => t.from === state.name)) {
      const target = transition.workflow ? `#stack.${transition.to}.running` : `#stack.${transition.to}`;
      const workflow = transition.workflow;
      const cause = `${transition.from} --${transition.trigger}--> ${transition.to}`;
      (on[transition.trigger] ??= []).push({
        target,
        ...(transition.guard ? { guard: { type: 'expression', params: { source: transition.guard } } } : {}),
        actions: assign({
          // A new workflow starts with a clean slate; a plain transition (e.g. to `failed`) keeps the error.
          lastError: ({ context }: { context: MachineContext }) => (workflow ? null : context.lastError),
          activity: ({ event }: { event: TriggerEvent }) =>
            workflow
              ? {
                  workflow,
                  input: event.input ?? {},
                  startedAt: new Date().toISOString(),
                  deadline: transition.timeout ? new Date(Date.now() + transition.timeout.seconds * 1000).toISOString() : null,
                  escalation: transition.timeout?.target ?? null,
                  ...triggersFor(workflow),
                  cause,
                }
              : null,
        }),
      });
    }
    const allowed = operations.filter((operation) => operation.requiredStates.includes(state.name)).map((operation) => operation.name);
    if (allowed.length > 0) {
      on[OPERATION_EVENT] = [
        {
          target: `#stack.${state.name}.running`,
          guard: ({ event }: { event: TriggerEvent }) => allowed.includes(String(event.payload?.name)),
          actions: assign({
            lastError: null,
            activity: ({ event }: { event: TriggerEvent }) => {
              const name = String(event.payload?.name);
              return {
                workflow: name,
                input: event.input ?? {},
                startedAt: new Date().toISOString(),
                deadline: null,
                escalation: null,
                ...triggersFor(name),
                cause: `operation ${name}`,
              };
            },
          }),
        },
      ];
    }
    const escalations = [...new Set(document.transitions.filter((t) => t.to === state.name && t.timeout).map((t) => t.timeout!.target))];
    states[state.name] = {
      initial: 'idle',
      states: {
        idle: { on },
        running: {
          invoke: {
            src: 'workflow',
            input: ({ context }: { context: MachineContext }) => context.activity,
            onDone: {
              target: 'idle',
              actions: [
                raise(({ context }: { context: MachineContext }) => ({ type: context.activity!.onSuccess })),
                assign({ activity: null }),
              ],
            },
            onError: [
              ...escalations.map((escalation) => ({
                target: `#stack.${escalation}`,
                guard: ({ context, event }: { context: MachineContext; event: { error: unknown } }) =>
                  event.error instanceof WorkflowTimeoutError && context.activity?.escalation === escalation,
                actions: assign({
                  activity: null,
                  lastError: ({ event }: { event: { error: unknown } }) => (event.error as Error).message,
                }),
              })),
              {
                target: 'idle',
                actions: [
                  assign({
                    lastError: ({ event }: { event: { error: unknown } }) =>
                      event.error instanceof WorkflowCancelledError
                        ? null
                        : event.error instanceof Error
                          ? event.error.message
                          : String(event.error),
                  }),
                  raise(({ context }: { context: MachineContext }) => ({ type: context.activity!.onFailure })),
                  assign({ activity: null }),
                ],
              },
            ],
          },
        },
      },
    };
  }

  const base = setup({
    types: { context: {} as MachineContext, events: {} as TriggerEvent },
    actors: { workflow: fromPromise<unknown, Activity>(async () => undefined) },
    guards: { expression: () => true },
  });
  // The document is data, so the config is built dynamically; XState checks its shape at creation.
  const machine = base.createMachine({
    id: 'stack',
    initial,
    context: { activity: null, lastError: null },
    states,
  } as unknown as Parameters<typeof base.createMachine>[0]);

  const provided = (effects: MachineEffects) =>
    machine.provide({
      actors: {
        workflow: fromPromise<unknown, Activity>(({ input, signal }) => withDeadline(input, signal, effects)),
      },
      guards: {
        expression: ({ event }: { event: TriggerEvent }, params: unknown) =>
          effects.evaluateGuard((params as { source: string }).source, event),
      },
    });

  return {
    states: document.states.map((state) => state.name),
    initial,
    terminal,
    start: (effects, persisted) =>
      wrap((inspect) => createActor(provided(effects), { inspect, ...(persisted ? { snapshot: persisted as Snapshot<unknown> } : {}) })),
    startIn: (effects, state) => {
      const logic = provided(effects);
      const snapshot = logic.resolveState({
        value: terminal.has(state) ? state : { [state]: 'idle' },
        context: { activity: null, lastError: null },
      });
      return wrap((inspect) => createActor(logic, { inspect, snapshot }));
    },
  };
}

async function withDeadline(activity: Activity, signal: AbortSignal, effects: MachineEffects): Promise<unknown> {
  if (!activity.deadline) return effects.runWorkflow(activity, signal);
  const remaining = Date.parse(activity.deadline) - Date.now();
  const controller = new AbortController();
  const abort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', abort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      effects.runWorkflow(activity, controller.signal),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => {
            const error = new WorkflowTimeoutError(
              `${activity.workflow} did not finish within its timeout (deadline ${activity.deadline})`,
            );
            controller.abort(error);
            reject(error);
          },
          Math.max(0, remaining),
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
  }
}

function stateOf(snapshot: AnyMachineSnapshot): { state: string; busy: boolean } {
  const value = snapshot.value as string | Record<string, string>;
  if (typeof value === 'string') return { state: value, busy: false };
  const [state, sub] = Object.entries(value)[0]!;
  return { state, busy: sub === 'running' };
}

/** A change of state or substate, with the trigger that caused it and what the machine holds now. */
export interface StateChange {
  from: string;
  to: string;
  busy: boolean;
  /** The trigger taken; a workflow's end is named by its success or failure trigger. */
  trigger: string;
  activity: Activity | null;
  /** The activity that just ended, when one did. */
  ended: Activity | null;
  /** The activity that ended was cancelled (its failure trigger was taken, with no error). */
  cancelled: boolean;
  lastError: string | null;
}

type Inspector = (event: InspectionEvent) => void;

function wrap(create: (inspect: Inspector) => AnyActorRef & { getPersistedSnapshot(): unknown; stop(): void }): StackActor {
  const listeners = new Set<(change: StateChange) => void>();
  let previous: { state: string; busy: boolean; activity: Activity | null } | null = null;
  let root: AnyActorRef | null = null;
  const inspect: Inspector = (inspection) => {
    if (inspection.type !== '@xstate.snapshot' || (root && inspection.actorRef !== root) || !previous) return;
    const next = inspection.snapshot as AnyMachineSnapshot;
    const current = stateOf(next);
    if (current.state === previous.state && current.busy === previous.busy) return;
    const context = next.context as MachineContext;
    const type = inspection.event.type;
    const ended = previous.busy && previous.activity && context.activity !== previous.activity ? previous.activity : null;
    const trigger =
      type.startsWith('xstate.done.actor') && ended
        ? ended.onSuccess
        : type.startsWith('xstate.error.actor') && ended
          ? context.lastError?.includes('timeout') && ended.escalation
            ? 'timeout'
            : ended.onFailure
          : type === OPERATION_EVENT
            ? `operation ${String((inspection.event as TriggerEvent).payload?.name)}`
            : type;
    const cancelled =
      ended !== null &&
      type.startsWith('xstate.error.actor') &&
      (inspection.event as { error?: unknown }).error instanceof WorkflowCancelledError;
    const change: StateChange = {
      from: previous.state,
      to: current.state,
      busy: current.busy,
      trigger,
      activity: context.activity,
      ended,
      cancelled,
      lastError: context.lastError,
    };
    previous = { ...current, activity: context.activity };
    for (const listener of listeners) listener(change);
  };
  const actor = create(inspect);
  root = actor;
  const snapshot = () => actor.getSnapshot() as AnyMachineSnapshot;
  const context = () => snapshot().context as MachineContext;
  previous = { ...stateOf(snapshot()), activity: context().activity };
  const send = (event: TriggerEvent): SendResult => {
    const before = stateOf(snapshot());
    const reference = snapshot();
    actor.send(event);
    const after = stateOf(snapshot());
    return {
      from: before.state,
      to: after.state,
      changed: snapshot() !== reference && (before.state !== after.state || before.busy !== after.busy),
    };
  };
  actor.start();
  return {
    state: () => stateOf(snapshot()).state,
    busy: () => stateOf(snapshot()).busy,
    activity: () => context().activity,
    lastError: () => context().lastError,
    can: (event) => snapshot().can(event),
    send,
    startOperation: (operation, input) => send({ type: OPERATION_EVENT, payload: { name: operation.name }, input }),
    persisted: () => actor.getPersistedSnapshot(),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () => {
      listeners.clear();
      actor.stop();
    },
  };
}
