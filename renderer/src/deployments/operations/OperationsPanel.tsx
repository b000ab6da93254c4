import { OperationCard } from './OperationCard';
import type { Operations } from './use-operations';

/** Jobs started from this page, newest first, each with live progress until dismissed. */
export function OperationsPanel({ operations }: { operations: Operations }) {
  if (operations.list.length === 0) return null;
  return (
    <section className="operations" aria-label="Running and recent jobs" data-testid="operations">
      {operations.list.map((operation) => (
        <OperationCard key={operation.id} operation={operation} onDismiss={() => operations.dismiss(operation.id)} />
      ))}
    </section>
  );
}
