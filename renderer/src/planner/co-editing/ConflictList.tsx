import type { ConflictChoice, ConflictEntry } from './conflict-index';

export interface ConflictListProps {
  entries: readonly ConflictEntry[];
  /** The key of the conflict being resolved, while its request runs. */
  resolving: string | null;
  /** Why the user may not resolve (they may not change the topology), or null. */
  blocked: string | null;
  onKeep(entry: ConflictEntry, choice: ConflictChoice): void;
  /** Says where the conflicts are when they are not a node's (frames, wires no longer there). */
  where?: string;
  testId?: string;
}

/**
 * A node's conflicts in the inspector: what concurrent edits set differently, every value with who
 * made it, and "Keep this" per value. Keeping a value is an ordinary change, sent to every replica;
 * it is taken back by editing the field again. Nothing shows when the node has no conflict.
 */
export function ConflictList({ entries, resolving, blocked, onKeep, where, testId = 'inspector-conflicts' }: ConflictListProps) {
  if (entries.length === 0) return null;
  return (
    <section className="conflict-list" aria-label="Conflicts" data-testid={testId}>
      <h3 className="conflict-list__title">
        {entries.length === 1 ? '1 conflict' : `${entries.length} conflicts`} from concurrent edits{where ? ` ${where}` : ''}
      </h3>
      {entries.map((entry) => (
        <div key={entry.key} className="conflict-list__entry" data-testid="inspector-conflict" data-path={entry.key}>
          <h4>{entry.title}</h4>
          <p className="conflict-list__hint">{entry.hint}</p>
          <ul className="conflict-list__choices">
            {entry.choices.map((choice) => (
              <li key={choice.id} className="conflict-list__choice" data-testid="conflict-choice">
                <span className="conflict-list__value mono" title={choice.text} data-testid="conflict-value">
                  {choice.text}
                </span>
                <span className="conflict-list__who" title={choice.who} data-testid="conflict-who">
                  {choice.who}
                  {choice.shown ? ' · shown now' : ''}
                </span>
                <button
                  type="button"
                  className="button button--small"
                  disabled={resolving !== null || blocked !== null}
                  title={blocked ?? `Keep ${choice.text} (by ${choice.who}) for everyone`}
                  aria-label={`Keep this: ${choice.text}, by ${choice.who}`}
                  aria-busy={resolving === entry.key}
                  onClick={() => onKeep(entry, choice)}
                  data-testid="conflict-keep"
                >
                  Keep this
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
