import type { DeployService } from '../../deploy/deploy-service.js';
import type { DeploymentRecord } from '../../store/ports/deployment-records.js';
import type { Repositories } from '../../store/ports/repositories.js';
import type { Deployment, DeploymentStatus } from '../schemas/deployments.js';
import type { Handlers } from '../dispatcher.js';

type DeploymentHandlers = Pick<
  Handlers,
  | 'previewDeployment'
  | 'startDeployment'
  | 'startTopologyDestroy'
  | 'startTopologyRefresh'
  | 'destroyDeployment'
  | 'upgradeDeployment'
  | 'listDeployedTopologies'
  | 'listDeployments'
  | 'getDeployment'
  | 'listCmdbItems'
  | 'startDriftCheck'
  | 'repairDrift'
  | 'acceptDrift'
  | 'listDriftRecords'
>;

/** The API shape of a deployment: what the engine keeps for itself (owner, fingerprint) stays inside. */
function publicDeployment(record: DeploymentRecord): Deployment {
  const { owner: _owner, fingerprint: _fingerprint, everDeployed: _everDeployed, ...deployment } = record;
  return deployment;
}

const STATUSES: DeploymentStatus[] = ['pending', 'deploying', 'deployed', 'failed', 'destroying', 'destroyed', 'upgrading'];

/** API methods of the deploy engine: jobs for every Pulumi operation, reads of deployments, CMDB and drift. */
export function deploymentHandlers(
  deploy: DeployService,
  store: Pick<Repositories, 'deployments' | 'journal' | 'cmdb' | 'drift'>,
): DeploymentHandlers {
  const repository = store.deployments;
  return {
    previewDeployment: async (target) => ({ jobId: (await deploy.previewTopology(target)).id }),
    startDeployment: async (target) => ({ jobId: (await deploy.deployTopology(target)).id }),
    startTopologyDestroy: async ({ environment, topology }) => ({ jobId: (await deploy.destroyTopology(environment, topology)).id }),
    startTopologyRefresh: async ({ environment, topology }) => ({ jobId: (await deploy.refreshTopology(environment, topology)).id }),
    destroyDeployment: async ({ id }) => ({ jobId: (await deploy.destroyDeployment(id)).id }),
    upgradeDeployment: async ({ id, version }) => ({ jobId: (await deploy.upgradeDeployment(id, version)).id }),
    listDeployedTopologies: async ({ environment }) => {
      const entries = (await repository.deployedTopologies()).filter(
        (entry) => environment === undefined || entry.environment === environment,
      );
      return Promise.all(
        entries.map(async (entry) => {
          const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<DeploymentStatus, number>;
          const live = await repository.live(entry.environment, entry.topology);
          for (const record of live) counts[record.status] += 1;
          return { ...entry, counts, drifted: live.filter((record) => record.drifted).length };
        }),
      );
    },
    listDeployments: async (filter) =>
      (
        await repository.list({
          ...(filter.environment !== undefined ? { environment: filter.environment } : {}),
          ...(filter.topology !== undefined ? { topology: filter.topology } : {}),
          ...(filter.includeDestroyed ? { includeDestroyed: true } : {}),
        })
      ).map(publicDeployment),
    getDeployment: async ({ id }) => {
      const [deployment, journal, cmdb, drift] = await Promise.all([
        repository.get(id),
        store.journal.journal(id),
        store.cmdb.cmdbItemsOf(id),
        store.drift.driftRecords(id),
      ]);
      return { deployment: publicDeployment(deployment), journal, cmdb, drift };
    },
    listCmdbItems: async ({ environment, includeDecommissioned }) => {
      const items = (await store.cmdb.cmdbItems()).filter(
        (item) => (environment === undefined || item.environment === environment) && (includeDecommissioned || item.status === 'active'),
      );
      const ids = new Set(items.map((item) => item.id));
      return {
        items,
        relationships: (await store.cmdb.relationships()).filter((relation) => ids.has(relation.source) && ids.has(relation.target)),
      };
    },
    startDriftCheck: async (filter) => ({ jobId: (await deploy.checkDrift(filter)).id }),
    repairDrift: async ({ id }) => ({ jobId: (await deploy.repairDrift(id)).id }),
    acceptDrift: async ({ id, fields, all }) => ({ jobId: (await deploy.acceptDrift(id, all ? 'all' : (fields ?? []))).id }),
    listDriftRecords: async ({ environment, deploymentId }) => {
      const records = await store.drift.driftRecords(deploymentId);
      if (environment === undefined) return records;
      const environments = new Map<string, string | undefined>();
      for (const record of records) {
        if (!environments.has(record.deploymentId))
          environments.set(record.deploymentId, (await repository.find(record.deploymentId))?.environment);
      }
      return records.filter((record) => environments.get(record.deploymentId) === environment);
    },
  };
}
