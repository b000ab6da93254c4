import path from 'node:path';
import type { DeploymentRun, DriftCheckResult, DriftEntry, DriftResolutionResult, TopologyTarget } from '../api/schemas/deployments.js';
import type { Job } from '../api/schemas/jobs.js';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { NimbusError } from '../errors.js';
import type { JobContext, JobManager } from '../jobs/job-manager.js';
import { dataPaths } from '../paths.js';
import type { Services } from '../services.js';
import type { DeploymentRecord } from '../store/ports/deployment-records.js';
import type { StorePort } from '../store/ports/store-port.js';
import type { CatalogReferences } from '../stacks/catalog-snapshot.js';
import { checkDrift, destroyComponent } from './component-saga.js';
import { acceptDrift, drifting, planAcceptance, repairDrift } from './drift-actions.js';
import type { DeployContext } from './deploy-context.js';
import { refuseIfDependents } from './dependents.js';
import { recordDeployedTopology } from './deployed-topology-record.js';
import { previewTopology } from './deployment-preview.js';
import { PulumiRunner, type PulumiSettings } from './pulumi-runner.js';
import { needsReconcile, reconcile, type HolderCheck, type ReconcileReport } from './reconcile.js';
import { deployTopology, destroyTopology, refreshTopology, type ResolutionInputs } from './topology-deployer.js';
import { upgradeDeployment } from './upgrade.js';
import type { LateInputs } from '../planning/resolve-topology.js';
import { expandStackNodes } from '../stacks/stack-nodes.js';
import type { ApprovalGate } from '../approvals/approval-gate.js';
import { topologyDeployGate, topologyDestroyGate } from '../approvals/topology-approvals.js';
import { refuseIfNotActive, resolutionEnvironmentOf } from '../landing-zones/bootstrap/environment-status.js';

/** Another deploy holds the environment; the request is refused, never interleaved. */
export class EnvironmentBusyError extends NimbusError {
  override name = 'EnvironmentBusyError';
}

export interface DeployServiceOptions {
  dataDir: string;
  /** Pulumi backend URL; the data directory's file backend when absent. */
  backendUrl?: string;
  backendEnv?: Record<string, string>;
  /** Pulumi operations at once (default 4). */
  concurrency?: number;
  /** Approvals before deploy: a gated deploy or destroy waits for approval instead of starting (`approval_pending`). */
  approvals?: ApprovalGate;
}

const PASSPHRASE_SECRET = 'pulumi-passphrase';

/**
 * Jobs that finish what an interrupted run began when run again from the start, once the journal's
 * recovery has made the records true: deploys keep what is deployed and create the rest, destroys and
 * refreshes act on what is left, checks and previews only read. (Upgrades and drift repairs are not:
 * recovery marks an interrupted update failed, for a person to look at.)
 */
const RESUMABLE = { resumable: true };

/** What a job acting on one environment carries: the environment whose deploy lock it holds. */
export interface EnvironmentPayload {
  environment: string;
}

/** The payloads of the deploy jobs: data only, so any worker process can run them. */
interface TopologyPayload extends EnvironmentPayload {
  target: TopologyTarget;
}
interface TopologyNamePayload extends EnvironmentPayload {
  topology: string;
}
interface DeploymentPayload extends EnvironmentPayload {
  deploymentId: string;
}
interface UpgradePayload extends DeploymentPayload {
  version: number;
}
interface AcceptPayload extends DeploymentPayload {
  fields: readonly string[] | 'all';
}

/**
 * The deploy engine's entry point: every deploy, destroy, refresh, upgrade, drift check and crash
 * recovery runs as a job through here. One deploy at a time per environment (a lock row in the
 * store, so a CLI beside the app is refused too); recovery of an engine that stopped mid-work runs
 * first, before any new work.
 *
 * Deploy jobs are queued as data (a runner name and a payload, see {@link JobManager.submit}): the
 * request is checked here (what to deploy exists, the environment is free) and the job, run by
 * whichever process claims it, reads what it needs again and takes the environment's lock itself.
 */
