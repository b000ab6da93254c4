import type { ReactNode } from 'react';
import { EmptyState } from './EmptyState';
import { Icon, type IconName } from './Icon';

/** The link back from a detail view to the list it was opened from. */
export function DetailBackButton({ label, onBack, testId }: { label: string; onBack(): void; testId: string }) {
  return (
    <button type="button" className="button button--ghost button--small detail__back" onClick={onBack} data-testid={testId}>
      <Icon name="back" size={14} />
      {label}
    </button>
  );
}

export interface DetailPlaceholderProps {
  /** The detail view's test id (marked as loading). */
  testId: string;
  back: ReactNode;
  /** Still loading, or failed with nothing to show. */
  loading: boolean;
  icon: IconName;
  /** "Instance not available", shown once loading failed. */
  title: string;
  missingTestId: string;
  /** Why it is not available. */
  children: ReactNode;
}

/** What a detail view shows before its entity is read, or when it cannot be. */
export function DetailPlaceholder({ testId, back, loading, icon, title, missingTestId, children }: DetailPlaceholderProps) {
  return (
    <div className="detail" data-testid={testId} data-loading="true">
      {back}
      {loading ? (
        <div className="page__loading">Loading…</div>
      ) : (
        <EmptyState icon={icon} title={title} testId={missingTestId}>
          {children}
        </EmptyState>
      )}
    </div>
  );
}
