import type { JobEventBody } from '../api/schemas/jobs.js';
import type { ComponentContent } from '../components/component-service.js';
import type { ResolverSet } from '../planning/resolve-topology.js';
import type { StorePort } from '../store/ports/store-port.js';
import type { PulumiRunner } from './pulumi-runner.js';
import type { Logger } from '../logging/logger.js';
import type { ConfigEntry } from './stack-config.js';

export type DeployEvent = Exclude<JobEventBody, { type: 'job.started' | 'job.finished' }>;

/** What the deploy sagas need from the engine; built once per job. */
export interface DeployContext {
  /** Deployments, journal, locks, CMDB and drift, through the asynchronous repositories. */
  store: StorePort;
  runner: PulumiRunner;
  resolvers: ResolverSet;
  /** Work directories of deployments live here. */
  workRoot: string;
  /** The pinned content (program, contracts) of a component version. */
  content: (component: string, version: number) => Promise<ComponentContent>;
  /** Directory the local provider keeps an environment's objects in. */
  localRoot: (environment: string) => string;
  jobId: string | null;
  signal: AbortSignal;
  /** Nodes of one topology deploying at once (the executor's limit); unbounded when absent, Pulumi's runner bounds its operations anyway. */
  concurrency?: number;
  emit: (event: DeployEvent) => void;
  /** The engine's log, with the job's id on every line. */
  logger: Logger;
  /**
   * The stack config a provider needs in an environment beside the component's values (a Proxmox
   * landing zone's cloud account); rejects with `cloud_account_missing` when the zone has none.
   */
  providerConfig?: (environment: string, provider: string) => Promise<Record<string, ConfigEntry>>;
}
