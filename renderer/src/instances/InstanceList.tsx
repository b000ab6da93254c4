import { NoMatchState } from '../ui/FilterBar';
import { Tag } from '../ui/Tag';
import type { StackInstance } from './instance-entities';
import { groupByEnvironment } from './instance-filter';
import { ActivityText, InstanceStateTags } from './InstanceStateTags';

export interface InstanceListProps {
  /** The instances the filter lets through; null while loading. */
  instances: readonly StackInstance[] | null;
  filtered: boolean;
  onOpen(id: string): void;
  onClear(): void;
}

/** Stack instances under their environment: name, stack@version, state, status and what runs now. */
export function InstanceList({ instances, filtered, onOpen, onClear }: InstanceListProps) {
  if (instances === null) return <div className="page__loading">Loading…</div>;
  if (instances.length === 0 && filtered) {
    return (
      <NoMatchState title="No instances match" testId="instances-no-match" onClear={onClear}>
        Try another environment or state, or a shorter search.
      </NoMatchState>
    );
  }
  return (
    <div className="deployed-groups" data-testid="instance-groups">
      {groupByEnvironment(instances).map((group) => (
        <section
          key={group.environment}
          className="deployed-group"
          aria-label={`Environment ${group.environment}`}
          data-testid="instance-environment"
          data-environment={group.environment}
        >
          <header className="section-header">
            <h3 className="section-header__title">
              {group.environment}
              <span className="deployed-group__count">
                {group.instances.length} {group.instances.length === 1 ? 'instance' : 'instances'}
              </span>
            </h3>
          </header>
          <div className="table-scroll">
            <table className="data-table data-table--middle">
              <caption className="visually-hidden">Stack instances in {group.environment}</caption>
              <thead>
                <tr>
                  <th scope="col">Instance</th>
                  <th scope="col">Stack</th>
                  <th scope="col">State</th>
                  <th scope="col">Activity</th>
                </tr>
              </thead>
              <tbody>
                {group.instances.map((instance) => (
                  <tr
                    key={instance.id}
                    data-testid="instance-row"
                    data-id={instance.id}
                    data-name={instance.name}
                    data-state={instance.state}
                    data-status={instance.status}
                  >
                    <th scope="row" className="data-table__name">
                      <button type="button" className="link-button" onClick={() => onOpen(instance.id)} data-testid="open-instance">
                        {instance.name}
                      </button>
                    </th>
                    <td>
                      <Tag tone="accent" mono>
                        {instance.stack}@{instance.version}
                      </Tag>
                    </td>
                    <td className="nowrap">
                      <span className="instance-tags">
                        <InstanceStateTags instance={instance} />
                      </span>
                    </td>
                    <td>
                      <ActivityText activity={instance.activity} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
