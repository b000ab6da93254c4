import { randomUUID } from 'node:crypto';
import type { LandingZoneBootstrap } from '../../api/schemas/bootstrap.js';
import type { DeploymentRun } from '../../api/schemas/deployments.js';
import { TopologyDocumentSchema, type TopologyDocument } from '../../api/schemas/topology.js';
import { parseOrThrow } from '../../api/validate.js';
import type { DeployService } from '../../deploy/deploy-service.js';
import { deployTopology } from '../../deploy/topology-deployer.js';
import { NimbusError } from '../../errors.js';
import { JobCancelledError, type JobContext, type JobManager } from '../../jobs/job-manager.js';
import { logFailure, type Logger } from '../../logging/logger.js';
import type { Services } from '../../services.js';
import type { LandingZoneBootstrapRecord } from '../../store/ports/bootstrap-records.js';
import type { Repositories } from '../../store/ports/repositories.js';
import type { StorePort } from '../../store/ports/store-port.js';
import type { LandingZone } from '../landing-zone-service.js';
import { interruptedReason, jobOrUndefined } from './environment-status.js';
import { failureReason } from './failure-reason.js';

/** The runner of publish jobs (every process of a shared server registers it). */
export const PUBLISH_RUNNER = 'landingzone.publish';

/** The topology the system services are deployed as, in the zone's system environment. */
export const SYSTEM_TOPOLOGY = 'system-services';

/** A publish job as data: the zone, and its system environment (whose deploy lock the job holds). */
interface PublishPayload {
  landingZoneId: string;
  environment: string;
}

/** A landing zone's system services or publication refused what was asked. */
export class BootstrapError extends NimbusError {
  override name = 'BootstrapError';
}

/** The name of a landing zone's system environment: `<zone>-system`, within the 63 characters a name may have. */
export function systemEnvironmentName(zone: string): string {
  return `${zone.slice(0, 56).replace(/-+$/, '')}-system`;
}

const EMPTY: TopologyDocument = { schemaVersion: 1, nodes: [], wires: [] };

/**
 * A landing zone's system services: a topology of provider-level components (a management network,
 * a bastion, an observability node) that publishing the zone deploys. They deploy into the zone's
 * own *system environment* (`<zone>-system`, created on the first publish and marked as the zone's),
 * so they are ordinary deployments (records, CMDB, drift, the deploy lock) kept apart from what
 * people deploy, and each republish deploys the changes since the last (nodes added, changed or
 * removed). The zone goes draft → publishing → published, or failed with the reason (publish again
 * to retry).
 */
export class SystemServices {
  constructor(
    private readonly store: StorePort,
    private readonly services: Services,
    private readonly jobs: JobManager,
    private readonly deploy: DeployService,
    private readonly logger: Logger,
  ) {
    jobs.register<PublishPayload>(PUBLISH_RUNNER, (payload, job) => this.run(payload, job), { resumable: true });
  }

  /** Every landing zone's system services and publication. */
  async list(): Promise<LandingZoneBootstrap[]> {
    const zones = await this.services.landingZones.listLandingZones();
    return Promise.all(zones.map((zone) => this.view(zone)));
  }

  async get(landingZone: string): Promise<LandingZoneBootstrap> {
    return this.view(await this.services.landingZones.getLandingZone(landingZone));
  }

  /**
   * Sets the system services: a topology document, checked like any (schema, references), whose
   * components must be published components of the zone's provider. Refused while a publish runs.
   */
  async setServices(landingZone: string, input: unknown): Promise<LandingZoneBootstrap> {
    const zone = await this.services.landingZones.getLandingZone(landingZone);
    const document = parseOrThrow(TopologyDocumentSchema, input, 'system services topology');
    await this.checkComponents(zone, document);
    const record = await this.settled(zone.id);
    if (record?.status === 'publishing')
      throw new BootstrapError(
        'landing_zone_publishing',
        `Landing zone ${zone.name} is being published; change its system services once that ends`,
        {
          landingZone: zone.name,
          jobId: record.jobId,
        },
      );
    const now = new Date().toISOString();
    const next: Omit<LandingZoneBootstrapRecord, 'version'> = record
      ? { ...record, services: document, servicesRevision: record.servicesRevision + 1, updatedAt: now }
      : {
          landingZoneId: zone.id,
          status: 'draft',
          statusReason: null,
          services: document,
          servicesRevision: 1,
          publishedRevision: null,
          publishingRevision: null,
          systemEnvironmentId: null,
          jobId: null,
          updatedAt: now,
        };
    if (!(await this.store.bootstrap.putZone(next, record?.version ?? null, 'landing_zone.services_set'))) throw this.changed(zone);
    return this.get(zone.id);
  }

