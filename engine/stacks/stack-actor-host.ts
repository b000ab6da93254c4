import type { StackDocument, StackInstance } from '../api/schemas/stacks.js';
import type { Viewer } from '../components/component-service.js';
import type { DeployService } from '../deploy/deploy-service.js';
import {
  compileStackMachine,
  type Activity,
  type CompiledStackMachine,
  type StackActor,
  type StateChange,
  type TriggerEvent,
} from '../lifecycle/stack-machine.js';
import { discardLogger, logFailure, type Logger } from '../logging/logger.js';
import type { RepositoryScope } from '../store/ports/store-port.js';
import type { StackInstancePatch } from '../store/ports/catalog-records.js';
import type { StackInstanceRecord } from '../store/ports/catalog-records.js';
import type { StackService } from './stack-service.js';
import { ownedElsewhere, ownerOf } from './stack-instance-ownership.js';
import { instanceRow, toInstance } from './stack-instance-view.js';
import { StackStateError } from './stack-state-error.js';

/** An instance's running actor with the machine and published document it was built from. */
export interface LiveInstance {
  actor: StackActor;
  machine: CompiledStackMachine;
  document: StackDocument;
  machineVersion: number;
  /** The snapshot this process last wrote; another one in the store means another process moved on. */
  persisted: string | null;
  /**
   * The instance as last read from the store, for guards: XState evaluates them synchronously, so
   * they read this view, refreshed whenever the instance is looked up and after every workflow.
   */
  view: StackInstance;
}

/** The effects an actor needs from the runtime: its workflows and its guards. */
export interface ActorEffects {
  runWorkflow(id: string, activity: Activity, signal: AbortSignal): Promise<unknown>;
  evaluateGuard(id: string, source: string, event: TriggerEvent): boolean;
}

/**
 * Hosts one XState actor per stack instance: builds it from the stored snapshot, writes its snapshot,
 * machine version and history after every change, moves an upgraded instance to its new machine, and
 * rebuilds an actor another Nimbus process moved on since this one last wrote it.
 *
 * Actors change state synchronously; their writes are asynchronous. Every write goes through one
 * ordered chain, so snapshots reach the store in the order of the transitions (the last one stored
 * is the last one taken), and each transition's snapshot and history entry are one unit of work.
 * Whoever reads an instance to act on it waits for the writes queued before (see {@link flushed}).
 */
