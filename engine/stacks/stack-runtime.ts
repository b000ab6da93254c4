import { randomUUID } from 'node:crypto';
import { runAsEngineWork, runAsTenantWork } from '../context/tenant-scope.js';
import type { StackDocument, StackInstance, StateHistoryEntry } from '../api/schemas/stacks.js';
import type { Viewer } from '../components/component-service.js';
import type { DeployService } from '../deploy/deploy-service.js';
import { NimbusError, NotFoundError } from '../errors.js';
import type { JobManager } from '../jobs/job-manager.js';
import { compileStackMachine, operationEvent, type TriggerEvent } from '../lifecycle/stack-machine.js';
import { discardLogger, logFailure, type Logger } from '../logging/logger.js';
import type { StackInstanceRecord } from '../store/ports/catalog-records.js';
import type { RepositoryScope } from '../store/ports/store-port.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import { registerStackApprovals, stackGates, type StackDeployPayload } from './stack-approvals.js';
import { StackConfirmations } from './stack-confirmations.js';
import { instanceRow, stackNameOf, toHistoryEntry, toInstance } from './stack-instance-view.js';
import { StackMachines } from './stack-machines.js';
import { checkInput, checkParams, refuseIfBusy, triggerRunning } from './stack-request-checks.js';
import type { StackService } from './stack-service.js';
import { StackStateError } from './stack-state-error.js';
import { StackTransitions, type InstanceNow, type TransitionDecision, type TransitionOutcome } from './stack-transitions.js';
import { StackWorkflowJobs } from './stack-workflow-jobs.js';

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

/** How often a wait for an instance reads it, for changes other processes make. */
const IDLE_POLL_MS = 250;
/** How often the shared server looks for workflows whose job ended without finishing them. */
const SWEEP_MS = 30_000;

/**
 * Stack instances at run time. Each instance's state machine lives in the store (its snapshot and
 * machine version): every transition is decided and written under the instance's row lock, so any
 * Nimbus process (the app, the CLI beside it, any process of a shared server) may take any
 * instance's next one, and none is taken twice. Workflows run as jobs that any worker may run; the
 * job moves the instance on when it ends. Lifecycle requests and day-2 operations are checked
 * against the machine before anything runs.
 */
