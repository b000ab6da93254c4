import { Icon } from '../ui/Icon';
import { Tag } from '../ui/Tag';
import { requiredStatesHint, type OperationView } from './operation-view';
import { blockedProps } from '../permissions/blocked-props';
import { useBlockedReason } from '../permissions/PermissionProvider';

export interface OperationsListProps {
  operations: readonly OperationView[];
  /** The instance is running a workflow; nothing else may start. */
  busy: boolean;
  onRun(name: string): void;
}

/**
 * The stack's day-2 operations: what each does and where it may run. Run is enabled only when the
 * engine says the operation is allowed now; a disabled one says in which states it can run.
 */
export function OperationsList({ operations, busy, onRun }: OperationsListProps) {
  const runBlocked = useBlockedReason('runStackOperation');
  if (operations.length === 0) return <p className="muted">This stack defines no day-2 operations.</p>;
  return (
    <ul className="instance-operations" data-testid="instance-operations">
      {operations.map((operation) => {
        const hint = operation.allowed
          ? null
          : busy
            ? 'Wait for the running workflow to finish'
            : requiredStatesHint(operation.requiredStates);
        return (
          <li
            key={operation.name}
            className="instance-operation"
            data-testid="instance-operation"
            data-name={operation.name}
            data-allowed={operation.allowed ? 'true' : 'false'}
          >
            <div className="instance-operation__text">
              <span className="instance-operation__name mono">{operation.name}</span>
              {operation.description && <span className="muted">{operation.description}</span>}
              <span className="instance-tags" aria-label="Required states">
                {operation.requiredStates.map((state) => (
                  <Tag key={state} mono>
                    {state}
                  </Tag>
                ))}
              </span>
            </div>
            <div className="instance-operation__action">
              <button
                type="button"
                className="button button--small"
                onClick={() => onRun(operation.name)}
                aria-describedby={hint ? `operation-hint-${operation.name}` : undefined}
                data-testid="run-operation"
                {...blockedProps(runBlocked, { disabled: !operation.allowed })}
              >
                <Icon name="rocket" size={14} />
                Run…
              </button>
              {hint && (
                <span className="field__hint" id={`operation-hint-${operation.name}`} data-testid="run-operation-hint">
                  {hint}
                </span>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
