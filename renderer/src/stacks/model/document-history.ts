/**
 * Undo and redo over whole documents. Documents are small plain values, so keeping snapshots is
 * simpler and safer than inverse operations; typing into one field within a moment is merged into
 * one step (`key`), so Ctrl+Z undoes a word, not a letter.
 */
export interface DocumentHistory<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
  /** The merge key and time of the newest step, for merging keystrokes into it. */
  readonly lastKey: string | null;
  readonly lastAt: number;
}

/** How many steps back can be undone. */
export const HISTORY_LIMIT = 200;
/** Edits of the same field closer together than this become one step. */
export const MERGE_WINDOW_MS = 1000;

export function createHistory<T>(present: T): DocumentHistory<T> {
  return { past: [], present, future: [], lastKey: null, lastAt: 0 };
}

/**
 * Records `next` as a new step (or merges it into the newest one when `key` matches within the window).
 * `mergeWithin` widens the window for keys that end on their own (a rename from focus to blur).
 */
export function commitStep<T>(
  history: DocumentHistory<T>,
  next: T,
  options: { key?: string; now?: number; mergeWithin?: number } = {},
): DocumentHistory<T> {
  if (Object.is(next, history.present)) return history;
  const now = options.now ?? Date.now();
  const key = options.key ?? null;
  const merge =
    key !== null && key === history.lastKey && now - history.lastAt < (options.mergeWithin ?? MERGE_WINDOW_MS) && history.past.length > 0;
  const past = merge ? history.past : [...history.past, history.present].slice(-HISTORY_LIMIT);
  return { past, present: next, future: [], lastKey: key, lastAt: now };
}

export function undoStep<T>(history: DocumentHistory<T>): DocumentHistory<T> {
  const previous = history.past[history.past.length - 1];
  if (history.past.length === 0) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous as T,
    future: [history.present, ...history.future],
    lastKey: null,
    lastAt: 0,
  };
}

export function redoStep<T>(history: DocumentHistory<T>): DocumentHistory<T> {
  if (history.future.length === 0) return history;
  const [next, ...rest] = history.future;
  return { past: [...history.past, history.present], present: next as T, future: rest, lastKey: null, lastAt: 0 };
}

export const canUndo = (history: DocumentHistory<unknown>): boolean => history.past.length > 0;
export const canRedo = (history: DocumentHistory<unknown>): boolean => history.future.length > 0;
