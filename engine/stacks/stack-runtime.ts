import { randomUUID } from 'node:crypto';
import type { StackDocument, StackInstance, StackOperation, StateHistoryEntry } from '../api/schemas/stacks.js';
import type { Viewer } from '../components/component-service.js';
import { compileValidator } from '../components/json-schema.js';
import type { DeployService } from '../deploy/deploy-service.js';
import { NimbusError, NotFoundError, ValidationError } from '../errors.js';
import type { ErrorCode } from '../common/error-codes.js';
import { isProcessAlive } from '../system/process-alive.js';
import { evaluateExpression, isTruthy } from '../expressions/expression.js';
import type { JobManager } from '../jobs/job-manager.js';
import { compileStackMachine, type Activity, type CompiledStackMachine, type StackActor, type StateChange, type TriggerEvent } from '../lifecycle/stack-machine.js';
import type { StackInstanceRow } from '../store/stack-repository.js';
import type { Store } from '../store/store.js';
import type { StackService } from './stack-service.js';
import { runStackWorkflow, type ConfirmationGate } from './stack-workflows.js';

/** A request the instance's state does not allow; names the states that would. */
export class StackStateError extends NimbusError {
  override name = 'StackStateError';
}

/** The code of a lifecycle workflow refused in the instance's state. */
const NOT_ALLOWED = { deploy: 'deploy_not_allowed', destroy: 'destroy_not_allowed', upgrade: 'upgrade_not_allowed' } as const satisfies Record<string, ErrorCode>;

/** What sending a trigger did. */
export interface TriggerOutcome {
  instanceId: string;
  trigger: string;
  from: string;
  to: string | null;
  /** Why nothing happened, or what did. */
  note: string;
}

interface LiveInstance {
  actor: StackActor;
  machine: CompiledStackMachine;
  document: StackDocument;
  machineVersion: number;
  /** The snapshot this process last wrote; another one in the store means another process moved on. */
  persisted: string | null;
}

/**
 * Stack instances at run time: one XState actor per instance, its snapshot and machine version
 * written after every change, restored when the engine starts (an interrupted workflow restarts
 * from the persisted input and converges). Lifecycle requests and day-2 operations are checked
 * against the machine before anything runs.
 */
export class StackRuntime {
  private readonly live = new Map<string, LiveInstance>();
  private readonly causes = new Map<string, string>();
  private readonly confirmations: ConfirmationGate = new Map();
  /** The job each instance's current workflow runs as. */
  private readonly workflowJobs = new Map<string, { startedAt: string; jobId: string }>();
  private disposed = false;

  constructor(
    private readonly store: Store,
    private readonly stacks: StackService,
    private readonly deploy: DeployService,
    private readonly jobs: JobManager,
    private readonly viewer: Viewer,
  ) {}

  /** Restores every instance's actor from its snapshot; workflows that were running start again. */
  restore(): void {
    for (const row of this.store.stacks.instances()) {
      if (this.live.has(row.id) || this.ownedElsewhere(row)) continue;
      try {
        this.attach(row);
      } catch (error) {
        this.store.stacks.updateInstance(row.id, { last_error: `Could not restore its state machine: ${(error as Error).message}` });
      }
    }
  }

  /** Creates an instance of a published stack version and starts its deploy transition. */
  deployInstance(input: { stack: string; version?: number; environment: string; name: string; params?: Record<string, unknown> }): StackInstance {
    this.deploy.resolutionInputsFor(input.environment);
    const version = input.version ?? this.stacks.latestVersion(this.viewer, input.stack);
    const { document } = this.stacks.checkedVersion(this.viewer, input.stack, version);
    const params = this.checkParams(document, input.params ?? {}, `parameters of ${input.stack}@${version}`);
    if (this.store.stacks.instanceByName(input.environment, input.name)) {
      throw new NimbusError('stack_instance_exists', `Environment ${input.environment} already has a stack instance named ${input.name}`, { environment: input.environment, name: input.name });
    }
    const machine = compileStackMachine(document.stateMachine, document.operations);
    const trigger = this.triggerRunning(document, machine.initial, 'deploy');
    const id = randomUUID();
    const stackRow = this.stacks.get(this.viewer, input.stack);
    this.store.stacks.transaction(() => {
      this.store.stacks.insertInstance({ id, name: input.name, stack_id: stackRow.id, version, environment: input.environment, params: JSON.stringify(params), state: machine.initial, machine_version: version, created_at: new Date().toISOString() });
      this.store.stacks.appendHistory({ instance_id: id, from_state: null, to_state: machine.initial, trigger: 'create', cause: `instance of ${input.stack}@${version} created`, at: new Date().toISOString() });
    });
    this.attach(this.store.stacks.instance(id)!);
    this.send(id, { type: trigger }, `deploy requested`);
    return this.get(id);
  }

