import { randomUUID } from 'node:crypto';
import { runAsTenantWork } from '../context/tenant-scope.js';
import type { StackDocument, StackInstance, StateHistoryEntry } from '../api/schemas/stacks.js';
import type { Viewer } from '../components/component-service.js';
import type { DeployService } from '../deploy/deploy-service.js';
import { NimbusError, NotFoundError } from '../errors.js';
import { evaluateExpression, isTruthy } from '../expressions/expression.js';
import type { JobManager } from '../jobs/job-manager.js';
import { compileStackMachine, type TriggerEvent } from '../lifecycle/stack-machine.js';
import { discardLogger, type Logger } from '../logging/logger.js';
import type { StackInstanceRecord } from '../store/ports/catalog-records.js';
import type { RepositoryScope } from '../store/ports/store-port.js';
import { StackActorHost, type LiveInstance } from './stack-actor-host.js';
import { ownedElsewhere } from './stack-instance-ownership.js';
import { instanceRow, stackNameOf, toHistoryEntry, toInstance } from './stack-instance-view.js';
import { runInstanceWorkflow } from './stack-instance-workflow.js';
import { checkInput, checkParams, refuseIfBusy, triggerRunning } from './stack-request-checks.js';
import type { StackService } from './stack-service.js';
import { StackStateError } from './stack-state-error.js';
import type { ConfirmationGate } from './stack-workflows.js';

export { StackStateError } from './stack-state-error.js';

/** What sending a trigger did. */
export interface TriggerOutcome {
  instanceId: string;
  trigger: string;
  from: string;
  to: string | null;
  /** Why nothing happened, or what did. */
  note: string;
}

/**
 * Stack instances at run time: one XState actor per instance, its snapshot and machine version
 * written after every change, restored when the engine starts (an interrupted workflow restarts
 * from the persisted input and converges). Lifecycle requests and day-2 operations are checked
 * against the machine before anything runs.
 */
export class StackRuntime {
  private readonly confirmations: ConfirmationGate = new Map();
  private readonly host: StackActorHost;

  constructor(
    private readonly store: RepositoryScope,
    private readonly stacks: StackService,
    private readonly deploy: DeployService,
    private readonly jobs: JobManager,
    private readonly viewer: Viewer,
    logger: Logger = discardLogger,
  ) {
    this.host = new StackActorHost(
      store,
      stacks,
      deploy,
      viewer,
      {
        runWorkflow: async (id, activity, signal) => {
          try {
            return await runInstanceWorkflow(
              {
                store,
                stacks,
                deploy,
                jobs,
                viewer,
                confirmations: this.confirmations,
                workflowJobs: this.host.workflowJobs,
                write: (what, work) => this.host.write(what, work),
                liveDocument: (instance) => this.host.peek(instance)?.document,
              },
              id,
              activity,
              signal,
            );
          } finally {
            // The transition that follows may have guards: they read what the workflow wrote.
            await this.host.refreshView(id).catch(() => undefined);
          }
        },
        evaluateGuard: (id, source, event) => this.evaluateGuard(id, source, event),
      },
      logger,
    );
  }

  /** Restores every instance's actor from its snapshot; workflows that were running start again. */
  async restore(): Promise<void> {
    // Called as the engine's own work, it sees every tenant's instances; each is restored in its own
    // tenant, so what its workflow does from then on (timers included) belongs to that tenant.
    for (const row of await this.store.stacks.instances()) {
      if (this.host.has(row.id) || ownedElsewhere(row)) continue;
      await runAsTenantWork(row.tenant, 'restore', async () => {
        try {
          await this.host.attach(row);
        } catch (error) {
          await this.host.write('error', (store) =>
            store.stacks.updateInstance(row.id, { lastError: `Could not restore its state machine: ${(error as Error).message}` }),
          );
        }
      });
    }
  }

  /** Creates an instance of a published stack version and starts its deploy transition. */
  async deployInstance(input: {
    stack: string;
    version?: number;
    environment: string;
    name: string;
    params?: Record<string, unknown>;
  }): Promise<StackInstance> {
    // Refuses an unknown environment.
    await this.deploy.resolutionInputsFor(input.environment);
    const version = input.version ?? (await this.stacks.latestVersion(this.viewer, input.stack));
    const { document } = await this.stacks.checkedVersion(this.viewer, input.stack, version);
    const stackRow = await this.stacks.get(this.viewer, input.stack);
    const params = checkParams(document, input.params ?? {}, `parameters of ${input.stack}@${version}`);
    const machine = compileStackMachine(document.stateMachine, document.operations);
    const trigger = triggerRunning(document, machine.initial, 'deploy');
    const id = randomUUID();
    // The name check and the insert are one unit: two requests for one name cannot both pass.
    await this.store.unitOfWork(async (tx) => {
      if (await tx.stacks.instanceByName(input.environment, input.name)) {
        throw new NimbusError(
          'stack_instance_exists',
          `Environment ${input.environment} already has a stack instance named ${input.name}`,
          { environment: input.environment, name: input.name },
        );
      }
      await tx.stacks.insertInstance({
        id,
        name: input.name,
        stackId: stackRow.id,
        version,
        environment: input.environment,
        params,
        state: machine.initial,
        machineVersion: version,
        createdAt: new Date().toISOString(),
      });
      await tx.stacks.appendHistory({
        instanceId: id,
        from: null,
        to: machine.initial,
        trigger: 'create',
        cause: `instance of ${input.stack}@${version} created`,
        at: new Date().toISOString(),
      });
    });
    await this.host.attach(await this.row(id));
    await this.send(id, { type: trigger }, `deploy requested`);
    return this.get(id);
  }

