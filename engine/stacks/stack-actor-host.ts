import type { StackDocument } from '../api/schemas/stacks.js';
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
import type { StackInstanceRecord } from '../store/stack-repository.js';
import type { Store } from '../store/store.js';
import type { StackService } from './stack-service.js';
import { ownedElsewhere, ownerOf } from './stack-instance-ownership.js';
import { instanceRow, stackNameOf } from './stack-instance-view.js';
import { StackStateError } from './stack-state-error.js';

/** An instance's running actor with the machine and published document it was built from. */
export interface LiveInstance {
  actor: StackActor;
  machine: CompiledStackMachine;
  document: StackDocument;
  machineVersion: number;
  /** The snapshot this process last wrote; another one in the store means another process moved on. */
  persisted: string | null;
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
 */
export class StackActorHost {
  private readonly live = new Map<string, LiveInstance>();
  /** The cause to record with an instance's next state change, set by whoever asked for it. */
  readonly causes = new Map<string, string>();
  /** The job each instance's current workflow runs as. */
  readonly workflowJobs = new Map<string, { startedAt: string; jobId: string }>();
  private disposed = false;

  constructor(
    private readonly store: Store,
    private readonly stacks: StackService,
    private readonly deploy: DeployService,
    private readonly viewer: Viewer,
    private readonly effects: ActorEffects,
  ) {}

  /** Whether this process holds an actor for the instance. */
  has(id: string): boolean {
    return this.live.has(id);
  }

  /** The actor this process holds for the instance, without checking the store for a newer one. */
  peek(id: string): LiveInstance | undefined {
    return this.live.get(id);
  }

  /** Stops every actor. Their persisted snapshots stay as they were, so a running workflow resumes on the next start. */
  dispose(): void {
    this.disposed = true;
    for (const live of this.live.values()) live.actor.stop();
    this.live.clear();
  }

  /** Starts the actor of a stored instance (from its snapshot, or in its state) and records its changes. */
  async attach(row: StackInstanceRecord): Promise<LiveInstance> {
    const stack = stackNameOf(this.store, row);
    const document = await this.stacks.version(this.viewer, stack, row.machineVersion);
    // Another call may have started the actor while the document loaded: one actor per instance.
    const started = this.live.get(row.id);
    if (started) return started;
    const machine = compileStackMachine(document.stateMachine, document.operations);
    const effects = {
      runWorkflow: (activity: Activity, signal: AbortSignal) => this.effects.runWorkflow(row.id, activity, signal),
      evaluateGuard: (source: string, event: TriggerEvent) => this.effects.evaluateGuard(row.id, source, event),
    };
    // A workflow that was running when its process stopped starts again with the actor: the deploy
    // engine's crash recovery runs first (its jobs wait for it), whichever process picks it up.
    if (row.busy) this.deploy.recoverIfNeeded();
    const actor = row.snapshot ? machine.start(effects, row.snapshot) : machine.startIn(effects, row.state);
    const live: LiveInstance = { actor, machine, document, machineVersion: row.machineVersion, persisted: null };
    this.live.set(row.id, live);
    actor.subscribe((change) => this.record(row.id, live, change));
    this.persist(row.id, live);
    return live;
  }

  /**
   * The actor of an instance. Another Nimbus process (the CLI beside the app) may have moved the
   * instance since this one last wrote it: then the actor is rebuilt from the stored snapshot. An
   * instance whose workflow another live process is running is left to that process.
   */
  async liveOf(id: string): Promise<LiveInstance> {
    const row = instanceRow(this.store, id);
    const live = this.live.get(id);
    if (live && (live.actor.busy() || JSON.stringify(row.snapshot) === live.persisted)) return live;
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
    return this.attach(row);
  }

  private record(id: string, live: LiveInstance, change: StateChange): void {
    if (this.disposed) return;
    const cause =
      this.causes.get(id) ??
      (change.ended
        ? `workflow ${change.ended.workflow} ${change.trigger === change.ended.onSuccess ? 'succeeded' : change.cancelled ? 'cancelled' : change.lastError ? `failed: ${change.lastError}` : 'ended'}`
        : change.trigger);
    this.causes.delete(id);
    this.store.stacks.transaction(() => {
      this.persist(id, live);
      this.store.stacks.appendHistory({
        instanceId: id,
        from: change.from,
        to: change.to,
        trigger: change.trigger,
        cause,
        at: new Date().toISOString(),
      });
    });
    // An upgrade that finished moves the instance to the new version's machine, in the state it reached.
    const row = instanceRow(this.store, id);
    if (!change.busy && row.version !== live.machineVersion) queueMicrotask(() => void this.switchMachine(id));
  }

  private persist(id: string, live: LiveInstance): void {
    const activity = live.actor.activity();
    // The id of the job the workflow runs as, once it started (it may start before this write).
    const job = this.workflowJobs.get(id);
    const jobId = activity && job?.startedAt === activity.startedAt ? job.jobId : null;
    const snapshot = live.actor.persisted();
    this.store.stacks.updateInstance(id, {
      state: live.actor.state(),
      busy: live.actor.busy(),
      activity: activity
        ? { workflow: activity.workflow, startedAt: activity.startedAt, deadline: activity.deadline, jobId, pid: process.pid }
        : null,
      snapshot,
      machineVersion: live.machineVersion,
      lastError: live.actor.lastError(),
    });
    live.persisted = JSON.stringify(snapshot);
  }

  private async switchMachine(id: string): Promise<void> {
    const live = this.live.get(id);
    if (!live || this.disposed || live.actor.busy()) return;
    const row = instanceRow(this.store, id);
    const state = live.actor.state();
    live.actor.stop();
    this.live.delete(id);
    this.store.stacks.updateInstance(id, { snapshot: null, machineVersion: row.version, state });
    await this.attach(instanceRow(this.store, id));
  }
}
