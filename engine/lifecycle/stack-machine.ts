/**
 * The XState adapter: the one module that imports xstate. It compiles a stack's state machine
 * document into an XState v5 machine and steps it: each step restores an instance's persisted
 * snapshot, takes one event and gives back the new snapshot with the change it made.
 *
 * Nothing runs inside the machine. A state's `running` substate records the workflow to run (its
 * activity, with its input); whoever runs it sends the outcome back as {@link WORKFLOW_SUCCEEDED} or
 * {@link WORKFLOW_FAILED}. So any process holding the stored snapshot can take an instance's next
 * transition, and a workflow runs as a job on whichever worker claims it.
 */
import {
  assign,
  createActor,
  raise,
  setup,
  type Actor,
  type AnyMachineSnapshot,
  type AnyStateMachine,
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

/** Evaluates a transition's guard expression against the event (synchronously, inside a step). */
export type GuardEvaluator = (source: string, event: TriggerEvent) => boolean;

/** The running workflow finished: the machine raises the workflow's success trigger. */
export const WORKFLOW_SUCCEEDED = 'nimbus.workflow.succeeded';
/** The running workflow failed, was cancelled or outlived its deadline: the machine raises its failure trigger or escalates. */
export const WORKFLOW_FAILED = 'nimbus.workflow.failed';
const OPERATION_EVENT = 'nimbus.operation';

/** How a workflow ended, as the event that tells its instance's machine. */
export function workflowOutcome(
  outcome: { ok: true } | { ok: false; error: string | null; cancelled?: boolean; timedOut?: boolean },
): TriggerEvent {
  if (outcome.ok) return { type: WORKFLOW_SUCCEEDED };
  return {
    type: WORKFLOW_FAILED,
    payload: { error: outcome.error, cancelled: outcome.cancelled === true, timedOut: outcome.timedOut === true },
  };
}

/** The event that starts a day-2 operation; the caller checked it is allowed in the current state. */
export function operationEvent(operation: StackOperation, input: Record<string, unknown>): TriggerEvent {
  return { type: OPERATION_EVENT, payload: { name: operation.name }, input };
}

/** What a snapshot holds, read without running anything. */
export interface MachineView {
  /** The stack-level state (the `running`/`idle` substates are reported as `busy`). */
  state: string;
  busy: boolean;
  activity: Activity | null;
  lastError: string | null;
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

/** What one step did: the snapshot to store, what it holds, and the change made (null when the event was not taken). */
export interface StepResult extends MachineView {
  snapshot: unknown;
  change: StateChange | null;
}

/** A compiled state machine document: states and operations, stepped from stored snapshots. */
export interface CompiledStackMachine {
  readonly states: readonly string[];
  readonly initial: string;
  readonly terminal: ReadonlySet<string>;
  /** The snapshot of an instance idle in `state` (the initial state when absent): a new instance, or one moving to a new machine version. */
  snapshotIn(state?: string): unknown;
  /** What a stored snapshot holds. */
  view(snapshot: unknown): MachineView;
  /** Whether the event would be taken from the snapshot now (guards included). */
  can(snapshot: unknown, event: TriggerEvent, guard: GuardEvaluator): boolean;
  /** Takes the event from the snapshot. */
  step(snapshot: unknown, event: TriggerEvent, guard: GuardEvaluator): StepResult;
}

/**
 * Compiles a validated state machine document. Each state is compound: `idle`, where its transitions
 * and allowed operations are taken, and `running`, where a workflow runs and only its outcome is
 * taken: success raises its success trigger, failure its failure trigger (or escalates on timeout).
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
  const errorOf = (event: TriggerEvent): string | null => {
    const payload = event.payload ?? {};
    if (payload.cancelled === true) return null;
    return typeof payload.error === 'string' && payload.error ? payload.error : 'The workflow failed';
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
          on: {
            [WORKFLOW_SUCCEEDED]: {
              target: 'idle',
              actions: [
                raise(({ context }: { context: MachineContext }) => ({ type: context.activity!.onSuccess })),
                assign({ activity: null }),
              ],
            },
            [WORKFLOW_FAILED]: [
              ...escalations.map((escalation) => ({
                target: `#stack.${escalation}`,
                guard: ({ context, event }: { context: MachineContext; event: TriggerEvent }) =>
                  event.payload?.timedOut === true && context.activity?.escalation === escalation,
                actions: assign({ activity: null, lastError: ({ event }: { event: TriggerEvent }) => errorOf(event) }),
              })),
              {
                target: 'idle',
                actions: [
                  assign({ lastError: ({ event }: { event: TriggerEvent }) => errorOf(event) }),
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
    guards: { expression: () => true },
  });
  // The document is data, so the config is built dynamically; XState checks its shape at creation.
  const machine = base.createMachine({
    id: 'stack',
    initial,
    context: { activity: null, lastError: null },
    states,
  } as unknown as Parameters<typeof base.createMachine>[0]);

  const withGuard = (guard: GuardEvaluator) =>
    machine.provide({
      guards: {
        expression: ({ event }: { event: TriggerEvent }, params: unknown) => guard((params as { source: string }).source, event),
      },
    });
  const noGuards: GuardEvaluator = () => false;

  const snapshotIn = (state: string = initial): unknown => {
    const logic = withGuard(noGuards);
    const resolved = logic.resolveState({
      value: terminal.has(state) ? state : { [state]: 'idle' },
      context: { activity: null, lastError: null },
    });
    return run(logic, resolved, () => undefined).snapshot;
  };

  return {
    states: document.states.map((state) => state.name),
    initial,
    terminal,
    snapshotIn,
    view: (snapshot) => viewOf(restorable(snapshot) as AnyMachineSnapshot),
    can: (snapshot, event, guard) =>
      run(withGuard(guard), restorable(snapshot), (actor) => (actor.getSnapshot() as AnyMachineSnapshot).can(event)).outcome,
    step: (snapshot, event, guard) => {
      const result = run(withGuard(guard), restorable(snapshot), (actor) => actor.send(event));
      return { ...result.view, snapshot: result.snapshot, change: result.change };
    },
  };
}

/**
 * Snapshots written before workflows ran as jobs held the invoked workflow as a child actor: it is
 * dropped, so such a snapshot restores into this machine (its activity stays and is run again).
 */
function restorable(snapshot: unknown): Snapshot<unknown> {
  if (!snapshot || typeof snapshot !== 'object') throw new TypeError('A stack instance snapshot must be an object');
  return { ...(snapshot as Record<string, unknown>), children: {} } as unknown as Snapshot<unknown>;
}

function viewOf(snapshot: AnyMachineSnapshot): MachineView {
  const value = snapshot.value as string | Record<string, string>;
  const context = snapshot.context as MachineContext;
  const base = { activity: context.activity ?? null, lastError: context.lastError ?? null };
  if (typeof value === 'string') return { state: value, busy: false, ...base };
  const [state, sub] = Object.entries(value)[0]!;
  return { state, busy: sub === 'running', ...base };
}

/** Restores an actor from `snapshot`, lets `act` use it, and reads back what it holds and the change it made. */
function run<T>(
  logic: AnyStateMachine,
  snapshot: Snapshot<unknown>,
  act: (actor: Actor<AnyStateMachine>) => T,
): { outcome: T; view: MachineView; snapshot: unknown; change: StateChange | null } {
  let change: StateChange | null = null;
  let before: MachineView | null = null;
  const inspect = (inspection: InspectionEvent): void => {
    if (inspection.type !== '@xstate.snapshot' || !before || inspection.actorRef !== actor) return;
    const after = viewOf(inspection.snapshot as AnyMachineSnapshot);
    if (after.state === before.state && after.busy === before.busy) return;
    change = describeChange(before, after, inspection.event as TriggerEvent);
  };
  const actor = createActor(logic, { snapshot, inspect });
  actor.start();
  before = viewOf(actor.getSnapshot() as AnyMachineSnapshot);
  try {
    const outcome = act(actor);
    return { outcome, view: viewOf(actor.getSnapshot() as AnyMachineSnapshot), snapshot: actor.getPersistedSnapshot(), change };
  } finally {
    actor.stop();
  }
}

function describeChange(before: MachineView, after: MachineView, event: TriggerEvent): StateChange {
  const ended = before.busy && before.activity && after.activity !== before.activity ? before.activity : null;
  const failed = event.type === WORKFLOW_FAILED;
  const trigger =
    event.type === WORKFLOW_SUCCEEDED && ended
      ? ended.onSuccess
      : failed && ended
        ? event.payload?.timedOut === true && ended.escalation
          ? 'timeout'
          : ended.onFailure
        : event.type === OPERATION_EVENT
          ? `operation ${String(event.payload?.name)}`
          : event.type;
  return {
    from: before.state,
    to: after.state,
    busy: after.busy,
    trigger,
    activity: after.activity,
    ended,
    cancelled: ended !== null && failed && event.payload?.cancelled === true,
    lastError: after.lastError,
  };
}
