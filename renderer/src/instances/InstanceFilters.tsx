import { FilterBar, FilterSelect, SearchField } from '../ui/FilterBar';
import { isInstanceFilterSet, NO_INSTANCE_FILTER, type InstanceFilter } from './instance-filter';

export interface InstanceFiltersProps {
  filter: InstanceFilter;
  environments: readonly string[];
  states: readonly string[];
  onChange(filter: InstanceFilter): void;
}

/** Search and the environment and state selects above the instance list. */
export function InstanceFilters({ filter, environments, states, onChange }: InstanceFiltersProps) {
  const update = (patch: Partial<InstanceFilter>) => onChange({ ...filter, ...patch });
  return (
    <FilterBar
      label="Filter stack instances"
      active={isInstanceFilterSet(filter)}
      onClear={() => onChange(NO_INSTANCE_FILTER)}
      clearTestId="instance-clear-filters"
    >
      <SearchField
        label="Search stack instances"
        placeholder="Search name, stack or activity"
        value={filter.search}
        onChange={(search) => update({ search })}
        testId="instance-search"
      />
      <FilterSelect
        label="Environment"
        anyText="All environments"
        value={filter.environment}
        options={environments}
        onChange={(environment) => update({ environment })}
        testId="instance-environment-filter"
      />
      <FilterSelect
        label="State"
        anyText="Every state"
        value={filter.state}
        options={states}
        onChange={(state) => update({ state })}
        testId="instance-state-filter"
      />
    </FilterBar>
  );
}
