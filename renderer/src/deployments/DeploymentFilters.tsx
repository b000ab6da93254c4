import type { Environment } from '../api/entities';
import { Icon } from '../ui/Icon';
import { isDeploymentFilterSet, NO_DEPLOYMENT_FILTER, type DeploymentFilter } from './deployment-filter';
import { DEPLOYMENT_STATUSES } from './status-tones';

export interface DeploymentFiltersProps {
  environments: readonly Environment[];
  filter: DeploymentFilter;
  onChange(filter: DeploymentFilter): void;
}

/** Search and the environment and status selects above the deployments list. */
export function DeploymentFilters({ environments, filter, onChange }: DeploymentFiltersProps) {
  const update = (patch: Partial<DeploymentFilter>) => onChange({ ...filter, ...patch });
  // An environment named in the filter but not (or no longer) listed stays selectable, so the select shows the truth.
  const names = [...new Set([...environments.map((environment) => environment.name), ...(filter.environment ? [filter.environment] : [])])].sort();
  return (
    <div className="filter-bar" role="search" aria-label="Filter deployments">
      <label className="search-field">
        <Icon name="search" size={16} />
        <input
          className="search-field__input"
          type="search"
          placeholder="Search name, component, topology or stack"
          aria-label="Search deployments"
          value={filter.search}
          onChange={(event) => update({ search: event.target.value })}
          data-testid="deployment-search"
        />
      </label>
      <select className="input select" aria-label="Environment" value={filter.environment} onChange={(event) => update({ environment: event.target.value })} data-testid="deployment-environment-filter">
        <option value="">All environments</option>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <select
        className="input select"
        aria-label="Status"
        value={filter.status}
        onChange={(event) => update({ status: DEPLOYMENT_STATUSES.find((status) => status === event.target.value) ?? '' })}
        data-testid="deployment-status-filter"
      >
        <option value="">Every status but destroyed</option>
        {DEPLOYMENT_STATUSES.map((status) => (
          <option key={status} value={status}>
            {status}
          </option>
        ))}
      </select>
      {isDeploymentFilterSet(filter) && (
        <button type="button" className="button button--ghost button--small" onClick={() => onChange(NO_DEPLOYMENT_FILTER)} data-testid="deployment-clear-filters">
          Clear filters
        </button>
      )}
    </div>
  );
}
