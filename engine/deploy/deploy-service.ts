import path from 'node:path';
import type { DeploymentRun, DriftCheckResult, DriftEntry, DriftResolutionResult, TopologyTarget } from '../api/schemas/deployments.js';
import type { Job } from '../api/schemas/jobs.js';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { NimbusError } from '../errors.js';
import type { JobContext, JobManager } from '../jobs/job-manager.js';
import { dataPaths } from '../paths.js';
import type { Services } from '../services.js';
import type { StorePort } from '../store/ports/store-port.js';
import type { CatalogReferences } from '../stacks/catalog-snapshot.js';
import { isProcessAlive } from '../system/process-alive.js';
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
}

const PASSPHRASE_SECRET = 'pulumi-passphrase';

/**
 * The deploy engine's entry point: every deploy, destroy, refresh, upgrade, drift check and crash
 * recovery runs as a job through here. One deploy at a time per environment (a lock row in the
 * store, so a CLI beside the app is refused too); recovery of an engine that stopped mid-work runs
 * first, before any new work.
 */
export class DeployService {
  readonly runner: PulumiRunner;
  private recovery: Promise<unknown> = Promise.resolve();
  private recoveryJob: Job | null = null;
  /** The recovery check under way: a second caller joins it rather than starting another. */
  private recoveryCheck: Promise<Job | null> | null = null;
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
  }

  /** Whether the process and job holding a lock or a journal row are still at work. */
  private readonly alive: HolderCheck = (pid, jobId) => (pid === process.pid ? this.jobs.isRunning(jobId) : isProcessAlive(pid));

  /** The Pulumi passphrase: generated once, kept encrypted with the engine's secrets. */
  private async passphrase(): Promise<string> {
    const secrets = this.services.secrets();
    const { reference } = await secrets.ensure({ scope: 'system', name: PASSPHRASE_SECRET, length: 48, owner: 'system' });
    return secrets.reveal(reference);
  }

  /**
   * Starts crash recovery when the store shows unfinished work; later jobs wait for it. Jobs started
   * while the store is being checked wait for the check too, so none slips in before recovery.
   */
  recoverIfNeeded(): Promise<Job | null> {
    if (this.recoveryCheck) return this.recoveryCheck;
    // One recovery at a time: a second caller waits for the one already running.
    if (this.recoveryJob && this.jobs.isRunning(this.recoveryJob.id)) return Promise.resolve(this.recoveryJob);
    const check = (async (): Promise<Job | null> => {
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
    const { name, document, late } = await this.topologyOf(target);
    const inputs = { ...(await this.resolutionInputs(target.environment, document)), ...(late ? { late } : {}) };
    return this.jobs.start('deploy.preview', `Preview ${name} in ${target.environment}`, async (job) => {
      await this.recovery;
      return previewTopology(this.context(job), inputs, name, document);
    });
  }

  async deployTopology(target: TopologyTarget): Promise<Job> {
    const { name, document, late } = await this.topologyOf(target);
    const inputs = { ...(await this.resolutionInputs(target.environment, document)), ...(late ? { late } : {}) };
    return this.exclusive(target.environment, 'deploy.topology', `Deploy ${name} to ${target.environment}`, async (job) => {
      try {
        return await deployTopology(this.context(job), inputs, name, document);
      } finally {
        // A file deployed from the CLI (not a saved topology) becomes one once something of it is deployed.
        if (!target.topologyId && target.document && (await this.store.deployments.live(target.environment, name)).length > 0)
          await recordDeployedTopology(this.store.topologies, name, target.document);
      }
    });
  }

  async destroyTopology(environment: string, topology: string): Promise<Job> {
    return this.exclusive(environment, 'deploy.destroy', `Destroy ${topology} in ${environment}`, (job) =>
      destroyTopology(this.context(job), environment, topology),
    );
  }

  async refreshTopology(environment: string, topology: string): Promise<Job> {
    return this.exclusive(environment, 'deploy.refresh', `Refresh ${topology} in ${environment}`, (job) =>
      refreshTopology(this.context(job), environment, topology),
    );
  }

  /** Destroys one deployment; refused (before and again under the lock) while others depend on it. */
  async destroyDeployment(id: string): Promise<Job> {
    const record = await this.store.deployments.get(id);
    await refuseIfDependents(this.store, record);
    return this.exclusive(record.environment, 'deploy.destroy', `Destroy ${record.label} in ${record.environment}`, async (job) => {
      await refuseIfDependents(this.store, await this.store.deployments.get(id));
      const context = this.context(job);
      context.emit({ type: 'node.status', nodeId: record.nodeId, label: record.label, status: 'destroying' });
      await destroyComponent(context, await this.store.deployments.get(id));
      context.emit({ type: 'node.status', nodeId: record.nodeId, label: record.label, status: 'succeeded' });
      // The last deployment of a topology gone: the topology is no longer deployed there.
      if ((await this.store.deployments.live(record.environment, record.topology)).length === 0)
        await this.store.deployments.forgetTopology(record.environment, record.topology);
      const run: DeploymentRun = {
        topology: record.topology,
        environment: record.environment,
        operation: 'destroy',
        succeeded: true,
        nodes: [{ nodeId: record.nodeId, label: record.label, deploymentId: id, outcome: 'destroyed', error: null, outputs: {} }],
      };
      return run;
    });
  }

  async upgradeDeployment(id: string, version?: number): Promise<Job> {
    const record = await this.store.deployments.get(id);
    const target =
      version ?? (await this.services.components.versions(this.services.viewer, record.component)).at(-1)?.version ?? record.version;
    const inputs = await this.resolutionInputs(record.environment, [`${record.component}@${target}`]);
    return this.exclusive(record.environment, 'deploy.upgrade', `Upgrade ${record.label} to ${record.component}@${target}`, async (job) => {
      const upgraded = await upgradeDeployment(this.context(job), inputs, await this.store.deployments.get(id), target);
      const run: DeploymentRun = {
        topology: record.topology,
        environment: record.environment,
        operation: 'upgrade',
        succeeded: true,
        nodes: [
          { nodeId: record.nodeId, label: record.label, deploymentId: id, outcome: 'updated', error: null, outputs: upgraded.outputs },
        ],
      };
      return run;
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
    return this.jobs.start(
      'deploy.drift',
      `Drift check of ${records.length === 1 ? records[0]!.label : `${records.length} deployments`}`,
      async (job): Promise<DriftCheckResult> => {
        await this.recovery;
        const context = this.context(job);
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
      },
    );
  }

  /**
   * Repairs the drift of a deployment: its recorded values are deployed again (the real objects are
   * read first, so what was edited or removed is put back), then drift is checked again. Refused at
   * once when the deployment is not deployed or its latest check found no drift.
   */
  async repairDrift(id: string): Promise<Job> {
    const record = await this.store.deployments.get(id);
    drifting(record, await this.store.drift.latestDrift(id), 'repair');
    return this.exclusive(
      record.environment,
      'deploy.repair',
      `Repair drift of ${record.label} in ${record.environment}`,
      async (job): Promise<DriftResolutionResult> => {
        const current = await this.store.deployments.get(id);
        drifting(current, await this.store.drift.latestDrift(id), 'repair');
        const context = this.context(job);
        context.emit({ type: 'job.progress', done: 0, total: 1 });
        const result = await repairDrift(context, current);
        context.emit({ type: 'job.progress', done: 1, total: 1 });
        return result;
      },
    );
  }

  /**
   * Accepts the drift of a deployment: the real values of the chosen drifted parameters (every one
   * for 'all') become its recorded values, with source `drift-accepted`, and are deployed so the
   * state agrees; then drift is checked again. Refused at once when nothing can be accepted as asked.
   */
  async acceptDrift(id: string, fields: readonly string[] | 'all'): Promise<Job> {
    const record = await this.store.deployments.get(id);
    const plan = async () => {
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
    };
    await plan();
    return this.exclusive(
      record.environment,
      'deploy.accept',
      `Accept drift of ${record.label} in ${record.environment}`,
      async (job): Promise<DriftResolutionResult> => {
        // Decided again under the lock: a check or deploy may have changed the record meanwhile.
        const { current, plan: accepted } = await plan();
        const context = this.context(job);
        context.emit({ type: 'job.progress', done: 0, total: 1 });
        const result = await acceptDrift(context, current, accepted);
        context.emit({ type: 'job.progress', done: 1, total: 1 });
        return result;
      },
    );
  }

  /**
   * Runs other subsystems' deploy work (stack workflows, day-2 operations) as a job holding the
   * environment's lock, after crash recovery, with a deploy context bound to the job.
   */
  runExclusive<T>(
    environment: string,
    kind: string,
    title: string,
    work: (context: DeployContext, job: JobContext) => Promise<T>,
  ): Promise<Job> {
    return this.exclusive(environment, kind, title, (job) => work(this.context(job), job));
  }

  /**
   * What resolving for `environment` needs: the environment's resolver settings, the components
   * `references` names (loaded for the synchronous planner), governance.
   */
  resolutionInputsFor(environment: string, references: CatalogReferences = []): Promise<ResolutionInputs> {
    return this.resolutionInputs(environment, references);
  }

  /** Runs `work` as a job holding the environment's deploy lock; refuses at once if another deploy holds it. */
  private async exclusive<T>(environment: string, kind: string, title: string, work: (job: JobContext) => Promise<T>): Promise<Job> {
    await this.services.landingZones.getEnvironment(environment);
    // Requests are admitted one at a time, each until its job has tried the lock: a second request
    // for the environment then finds the lock taken and is refused, never interleaved. (Another
    // process may still pass the check at the same moment; the store's tryLock refuses its job.)
    const admitted = this.admission.then(() => this.admit(environment, kind, title, work));
    this.admission = admitted.catch(() => undefined);
    return admitted;
  }

  /** Requests waiting to be admitted by {@link exclusive}, in order. */
  private admission: Promise<unknown> = Promise.resolve();

  private async admit<T>(environment: string, kind: string, title: string, work: (job: JobContext) => Promise<T>): Promise<Job> {
    await this.refuseIfLocked(environment);
    let tried: () => void = () => undefined;
    const lockTried = new Promise<void>((resolve) => (tried = resolve));
    const started = this.jobs.start(kind, title, async (job) => {
      let lock;
      try {
        lock = await this.store.journal.tryLock(environment, job.jobId);
      } finally {
        tried();
      }
      if (!lock.acquired) throw this.busy(environment, lock.holder);
      try {
        await this.recovery;
        return await work(job);
      } finally {
        await this.store.journal.unlock(environment, job.jobId);
      }
    });
    await lockTried;
    return started;
  }

  private async refuseIfLocked(environment: string): Promise<void> {
    const holder = (await this.store.journal.locks()).find((lock) => lock.environment === environment);
    if (!holder) return;
    if (!this.alive(holder.pid, holder.jobId)) {
      await this.store.journal.breakLock(environment);
      return;
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
      environment: {
        name: environment.name,
        landingZone: environment.landingZone,
        provider: environment.provider,
        config: environment.effective.config,
        configSources: environment.effective.sources,
        mandatoryComponents: environment.mandatoryComponents,
      },
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
    };
  }
}
