import { useState } from 'react';
import type { StackSummary } from '../../../../engine/api/schemas/stacks';
import { Icon } from '../../ui/Icon';
import { SearchField } from '../../ui/FilterBar';
import { filterStacks, stackMeta } from '../model/stack-list';
import { blockedProps } from '../../permissions/blocked-props';
import { useBlockedReason } from '../../permissions/PermissionProvider';

export interface StackListProps {
  stacks: StackSummary[] | null;
  openName: string | null;
  onOpen(name: string): void;
  onCreate(): void;
}

/** The stacks this tenant sees (its own and shared ones), searchable, with version and lineage. */
export function StackList({ stacks, openName, onOpen, onCreate }: StackListProps) {
  const [search, setSearch] = useState('');
  const createBlocked = useBlockedReason('createStack');
  const shown = stacks ? filterStacks(stacks, search) : null;
  return (
    <aside className="side-list stack-list" aria-label="Stacks">
      <div className="side-list__header">
        <h2 className="side-list__title">Stacks</h2>
        <button type="button" className="button button--small" onClick={onCreate} data-testid="new-stack" {...blockedProps(createBlocked)}>
          <Icon name="plus" size={14} />
          <span>New stack</span>
        </button>
      </div>
      <div className="stack-list__search">
        <SearchField
          label="Search stacks"
          placeholder="Search stacks"
          value={search}
          onChange={setSearch}
          testId="stack-search"
          iconSize={14}
        />
      </div>
      {shown === null ? (
        <div className="side-list__hint">Loading…</div>
      ) : shown.length === 0 ? (
        <div className="side-list__hint">{stacks && stacks.length > 0 ? `No stack matches “${search}”.` : 'None yet.'}</div>
      ) : (
        <ul className="side-list__items" data-testid="stack-list">
          {shown.map((stack) => (
            <li key={`${stack.tenant ?? ''}/${stack.name}`}>
              <button
                type="button"
                className={`side-list__item${stack.name === openName ? ' side-list__item--active' : ''}`}
                aria-current={stack.name === openName ? 'true' : undefined}
                onClick={() => onOpen(stack.name)}
                data-testid="stack-item"
                data-id={stack.name}
                title={stack.description || stack.name}
              >
                <Icon name="stacks" size={16} />
                <span className="side-list__item-text">
                  <span className="side-list__item-name">{stack.name}</span>
                  <span className="side-list__item-meta" data-testid="stack-item-meta">
                    {stackMeta(stack)}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
