import type { StackInstance } from './instance-entities';

/** What the instance list is narrowed to; '' means "any". */
export interface InstanceFilter {
  search: string;
  environment: string;
  state: string;
}

export const NO_INSTANCE_FILTER: InstanceFilter = { search: '', environment: '', state: '' };

export const isInstanceFilterSet = (filter: InstanceFilter): boolean =>
  filter.search.trim() !== '' || filter.environment !== '' || filter.state !== '';

/**
 * The instances a filter lets through. Search matches the instance's name, its stack, `stack@version`,
 * the current workflow and the id, ignoring case, so "ha-web@2" and "upgrade" both find something.
 */
export function filterInstances(instances: readonly StackInstance[], filter: InstanceFilter): StackInstance[] {
  const needle = filter.search.trim().toLowerCase();
  return instances.filter((instance) => {
    if (filter.environment && instance.environment !== filter.environment) return false;
    if (filter.state && instance.state !== filter.state) return false;
    if (!needle) return true;
    return [instance.name, instance.stack, `${instance.stack}@${instance.version}`, instance.activity?.workflow ?? '', instance.id].some(
      (field) => field.toLowerCase().includes(needle),
    );
  });
}

/** Instances under their environment: environments by name, instances by name within each. */
export function groupByEnvironment(instances: readonly StackInstance[]): { environment: string; instances: StackInstance[] }[] {
  const groups = new Map<string, StackInstance[]>();
  for (const instance of instances) groups.set(instance.environment, [...(groups.get(instance.environment) ?? []), instance]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([environment, members]) => ({ environment, instances: members.sort((a, b) => a.name.localeCompare(b.name)) }));
}

/** Every state some instance is in, sorted, for the state filter; the chosen one stays listed even when no instance is in it now. */
export function statesOf(instances: readonly StackInstance[], chosen = ''): string[] {
  return [...new Set([...instances.map((instance) => instance.state), ...(chosen ? [chosen] : [])])].sort();
}