  /**
   * Publishes the zone: creates its system environment the first time, marks the zone publishing and
   * queues the job that deploys the system services there. Also the retry after a failed publish.
   */
  async publish(landingZone: string): Promise<{ jobId: string }> {
    const zone = await this.services.landingZones.getLandingZone(landingZone);
    const record = await this.settled(zone.id);
    if (!record)
      throw new BootstrapError(
        'no_system_services',
        `Landing zone ${zone.name} has no system services to publish; set them first (nimbus landing-zone services set ${zone.name} FILE)`,
        { landingZone: zone.name },
      );
    if (record.status === 'publishing')
      throw new BootstrapError('landing_zone_publishing', `Landing zone ${zone.name} is being published already (job ${record.jobId})`, {
        landingZone: zone.name,
        jobId: record.jobId,
      });
    await this.checkComponents(zone, record.services);
    const jobId = randomUUID();
    const environment = await this.store.unitOfWork(async (tx) => {
      const systemEnvironment = await this.systemEnvironment(tx, zone, record);
      const marked = await tx.bootstrap.putZone(
        {
          ...record,
          status: 'publishing',
          statusReason: null,
          publishingRevision: record.servicesRevision,
          systemEnvironmentId: systemEnvironment.id,
          jobId,
          updatedAt: new Date().toISOString(),
        },
        record.version,
        'landing_zone.publish',
      );
      if (!marked) throw this.changed(zone);
      return systemEnvironment.name;
    });
    try {
      await this.jobs.submit<PublishPayload>({
        id: jobId,
        kind: PUBLISH_RUNNER,
        title: `Publish landing zone ${zone.name}: ${record.services.nodes.length} system service(s) into ${environment}`,
        payload: { landingZoneId: zone.id, environment },
      });
    } catch (error) {
      await this.conclude(zone.id, jobId, {
        status: 'failed',
        statusReason: `The publish job could not be queued: ${failureReason(error)}`,
      });
      throw error;
    }
    return { jobId };
  }

  /** The zone's system environment: the one recorded, else `<zone>-system` made now and marked as the zone's. */
  private async systemEnvironment(
    tx: Repositories,
    zone: LandingZone,
    record: LandingZoneBootstrapRecord,
  ): Promise<{ id: string; name: string }> {
    if (record.systemEnvironmentId) {
      const known = await tx.landingZones.environment(record.systemEnvironmentId);
      if (known) return { id: known.id, name: known.name };
    }
    const name = systemEnvironmentName(zone.name);
    const existing = await tx.landingZones.environment(name);
    if (existing) {
      const marked = await tx.bootstrap.environment(existing.id);
      if (marked?.systemOf === zone.id) return { id: existing.id, name };
      throw new BootstrapError(
        'system_environment_conflict',
        `Environment ${name} already exists and is not landing zone ${zone.name}'s system environment; rename it to publish ${zone.name}`,
        { environment: name, landingZone: zone.name },
      );
    }
    const created = await this.services.landingZones.within(tx).createEnvironment({ name, landingZone: zone.id });
    const ok = await tx.bootstrap.putEnvironment(
      {
        environmentId: created.id,
        status: 'active',
        statusReason: null,
        jobId: null,
        systemOf: zone.id,
        updatedAt: new Date().toISOString(),
      },
      null,
      'environment.system_create',
    );
    if (!ok) throw this.changed(zone);
    return { id: created.id, name };
  }

  /** Every node must name a published component (`name@version`) of the zone's provider; stacks are not system services. */
  private async checkComponents(zone: LandingZone, document: TopologyDocument): Promise<void> {
    const stacks = document.nodes.filter((node) => node.component.startsWith('stack:'));
    if (stacks.length > 0)
      throw new BootstrapError(
        'invalid_input',
        `System services are components; ${stacks[0]!.label} places a stack (${stacks[0]!.component})`,
        {
          node: stacks[0]!.id,
        },
      );
    const { lookup } = await this.services.catalog(document);
    for (const node of document.nodes) {
      const definition = lookup(node.component);
      if (definition.provider !== zone.provider)
        throw new BootstrapError(
          'mandatory_component_provider',
          `System service ${node.label} uses ${definition.ref}, a ${definition.provider} component; landing zone ${zone.name} is on ${zone.provider}`,
          { node: node.id, component: definition.ref },
        );
    }
  }

