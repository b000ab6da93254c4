import type { ComponentSummary } from '../../api/entities';
import type { MethodOutput } from '../../../../engine/api/contract';

type StackSummary = MethodOutput<'listStacks'>[number];

/** Stack nodes reference `stack:NAME@VERSION`. */
export function parseStackRef(ref: string): { name: string; version: number } | null {
  const match = /^stack:([a-z][a-z0-9-]*)@(\d+)$/.exec(ref.trim());
  return match?.[1] && match[2] && Number(match[2]) > 0 ? { name: match[1], version: Number(match[2]) } : null;
}

/**
 * Published stacks as palette entries beside the components: named `stack:NAME` (so a node's
 * reference is `stack:NAME@VERSION`), semantic type `Stack`, in their own `stacks` category.
 */
export function stackPaletteEntries(stacks: readonly StackSummary[]): ComponentSummary[] {
  return stacks
    .filter((stack) => stack.latestVersion !== null)
    .map((stack) => ({
      id: stack.id,
      name: `stack:${stack.name}`,
      provider: stack.provider ?? 'unknown',
      semanticType: 'Stack',
      category: 'stacks',
      tenant: stack.tenant,
      system: false,
      description: stack.description,
      latestVersion: stack.latestVersion,
      draftRevision: stack.draftRevision,
    }));
}
