import { randomUUID } from 'node:crypto';
import type { DeploymentRun } from '../../api/schemas/deployments.js';
import type { TopologyDocument } from '../../api/schemas/topology.js';
import type { DeployService } from '../../deploy/deploy-service.js';
import { deployTopology } from '../../deploy/topology-deployer.js';
import { NimbusError } from '../../errors.js';
import { JobCancelledError, type JobContext, type JobManager } from '../../jobs/job-manager.js';
import { logFailure, type Logger } from '../../logging/logger.js';
import type { Services } from '../../services.js';
import type { EnvironmentProvisioningRecord } from '../../store/ports/bootstrap-records.js';
import type { StorePort } from '../../store/ports/store-port.js';
import type { Environment } from '../landing-zone-service.js';
import { environmentView, settledProvisioning, type EnvironmentView } from './environment-status.js';
import { failureReason } from './failure-reason.js';
import { MANDATORY_TOPOLOGY, mandatoryTopology } from './mandatory-topology.js';

/** The runner of provisioning jobs (every process of a shared server registers it). */
export const PROVISION_RUNNER = 'environment.provision';

/** A provisioning job as data: the environment (name, for its deploy lock) and its id (for its record). */
interface ProvisionPayload {
  environment: string;
  environmentId: string;
}

/** Provisioning was asked of an environment that is not in a state to be provisioned again. */
export class ProvisioningError extends NimbusError {
  override name = 'ProvisioningError';
}

/**
 * Environment provisioning: an environment made from a template with mandatory components starts
 * *provisioning*, and a job deploys those components (as the topology `mandatory-components`) into
 * it; it becomes *active* when they are deployed, or *failed* with the reason (a retry provisions
 * again: what deployed is left alone, what failed is deployed). Environments without mandatory
 * components are active at once. While not active, deploys into the environment are refused.
 */
export class EnvironmentProvisioning {
  constructor(
    private readonly store: StorePort,
    private readonly services: Services,
    private readonly jobs: JobManager,
    private readonly deploy: DeployService,
    private readonly logger: Logger,
  ) {
    jobs.register<ProvisionPayload>(PROVISION_RUNNER, (payload, job) => this.run(payload, job), { resumable: true });
  }

  /** Every environment with where its provisioning stands. */
  async list(): Promise<EnvironmentView[]> {
    const environments = await this.services.landingZones.listEnvironments();
    return Promise.all(environments.map((environment) => environmentView(this.store, environment)));
  }

  async get(idOrName: string): Promise<EnvironmentView> {
    return environmentView(this.store, await this.services.landingZones.getEnvironment(idOrName));
  }

  /**
   * Creates an environment; with mandatory components it is recorded *provisioning* in the same unit
   * of work, and the job deploying them is queued once that is committed.
   */
  async createEnvironment(input: {
    name: string;
    landingZone: string;
    template?: string;
    resolverOverrides?: unknown;
  }): Promise<EnvironmentView> {
    const jobId = randomUUID();
    const environment = await this.store.unitOfWork(async (tx) => {
      const created = await this.services.landingZones.within(tx).createEnvironment(input);
      if (created.mandatoryComponents.length > 0) await this.record(tx.bootstrap, created, jobId, null, 'environment.provision');
      return created;
    });
    if (environment.mandatoryComponents.length > 0) await this.submit(environment, jobId);
    return this.get(environment.id);
  }

  /**
   * Provisions an environment again: a failed one retries; an active one is brought in line with its
   * template as it is now (components it gained are deployed, changed defaults applied; components
   * it dropped stay deployed, for a person to destroy). Refused while it provisions, for a system
   * environment (its landing zone's publish deploys it) and for one never provisioned.
   */
  async retry(idOrName: string): Promise<{ jobId: string }> {
    const environment = await this.services.landingZones.getEnvironment(idOrName);
    const record = await settledProvisioning(this.store, environment.id);
    const status = record?.status ?? 'active';
    if (!record || status === 'provisioning' || record.systemOf)
      throw new ProvisioningError(
        'environment_not_failed',
        !record
          ? `Environment ${environment.name} was never provisioned (its template had no mandatory components when it was made); nothing to provision again`
          : status === 'provisioning'
            ? `Environment ${environment.name} is provisioning already; wait for it to end`
            : `Environment ${environment.name} is its landing zone's system environment; publish the landing zone instead`,
        { environment: environment.name, status },
      );
    const jobId = randomUUID();
    const updated = await this.store.bootstrap.putEnvironment(
      { ...record, status: 'provisioning', statusReason: null, jobId, updatedAt: new Date().toISOString() },
      record.version,
      status === 'failed' ? 'environment.provision_retry' : 'environment.reprovision',
    );
    if (!updated)
      throw new ProvisioningError('environment_changed', `Environment ${environment.name} changed meanwhile (another retry?); look again`, {
        environment: environment.name,
      });
    await this.submit(environment, jobId);
    return { jobId };
  }