  /** The job: deploys the services revision it was started for into the system environment, then records the outcome. */
  private async run(payload: PublishPayload, job: JobContext): Promise<DeploymentRun> {
    const record = await this.store.bootstrap.zone(payload.landingZoneId);
    if (!record || record.jobId !== job.jobId || record.status !== 'publishing')
      throw new BootstrapError('provisioning_superseded', `Landing zone ${payload.landingZoneId} is no longer published by this job`, {
        landingZone: payload.landingZoneId,
      });
    try {
      const run = await this.deploy.runLocked({ environment: payload.environment }, job, async (context) => {
        const document = record.services;
        job.log(`Deploying ${document.nodes.length} system service(s) (revision ${record.servicesRevision}) into ${payload.environment}`);
        const inputs = await this.deploy.resolutionInputsFor(payload.environment, document);
        return deployTopology(context, inputs, SYSTEM_TOPOLOGY, document);
      });
      // A cancelled run returns what it did without throwing: the zone is not published then.
      if (job.signal.aborted || !run.succeeded) throw new JobCancelledError();
      await this.conclude(payload.landingZoneId, job.jobId, {
        status: 'published',
        statusReason: null,
        publishedRevision: record.publishingRevision,
      });
      return run;
    } catch (error) {
      await this.conclude(payload.landingZoneId, job.jobId, { status: 'failed', statusReason: failureReason(error, job.signal) });
      throw error;
    }
  }

  /** Records a publish job's outcome on its zone, unless a newer publish took it over. */
  private async conclude(landingZoneId: string, jobId: string, change: Partial<LandingZoneBootstrapRecord>): Promise<void> {
    try {
      const record = await this.store.bootstrap.zone(landingZoneId);
      if (!record || record.jobId !== jobId) return;
      await this.store.bootstrap.putZone(
        { ...record, ...change, updatedAt: new Date().toISOString() },
        record.version,
        change.status === 'published' ? 'landing_zone.published' : 'landing_zone.publish_failed',
      );
    } catch (error) {
      // The job's own record still tells the outcome: the next read settles the zone from it.
      logFailure(this.logger, 'error', 'The outcome of a landing zone publish could not be recorded', error, { landingZoneId, jobId });
    }
  }

  /**
   * The zone's record; one left publishing by a job that has ended (its process stopped before it
   * could record the outcome) takes the outcome from the job's own record.
   */
  private async settled(landingZoneId: string): Promise<LandingZoneBootstrapRecord | undefined> {
    const record = await this.store.bootstrap.zone(landingZoneId);
    if (!record || record.status !== 'publishing' || !record.jobId) return record;
    const job = await jobOrUndefined(this.store, record.jobId);
    if (job?.status === 'running') return record;
    const succeeded = job?.status === 'succeeded';
    await this.store.bootstrap.putZone(
      {
        ...record,
        status: succeeded ? 'published' : 'failed',
        statusReason: succeeded ? null : interruptedReason(job, 'publishing'),
        publishedRevision: succeeded ? record.publishingRevision : record.publishedRevision,
        updatedAt: new Date().toISOString(),
      },
      record.version,
      succeeded ? 'landing_zone.published' : 'landing_zone.publish_failed',
    );
    return this.store.bootstrap.zone(landingZoneId);
  }

  private async view(zone: LandingZone): Promise<LandingZoneBootstrap> {
    const record = await this.settled(zone.id);
    const environment = record?.systemEnvironmentId ? await this.store.landingZones.environment(record.systemEnvironmentId) : undefined;
    return {
      landingZone: zone.name,
      provider: zone.provider,
      status: record?.status ?? 'draft',
      statusReason: record?.statusReason ?? null,
      services: record?.services ?? EMPTY,
      servicesRevision: record?.servicesRevision ?? 0,
      publishedRevision: record?.publishedRevision ?? null,
      unpublishedChanges: record ? record.publishedRevision !== record.servicesRevision : false,
      systemEnvironment: environment?.name ?? null,
      jobId: record?.jobId ?? null,
    };
  }

  private changed(zone: LandingZone): BootstrapError {
    return new BootstrapError(
      'environment_changed',
      `Landing zone ${zone.name}'s system services changed meanwhile; look again and retry`,
      {
        landingZone: zone.name,
      },
    );
  }
}
