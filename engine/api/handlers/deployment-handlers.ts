import type { DeployService } from '../../deploy/deploy-service.js';
import type { DeploymentRecord } from '../../store/deployment-repository.js';
import type { Store } from '../../store/store.js';
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
export function deploymentHandlers(deploy: DeployService, store: Store): DeploymentHandlers {
  const repository = store.deployments;
  return {
    previewDeployment: (target) => ({ jobId: deploy.previewTopology(target).id }),
    startDeployment: (target) => ({ jobId: deploy.deployTopology(target).id }),
    startTopologyDestroy: ({ environment, topology }) => ({ jobId: deploy.destroyTopology(environment, topology).id }),
    startTopologyRefresh: ({ environment, topology }) => ({ jobId: deploy.refreshTopology(environment, topology).id }),
    destroyDeployment: ({ id }) => ({ jobId: deploy.destroyDeployment(id).id }),
    upgradeDeployment: ({ id, version }) => ({ jobId: deploy.upgradeDeployment(id, version).id }),
    listDeployedTopologies: ({ environment }) =>
      repository
        .deployedTopologies()
        .filter((entry) => environment === undefined || entry.environment === environment)
        .map((entry) => {
          const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<DeploymentStatus, number>;
          const live = repository.live(entry.environment, entry.topology);
          for (const record of live) counts[record.status] += 1;
          return { ...entry, counts, drifted: live.filter((record) => record.drifted).length };
        }),
    listDeployments: (filter) =>
      repository
        .list({
          ...(filter.environment !== undefined ? { environment: filter.environment } : {}),
          ...(filter.topology !== undefined ? { topology: filter.topology } : {}),
          ...(filter.includeDestroyed ? { includeDestroyed: true } : {}),
        })
        .map(publicDeployment),
    getDeployment: ({ id }) => ({
      deployment: publicDeployment(repository.get(id)),
      journal: store.journal.journal(id),
      cmdb: store.cmdb.cmdbItemsOf(id),
      drift: store.drift.driftRecords(id),
    }),
    listCmdbItems: ({ environment, includeDecommissioned }) => {
      const items = store.cmdb
        .cmdbItems()
        .filter(
          (item) => (environment === undefined || item.environment === environment) && (includeDecommissioned || item.status === 'active'),
        );
      const ids = new Set(items.map((item) => item.id));
      return {
        items,
        relationships: store.cmdb.relationships().filter((relation) => ids.has(relation.source) && ids.has(relation.target)),
      };
    },
    startDriftCheck: (filter) => ({ jobId: deploy.checkDrift(filter).id }),
    repairDrift: ({ id }) => ({ jobId: deploy.repairDrift(id).id }),
    acceptDrift: ({ id, fields, all }) => ({ jobId: deploy.acceptDrift(id, all ? 'all' : (fields ?? [])).id }),
    listDriftRecords: ({ environment, deploymentId }) => {
      const records = store.drift.driftRecords(deploymentId);
      if (environment === undefined) return records;
      return records.filter((record) => repository.find(record.deploymentId)?.environment === environment);
    },
  };
}