  private async record(
    bootstrap: StorePort['bootstrap'],
    environment: Environment,
    jobId: string,
    expected: number | null,
    action: string,
  ): Promise<void> {
    const done = await bootstrap.putEnvironment(
      {
        environmentId: environment.id,
        status: 'provisioning',
        statusReason: null,
        jobId,
        systemOf: null,
        updatedAt: new Date().toISOString(),
      },
      expected,
      action,
    );
    if (!done)
      throw new ProvisioningError('environment_changed', `Environment ${environment.name}'s provisioning record changed meanwhile`, {
        environment: environment.name,
      });
  }

  /** Queues the provisioning job; if it cannot be queued, the environment is failed with the reason. */
  private async submit(environment: Environment, jobId: string): Promise<void> {
    try {
      await this.jobs.submit<ProvisionPayload>({
        id: jobId,
        kind: PROVISION_RUNNER,
        title: `Provision ${environment.name}: ${environment.mandatoryComponents.join(', ')}`,
        payload: { environment: environment.name, environmentId: environment.id },
      });
    } catch (error) {
      await this.conclude(environment.id, jobId, 'failed', `The provisioning job could not be queued: ${failureReason(error)}`);
      throw error;
    }
  }

  /** The job: deploys the mandatory components holding the environment's deploy lock, then records the outcome. */
  private async run(payload: ProvisionPayload, job: JobContext): Promise<DeploymentRun> {
    const record = await this.store.bootstrap.environment(payload.environmentId);
    if (!record || record.jobId !== job.jobId || record.status !== 'provisioning')
      throw new ProvisioningError('provisioning_superseded', `Environment ${payload.environment} is no longer provisioned by this job`, {
        environment: payload.environment,
      });
    try {
      const run = await this.deploy.runLocked({ environment: payload.environment }, job, async (context) => {
        const environment = await this.services.landingZones.getEnvironment(payload.environmentId);
        const document = keepDropped(
          await mandatoryTopology(this.services.components, this.services.viewer, environment),
          (await this.store.deployments.topologyDocument(environment.name, MANDATORY_TOPOLOGY)) as TopologyDocument | undefined,
        );
        job.log(`Deploying mandatory components ${environment.mandatoryComponents.join(', ')} into ${environment.name}`);
        const inputs = await this.deploy.resolutionInputsFor(environment.name, document);
        return deployTopology(context, inputs, MANDATORY_TOPOLOGY, document);
      });
      // A cancelled run returns what it did without throwing: the environment is not provisioned then.
      if (job.signal.aborted || !run.succeeded) throw new JobCancelledError();
      await this.conclude(payload.environmentId, job.jobId, 'active', null);
      return run;
    } catch (error) {
      await this.conclude(payload.environmentId, job.jobId, 'failed', failureReason(error, job.signal));
      throw error;
    }
  }

  /** Records a job's outcome on its environment, unless another job took the environment over. */
  private async conclude(environmentId: string, jobId: string, status: 'active' | 'failed', reason: string | null): Promise<void> {
    try {
      const record: EnvironmentProvisioningRecord | undefined = await this.store.bootstrap.environment(environmentId);
      if (!record || record.jobId !== jobId) return;
      await this.store.bootstrap.putEnvironment(
        { ...record, status, statusReason: reason, updatedAt: new Date().toISOString() },
        record.version,
        status === 'active' ? 'environment.provisioned' : 'environment.provisioning_failed',
      );
    } catch (error) {
      // The job's own record still tells the outcome: the next read settles the environment from it.
      logFailure(this.logger, 'error', 'The outcome of provisioning could not be recorded', error, { environmentId, jobId });
    }
  }
}

/**
 * The template's mandatory topology plus the nodes an earlier provisioning deployed that the template
 * has dropped since, as they were: provisioning again never destroys what is running.
 */
function keepDropped(document: TopologyDocument, previous: TopologyDocument | undefined): TopologyDocument {
  const ids = new Set(document.nodes.map((node) => node.id));
  const dropped = (previous?.nodes ?? []).filter((node) => !ids.has(node.id));
  return dropped.length === 0 ? document : { ...document, nodes: [...document.nodes, ...dropped] };
}
