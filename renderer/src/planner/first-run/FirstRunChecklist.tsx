import { Icon } from '../../ui/Icon';
import type { ChecklistItem, ChecklistItemId } from './first-run-checklist';
import './first-run.css';

export interface FirstRunChecklistProps {
  items: readonly ChecklistItem[];
  environment: string | null;
  /** Does the step, where one button can: open the palette search, the plan, the deploy wizard. */
  onDo(id: ChecklistItemId): void;
  onClose(): void;
}

/** A small card over the canvas that walks a new user from an empty topology to a deployed one. */
export function FirstRunChecklist({ items, environment, onDo, onClose }: FirstRunChecklistProps) {
  const doneCount = items.filter((item) => item.done).length;
  const next = items.find((item) => !item.done);
  return (
    <section className="first-run" aria-labelledby="first-run-title" data-testid="first-run-checklist" data-done={doneCount}>
      <header className="first-run__header">
        <h2 id="first-run-title" className="first-run__title">
          First deploy{environment ? ` to ${environment}` : ''}
        </h2>
        <span className="first-run__count" aria-label={`${doneCount} of ${items.length} done`}>
          {doneCount}/{items.length}
        </span>
        <button
          type="button"
          className="button button--icon button--ghost"
          aria-label="Close the checklist"
          title="Close the checklist"
          onClick={onClose}
          data-testid="first-run-close"
        >
          <Icon name="close" size={14} />
        </button>
      </header>
      <ol className="first-run__items">
        {items.map((item) => (
          <li
            key={item.id}
            className={`first-run__item${item.done ? ' first-run__item--done' : ''}`}
            data-testid="first-run-item"
            data-item={item.id}
            data-done={item.done ? 'true' : 'false'}
          >
            <span className="first-run__mark" aria-hidden="true">
              {item.done ? <Icon name="check" size={12} /> : null}
            </span>
            <span className="first-run__text">
              <span className="first-run__label">
                {item.label}
                <span className="visually-hidden">{item.done ? ' (done)' : ' (to do)'}</span>
              </span>
              {!item.done && item === next ? (
                <button type="button" className="link-button first-run__hint" onClick={() => onDo(item.id)} data-testid="first-run-do">
                  {item.hint}
                </button>
              ) : (
                !item.done && <span className="first-run__hint muted">{item.hint}</span>
              )}
            </span>
          </li>
        ))}
      </ol>
      {!next && (
        <p className="first-run__done" role="status" data-testid="first-run-complete">
          Deployed. The Deployments page shows what runs; when you are done, Destroy deployed topology… in the command palette
          (Ctrl+Shift+P) takes it away.
        </p>
      )}
    </section>
  );
}