  /** Runs the transition whose workflow is `destroy` from the current state. */
  destroyInstance(id: string): StackInstance {
    const live = this.liveOf(id);
    const trigger = this.triggerRunning(live.document, live.actor.state(), 'destroy');
    this.sendOrRefuse(id, { type: trigger }, 'destroy requested');
    return this.get(id);
  }

  /** Moves an instance to another published version of its stack through its `upgrade` transition. */
  upgradeInstance(id: string, version?: number): StackInstance {
    const row = this.row(id);
    const stack = this.stackName(row);
    const target = version ?? this.stacks.latestVersion(this.viewer, stack);
    if (target === row.version) throw new NimbusError('already_at_version', `${row.name} already runs ${stack}@${target}`, { version: target });
    const { document } = this.stacks.checkedVersion(this.viewer, stack, target);
    const next = compileStackMachine(document.stateMachine, document.operations);
    const live = this.liveOf(id);
    if (!next.states.includes(live.actor.state())) {
      throw new StackStateError('upgrade_state_missing', `${stack}@${target} has no state ${live.actor.state()}, where ${row.name} is; it cannot take the instance over`, { state: live.actor.state() });
    }
    this.checkParams(document, JSON.parse(row.params) as Record<string, unknown>, `parameters of ${row.name} under ${stack}@${target}`);
    const trigger = this.triggerRunning(live.document, live.actor.state(), 'upgrade');
    this.sendOrRefuse(id, { type: trigger, input: { version: target } }, `upgrade to version ${target} requested`);
    return this.get(id);
  }

  /** Starts a day-2 operation; refused outside its required states or while a workflow runs. */
  runOperation(id: string, name: string, input: Record<string, unknown> = {}): StackInstance {
    const live = this.liveOf(id);
    const row = this.row(id);
    const operation = live.document.operations.find((candidate) => candidate.name === name);
    if (!operation) {
      throw new NotFoundError(`Operation of stack ${this.stackName(row)}@${row.version}`, `${name}` + (live.document.operations.length ? ` (operations: ${live.document.operations.map((o) => o.name).join(', ')})` : ' (it has none)'));
    }
    const state = live.actor.state();
    if (!operation.requiredStates.includes(state)) {
      throw new StackStateError('operation_not_allowed', `${name} can run only when ${row.name} is ${operation.requiredStates.join(' or ')}; it is ${state}`, { state, allowed: operation.requiredStates });
    }
    this.refuseIfBusy(id, live);
    const checked = this.checkInput(operation, input);
    this.causes.set(id, `operation ${name} started`);
    live.actor.startOperation(operation, checked);
    return this.get(id);
  }

  /** Lets an operation waiting at a confirm step go on. */
  confirm(id: string): StackInstance {
    const waiting = this.confirmations.get(id);
    if (!waiting) throw new NimbusError('nothing_to_confirm', `${this.row(id).name} is not waiting for a confirmation`, {});
    waiting();
    return this.get(id);
  }

  /**
   * Sends a trigger (from a routing rule, the CLI or the UI) and says what it did: the transition
   * taken, or why none was (busy, not accepted in this state, guard false).
   */
  send(id: string, event: TriggerEvent, cause: string): TriggerOutcome {
    const live = this.liveOf(id);
    const from = live.actor.state();
    if (live.actor.busy()) return { instanceId: id, trigger: event.type, from, to: null, note: `not taken: ${live.actor.activity()?.workflow ?? 'a workflow'} is running` };
    if (!live.actor.can(event)) {
      const offered = live.document.stateMachine.transitions.some((t) => t.from === from && t.trigger === event.type);
      return { instanceId: id, trigger: event.type, from, to: null, note: offered ? `not taken: the guard of ${from} --${event.type}--> is false` : `not taken: ${event.type} is not accepted in state ${from}` };
    }
    this.causes.set(id, cause);
    const result = live.actor.send(event);
    return { instanceId: id, trigger: event.type, from, to: result.to, note: `${from} → ${result.to}${live.actor.busy() ? ` (running ${live.actor.activity()?.workflow})` : ''}` };
  }