export class StackActorHost {
  private readonly live = new Map<string, LiveInstance>();
  /** Each instance's lookups, attaches and machine switches, one at a time: an instance never gets two actors. */
  private readonly turns = new Map<string, Promise<unknown>>();
  /** The cause to record with an instance's next state change, set by whoever asked for it. */
  readonly causes = new Map<string, string>();
  /** The job each instance's current workflow runs as. */
  readonly workflowJobs = new Map<string, { startedAt: string; jobId: string }>();
  private writes: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly store: RepositoryScope,
    private readonly stacks: StackService,
    private readonly deploy: DeployService,
    private readonly viewer: Viewer,
    private readonly effects: ActorEffects,
    private readonly logger: Logger = discardLogger,
  ) {}

  /** Whether this process holds an actor for the instance. */
  has(id: string): boolean {
    return this.live.has(id);
  }

  /** The actor this process holds for the instance, without checking the store for a newer one. */
  peek(id: string): LiveInstance | undefined {
    return this.live.get(id);
  }

  /** Resolves once every write queued so far is stored. */
  flushed(): Promise<void> {
    return this.writes;
  }

  /**
   * Queues a write behind every write queued before it. A failed write is logged and the chain goes
   * on; the caller hears of the failure through the returned promise.
   */
  write(what: string, work: (store: RepositoryScope) => Promise<void>): Promise<void> {
    const done = this.writes.then(() => work(this.store));
    this.writes = done.catch((error: unknown) => logFailure(this.logger, 'error', `A stack instance's ${what} could not be stored`, error));
    return done;
  }

  /** Stops every actor once the writes they queued are stored. Their snapshots stay, so a running workflow resumes on the next start. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const live of this.live.values()) live.actor.stop();
    this.live.clear();
    await this.writes;
  }

  /**
   * Starts the actor of a stored instance (from its snapshot, or in its state) and records its
   * changes; an instance this process already holds keeps its actor.
   */
  attach(row: StackInstanceRecord): Promise<LiveInstance> {
    return this.inTurn(row.id, async () => this.live.get(row.id) ?? this.build(row));
  }

  /** Runs `work` once the instance's earlier lookups, attaches and switches are over. */
  private inTurn<T>(id: string, work: () => Promise<T>): Promise<T> {
    const next = (this.turns.get(id) ?? Promise.resolve()).then(work);
    const settled = next.catch(() => undefined);
    this.turns.set(id, settled);
    void settled.then(() => {
      if (this.turns.get(id) === settled) this.turns.delete(id);
    });
    return next;
  }

  private async build(row: StackInstanceRecord): Promise<LiveInstance> {
    const view = await toInstance(this.store, row);
    const document = await this.stacks.version(this.viewer, view.stack, row.machineVersion);
    const machine = compileStackMachine(document.stateMachine, document.operations);
    const effects = {
      runWorkflow: (activity: Activity, signal: AbortSignal) => this.effects.runWorkflow(row.id, activity, signal),
      evaluateGuard: (source: string, event: TriggerEvent) => this.effects.evaluateGuard(row.id, source, event),
    };
    // A workflow that was running when its process stopped starts again with the actor: the deploy
    // engine's crash recovery runs first (its jobs wait for it), whichever process picks it up.
    if (row.busy) await this.deploy.recoverIfNeeded();
    const actor = row.snapshot ? machine.start(effects, row.snapshot) : machine.startIn(effects, row.state);
    const live: LiveInstance = { actor, machine, document, machineVersion: row.machineVersion, persisted: null, view };
    this.live.set(row.id, live);
    actor.subscribe((change) => this.record(row.id, live, change));
    await this.write('snapshot', (store) => store.stacks.updateInstance(row.id, this.capture(row.id, live)));
    return live;
  }

  /**
   * The actor of an instance. Another Nimbus process (the CLI beside the app) may have moved the
   * instance since this one last wrote it: then the actor is rebuilt from the stored snapshot. An
   * instance whose workflow another live process is running is left to that process.
   */
  liveOf(id: string): Promise<LiveInstance> {
    return this.inTurn(id, () => this.lookup(id));
  }

  private async lookup(id: string): Promise<LiveInstance> {
    // This process's own writes are stored first: a snapshot still on its way is no sign of another process.
    await this.flushed();
    const row = await instanceRow(this.store, id);
    const live = this.live.get(id);
    if (live && (live.actor.busy() || JSON.stringify(row.snapshot) === live.persisted)) {
      live.view = await toInstance(this.store, row);
      return live;
    }
    if (ownedElsewhere(row)) {
      const activity = ownerOf(row);
      throw new StackStateError(
        'stack_instance_busy',
        `${row.name} is running ${activity.workflow} in another Nimbus process (pid ${activity.pid}); wait for it to finish`,
        { pid: activity.pid },
      );
    }
    if (live) {
      live.actor.stop();
      this.live.delete(id);
    }
    return this.build(row);
  }

  /** Reads the instance again for its guards (after a workflow wrote its outputs, say). */
  async refreshView(id: string): Promise<void> {
    await this.flushed();
    const live = this.live.get(id);
    const row = await this.store.stacks.instance(id);
    if (live && row) live.view = await toInstance(this.store, row);
  }

  private record(id: string, live: LiveInstance, change: StateChange): void {
    if (this.disposed) return;
    const cause =
      this.causes.get(id) ??
      (change.ended
        ? `workflow ${change.ended.workflow} ${change.trigger === change.ended.onSuccess ? 'succeeded' : change.cancelled ? 'cancelled' : change.lastError ? `failed: ${change.lastError}` : 'ended'}`
        : change.trigger);
    this.causes.delete(id);
    // Taken now, written in turn: each transition stores the snapshot it produced.
    const patch = this.capture(id, live);
    const at = new Date().toISOString();
    void this.write('state change', (store) =>
      store.unitOfWork(async (tx) => {
        await tx.stacks.updateInstance(id, patch);
        await tx.stacks.appendHistory({ instanceId: id, from: change.from, to: change.to, trigger: change.trigger, cause, at });
      }),
    ).catch(() => undefined);
    // An upgrade that finished moves the instance to the new version's machine, in the state it reached.
    if (!change.busy)
      void this.write('machine version', async (store) => {
        const row = await instanceRow(store, id);
        if (row.version !== live.machineVersion)
          void this.inTurn(id, () => this.switchMachine(id)).catch((error: unknown) =>
            logFailure(this.logger, 'error', 'An upgraded stack instance could not move to its new machine', error),
          );
      }).catch(() => undefined);
  }

  /** What the store keeps of an actor now; marks it as what this process wrote. */
  private capture(id: string, live: LiveInstance): StackInstancePatch {
    const activity = live.actor.activity();
    // The id of the job the workflow runs as, once it started (it may start before this write).
    const job = this.workflowJobs.get(id);
    const jobId = activity && job?.startedAt === activity.startedAt ? job.jobId : null;
    const snapshot = live.actor.persisted();
    live.persisted = JSON.stringify(snapshot);
    return {
      state: live.actor.state(),
      busy: live.actor.busy(),
      activity: activity
        ? { workflow: activity.workflow, startedAt: activity.startedAt, deadline: activity.deadline, jobId, pid: process.pid }
        : null,
      snapshot,
      machineVersion: live.machineVersion,
      lastError: live.actor.lastError(),
    };
  }

  private async switchMachine(id: string): Promise<void> {
    await this.flushed();
    const live = this.live.get(id);
    if (!live || this.disposed || live.actor.busy()) return;
    const row = await instanceRow(this.store, id);
    const state = live.actor.state();
    live.actor.stop();
    this.live.delete(id);
    await this.write('machine switch', (store) => store.stacks.updateInstance(id, { snapshot: null, machineVersion: row.version, state }));
    await this.build(await instanceRow(this.store, id));
  }
}