export class DeployService {
  readonly runner: PulumiRunner;
  private recovery: Promise<unknown> = Promise.resolve();
  private recoveryJob: Job | null = null;
  /** The recovery check under way: a second caller joins it rather than starting another. */
  private recoveryCheck: Promise<Job | null> | null = null;
  /** Admission of requests run in this process: resolved by the job once it has tried the lock (keyed by its payload). */
  private readonly lockAttempts = new WeakMap<object, () => void>();
  constructor(
    private readonly store: StorePort,
    private readonly services: Services,
    private readonly jobs: JobManager,
    private readonly options: DeployServiceOptions,
  ) {
    const settings: PulumiSettings = {
      dataDir: options.dataDir,
      passphrase: () => this.passphrase(),
      concurrency: options.concurrency ?? 4,
      ...(options.backendUrl ? { backendUrl: options.backendUrl } : {}),
      ...(options.backendEnv ? { backendEnv: options.backendEnv } : {}),
    };
    this.runner = new PulumiRunner(settings);
    this.registerRunners();
    jobs.onOrphans((ids) => this.recoverOrphans(ids));
  }

  /** Whether the process and job holding a lock or a journal row are still at work (the queue knows how). */
  private readonly alive: HolderCheck = (pid, jobId) => this.jobs.queue.holderAlive(pid, jobId);

  /** The Pulumi passphrase: generated once, kept encrypted with the engine's secrets. */
  private async passphrase(): Promise<string> {
    const secrets = this.services.secrets();
    const { reference } = await secrets.ensure({ scope: 'system', name: PASSPHRASE_SECRET, length: 48, owner: 'system' });
    return secrets.reveal(reference);
  }

  /** The runners of the deploy jobs, by name: every process of a shared server registers them, so any may run them. */
  private registerRunners(): void {
    this.jobs.register<{ target: TopologyTarget }>(
      'deploy.preview',
      async ({ target }, job) => {
        const { name, document, inputs } = await this.prepare(target);
        await this.recovery;
        await this.requireCloudAccount(inputs, document);
        return previewTopology(this.context(job), inputs, name, document);
      },
      RESUMABLE,
    );
    this.jobs.register<{ deploymentIds: string[] }>(
      'deploy.drift',
      async ({ deploymentIds }, job) => {
        const records = await Promise.all(deploymentIds.map((id) => this.store.deployments.get(id)));
        await this.recovery;
        return this.driftCheck(this.context(job), records);
      },
      RESUMABLE,
    );
    this.registerExclusive<TopologyPayload>(
      'deploy.topology',
      async ({ target }, job) => {
        const { name, document, inputs } = await this.prepare(target);
        await this.requireCloudAccount(inputs, document);
        try {
          return await deployTopology(this.context(job), inputs, name, document);
        } finally {
          // A file deployed from the CLI (not a saved topology) becomes one once something of it is deployed.
          if (!target.topologyId && target.document && (await this.store.deployments.live(target.environment, name)).length > 0)
            await recordDeployedTopology(this.store.topologies, name, target.document);
        }
      },
      RESUMABLE,
    );
    this.registerExclusive<TopologyNamePayload>(
      'deploy.destroy-topology',
      ({ environment, topology }, job) => destroyTopology(this.context(job), environment, topology),
      RESUMABLE,
    );
    this.registerExclusive<TopologyNamePayload>(
      'deploy.refresh',
      ({ environment, topology }, job) => refreshTopology(this.context(job), environment, topology),
      RESUMABLE,
    );
    this.registerExclusive<DeploymentPayload>(
      'deploy.destroy-deployment',
      ({ deploymentId }, job) => this.destroyOne(this.context(job), deploymentId),
      RESUMABLE,
    );
    this.registerExclusive<UpgradePayload>('deploy.upgrade', async ({ deploymentId, version }, job) => {
      const record = await this.store.deployments.get(deploymentId);
      const inputs = await this.resolutionInputs(record.environment, [`${record.component}@${version}`]);
      const upgraded = await upgradeDeployment(this.context(job), inputs, record, version);
      const run: DeploymentRun = {
        topology: record.topology,
        environment: record.environment,
        operation: 'upgrade',
        succeeded: true,
        nodes: [
          {
            nodeId: record.nodeId,
            label: record.label,
            deploymentId,
            outcome: 'updated',
            error: null,
            outputs: upgraded.outputs,
          },
        ],
      };
      return run;
    });
    this.registerExclusive<DeploymentPayload>('deploy.repair', async ({ deploymentId }, job): Promise<DriftResolutionResult> => {
      const current = await this.store.deployments.get(deploymentId);
      drifting(current, await this.store.drift.latestDrift(deploymentId), 'repair');
      const context = this.context(job);
      context.emit({ type: 'job.progress', done: 0, total: 1 });
      const result = await repairDrift(context, current);
      context.emit({ type: 'job.progress', done: 1, total: 1 });
      return result;
    });
    this.registerExclusive<AcceptPayload>('deploy.accept', async ({ deploymentId, fields }, job): Promise<DriftResolutionResult> => {
      // Decided again under the lock: a check or deploy may have changed the record meanwhile.
      const { current, plan: accepted } = await this.acceptancePlan(deploymentId, fields);
      const context = this.context(job);
      context.emit({ type: 'job.progress', done: 0, total: 1 });
      const result = await acceptDrift(context, current, accepted);
      context.emit({ type: 'job.progress', done: 1, total: 1 });
      return result;
    });
  }