  list(): StackInstance[] {
    return this.store.stacks.instances().map((row) => this.toInstance(row));
  }

  get(id: string): StackInstance {
    return this.toInstance(this.row(id));
  }

  /** An instance by id, or by name within an environment. */
  find(reference: { id?: string; environment?: string; name?: string }): StackInstance {
    if (reference.id) return this.get(reference.id);
    const row = reference.environment && reference.name ? this.store.stacks.instanceByName(reference.environment, reference.name) : undefined;
    if (!row) throw new NotFoundError('Stack instance', `${reference.environment ?? '?'}/${reference.name ?? '?'}`);
    return this.toInstance(row);
  }

  history(id: string): StateHistoryEntry[] {
    this.row(id);
    return this.store.stacks.history(id).map((row) => ({ seq: row.seq, from: row.from_state, to: row.to_state, trigger: row.trigger, cause: row.cause, at: row.at }));
  }

  /** The published document an instance runs (its machine version). */
  documentOf(id: string): StackDocument {
    const live = this.live.get(id);
    if (live) return live.document;
    const row = this.row(id);
    return this.stacks.version(this.viewer, this.stackName(row), row.machine_version);
  }

  /** Live instances with the document they run, for event routing. */
  instances(): { instance: StackInstance; document: StackDocument }[] {
    const routable: { instance: StackInstance; document: StackDocument }[] = [];
    for (const row of this.store.stacks.instances()) {
      if (this.ownedElsewhere(row)) continue;
      try {
        routable.push({ instance: this.toInstance(row), document: this.liveOf(row.id).document });
      } catch {
        // An instance whose machine cannot be restored is reported by restore(); events skip it.
      }
    }
    return routable;
  }

