import { randomUUID } from 'node:crypto';
import type { StackDocument } from '../api/schemas/stacks.js';
import { NotFoundError } from '../errors.js';
import { evaluateExpression, isTruthy } from '../expressions/expression.js';
import type { Activity, CompiledStackMachine, GuardEvaluator, MachineView, StateChange, TriggerEvent } from '../lifecycle/stack-machine.js';
import type { StackActivityRecord, StackInstancePatch, StackInstanceRecord } from '../store/ports/catalog-records.js';
import type { RepositoryScope } from '../store/ports/store-port.js';
import { queueNotifications } from '../notifications/notification-service.js';
import { stackStateChangedEvent } from '../notifications/engine-events.js';
import { instanceRow } from './stack-instance-view.js';
import type { StackMachine, StackMachines } from './stack-machines.js';
import { StackStateError } from './stack-state-error.js';

/** What a transition is decided from: the instance as locked in the store, and its machine. */
export interface InstanceNow {
  row: StackInstanceRecord;
  view: MachineView;
  document: StackDocument;
  machine: CompiledStackMachine;
  /** Whether `event` would be taken now (guards included). */
  can(event: TriggerEvent): boolean;
}

/**
 * What to do with the instance: take an event (with the cause the history records; the change's
 * own description when absent), start its running workflow again as a new job, or nothing (why).
 */
export type TransitionDecision = { event: TriggerEvent; cause?: string } | { relaunch: true; cause: string } | { skip: string };

/** A workflow a transition started (or started again), with the id of the job it must run as. */
export interface StartedWorkflow {
  instanceId: string;
  activity: Activity;
  jobId: string;
}

/** What applying a decision did. */
export interface TransitionOutcome {
  /** The instance as stored after the decision. */
  row: StackInstanceRecord;
  from: string;
  /** The state reached, or null when nothing was taken. */
  to: string | null;
  /** Why nothing happened, or what did. */
  note: string;
  change: StateChange | null;
  /** The workflow to queue now, when the transition started one. */
  started: StartedWorkflow | null;
}

const ATTEMPTS = 5;

/**
 * Takes stack instances' transitions in the store, so any Nimbus process may take any instance's
 * next one: each is decided and written in one unit of work holding the instance's row lock, from
 * the snapshot stored there, so two processes (or two requests) never both step from the same
 * snapshot, and the history gets each change once. A workflow a transition starts gets its job id
 * in that same write: whoever finishes the workflow must name that job to move the instance on.
 */
export class StackTransitions {
  private readonly listeners = new Set<(id: string) => void>();

  constructor(
    private readonly store: RepositoryScope,
    private readonly machines: StackMachines,
  ) {}

  /** Called with an instance's id after every change this process writes to it. */
  onChange(listener: (id: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Decides from the locked instance and writes what the decision did, in one unit of work. */
  async apply(id: string, decide: (now: InstanceNow) => TransitionDecision): Promise<TransitionOutcome> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const before = await instanceRow(this.store, id);
      // Machines are read before the unit (which awaits nothing but its repositories).
      const current = await this.machines.of(before, before.machineVersion);
      const next = before.version !== before.machineVersion ? await this.machines.of(before, before.version).catch(() => null) : null;
      const outcome = await this.store.unitOfWork(async (tx) => {
        const row = await tx.stacks.lockInstance(id);
        if (!row) throw new NotFoundError('Stack instance', id);
        // Moved to another machine version since it was read: read the machines again.
        if (row.machineVersion !== before.machineVersion || row.version !== before.version) return null;
        const decided = this.decide(row, current, next, decide);
        if (decided.patch) await tx.stacks.updateInstance(id, decided.patch);
        if (decided.history) {
          await tx.stacks.appendHistory(decided.history);
          // Subscribers hear of a new state (not of a workflow starting or ending in the same state), queued with the change.
          const { from, to, cause } = decided.history;
          if (from !== to)
            await queueNotifications(
              tx,
              stackStateChangedEvent({ instanceId: id, instance: row.name, environment: row.environment, from, to, reason: cause }),
            );
        }
        return decided.outcome;
      });
      if (!outcome) continue;
      if (outcome.to !== null || outcome.started) for (const listener of this.listeners) listener(id);
      return outcome;
    }
    throw new StackStateError(
      'stack_instance_busy',
      `Stack instance ${id} kept changing while a transition was being taken; try again`,
      {},
    );
  }