  /** Registers a runner whose job holds its payload's environment's deploy lock while it works. */
  private registerExclusive<P extends EnvironmentPayload>(
    name: string,
    work: (payload: P, job: JobContext) => Promise<unknown>,
    options: { resumable?: boolean } = {},
  ): void {
    this.jobs.register<P>(
      name,
      (payload, job) => this.underLock(payload.environment, job, () => work(payload, job), this.lockAttempts.get(payload)),
      options,
    );
  }

  /**
   * Starts crash recovery when the store shows unfinished work; later jobs wait for it. Jobs started
   * while the store is being checked wait for the check too, so none slips in before recovery. On
   * the shared server, recovery is the queue's: one process at a time recovers what processes that
   * died left behind.
   */
  recoverIfNeeded(): Promise<Job | null> {
    if (this.recoveryCheck) return this.recoveryCheck;
    // One recovery at a time: a second caller waits for the one already running.
    if (this.recoveryJob && this.jobs.isRunning(this.recoveryJob.id)) return Promise.resolve(this.recoveryJob);
    const check = this.jobs.distributed
      ? this.jobs.recoverOrphansNow().then(() => null)
      : (async (): Promise<Job | null> => {
          if (!(await needsReconcile({ store: this.store }, this.alive))) return null;
          const job = this.jobs.start('deploy.reconcile', 'Recover deployments interrupted when Nimbus stopped', (job) =>
            reconcile(this.context(job), this.alive),
          );
          this.recoveryJob = job;
          return job;
        })();
    this.recoveryCheck = check;
    const earlier = this.recovery;
    this.recovery = check
      .then((job) => (job ? this.jobs.settled(job.id) : earlier))
      .catch(() => undefined)
      .finally(() => {
        if (this.recoveryCheck === check) this.recoveryCheck = null;
      });
    return check;
  }