  /** Settles when the instance is not running a workflow (for the CLI and tests). */
  async idle(id: string, timeoutMs = 15 * 60_000): Promise<StackInstance> {
    const live = this.liveOf(id);
    if (!live.actor.busy()) return this.get(id);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new NimbusError('timeout', `${this.row(id).name} is still running ${live.actor.activity()?.workflow} after ${timeoutMs} ms`, {}));
      }, timeoutMs);
      const stop = live.actor.subscribe((change) => {
        if (change.busy) return;
        clearTimeout(timer);
        stop();
        resolve();
      });
    });
    return this.get(id);
  }

  /** Stops every actor. Their persisted snapshots stay as they were, so a running workflow resumes on the next start. */
  dispose(): void {
    this.disposed = true;
    for (const live of this.live.values()) live.actor.stop();
    this.live.clear();
  }

  private attach(row: StackInstanceRow): LiveInstance {
    const stack = this.stackName(row);
    const document = this.stacks.version(this.viewer, stack, row.machine_version);
    const machine = compileStackMachine(document.stateMachine, document.operations);
    const effects = {
      runWorkflow: (activity: Activity, signal: AbortSignal) => this.runWorkflow(row.id, activity, signal),
      evaluateGuard: (source: string, event: TriggerEvent) => this.evaluateGuard(row.id, source, event),
    };
    // A workflow that was running when its process stopped starts again with the actor: the deploy
    // engine's crash recovery runs first (its jobs wait for it), whichever process picks it up.
    if (row.busy) this.deploy.recoverIfNeeded();
    const actor = row.snapshot ? machine.start(effects, JSON.parse(row.snapshot)) : machine.startIn(effects, row.state);
    const live: LiveInstance = { actor, machine, document, machineVersion: row.machine_version, persisted: null };
    this.live.set(row.id, live);
    actor.subscribe((change) => this.record(row.id, live, change));
    this.persist(row.id, live);
    return live;
  }

  private record(id: string, live: LiveInstance, change: StateChange): void {
    if (this.disposed) return;
    const cause = this.causes.get(id) ?? (change.ended ? `workflow ${change.ended.workflow} ${change.trigger === change.ended.onSuccess ? 'succeeded' : change.cancelled ? 'cancelled' : change.lastError ? `failed: ${change.lastError}` : 'ended'}` : change.trigger);
    this.causes.delete(id);
    this.store.stacks.transaction(() => {
      this.persist(id, live);
      this.store.stacks.appendHistory({ instance_id: id, from_state: change.from, to_state: change.to, trigger: change.trigger, cause, at: new Date().toISOString() });
    });
    // An upgrade that finished moves the instance to the new version's machine, in the state it reached.
    const row = this.row(id);
    if (!change.busy && row.version !== live.machineVersion) queueMicrotask(() => this.switchMachine(id));
  }

  private persist(id: string, live: LiveInstance): void {
    const activity = live.actor.activity();
    // The id of the job the workflow runs as, once it started (it may start before this write).
    const job = this.workflowJobs.get(id);
    const jobId = activity && job?.startedAt === activity.startedAt ? job.jobId : null;
    const snapshot = JSON.stringify(live.actor.persisted());
    this.store.stacks.updateInstance(id, {
      state: live.actor.state(),
      busy: live.actor.busy() ? 1 : 0,
      activity: activity ? JSON.stringify({ workflow: activity.workflow, startedAt: activity.startedAt, deadline: activity.deadline, jobId, pid: process.pid }) : null,
      snapshot,
      machine_version: live.machineVersion,
      last_error: live.actor.lastError(),
    });
    live.persisted = snapshot;
  }

  private switchMachine(id: string): void {
    const live = this.live.get(id);
    if (!live || this.disposed || live.actor.busy()) return;
    const row = this.row(id);
    const state = live.actor.state();
    live.actor.stop();
    this.live.delete(id);
    this.store.stacks.updateInstance(id, { snapshot: null, machine_version: row.version, state });
    this.attach(this.row(id));
  }

  private async runWorkflow(id: string, activity: Activity, signal: AbortSignal): Promise<unknown> {
    const row = this.row(id);
    return runStackWorkflow(
      {
        store: this.store,
        stacks: this.stacks,
        deploy: this.deploy,
        jobs: this.jobs,
        viewer: this.viewer,
        confirmations: this.confirmations,
        onJob: (jobId) => {
          this.workflowJobs.set(id, { startedAt: activity.startedAt, jobId });
          const current = this.row(id);
          this.store.stacks.updateInstance(id, {
            last_job: JSON.stringify({ workflow: activity.workflow, jobId, startedAt: activity.startedAt }),
            ...(current.activity ? { activity: JSON.stringify({ ...JSON.parse(current.activity), jobId }) } : {}),
          });
        },
      },
      { id, name: row.name, stack: this.stackName(row), version: row.version, environment: row.environment, params: JSON.parse(row.params) as Record<string, unknown> },
      activity,
      this.live.get(id)?.document ?? this.stacks.version(this.viewer, this.stackName(row), row.machine_version),
      signal,
    );
  }

  private evaluateGuard(id: string, source: string, event: TriggerEvent): boolean {
    const instance = this.get(id);
    return isTruthy(evaluateExpression(source, { event: event.payload ?? {}, instance: { id, name: instance.name, state: instance.state, environment: instance.environment }, params: instance.params, outputs: instance.outputs }));
  }

  private sendOrRefuse(id: string, event: TriggerEvent, cause: string): void {
    const live = this.liveOf(id);
    this.refuseIfBusy(id, live);
    const outcome = this.send(id, event, cause);
    if (outcome.to === null) throw new StackStateError('transition_refused', `${this.row(id).name}: ${outcome.note}`, { state: outcome.from, trigger: event.type });
  }

  private refuseIfBusy(id: string, live: LiveInstance): void {
    if (live.actor.busy()) {
      throw new StackStateError('stack_instance_busy', `${this.row(id).name} is running ${live.actor.activity()?.workflow}; wait for it to finish or cancel its job`, { activity: live.actor.activity()?.workflow });
    }
  }

  /** The trigger of the transition from `state` that runs `workflow`; refused naming the states that have one. */
  private triggerRunning(document: StackDocument, state: string, workflow: keyof typeof NOT_ALLOWED): string {
    const transition = document.stateMachine.transitions.find((t) => t.from === state && t.workflow === workflow);
    if (transition) return transition.trigger;
    const states = [...new Set(document.stateMachine.transitions.filter((t) => t.workflow === workflow).map((t) => t.from))];
    throw new StackStateError(
      NOT_ALLOWED[workflow],
      states.length ? `${workflow} is possible only from ${states.join(' or ')}; the instance is ${state}` : `The stack's state machine has no transition that runs ${workflow}`,
      { state, allowed: states },
    );
  }

  private checkParams(document: StackDocument, params: Record<string, unknown>, what: string): Record<string, unknown> {
    const withDefaults: Record<string, unknown> = { ...params };
    for (const [key, property] of Object.entries((document.parameters.properties as Record<string, { default?: unknown }> | undefined) ?? {})) {
      if (withDefaults[key] === undefined && property.default !== undefined) withDefaults[key] = structuredClone(property.default);
    }
    assertMatches(document.parameters, withDefaults, what);
    return withDefaults;
  }

  private checkInput(operation: StackOperation, input: Record<string, unknown>): Record<string, unknown> {
    assertMatches(operation.inputSchema, input, `input of operation ${operation.name}`);
    return input;
  }

  /**
   * The actor of an instance. Another Nimbus process (the CLI beside the app) may have moved the
   * instance since this one last wrote it: then the actor is rebuilt from the stored snapshot. An
   * instance whose workflow another live process is running is left to that process.
   */
  private liveOf(id: string): LiveInstance {
    const row = this.row(id);
    const live = this.live.get(id);
    if (live && (live.actor.busy() || row.snapshot === live.persisted)) return live;
    if (this.ownedElsewhere(row)) {
      const activity = JSON.parse(row.activity!) as { workflow: string; pid: number };
      throw new StackStateError('stack_instance_busy', `${row.name} is running ${activity.workflow} in another Nimbus process (pid ${activity.pid}); wait for it to finish`, { pid: activity.pid });
    }
    if (live) {
      live.actor.stop();
      this.live.delete(id);
    }
    return this.attach(row);
  }

  /** Whether another live process is running this instance's workflow. */
  private ownedElsewhere(row: StackInstanceRow): boolean {
    if (!row.busy || !row.activity) return false;
    const pid = (JSON.parse(row.activity) as { pid?: number }).pid;
    return pid !== undefined && pid !== process.pid && isProcessAlive(pid);
  }

  private row(id: string): StackInstanceRow {
    const row = this.store.stacks.instance(id);
    if (!row) throw new NotFoundError('Stack instance', id);
    return row;
  }

  private stackName(row: StackInstanceRow): string {
    const stack = this.store.stacks.byId(row.stack_id);
    if (!stack) throw new NotFoundError('Stack', row.stack_id);
    return stack.name;
  }

  private toInstance(row: StackInstanceRow): StackInstance {
    const activity = row.activity ? (JSON.parse(row.activity) as StackInstance['activity']) : null;
    return {
      id: row.id,
      name: row.name,
      stack: this.stackName(row),
      version: row.version,
      environment: row.environment,
      params: JSON.parse(row.params) as Record<string, unknown>,
      state: row.state,
      status: row.busy ? 'running' : row.last_error ? 'failed' : 'idle',
      activity: activity ? { workflow: activity.workflow, startedAt: activity.startedAt, deadline: activity.deadline ?? null, jobId: activity.jobId ?? null } : null,
      lastJob: row.last_job ? (JSON.parse(row.last_job) as StackInstance['lastJob']) : null,
      outputs: JSON.parse(row.outputs) as Record<string, unknown>,
      lastError: row.last_error,
      machineVersion: row.machine_version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}

/** Throws a ValidationError naming every field of `value` that `schema` refuses. */
function assertMatches(schema: Record<string, unknown>, value: unknown, what: string): void {
  const issues = compileValidator(schema)(value);
  if (issues.length > 0) {
    throw new ValidationError(what, issues.map((issue) => ({ path: issue.missing ?? issue.path.replace(/^\//, '').replaceAll('/', '.'), message: issue.missing ? 'missing required parameter' : issue.message })));
  }
}
