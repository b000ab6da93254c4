import { useState } from 'react';
import { Icon } from '../ui/Icon';
import { describeIssuePath, type StackIssue } from './model/issue-paths';

export interface ProblemsPanelProps {
  /** What the engine finds wrong with the saved draft; publishing waits until it is empty. */
  issues: readonly StackIssue[];
  /** Why the latest edits could not be saved at all, if so (they are kept here). */
  rejected: readonly StackIssue[];
  onShow(issue: StackIssue): void;
}

/** Every problem of the draft in one list; a click takes you to the field it names. */
export function ProblemsPanel({ issues, rejected, onShow }: ProblemsPanelProps) {
  const [collapsed, setCollapsed] = useState(false);
  const total = issues.length + rejected.length;
  const row = (issue: StackIssue, kind: 'draft' | 'unsaved') => (
    <li key={`${kind}:${issue.path}:${issue.message}`}>
      <button
        type="button"
        className="stack-problem"
        onClick={() => onShow(issue)}
        data-testid="stack-problem"
        data-path={issue.path}
        data-kind={kind}
      >
        <Icon name="alert" size={14} />
        <span className="stack-problem__where">{describeIssuePath(issue.path)}</span>
        <span className="stack-problem__message">{issue.message}</span>
      </button>
    </li>
  );
  return (
    <section
      className={`stack-problems${total === 0 ? ' stack-problems--clean' : ''}`}
      data-testid="stack-problems"
      data-count={total}
      aria-label="Problems"
    >
      <button type="button" className="stack-problems__header" onClick={() => setCollapsed(!collapsed)} aria-expanded={!collapsed}>
        <Icon name={total === 0 ? 'check' : 'alert'} size={14} />
        <span>
          {total === 0
            ? 'No problems: the draft can be published.'
            : `${total} problem${total === 1 ? '' : 's'}${rejected.length > 0 ? ` (${rejected.length} keep the latest edits from saving)` : ''}`}
        </span>
      </button>
      {!collapsed && total > 0 && (
        <ul className="stack-problems__list">
          {rejected.map((issue) => row(issue, 'unsaved'))}
          {issues.map((issue) => row(issue, 'draft'))}
        </ul>
      )}
    </section>
  );
}