  /**
   * The shared server's recovery, run by the queue while it holds the orphaned jobs (so no other
   * process recovers them too): the journal's recovery of everything whose job is gone, as a job of
   * its own. With no orphans (the check on start), only when the store shows unfinished work.
   */
  private async recoverOrphans(ids: readonly string[]): Promise<void> {
    if (ids.length === 0 && !(await needsReconcile({ store: this.store }, this.alive))) return;
    const job = this.jobs.start(
      'deploy.reconcile',
      ids.length > 0
        ? `Recover the work of ${ids.length} job(s) whose Nimbus process stopped`
        : 'Recover deployments interrupted when Nimbus stopped',
      (context) => reconcile(this.context(context), this.alive),
    );
    this.recoveryJob = job;
    const done = this.jobs.settled(job.id);
    const earlier = this.recovery;
    this.recovery = done.catch(() => undefined).then(() => earlier);
    const finished = await done;
    if (finished.status !== 'succeeded')
      throw new NimbusError('recovery_failed', `Recovering interrupted deployments failed: ${finished.error?.message ?? finished.status}`, {
        jobId: job.id,
      });
  }

  /** Resolves once recovery started so far (and its check) has finished, whatever its outcome. */
  recovered(): Promise<void> {
    return this.recovery.then(() => undefined);
  }

  /** Runs crash recovery now (the CLI awaits it before its own work). */
  async recover(): Promise<ReconcileReport | null> {
    const job = await this.recoverIfNeeded();
    if (!job) return null;
    const done = await this.jobs.settled(job.id);
    if (done.status !== 'succeeded')
      throw new NimbusError('recovery_failed', `Recovering interrupted deployments failed: ${done.error?.message ?? done.status}`, {});
    return done.result as ReconcileReport;
  }

  async previewTopology(target: TopologyTarget): Promise<Job> {
    const { name } = await this.prepare(target);
    return this.jobs.submit({ kind: 'deploy.preview', title: `Preview ${name} in ${target.environment}`, payload: { target } });
  }

  async deployTopology(target: TopologyTarget): Promise<Job> {
    const { name } = await this.prepare(target);
    await this.options.approvals?.approvalGate(topologyDeployGate(target, name));
    return this.exclusive('deploy.topology', `Deploy ${name} to ${target.environment}`, 'deploy.topology', {
      environment: target.environment,
      target,
    });
  }

  async destroyTopology(environment: string, topology: string): Promise<Job> {
    await this.options.approvals?.approvalGate(topologyDestroyGate(environment, topology));
    return this.exclusive('deploy.destroy', `Destroy ${topology} in ${environment}`, 'deploy.destroy-topology', { environment, topology });
  }

  async refreshTopology(environment: string, topology: string): Promise<Job> {
    return this.exclusive('deploy.refresh', `Refresh ${topology} in ${environment}`, 'deploy.refresh', { environment, topology });
  }

  /** Destroys one deployment; refused (before and again under the lock) while others depend on it. */
  async destroyDeployment(id: string): Promise<Job> {
    const record = await this.store.deployments.get(id);
    await refuseIfDependents(this.store, record);
    return this.exclusive('deploy.destroy', `Destroy ${record.label} in ${record.environment}`, 'deploy.destroy-deployment', {
      environment: record.environment,
      deploymentId: id,
    });
  }

  private async destroyOne(context: DeployContext, id: string): Promise<DeploymentRun> {
    const record = await this.store.deployments.get(id);
    await refuseIfDependents(this.store, record);
    context.emit({ type: 'node.status', nodeId: record.nodeId, label: record.label, status: 'destroying' });
    await destroyComponent(context, record);
    context.emit({ type: 'node.status', nodeId: record.nodeId, label: record.label, status: 'succeeded' });
    // The last deployment of a topology gone: the topology is no longer deployed there.
    if ((await this.store.deployments.live(record.environment, record.topology)).length === 0)
      await this.store.deployments.forgetTopology(record.environment, record.topology);
    return {
      topology: record.topology,
      environment: record.environment,
      operation: 'destroy',
      succeeded: true,
      nodes: [{ nodeId: record.nodeId, label: record.label, deploymentId: id, outcome: 'destroyed', error: null, outputs: {} }],
    };
  }