  private decide(
    row: StackInstanceRecord,
    current: StackMachine,
    next: StackMachine | null,
    decide: (now: InstanceNow) => TransitionDecision,
  ): {
    outcome: TransitionOutcome;
    patch?: StackInstancePatch;
    history?: { instanceId: string; from: string; to: string; trigger: string; cause: string; at: string };
  } {
    const { machine, document } = current;
    const snapshot = row.snapshot ?? machine.snapshotIn(row.state);
    const view = machine.view(snapshot);
    const guard = guardOf(row);
    const decision = decide({ row, view, document, machine, can: (event) => machine.can(snapshot, event, guard) });
    const nothing = (note: string) => ({ outcome: { row, from: view.state, to: null, note, change: null, started: null } });
    if ('skip' in decision) return nothing(decision.skip);
    if ('relaunch' in decision) {
      if (!view.busy || !view.activity) return nothing(`${row.name} runs no workflow`);
      const started = { instanceId: row.id, activity: view.activity, jobId: randomUUID() };
      const patch: StackInstancePatch = {
        activity: activityRecord(view.activity, started.jobId),
        lastJob: { workflow: view.activity.workflow, jobId: started.jobId, startedAt: view.activity.startedAt },
      };
      return {
        outcome: { row: { ...row, ...patch }, from: view.state, to: view.state, note: decision.cause, change: null, started },
        patch,
      };
    }
    const { event } = decision;
    if (!machine.can(snapshot, event, guard)) {
      const offered = document.stateMachine.transitions.some((t) => t.from === view.state && t.trigger === event.type);
      return nothing(
        offered
          ? `not taken: the guard of ${view.state} --${event.type}--> is false`
          : `not taken: ${event.type} is not accepted in state ${view.state}`,
      );
    }
    const stepped = machine.step(snapshot, event, guard);
    const fresh = stepped.busy && stepped.activity && (!view.busy || view.activity?.startedAt !== stepped.activity.startedAt);
    const started = fresh ? { instanceId: row.id, activity: stepped.activity!, jobId: randomUUID() } : null;
    // An upgrade that finished moves the instance to the new version's machine, in the state it reached.
    const switching = !stepped.busy && next !== null && next.machine.states.includes(stepped.state);
    const patch: StackInstancePatch = {
      state: stepped.state,
      busy: stepped.busy,
      activity: started
        ? activityRecord(started.activity, started.jobId)
        : stepped.busy && stepped.activity
          ? (row.activity ?? activityRecord(stepped.activity, null))
          : null,
      snapshot: switching ? next.machine.snapshotIn(stepped.state) : stepped.snapshot,
      machineVersion: switching ? row.version : row.machineVersion,
      lastError: stepped.lastError,
      ...(started ? { lastJob: { workflow: started.activity.workflow, jobId: started.jobId, startedAt: started.activity.startedAt } } : {}),
    };
    const change = stepped.change;
    const history = change
      ? {
          instanceId: row.id,
          from: change.from,
          to: change.to,
          trigger: change.trigger,
          cause: decision.cause ?? causeOf(change),
          at: new Date().toISOString(),
        }
      : undefined;
    return {
      outcome: {
        row: { ...row, ...patch },
        from: view.state,
        to: stepped.state,
        note: `${view.state} → ${stepped.state}${stepped.busy ? ` (running ${stepped.activity?.workflow})` : ''}`,
        change,
        started,
      },
      patch,
      ...(history ? { history } : {}),
    };
  }
}

/** What the store keeps of a running workflow beside the snapshot: enough to show it and follow its job. */
function activityRecord(activity: Activity, jobId: string | null): StackActivityRecord {
  return { workflow: activity.workflow, startedAt: activity.startedAt, deadline: activity.deadline, jobId, pid: process.pid };
}

/** A change's cause when nobody named one: how the workflow ended, or the trigger. */
function causeOf(change: StateChange): string {
  if (!change.ended) return change.trigger;
  const how =
    change.trigger === change.ended.onSuccess
      ? 'succeeded'
      : change.cancelled
        ? 'cancelled'
        : change.lastError
          ? `failed: ${change.lastError}`
          : 'ended';
  return `workflow ${change.ended.workflow} ${how}`;
}

/** Guards read the instance as it is locked now, and the event. */
function guardOf(row: StackInstanceRecord): GuardEvaluator {
  return (source, event) =>
    isTruthy(
      evaluateExpression(source, {
        event: event.payload ?? {},
        instance: { id: row.id, name: row.name, state: row.state, environment: row.environment },
        params: row.params,
        outputs: row.outputs,
      }),
    );
}
