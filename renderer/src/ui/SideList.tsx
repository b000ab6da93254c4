import type { MethodName } from '../../../engine/api/contract';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';
import { Icon, type IconName } from './Icon';

export interface SideListItem {
  id: string;
  name: string;
  meta: string;
}

export interface SideListProps {
  title: string;
  items: SideListItem[] | null;
  activeId: string | null;
  icon: IconName;
  createLabel: string;
  emptyHint: string;
  /** Prefix of the test ids: `<prefix>-list`, `<prefix>-item`, `new-<prefix>`. */
  testIdPrefix: string;
  onOpen(id: string): void;
  onCreate(): void;
  /** The API method creating calls: the create button is disabled, with the reason, for a user who may not call it. */
  createMethod?: MethodName;
}

/** The list of documents beside an editor (topologies, components). */
export function SideList({
  title,
  items,
  activeId,
  icon,
  createLabel,
  emptyHint,
  testIdPrefix,
  onOpen,
  onCreate,
  createMethod,
}: SideListProps) {
  const createBlocked = useBlockedReason(...(createMethod ? [createMethod] : []));
  return (
    <aside className="side-list" aria-label={title}>
      <div className="side-list__header">
        <h2 className="side-list__title">{title}</h2>
        <button
          type="button"
          className="button button--small"
          onClick={onCreate}
          data-testid={`new-${testIdPrefix}`}
          {...blockedProps(createBlocked)}
        >
          <Icon name="plus" size={14} />
          <span>{createLabel}</span>
        </button>
      </div>
      {items === null ? (
        <div className="side-list__hint">Loading…</div>
      ) : items.length === 0 ? (
        <div className="side-list__hint">{emptyHint}</div>
      ) : (
        <ul className="side-list__items" data-testid={`${testIdPrefix}-list`}>
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className={`side-list__item${item.id === activeId ? ' side-list__item--active' : ''}`}
                aria-current={item.id === activeId ? 'true' : undefined}
                onClick={() => onOpen(item.id)}
                data-testid={`${testIdPrefix}-item`}
                data-id={item.id}
              >
                <Icon name={icon} size={16} />
                <span className="side-list__item-text">
                  <span className="side-list__item-name">{item.name}</span>
                  <span className="side-list__item-meta">{item.meta}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
