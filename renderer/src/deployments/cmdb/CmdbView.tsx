import { useCallback, useMemo, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { DriftRecord, Environment } from '../../api/entities';
import { useApiResource } from '../../api/use-api-resource';
import { CmdbItemsTable } from './CmdbItemsTable';
import { DriftRecordList } from './DriftRecordList';
import { RelationshipsTable } from './RelationshipsTable';
import { displayStatus } from '../status-tones';
import type { DeploymentActions } from '../use-deployment-actions';

export interface CmdbViewProps {
  environments: readonly Environment[];
  refreshKey: string;
  onOpenDeployment(id: string): void;
  /** Repair and accept, offered on the newest record of each drifted deployment. */
  actions?: Pick<DeploymentActions, 'repairDrift' | 'acceptDrift'>;
}

/** The configuration management database: items created from deployments' outputs, how they relate, and what drift checks found. */
export function CmdbView({ environments, refreshKey, onOpenDeployment, actions }: CmdbViewProps) {
  const api = useApi();
  const [environment, setEnvironment] = useState('');
  const [includeDecommissioned, setIncludeDecommissioned] = useState(false);
  const loadItems = useCallback(
    () => api.listCmdbItems({ ...(environment ? { environment } : {}), ...(includeDecommissioned ? { includeDecommissioned } : {}) }),
    [api, environment, includeDecommissioned],
  );
  const loadDrift = useCallback(() => api.listDriftRecords(environment ? { environment } : {}), [api, environment]);
  const loadDeployments = useCallback(
    () => api.listDeployments({ ...(environment ? { environment } : {}), includeDestroyed: true }),
    [api, environment],
  );
  const cmdb = useApiResource(loadItems, 'Could not read the CMDB', refreshKey);
  const drift = useApiResource(loadDrift, 'Could not list drift records', refreshKey);
  const deployments = useApiResource(loadDeployments, null, refreshKey);
  const labels = useMemo(
    () => new Map((deployments.value ?? []).map((entry) => [entry.id, `${entry.label} (${entry.environment})`])),
    [deployments.value],
  );
  const byId = useMemo(() => new Map((deployments.value ?? []).map((entry) => [entry.id, entry])), [deployments.value]);
  const drifted = useMemo(
    () => new Set((deployments.value ?? []).filter((entry) => displayStatus(entry) === 'drifted').map((entry) => entry.id)),
    [deployments.value],
  );

  return (
    <div className="cmdb" data-testid="cmdb-view">
      <div className="filter-bar" role="search" aria-label="Filter the CMDB">
        <select
          className="input select"
          aria-label="Environment"
          value={environment}
          onChange={(event) => setEnvironment(event.target.value)}
          data-testid="cmdb-environment"
        >
          <option value="">All environments</option>
          {environments.map((entry) => (
            <option key={entry.id} value={entry.name}>
              {entry.name}
            </option>
          ))}
        </select>
        <label className="checkbox-field">
          <input
            type="checkbox"
            checked={includeDecommissioned}
            onChange={(event) => setIncludeDecommissioned(event.target.checked)}
            data-testid="cmdb-decommissioned"
          />
          Show decommissioned items
        </label>
      </div>
      <section className="page-section" aria-labelledby="cmdb-items-title">
        <header className="section-header">
          <h2 id="cmdb-items-title" className="section-header__title">
            Configuration items
          </h2>
        </header>
        {cmdb.value === null ? (
          <div className="page__loading">Loading…</div>
        ) : (
          <CmdbItemsTable items={cmdb.value.items} drifted={drifted} onOpenDeployment={onOpenDeployment} />
        )}
      </section>
      <section className="page-section" aria-labelledby="cmdb-relationships-title">
        <header className="section-header">
          <h2 id="cmdb-relationships-title" className="section-header__title">
            Relationships
          </h2>
        </header>
        {cmdb.value === null ? (
          <div className="page__loading">Loading…</div>
        ) : (
          <RelationshipsTable relationships={cmdb.value.relationships} items={cmdb.value.items} />
        )}
      </section>
      <section className="page-section" aria-labelledby="cmdb-drift-title">
        <header className="section-header">
          <h2 id="cmdb-drift-title" className="section-header__title">
            Drift history
          </h2>
        </header>
        {drift.value === null ? (
          <div className="page__loading">Loading…</div>
        ) : (
          <DriftRecordList
            records={drift.value}
            deploymentLabels={labels}
            actionable={drifted}
            {...(actions
              ? {
                  onRepair: (record: DriftRecord) => {
                    const deployment = byId.get(record.deploymentId);
                    if (deployment) actions.repairDrift(deployment, record);
                  },
                  onAccept: (record: DriftRecord) => {
                    const deployment = byId.get(record.deploymentId);
                    if (deployment) actions.acceptDrift(deployment, record);
                  },
                }
              : {})}
          />
        )}
      </section>
    </div>
  );
}