export class StackRuntime {
  private readonly machines: StackMachines;
  private readonly transitions: StackTransitions;
  private readonly workflows: StackWorkflowJobs;
  private readonly confirmations: StackConfirmations;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: RepositoryScope,
    private readonly stacks: StackService,
    private readonly deploy: DeployService,
    private readonly jobs: JobManager,
    private readonly viewer: Viewer,
    private readonly logger: Logger = discardLogger,
    private readonly approvals?: ApprovalService,
  ) {
    this.machines = new StackMachines(store, stacks, viewer);
    this.transitions = new StackTransitions(store, this.machines);
    this.confirmations = new StackConfirmations(store);
    this.workflows = new StackWorkflowJobs(
      { store, stacks, deploy, jobs, viewer, confirmations: this.confirmations },
      this.transitions,
      this.machines,
      logger,
    );
    if (approvals)
      registerStackApprovals(approvals, {
        deployPlan: (payload) => this.deployPlan(payload),
        deployInstance: (payload) => this.deployInstance(payload),
        instancePlan: (id, what) => this.instancePlan(id, what),
        destroyInstance: (id) => this.destroyInstance(id),
        upgradeInstance: (id, version) => this.upgradeInstance(id, version),
        runOperation: (id, name, input) => this.runOperation(id, name, input),
      });
  }

  /** What deploying a new instance will do, for an approval to bind. */
  private async deployPlan(input: StackDeployPayload): Promise<unknown> {
    const version = input.version ?? (await this.stacks.latestVersion(this.viewer, input.stack));
    const { document } = await this.stacks.checkedVersion(this.viewer, input.stack, version);
    const params = checkParams(document, input.params ?? {}, `parameters of ${input.stack}@${version}`);
    return { action: 'deploy', stack: input.stack, version, environment: input.environment, name: input.name, params };
  }

  /** What an action on an existing instance will do, for an approval to bind. */
  private async instancePlan(id: string, what: Record<string, unknown>): Promise<unknown> {
    const row = await this.row(id);
    return {
      ...what,
      instance: row.name,
      stack: await this.stackName(row),
      version: row.version,
      environment: row.environment,
      params: row.params,
      state: row.state,
    };
  }

  /**
   * Starts again the workflows whose job ended without finishing them (their process stopped). On
   * the shared server it looks again every 30 s, since the process that stopped may not come back.
   */
  async restore(): Promise<void> {
    await this.reviveAbandoned();
    if (this.jobs.distributed && !this.sweeper) {
      this.sweeper = setInterval(() => {
        void runAsEngineWork('stack-sweep', () => this.reviveAbandoned()).catch((error: unknown) =>
          logFailure(this.logger, 'error', 'Looking for interrupted stack workflows failed', error),
        );
      }, SWEEP_MS);
      this.sweeper.unref();
    }
  }

  /** Called as the engine's own work: it sees every tenant's instances, and revives each in its own tenant. */
  private async reviveAbandoned(): Promise<void> {
    for (const row of await this.store.stacks.instances()) {
      if (!row.busy) continue;
      await runAsTenantWork(row.tenant, 'restore', async () => {
        try {
          await this.workflows.reviveIfAbandoned(row);
        } catch (error) {
          logFailure(this.logger, 'error', `The workflow of stack instance ${row.name} could not be started again`, error);
          await this.store.stacks
            .updateInstance(row.id, { lastError: `Could not start its workflow again: ${(error as Error).message}` })
            .catch(() => undefined);
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
    await this.approvals?.approvalGate(stackGates.deploy(input));
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
      await tx.stacks.updateInstance(id, { snapshot: machine.snapshotIn() });
      await tx.stacks.appendHistory({
        instanceId: id,
        from: null,
        to: machine.initial,
        trigger: 'create',
        cause: `instance of ${input.stack}@${version} created`,
        at: new Date().toISOString(),
      });
    });
    await this.send(id, { type: trigger }, `deploy requested`);
    return this.get(id);
  }

  /** Runs the transition whose workflow is `destroy` from the current state. */
  async destroyInstance(id: string): Promise<StackInstance> {
    const row = await this.row(id);
    await this.approvals?.approvalGate(stackGates.instance('stack.destroy', 'destroy', row, { instanceId: id }));
    await this.take(id, 'destroy requested', ({ document, view }) => ({ type: triggerRunning(document, view.state, 'destroy') }));
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
    checkParams(document, row.params, `parameters of ${row.name} under ${stack}@${target}`);
    await this.approvals?.approvalGate(stackGates.instance('stack.upgrade', 'upgrade', row, { instanceId: id, version: target }));
    await this.take(id, `upgrade to version ${target} requested`, (now) => {
      if (!next.states.includes(now.view.state)) {
        throw new StackStateError(
          'upgrade_state_missing',
          `${stack}@${target} has no state ${now.view.state}, where ${row.name} is; it cannot take the instance over`,
          { state: now.view.state },
        );
      }
      return { type: triggerRunning(now.document, now.view.state, 'upgrade'), input: { version: target } };
    });
    return this.get(id);
  }

  /** Starts a day-2 operation; refused outside its required states or while a workflow runs. */
  async runOperation(id: string, name: string, input: Record<string, unknown> = {}): Promise<StackInstance> {
    const row = await this.row(id);
    const { document } = await this.machines.of(row, row.machineVersion);
    const operation = document.operations.find((candidate) => candidate.name === name);
    if (!operation) {
      throw new NotFoundError(
        `Operation of stack ${await this.stackName(row)}@${row.version}`,
        `${name}` + (document.operations.length ? ` (operations: ${document.operations.map((o) => o.name).join(', ')})` : ' (it has none)'),
      );
    }
    const checked = checkInput(operation, input);
    await this.approvals?.approvalGate(
      stackGates.instance('stack.operation', `day2:${name}`, row, { instanceId: id, operation: name, input: checked }),
    );
    await this.take(id, `operation ${name} started`, ({ view }) => {
      if (!operation.requiredStates.includes(view.state)) {
        throw new StackStateError(
          'operation_not_allowed',
          `${name} can run only when ${row.name} is ${operation.requiredStates.join(' or ')}; it is ${view.state}`,
          { state: view.state, allowed: operation.requiredStates },
        );
      }
      return operationEvent(operation, checked);
    });
    return this.get(id);
  }

  /** Lets an operation waiting at a confirm step go on (whichever process runs it). */
  async confirm(id: string): Promise<StackInstance> {
    // The stored row first: an instance of another tenant is `not_found`, and its operation waits on.
    const row = await this.row(id);
    await this.confirmations.confirm(id, row.name);
    return this.get(id);
  }

  /**
   * Sends a trigger (from a routing rule, the CLI or the UI) and says what it did: the transition
   * taken, or why none was (busy, not accepted in this state, guard false).
   */
  async send(id: string, event: TriggerEvent, cause: string): Promise<TriggerOutcome> {
    const outcome = await this.apply(id, ({ view }) =>
      view.busy ? { skip: `not taken: ${view.activity?.workflow ?? 'a workflow'} is running` } : { event, cause },
    );
    return { instanceId: id, trigger: event.type, from: outcome.from, to: outcome.to, note: outcome.note };
  }

  /** The job the instance's running workflow runs as, if it runs one. */
  async runningJob(id: string): Promise<string | null> {
    const row = await this.row(id);
    return row.busy ? (row.activity?.jobId ?? null) : null;
  }

  /** Every instance as the API shows it. */
  async list(): Promise<StackInstance[]> {
    const instances: StackInstance[] = [];
    for (const row of await this.store.stacks.instances()) instances.push(await this.toInstance(row));
    return instances;
  }

  /** One instance as the API shows it; NotFoundError for an unknown id. */
  async get(id: string): Promise<StackInstance> {
    return this.toInstance(await this.row(id));
  }

  /** An instance by id, or by name within an environment. */
  async find(reference: { id?: string; environment?: string; name?: string }): Promise<StackInstance> {
    if (reference.id) return this.get(reference.id);
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
    // The stored row first: the caller's tenant must see the instance.
    const row = await this.row(id);
    return (await this.machines.of(row, row.machineVersion)).document;
  }

  /** Instances with the document they run, for event routing. */
  async instances(): Promise<{ instance: StackInstance; document: StackDocument }[]> {
    const routable: { instance: StackInstance; document: StackDocument }[] = [];
    for (const row of await this.store.stacks.instances()) {
      try {
        const { document } = await this.machines.of(row, row.machineVersion);
        routable.push({ instance: await this.toInstance(row), document });
      } catch {
        // An instance whose stack version cannot be read is skipped by events; its page says why.
      }
    }
    return routable;
  }

  /**
   * Settles when the instance is not running a workflow (for the CLI and tests), whichever process
   * runs it; a workflow whose job ended without finishing it is started again first.
   */
  async idle(id: string, timeoutMs = 15 * 60_000): Promise<StackInstance> {
    const deadline = Date.now() + timeoutMs;
    let row = await this.row(id);
    if (row.busy) await this.workflows.reviveIfAbandoned(row);
    for (;;) {
      row = await this.row(id);
      if (!row.busy) return this.toInstance(row);
      if (Date.now() >= deadline)
        throw new NimbusError(
          'timeout',
          `${row.name} is still running ${row.activity?.workflow ?? 'a workflow'} after ${timeoutMs} ms`,
          {},
        );
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          stop();
          resolve();
        };
        const timer = setTimeout(done, Math.min(IDLE_POLL_MS, Math.max(0, deadline - Date.now())));
        const stop = this.transitions.onChange((changed) => changed === id && done());
      });
    }
  }

  /**
   * Stops looking for interrupted workflows. Workflows the engine's jobs are running now stay
   * running on their instances (their jobs are cancelled next): they start again on the next start.
   */
  dispose(): Promise<void> {
    clearInterval(this.sweeper);
    this.workflows.stop();
    return Promise.resolve();
  }

  /** Takes the event `decide` names (refused while a workflow runs, or when not accepted), and queues the workflow it starts. */
  private async take(id: string, cause: string, decide: (now: InstanceNow) => TriggerEvent): Promise<void> {
    const outcome = await this.apply(id, (now) => {
      refuseIfBusy(now.row.name, now.view);
      return { event: decide(now), cause };
    });
    if (outcome.to === null)
      throw new StackStateError('transition_refused', `${outcome.row.name}: ${outcome.note}`, { state: outcome.from });
  }

  /** Applies a decision and queues the workflow it started. */
  private async apply(id: string, decide: (now: InstanceNow) => TransitionDecision): Promise<TransitionOutcome> {
    const outcome = await this.transitions.apply(id, decide);
    if (outcome.started) await this.workflows.launch(outcome.started, outcome.row);
    return outcome;
  }

  /** The instance as stored. */
  private row(id: string): Promise<StackInstanceRecord> {
    return instanceRow(this.store, id);
  }

  private stackName(row: StackInstanceRecord): Promise<string> {
    return stackNameOf(this.store, row);
  }

  private toInstance(row: StackInstanceRecord): Promise<StackInstance> {
    return toInstance(this.store, row);
  }
}
