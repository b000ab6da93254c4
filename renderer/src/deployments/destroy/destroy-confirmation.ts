import type { Deployment } from '../../api/entities';

/** One thing a destroy takes away, as its confirmation lists it. */
export interface DestroyItem {
  id: string;
  /** The name people know it by: the node's label, or the stack slot. */
  name: string;
  /** Its semantic type, e.g. VirtualMachine. */
  type: string;
  /** The component and version it runs, e.g. local-vm@1. */
  component: string;
}

/** Destroying more than this many resources asks for the name of what goes to be typed. */
export const TYPED_CONFIRMATION_ABOVE = 1;

/**
 * Whether the confirmation asks for a typed name: when more than one resource goes, and also while
 * the list is unknown (loading or failed to load), since it could be many.
 */
export const requiresTypedName = (items: readonly DestroyItem[] | null): boolean =>
  items === null || items.length > TYPED_CONFIRMATION_ABOVE;

/** A deploy that destroys several components (removed from the topology) asks for the topology's name, like a destroy. */
export const deployNeedsTypedName = (counts: { delete: number }): boolean => counts.delete > TYPED_CONFIRMATION_ABOVE;

/** The typed text names what goes: exactly, ignoring spaces around it. */
export const typedNameMatches = (typed: string, name: string): boolean => typed.trim() === name;

/** What a destroy of these deployments takes away, in a stable order (by name), destroyed ones left out. */
export function destroyItems(deployments: readonly Deployment[]): DestroyItem[] {
  return deployments
    .filter((deployment) => deployment.status !== 'destroyed')
    .map((deployment) => ({
      id: deployment.id,
      name: deployment.label,
      type: deployment.semanticType,
      component: `${deployment.component}@${deployment.version}`,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
