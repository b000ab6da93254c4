import { Icon } from '../../ui/Icon';

/**
 * The topology's conflict count in the toolbar; pressing it selects the next node with a conflict
 * (in reading order) so the inspector lists them. Nothing shows when there are none.
 */
export function ConflictCount({ total, onNext }: { total: number; onNext(): void }) {
  if (total === 0) return null;
  const text = total === 1 ? '1 conflict' : `${total} conflicts`;
  return (
    <button
      type="button"
      className="button button--small button--ghost"
      title={`${text} from concurrent edits: show the next node with one`}
      onClick={onNext}
      data-testid="conflict-count"
      data-count={total}
    >
      <Icon name="alert" size={14} />
      {/* The count only, to spare the toolbar; the words are there for assistive technology. */}
      <span>{total}</span>
      <span className="visually-hidden">{total === 1 ? ' conflict' : ' conflicts'}</span>
    </button>
  );
}
