import type { DraftConflictView } from '../../../engine/api/contract';
import type { ConflictEntry } from '../planner/co-editing/conflict-index';
import { formatValue } from '../ui/format-value';

const LONGEST_VALUE = 160;

/** A draft field's place in words: `inputSchema › properties › size › default`. */
export function draftPathText(path: readonly string[]): string {
  return path.join(' › ');
}

function shortText(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : formatValue(value);
  return text.length > LONGEST_VALUE ? `${text.slice(0, LONGEST_VALUE - 1)}…` : text;
}

/** A draft's conflicts as the conflict list shows them: the field, every value, who set it, which one shows now. */
export function draftConflictEntries(conflicts: readonly DraftConflictView[]): ConflictEntry[] {
  return conflicts.map((conflict) => ({
    key: JSON.stringify(conflict.path),
    path: [...conflict.path],
    nodeId: null,
    title: draftPathText(conflict.path),
    hint: 'Set differently on two replicas at once; keeping a value sets it for everyone.',
    kind: 'field',
    choices: conflict.values.map((value, index) => ({
      id: value.id,
      text: shortText(value.value),
      who: value.userName?.trim() || value.userId || `another replica (${value.actor.slice(0, 8)})`,
      shown: index === 0,
    })),
  }));
}