  async upgradeDeployment(id: string, version?: number): Promise<Job> {
    const record = await this.store.deployments.get(id);
    const target =
      version ?? (await this.services.components.versions(this.services.viewer, record.component)).at(-1)?.version ?? record.version;
    // Checked now, so a bad request is refused at once; the job reads them again where it runs.
    await this.resolutionInputs(record.environment, [`${record.component}@${target}`]);
    return this.exclusive('deploy.upgrade', `Upgrade ${record.label} to ${record.component}@${target}`, 'deploy.upgrade', {
      environment: record.environment,
      deploymentId: id,
      version: target,
    });
  }

  /** Drift check of one deployment or every deployed component (of an environment); records a result per deployment. */
  async checkDrift(filter: { environment?: string; deploymentId?: string }): Promise<Job> {
    const records = filter.deploymentId
      ? [await this.store.deployments.get(filter.deploymentId)]
      : (await this.store.deployments.list(filter.environment ? { environment: filter.environment } : {})).filter(
          (record) => record.everDeployed && record.status === 'deployed',
        );
    if (records.length === 0)
      throw new NimbusError(
        'nothing_deployed',
        `Nothing is deployed${filter.environment ? ` in environment ${filter.environment}` : ''}; there is no drift to check`,
        {},
      );
    return this.jobs.submit({
      kind: 'deploy.drift',
      title: `Drift check of ${records.length === 1 ? records[0]!.label : `${records.length} deployments`}`,
      payload: { deploymentIds: records.map((record) => record.id) },
    });
  }

  private async driftCheck(context: DeployContext, records: DeploymentRecord[]): Promise<DriftCheckResult> {
    let done = 0;
    const results = await Promise.all(
      records.map(async (record) => {
        context.emit({ type: 'node.status', nodeId: record.nodeId, label: record.label, status: 'refreshing' });
        try {
          const entries: DriftEntry[] = await checkDrift(context, record);
          context.emit({
            type: 'node.status',
            nodeId: record.nodeId,
            label: record.label,
            status: 'succeeded',
            message: entries.length ? `drifted: ${entries.length} resource(s) differ` : 'no drift',
          });
          return {
            deploymentId: record.id,
            label: record.label,
            drifted: entries.length > 0,
            entries,
          } as DriftCheckResult['results'][number];
        } catch (error) {
          context.emit({
            type: 'node.status',
            nodeId: record.nodeId,
            label: record.label,
            status: 'failed',
            message: (error as Error).message,
          });
          return {
            deploymentId: record.id,
            label: record.label,
            drifted: null,
            error: (error as Error).message,
            entries: [],
          } as DriftCheckResult['results'][number];
        } finally {
          context.emit({ type: 'job.progress', done: ++done, total: records.length });
        }
      }),
    );
    return { checked: results.length, drifted: results.filter((result) => result.drifted).length, results };
  }

  /**
   * Repairs the drift of a deployment: its recorded values are deployed again (the real objects are
   * read first, so what was edited or removed is put back), then drift is checked again. Refused at
   * once when the deployment is not deployed or its latest check found no drift.
   */
  async repairDrift(id: string): Promise<Job> {
    const record = await this.store.deployments.get(id);
    drifting(record, await this.store.drift.latestDrift(id), 'repair');
    return this.exclusive('deploy.repair', `Repair drift of ${record.label} in ${record.environment}`, 'deploy.repair', {
      environment: record.environment,
      deploymentId: id,
    });
  }

  /**
   * Accepts the drift of a deployment: the real values of the chosen drifted parameters (every one
   * for 'all') become its recorded values, with source `drift-accepted`, and are deployed so the
   * state agrees; then drift is checked again. Refused at once when nothing can be accepted as asked.
   */
  async acceptDrift(id: string, fields: readonly string[] | 'all'): Promise<Job> {
    const record = await this.store.deployments.get(id);
    await this.acceptancePlan(id, fields);
    return this.exclusive('deploy.accept', `Accept drift of ${record.label} in ${record.environment}`, 'deploy.accept', {
      environment: record.environment,
      deploymentId: id,
      fields,
    });
  }

