import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, commitStep, createHistory, HISTORY_LIMIT, MERGE_WINDOW_MS, redoStep, undoStep } from './document-history';

describe('document history', () => {
  it('undoes and redoes whole documents, and a new edit drops what could be redone', () => {
    let history = createHistory({ n: 0 });
    history = commitStep(history, { n: 1 });
    history = commitStep(history, { n: 2 });
    expect(canUndo(history)).toBe(true);
    history = undoStep(history);
    expect(history.present).toEqual({ n: 1 });
    expect(canRedo(history)).toBe(true);
    history = redoStep(history);
    expect(history.present).toEqual({ n: 2 });
    history = undoStep(undoStep(history));
    expect(history.present).toEqual({ n: 0 });
    expect(canUndo(history)).toBe(false);
    expect(undoStep(history)).toBe(history);
    history = commitStep(redoStep(history), { n: 9 });
    expect(canRedo(history)).toBe(false);
    expect(history.past).toEqual([{ n: 0 }, { n: 1 }]);
  });

  it('merges quick edits of one field into one step, but not edits of another field or after a pause', () => {
    let history = createHistory('');
    history = commitStep(history, 'a', { key: 'name', now: 1000 });
    history = commitStep(history, 'ab', { key: 'name', now: 1200 });
    history = commitStep(history, 'abc', { key: 'name', now: 1400 });
    expect(history.past).toEqual(['']);
    history = commitStep(history, 'abc!', { key: 'other', now: 1500 });
    expect(history.past).toEqual(['', 'abc']);
    history = commitStep(history, 'abc!?', { key: 'other', now: 1500 + MERGE_WINDOW_MS });
    expect(history.past).toEqual(['', 'abc', 'abc!']);
    // An undo ends the merge: the next keystroke is a step of its own.
    history = undoStep(history);
    history = commitStep(history, 'abc!x', { key: 'other', now: 1500 + MERGE_WINDOW_MS + 10 });
    expect(history.past).toEqual(['', 'abc', 'abc!']);
  });

  it('merges edits of a key however far apart within a wider window (a rename from focus to blur)', () => {
    let history = createHistory('cores');
    history = commitStep(history, 'cores_', { key: 'rename', now: 1000, mergeWithin: Number.POSITIVE_INFINITY });
    history = commitStep(history, 'cores_m', { key: 'rename', now: 1000 + 10 * MERGE_WINDOW_MS, mergeWithin: Number.POSITIVE_INFINITY });
    expect(history.past).toEqual(['cores']);
    // Without the wider window, the same pause starts a new step.
    history = commitStep(history, 'cores_ma', { key: 'rename', now: 1000 + 20 * MERGE_WINDOW_MS });
    expect(history.past).toEqual(['cores', 'cores_m']);
  });

  it('ignores an edit that changes nothing and keeps at most the limit of steps', () => {
    const start = createHistory(0);
    expect(commitStep(start, 0)).toBe(start);
    let history = start;
    for (let n = 1; n <= HISTORY_LIMIT + 20; n += 1) history = commitStep(history, n);
    expect(history.past).toHaveLength(HISTORY_LIMIT);
    expect(history.past[0]).toBe(20);
  });
});