  /** Runs the transition whose workflow is `destroy` from the current state. */
  async destroyInstance(id: string): Promise<StackInstance> {
    const live = await this.liveOf(id);
    const trigger = triggerRunning(live.document, live.actor.state(), 'destroy');
    await this.sendOrRefuse(id, { type: trigger }, 'destroy requested');
    return this.get(id);
  }

  /** Moves an instance to another published version of its stack through its `upgrade` transition. */
  async upgradeInstance(id: string, version?: number): Promise<StackInstance> {
    const row = await this.row(id);
    const stack = await this.stackName(row);
    const target = version ?? (await this.stacks.latestVersion(this.viewer, stack));
    if (target === row.version)
      throw new NimbusError('already_at_version', `${row.name} already runs ${stack}@${target}`, { version: target });
    const { document } = await this.stacks.checkedVersion(this.viewer, stack, target);
    const next = compileStackMachine(document.stateMachine, document.operations);
    const live = await this.liveOf(id);
    if (!next.states.includes(live.actor.state())) {
      throw new StackStateError(
        'upgrade_state_missing',
        `${stack}@${target} has no state ${live.actor.state()}, where ${row.name} is; it cannot take the instance over`,
        { state: live.actor.state() },
      );
    }
    checkParams(document, row.params, `parameters of ${row.name} under ${stack}@${target}`);
    const trigger = triggerRunning(live.document, live.actor.state(), 'upgrade');
    await this.sendOrRefuse(id, { type: trigger, input: { version: target } }, `upgrade to version ${target} requested`);
    return this.get(id);
  }

  /** Starts a day-2 operation; refused outside its required states or while a workflow runs. */
  async runOperation(id: string, name: string, input: Record<string, unknown> = {}): Promise<StackInstance> {
    const live = await this.liveOf(id);
    const row = await this.row(id);
    const operation = live.document.operations.find((candidate) => candidate.name === name);
    if (!operation) {
      throw new NotFoundError(
        `Operation of stack ${await this.stackName(row)}@${row.version}`,
        `${name}` +
          (live.document.operations.length ? ` (operations: ${live.document.operations.map((o) => o.name).join(', ')})` : ' (it has none)'),
      );
    }
    const state = live.actor.state();
    if (!operation.requiredStates.includes(state)) {
      throw new StackStateError(
        'operation_not_allowed',
        `${name} can run only when ${row.name} is ${operation.requiredStates.join(' or ')}; it is ${state}`,
        { state, allowed: operation.requiredStates },
      );
    }
    refuseIfBusy(row.name, live.actor);
    const checked = checkInput(operation, input);
    this.host.causes.set(id, `operation ${name} started`);
    live.actor.startOperation(operation, checked);
    return this.get(id);
  }

  /** Lets an operation waiting at a confirm step go on. */
  async confirm(id: string): Promise<StackInstance> {
    // The stored row first: an instance of another tenant is `not_found`, and its operation waits on.
    const row = await this.row(id);
    const waiting = this.confirmations.get(id);
    if (!waiting) throw new NimbusError('nothing_to_confirm', `${row.name} is not waiting for a confirmation`, {});
    waiting();
    return this.get(id);
  }

  /**
   * Sends a trigger (from a routing rule, the CLI or the UI) and says what it did: the transition
   * taken, or why none was (busy, not accepted in this state, guard false).
   */
  async send(id: string, event: TriggerEvent, cause: string): Promise<TriggerOutcome> {
    const live = await this.liveOf(id);
    const from = live.actor.state();
    if (live.actor.busy())
      return {
        instanceId: id,
        trigger: event.type,
        from,
        to: null,
        note: `not taken: ${live.actor.activity()?.workflow ?? 'a workflow'} is running`,
      };
    if (!live.actor.can(event)) {
      const offered = live.document.stateMachine.transitions.some((t) => t.from === from && t.trigger === event.type);
      return {
        instanceId: id,
        trigger: event.type,
        from,
        to: null,
        note: offered
          ? `not taken: the guard of ${from} --${event.type}--> is false`
          : `not taken: ${event.type} is not accepted in state ${from}`,
      };
    }
    this.host.causes.set(id, cause);
    const result = live.actor.send(event);
    return {
      instanceId: id,
      trigger: event.type,
      from,
      to: result.to,
      note: `${from} → ${result.to}${live.actor.busy() ? ` (running ${live.actor.activity()?.workflow})` : ''}`,
    };
  }