  private async acceptancePlan(id: string, fields: readonly string[] | 'all') {
    const current = await this.store.deployments.get(id);
    const latest = drifting(current, await this.store.drift.latestDrift(id), 'accept');
    return {
      current,
      plan: planAcceptance(
        current,
        latest,
        await this.services.components.version(this.services.viewer, current.component, current.version),
        fields,
      ),
    };
  }

  /**
   * Queues a job of another subsystem's registered runner (a stack instance's workflow) that holds
   * its payload's environment's deploy lock while it works (through {@link runLocked}); refused at
   * once, like a topology deploy, when a live deploy holds the lock.
   */
  submitLocked<P extends EnvironmentPayload>(request: {
    id: string;
    kind: string;
    title: string;
    runner: string;
    payload: P;
  }): Promise<Job> {
    return this.admit(request.payload.environment, !this.jobs.distributed, (tried) => {
      this.lockAttempts.set(request.payload, tried);
      return this.jobs.submit(request);
    });
  }

  /**
   * Runs a registered runner's work holding its environment's deploy lock (after crash recovery),
   * with a deploy context bound to the job: what the runners of {@link submitLocked} jobs call.
   */
  runLocked<T>(payload: EnvironmentPayload, job: JobContext, work: (context: DeployContext) => Promise<T>): Promise<T> {
    return this.underLock(payload.environment, job, () => work(this.context(job)), this.lockAttempts.get(payload));
  }

  /**
   * What resolving for `environment` needs: the environment's resolver settings, the components
   * `references` names (loaded for the synchronous planner), governance.
   */
  resolutionInputsFor(environment: string, references: CatalogReferences = []): Promise<ResolutionInputs> {
    return this.resolutionInputs(environment, references);
  }

  /** Queues a job of `runner` that holds its environment's lock; refuses at once if a live deploy holds it. */
  private exclusive<P extends EnvironmentPayload>(kind: string, title: string, runner: string, payload: P): Promise<Job> {
    return this.admit(payload.environment, !this.jobs.distributed, (tried) => {
      this.lockAttempts.set(payload, tried);
      return this.jobs.submit({ kind, title, runner, payload });
    });
  }

  /**
   * Admits requests for an environment one at a time: a job that runs here is admitted once it has
   * tried the lock, so a second request for the environment then finds the lock taken and is
   * refused, never interleaved. (Another process may still pass the check at the same moment, and a
   * queued job runs later: the store's tryLock refuses the job that comes second.)
   */
  private async admit(environment: string, waitForLock: boolean, start: (tried: () => void) => Job | Promise<Job>): Promise<Job> {
    // Refused while the environment's mandatory components are provisioning, or after that failed.
    await refuseIfNotActive(this.store, await this.services.landingZones.getEnvironment(environment));
    const admitted = this.admission.then(async () => {
      await this.refuseIfLocked(environment);
      let tried: () => void = () => undefined;
      const lockTried = new Promise<void>((resolve) => (tried = resolve));
      const job = await start(tried);
      if (waitForLock && this.jobs.isRunning(job.id)) await lockTried;
      return job;
    });
    this.admission = admitted.catch(() => undefined);
    return admitted;
  }

  /** Requests waiting to be admitted by {@link admit}, in order. */
  private admission: Promise<unknown> = Promise.resolve();

  /** Runs `work` holding the environment's deploy lock (after recovery); the job fails `environment_busy` if another holds it. */
  private async underLock<T>(environment: string, job: JobContext, work: () => Promise<T>, tried?: () => void): Promise<T> {
    let lock;
    try {
      lock = await this.store.journal.tryLock(environment, job.jobId);
    } finally {
      tried?.();
    }
    if (!lock.acquired) throw this.busy(environment, lock.holder);
    try {
      await this.recovery;
      return await work();
    } finally {
      await this.store.journal.unlock(environment, job.jobId);
    }
  }

