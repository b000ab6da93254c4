import { Icon } from '../ui/Icon';
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
    <div className="filter-bar" role="search" aria-label="Filter stack instances">
      <label className="search-field">
        <Icon name="search" size={16} />
        <input
          className="search-field__input"
          type="search"
          placeholder="Search name, stack or activity"
          aria-label="Search stack instances"
          value={filter.search}
          onChange={(event) => update({ search: event.target.value })}
          data-testid="instance-search"
        />
      </label>
      <select className="input select" aria-label="Environment" value={filter.environment} onChange={(event) => update({ environment: event.target.value })} data-testid="instance-environment-filter">
        <option value="">All environments</option>
        {environments.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <select className="input select" aria-label="State" value={filter.state} onChange={(event) => update({ state: event.target.value })} data-testid="instance-state-filter">
        <option value="">Every state</option>
        {states.map((state) => (
          <option key={state} value={state}>
            {state}
          </option>
        ))}
      </select>
      {isInstanceFilterSet(filter) && (
        <button type="button" className="button button--ghost button--small" onClick={() => onChange(NO_INSTANCE_FILTER)} data-testid="instance-clear-filters">
          Clear filters
        </button>
      )}
    </div>
  );
}
