import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export interface EmptyStateProps {
  icon: IconName;
  title: string;
  children: ReactNode;
  action?: ReactNode;
  testId?: string;
  /** `h1` where the empty state is all the page shows (no document open), so the page keeps its one h1. */
  heading?: 'h1' | 'h2';
}

export function EmptyState({ icon, title, children, action, testId, heading: Heading = 'h2' }: EmptyStateProps) {
  return (
    <div className="empty-state" data-testid={testId ?? 'empty-state'}>
      <div className="empty-state__icon">
        <Icon name={icon} size={28} />
      </div>
      <Heading className="empty-state__title">{title}</Heading>
      <div className="empty-state__text">{children}</div>
      {action && <div className="empty-state__action">{action}</div>}
    </div>
  );
}