  private async refuseIfLocked(environment: string): Promise<void> {
    const holder = (await this.store.journal.locks()).find((lock) => lock.environment === environment);
    if (!holder) return;
    if (!(await this.alive(holder.pid, holder.jobId))) {
      if (!this.jobs.distributed) {
        await this.store.journal.breakLock(environment);
        return;
      }
      // On the shared server the holder's work is recovered first (by whichever process recovers,
      // once), and its lock is broken by that recovery: a new deploy never starts over half-done work.
      await this.jobs.recoverOrphansNow();
      const after = (await this.store.journal.locks()).find((lock) => lock.environment === environment);
      if (!after) return;
      throw this.busy(environment, after);
    }
    throw this.busy(environment, holder);
  }

  private busy(environment: string, holder: { jobId: string | null; pid: number; acquiredAt: string }): EnvironmentBusyError {
    const job = holder.jobId && holder.pid === process.pid ? this.jobs.runningJob(holder.jobId) : undefined;
    const what = job ? `"${job.title}"` : `another Nimbus process (pid ${holder.pid})`;
    return new EnvironmentBusyError(
      'environment_busy',
      `Environment ${environment} is busy: ${what} has been deploying to it since ${holder.acquiredAt}. Wait for it to finish or cancel it, then try again.`,
      {
        environment,
        jobId: holder.jobId,
        pid: holder.pid,
      },
    );
  }

  /** What deploying or previewing `target` needs, read now: a bad request is refused at once, and a job reads it again where it runs. */
  private async prepare(target: TopologyTarget): Promise<{ name: string; document: TopologyDocument; inputs: ResolutionInputs }> {
    const { name, document, late } = await this.topologyOf(target);
    const inputs = { ...(await this.resolutionInputs(target.environment, document)), ...(late ? { late } : {}) };
    return { name, document, inputs };
  }

  /** The topology to deploy, with its stack nodes replaced by their slots (see expandStackNodes). */
  private async topologyOf(target: TopologyTarget): Promise<{ name: string; document: TopologyDocument; late: LateInputs | undefined }> {
    const { name, document } = target.topologyId
      ? await this.store.topologies.get(target.topologyId)
      : { name: target.name!, document: target.document! };
    return { name, ...expandStackNodes(document, (await this.services.catalog(document)).stackVersion) };
  }

  private async resolutionInputs(environmentName: string, references: CatalogReferences): Promise<ResolutionInputs> {
    const environment = await this.services.landingZones.getEnvironment(environmentName);
    return {
      environment: await resolutionEnvironmentOf(this.store, environment),
      components: (await this.services.catalog(references)).lookup,
      governance: { tenant: this.services.viewer.tenant, policy: await this.services.governance.get(this.services.viewer.tenant) },
    };
  }

  private context(job: JobContext): DeployContext {
    const paths = dataPaths(this.options.dataDir);
    return {
      store: this.store,
      runner: this.runner,
      resolvers: this.services.resolvers(),
      workRoot: paths.work,
      content: (component, version) => this.services.components.version(this.services.viewer, component, version),
      localRoot: (environment) => path.join(this.options.dataDir, 'local', environment),
      jobId: job.jobId,
      signal: job.signal,
      concurrency: this.options.concurrency ?? 4,
      emit: job.emit,
      logger: job.logger,
      providerConfig: async (environment, provider) =>
        this.services.cloudAccounts.stackConfig((await this.services.landingZones.getEnvironment(environment)).landingZone, provider),
    };
  }

  /**
   * Refuses (`cloud_account_missing`) a deploy or preview of a topology with components of a provider
   * that needs the landing zone's cloud account when the zone has none, before any Pulumi operation.
   */
  private async requireCloudAccount(inputs: ResolutionInputs, document: TopologyDocument): Promise<void> {
    const providers = new Set<string>();
    for (const node of document.nodes) {
      try {
        providers.add(inputs.components(node.component).provider);
      } catch {
        // An unknown component is reported by the plan, node by node.
      }
    }
    for (const provider of providers) await this.services.cloudAccounts.stackConfig(inputs.environment.landingZone, provider);
  }
}
