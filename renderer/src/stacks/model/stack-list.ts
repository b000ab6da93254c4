import type { StackSummary } from '../../../../engine/api/schemas/stacks';
import { STACK_NAME_PATTERN } from '../../../../engine/common/identifiers';

/** Stacks whose name, description or origin contain every word of the search. */
export function filterStacks(stacks: readonly StackSummary[], search: string): StackSummary[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...stacks];
  return stacks.filter((stack) => {
    const text =
      `${stack.name} ${stack.description} ${stack.forkedFrom ? `${stack.forkedFrom.stack}@${stack.forkedFrom.version}` : ''} ${stack.tenant ?? 'shared'}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** The second line of a list entry: latest version, where it was forked from, who sees it. */
export function stackMeta(stack: StackSummary): string {
  const version = stack.latestVersion === null ? 'draft only' : `v${stack.latestVersion}`;
  const lineage = stack.forkedFrom ? ` · fork of ${stack.forkedFrom.stack}@${stack.forkedFrom.version}` : '';
  const scope = stack.tenant === null ? ' · shared' : ` · ${stack.tenant}`;
  return `${version}${lineage}${scope}`;
}

/** Names the engine accepts for a stack (it is also the address of the stack). */
export function stackNameProblem(name: string, taken: readonly string[]): string | null {
  if (name.trim() === '') return 'Enter a name.';
  if (!STACK_NAME_PATTERN.test(name)) return 'Use lowercase letters, digits and -, starting with a letter (at most 63).';
  if (taken.includes(name)) return `There is already a stack named ${name}.`;
  return null;
}
