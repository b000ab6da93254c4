import type { Job } from '../../api/schemas/jobs.js';
import { NimbusError } from '../../errors.js';
import type { EnvironmentProvisioningRecord, EnvironmentProvisioningStatus } from '../../store/ports/bootstrap-records.js';
import type { Repositories } from '../../store/ports/repositories.js';
import type { ResolutionEnvironment } from '../../planning/resolve-topology.js';
import type { Environment } from '../landing-zone-service.js';
import { MANDATORY_TOPOLOGY } from './mandatory-topology.js';

/** An environment that is not active (provisioning, or failed) refuses deploys. */
export class EnvironmentNotActiveError extends NimbusError {
  override name = 'EnvironmentNotActiveError';
}

/** An environment with where its provisioning stands: what the API shows. */
export interface EnvironmentView extends Environment {
  status: EnvironmentProvisioningStatus;
  statusReason: string | null;
  provisioningJobId: string | null;
  systemOf: string | null;
}

/** The reason an environment's record gets when the job provisioning it ended without saying (its process stopped). */
export function interruptedReason(job: Job | undefined, work: 'provisioning' | 'publishing' = 'provisioning'): string {
  const again = work === 'provisioning' ? 'retry to provision the rest' : 'publish again to deploy the rest';
  if (!job) return `The ${work} job is gone (Nimbus stopped while it ran); ${again}`;
  const why = job.error?.message ?? job.status;
  return `Nimbus stopped while ${work} (${why}); ${again}`;
}

/**
 * Reads an environment's provisioning record and, when it says provisioning or publishing but its
 * job has ended (its process stopped before the job could record the outcome), records the outcome
 * the job's own record gives: a job that succeeded leaves the environment active, any other ends it
 * failed with the reason. Compare-and-set, so a job finishing meanwhile wins.
 */
export async function settledProvisioning(
  store: Pick<Repositories, 'bootstrap' | 'jobs'>,
  environmentId: string,
): Promise<EnvironmentProvisioningRecord | undefined> {
  const record = await store.bootstrap.environment(environmentId);
  if (!record || record.status !== 'provisioning' || !record.jobId) return record;
  const job = await jobOrUndefined(store, record.jobId);
  if (job?.status === 'running') return record;
  const succeeded = job?.status === 'succeeded';
  const next = {
    ...record,
    status: succeeded ? ('active' as const) : ('failed' as const),
    statusReason: succeeded ? null : interruptedReason(job),
    updatedAt: new Date().toISOString(),
  };
  await store.bootstrap.putEnvironment(next, record.version, succeeded ? 'environment.provisioned' : 'environment.provisioning_failed');
  return store.bootstrap.environment(environmentId);
}

/** A job's record, or undefined when the store has none (in scope). */
export async function jobOrUndefined(store: Pick<Repositories, 'jobs'>, id: string): Promise<Job | undefined> {
  try {
    return await store.jobs.get(id);
  } catch (error) {
    if (error instanceof NimbusError && error.code === 'not_found') return undefined;
    throw error;
  }
}

/** The environment as the API shows it: without a provisioning record, active. */
export async function environmentView(store: Pick<Repositories, 'bootstrap' | 'jobs'>, environment: Environment): Promise<EnvironmentView> {
  const record = await settledProvisioning(store, environment.id);
  return {
    ...environment,
    status: record?.status ?? 'active',
    statusReason: record?.statusReason ?? null,
    provisioningJobId: record?.jobId ?? null,
    systemOf: record?.systemOf ?? null,
  };
}

/**
 * The environment as a topology is resolved in it. Its template's mandatory components must be in
 * every topology only where the environment does not deploy them itself: an environment with a
 * provisioning record holds them in its own `mandatory-components` topology (and takes no deploy
 * until that is active), so its topologies are asked only for a component the template gained after
 * that was deployed. An environment without a record (made before provisioning, or when its template
 * had none) asks for all of them.
 */
export async function resolutionEnvironmentOf(
  store: Pick<Repositories, 'bootstrap' | 'deployments'>,
  environment: Environment,
): Promise<ResolutionEnvironment> {
  return {
    name: environment.name,
    landingZone: environment.landingZone,
    provider: environment.provider,
    config: environment.effective.config,
    configSources: environment.effective.sources,
    mandatoryComponents: await mandatoryForTopologies(store, environment),
  };
}

async function mandatoryForTopologies(store: Pick<Repositories, 'bootstrap' | 'deployments'>, environment: Environment): Promise<string[]> {
  if (environment.mandatoryComponents.length === 0) return [];
  const record = await store.bootstrap.environment(environment.id);
  if (!record) return environment.mandatoryComponents;
  if (record.status !== 'active') return [];
  const provided = new Set((await store.deployments.live(environment.name, MANDATORY_TOPOLOGY)).map((deployment) => deployment.component));
  return environment.mandatoryComponents.filter((name) => !provided.has(name));
}

/**
 * Refuses work that deploys into an environment which is not active: while its template's mandatory
 * components are being provisioned, or after that failed (until a retry makes it active).
 */
export async function refuseIfNotActive(store: Pick<Repositories, 'bootstrap' | 'jobs'>, environment: Environment): Promise<void> {
  const view = await environmentView(store, environment);
  if (view.status === 'active') return;
  throw new EnvironmentNotActiveError(
    'environment_not_active',
    view.status === 'provisioning'
      ? `Environment ${view.name} is provisioning (its template's mandatory components are being deployed); deploy once it is active`
      : `Environment ${view.name} is failed: ${view.statusReason ?? 'provisioning failed'}. Retry its provisioning (nimbus env retry ${view.name}) before deploying`,
    { environment: view.name, status: view.status, jobId: view.provisioningJobId },
  );
}
