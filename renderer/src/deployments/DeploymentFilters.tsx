import type { Environment } from '../api/entities';
import { FilterBar, FilterSelect, SearchField } from '../ui/FilterBar';
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
  const names = [
    ...new Set([...environments.map((environment) => environment.name), ...(filter.environment ? [filter.environment] : [])]),
  ].sort();
  return (
    <FilterBar
      label="Filter deployments"
      active={isDeploymentFilterSet(filter)}
      onClear={() => onChange(NO_DEPLOYMENT_FILTER)}
      clearTestId="deployment-clear-filters"
    >
      <SearchField
        label="Search deployments"
        placeholder="Search name, component, topology or stack"
        value={filter.search}
        onChange={(search) => update({ search })}
        testId="deployment-search"
      />
      <FilterSelect
        label="Environment"
        anyText="All environments"
        value={filter.environment}
        options={names}
        onChange={(environment) => update({ environment })}
        testId="deployment-environment-filter"
      />
      <FilterSelect
        label="Status"
        anyText="Every status but destroyed"
        value={filter.status}
        options={DEPLOYMENT_STATUSES}
        onChange={(value) => update({ status: DEPLOYMENT_STATUSES.find((status) => status === value) ?? '' })}
        testId="deployment-status-filter"
      />
    </FilterBar>
  );
}
