import type { StackDocument } from '../../../../engine/api/schemas/stacks';
import { Icon } from '../../ui/Icon';
import type { StackIssue } from '../model/issue-paths';
import { newOperation, updateOperation } from '../model/stack-edits';
import { OperationCard } from './OperationCard';
import { RoutingTable } from './RoutingTable';

export interface LifecyclePaneProps {
  document: StackDocument;
  issues: readonly StackIssue[];
  readOnly: boolean;
  edit(update: (document: StackDocument) => StackDocument, key?: string): void;
}

/** The Lifecycle & day-2 tab: named operations (allowed only in some states) and event routing rules. */
export function LifecyclePane({ document, issues, readOnly, edit }: LifecyclePaneProps) {
  return (
    <div className="stack-pane__content">
      <p className="field__hint">
        Deploy, destroy and upgrade are the lifecycle workflows every stack has; transitions run them. Day-2 operations are run by people on
        an instance, only in the states they allow, and can be a transition’s workflow too.
      </p>
      <section className="stack-section" data-testid="stack-operations">
        <div className="section-header">
          <h3>Day-2 operations</h3>
          <div className="toolbar__spacer" />
          {!readOnly && (
            <button
              type="button"
              className="button button--small"
              onClick={() => edit((current) => ({ ...current, operations: [...current.operations, newOperation(current)] }))}
              data-testid="add-operation"
            >
              <Icon name="plus" size={14} />
              <span>Add operation</span>
            </button>
          )}
        </div>
        {document.operations.length === 0 && <p className="muted">No operations yet, e.g. heal: refresh, then redeploy what is missing.</p>}
        {document.operations.map((operation, index) => (
          <OperationCard
            key={index}
            document={document}
            index={index}
            issues={issues}
            readOnly={readOnly}
            onChange={(patch, key) => edit((current) => updateOperation(current, index, patch), key)}
            onRename={(name) =>
              edit((current) => ({
                ...updateOperation(current, index, { name }),
                // Transitions that run it follow the new name.
                stateMachine: {
                  ...current.stateMachine,
                  transitions: current.stateMachine.transitions.map((transition) =>
                    transition.workflow === operation.name ? { ...transition, workflow: name } : transition,
                  ),
                },
              }))
            }
            onRemove={() => edit((current) => ({ ...current, operations: current.operations.filter((_, at) => at !== index) }))}
          />
        ))}
      </section>
      <RoutingTable document={document} issues={issues} readOnly={readOnly} edit={edit} />
    </div>
  );
}
