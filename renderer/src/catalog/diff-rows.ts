import type { ComponentDiff } from '../api/entities';

/** One line of a code diff as shown, or a fold standing for unchanged lines. */
export type DiffRow =
  { kind: 'equal' | 'add' | 'remove'; text: string; oldLine: number | null; newLine: number | null } | { kind: 'fold'; count: number };

/**
 * Lays the engine's diff runs out as lines with old and new line numbers, keeping `context` unchanged
 * lines around each change and folding the rest, as `git diff` does.
 */
export function diffRows(runs: ComponentDiff['code'], context = 3): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldLine = 1;
  let newLine = 1;
  runs.forEach((run, index) => {
    if (run.op === 'remove' || run.op === 'add') {
      for (const text of run.lines) {
        rows.push(
          run.op === 'remove'
            ? { kind: 'remove', text, oldLine: oldLine++, newLine: null }
            : { kind: 'add', text, oldLine: null, newLine: newLine++ },
        );
      }
      return;
    }
    const first = index === 0;
    const last = index === runs.length - 1;
    const keepHead = first ? 0 : context;
    const keepTail = last ? 0 : context;
    const lines = run.lines;
    const equal = (text: string) => ({ kind: 'equal' as const, text, oldLine: oldLine++, newLine: newLine++ });
    if (lines.length <= keepHead + keepTail + 1 || runs.length === 1) {
      // A fold of a single line hides nothing worth hiding; a diff with no changes shows the whole file.
      for (const text of lines) rows.push(equal(text));
      return;
    }
    for (const text of lines.slice(0, keepHead)) rows.push(equal(text));
    const folded = lines.length - keepHead - keepTail;
    rows.push({ kind: 'fold', count: folded });
    oldLine += folded;
    newLine += folded;
    for (const text of lines.slice(lines.length - keepTail)) rows.push(equal(text));
  });
  // Both sides ending in a newline leave an empty last line, which is not a line anyone wrote.
  const last = rows[rows.length - 1];
  if (last?.kind === 'equal' && last.text === '') rows.pop();
  return rows;
}

/** True when the code runs contain no change at all. */
export const codeUnchanged = (runs: ComponentDiff['code']): boolean => runs.every((run) => run.op === 'equal');
