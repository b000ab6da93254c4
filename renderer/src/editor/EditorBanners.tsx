import { Icon } from '../ui/Icon';
import type { DraftArea, DraftProblem } from './draft-problem';

const AREA_LABEL: Record<DraftArea, string> = {
  inputs: 'Contract › Inputs',
  outputs: 'Contract › Outputs',
  bindings: 'Resolver bindings',
  code: 'Code',
  details: 'Contract › Description',
};

/** Shown over a published version: it cannot change, and the draft is one click away. */
export function ReadOnlyBanner({ version, onEditDraft }: { version: number; onEditDraft(): void }) {
  return (
    <div className="banner banner--info" role="status" data-testid="readonly-banner">
      <Icon name="lock" size={16} />
      <div className="banner__text">
        <strong>Version {version} is published and cannot change; edit the draft.</strong> Deployments pinned to v{version} keep running
        exactly this.
      </div>
      <div className="banner__actions">
        <button type="button" className="button button--small button--primary" onClick={onEditDraft} data-testid="edit-draft">
          Edit the draft
        </button>
      </div>
    </div>
  );
}

/** A save the engine refused, with where to fix it. */
export function SaveProblemBanner({ problem, onShow, onDismiss }: { problem: DraftProblem; onShow(): void; onDismiss(): void }) {
  return (
    <div
      className="banner banner--danger"
      role="alert"
      data-testid="save-problem"
      data-area={problem.area}
      data-property={problem.property ?? undefined}
    >
      <Icon name="alert" size={16} />
      <div className="banner__text">
        <strong>Not saved.</strong> {problem.message}{' '}
        <span className="muted">
          Fix it in {AREA_LABEL[problem.area]}
          {problem.property ? ` (${problem.property})` : ''}, then save again.
        </span>
      </div>
      <div className="banner__actions">
        <button type="button" className="button button--small" onClick={onDismiss}>
          Dismiss
        </button>
        <button type="button" className="button button--small button--primary" onClick={onShow} data-testid="save-problem-show">
          Show me
        </button>
      </div>
    </div>
  );
}

/** Saving waits for edits that cannot be applied yet (a default that is not a number, JSON that does not parse). */
export function PendingEditsBanner({ messages }: { messages: string[] }) {
  return (
    <div className="banner banner--danger" role="alert" data-testid="pending-edits">
      <Icon name="alert" size={16} />
      <div className="banner__text">
        <strong>Not saved: finish these edits first.</strong>
        <ul className="banner__list">
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