  /** The job the instance's running workflow runs as in this process, if it runs and its job started. */
  runningJob(id: string): string | null {
    const activity = this.host.peek(id)?.actor.activity();
    const job = this.host.workflowJobs.get(id);
    return activity && job?.startedAt === activity.startedAt ? job.jobId : null;
  }

  /** Every instance as the API shows it. */
  async list(): Promise<StackInstance[]> {
    await this.host.flushed();
    const instances: StackInstance[] = [];
    for (const row of await this.store.stacks.instances()) instances.push(await this.toInstance(row));
    return instances;
  }

  /** One instance as the API shows it (with every state change this process made); NotFoundError for an unknown id. */
  async get(id: string): Promise<StackInstance> {
    return this.toInstance(await this.row(id));
  }

  /** An instance by id, or by name within an environment. */
  async find(reference: { id?: string; environment?: string; name?: string }): Promise<StackInstance> {
    if (reference.id) return this.get(reference.id);
    await this.host.flushed();
    const row =
      reference.environment && reference.name ? await this.store.stacks.instanceByName(reference.environment, reference.name) : undefined;
    if (!row) throw new NotFoundError('Stack instance', `${reference.environment ?? '?'}/${reference.name ?? '?'}`);
    return this.toInstance(row);
  }

  /** The state changes of an instance, oldest first. */
  async history(id: string): Promise<StateHistoryEntry[]> {
    await this.row(id);
    return (await this.store.stacks.history(id)).map(toHistoryEntry);
  }

  /** The published document an instance runs (its machine version). */
  async documentOf(id: string): Promise<StackDocument> {
    // The stored row first: the actor this process holds is no proof the caller's tenant may see it.
    const row = await this.row(id);
    const live = this.host.peek(id);
    if (live) return live.document;
    return this.stacks.version(this.viewer, await this.stackName(row), row.machineVersion);
  }

  /** Live instances with the document they run, for event routing. */
  async instances(): Promise<{ instance: StackInstance; document: StackDocument }[]> {
    const routable: { instance: StackInstance; document: StackDocument }[] = [];
    await this.host.flushed();
    for (const row of await this.store.stacks.instances()) {
      if (ownedElsewhere(row)) continue;
      try {
        const { document } = await this.liveOf(row.id);
        routable.push({ instance: await this.get(row.id), document });
      } catch {
        // An instance whose machine cannot be restored is reported by restore(); events skip it.
      }
    }
    return routable;
  }

  /** Settles when the instance is not running a workflow (for the CLI and tests). */
  async idle(id: string, timeoutMs = 15 * 60_000): Promise<StackInstance> {
    const live = await this.liveOf(id);
    if (!live.actor.busy()) return this.get(id);
    const name = live.view.name;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new NimbusError('timeout', `${name} is still running ${live.actor.activity()?.workflow} after ${timeoutMs} ms`, {}));
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

  /**
   * Stops every actor once the writes they queued are stored. Their persisted snapshots stay as they
   * were, so a running workflow resumes on the next start.
   */
  dispose(): Promise<void> {
    return this.host.dispose();
  }

  /** Guards run synchronously inside a transition: they read the instance as its actor last saw it stored. */
  private evaluateGuard(id: string, source: string, event: TriggerEvent): boolean {
    const live = this.host.peek(id);
    if (!live) throw new NotFoundError('Stack instance', id);
    const instance = live.view;
    return isTruthy(
      evaluateExpression(source, {
        event: event.payload ?? {},
        instance: { id, name: instance.name, state: instance.state, environment: instance.environment },
        params: instance.params,
        outputs: instance.outputs,
      }),
    );
  }

  private async sendOrRefuse(id: string, event: TriggerEvent, cause: string): Promise<void> {
    const live = await this.liveOf(id);
    refuseIfBusy(live.view.name, live.actor);
    const outcome = await this.send(id, event, cause);
    if (outcome.to === null)
      throw new StackStateError('transition_refused', `${live.view.name}: ${outcome.note}`, {
        state: outcome.from,
        trigger: event.type,
      });
  }

  private liveOf(id: string): Promise<LiveInstance> {
    return this.host.liveOf(id);
  }

  /** The instance as stored once this process's queued writes are in. */
  private async row(id: string): Promise<StackInstanceRecord> {
    await this.host.flushed();
    return instanceRow(this.store, id);
  }

  private stackName(row: StackInstanceRecord): Promise<string> {
    return stackNameOf(this.store, row);
  }

  private toInstance(row: StackInstanceRecord): Promise<StackInstance> {
    return toInstance(this.store, row);
  }
}
