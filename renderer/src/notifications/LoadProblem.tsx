import { EmptyState } from '../ui/EmptyState';
import { describeNotificationError } from './notification-error';

/** A list that could not be read: what went wrong (by its code) and Try again. */
export function LoadProblem({ error, what, onRetry }: { error: unknown; what: string; onRetry(): void }) {
  const problem = describeNotificationError(error);
  return (
    <EmptyState
      icon="alert"
      title={`Could not read ${what}: ${problem.title}`}
      testId="notifications-load-error"
      action={
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      }
    >
      {problem.message}
    </EmptyState>
  );
}
