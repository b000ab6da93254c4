import { loadComponentLookup } from '../components/component-snapshot.js';
import type { ComponentService, Viewer } from '../components/component-service.js';
import { NimbusError, NotFoundError } from '../errors.js';
import type { ComponentLookup } from '../planning/component-definition.js';
import type { CheckedStack } from './stack-document-check.js';
import { parseStackRef, withStacks, type StackVersionLookup } from './stack-nodes.js';
import type { StackService } from './stack-service.js';
import type { StackDocument } from '../api/schemas/stacks.js';

/**
 * What planning a topology needs of the catalog, loaded before it starts: the pure planner looks
 * components (`name@version`) and stacks (`stack:name@version`) up synchronously.
 */
export interface CatalogSnapshot {
  /** Components by reference and stacks placed as nodes by `stack:name@version`. */
  readonly lookup: ComponentLookup;
  /** The checked published stack versions the snapshot holds (to expand stack nodes). */
  readonly stackVersion: StackVersionLookup;
}

/** What references components: a topology document's nodes, or the references themselves. */
export type CatalogReferences = { readonly nodes: readonly { readonly component: string }[] } | readonly string[];

type LoadedStack = { document: StackDocument; checked: CheckedStack } | { error: NimbusError };

/**
 * Loads every component and stack version `references` names (and the components of those stacks'
 * slots, which an expanded stack deploys) into a snapshot. A reference the catalog does not know fails
 * on lookup with the catalog's error; one the snapshot was not asked to load fails as an unknown
 * component (or stack).
 */
export async function loadCatalogSnapshot(
  services: { components: Pick<ComponentService, 'lookup'>; stacks: Pick<StackService, 'checkedVersion'>; viewer: Viewer },
  references: CatalogReferences,
): Promise<CatalogSnapshot> {
  const refs = new Set(
    Array.isArray(references) ? references : (references as { nodes: { component: string }[] }).nodes.map((node) => node.component),
  );
  const stacks = new Map<string, LoadedStack>();
  const componentRefs = new Set<string>();
  for (const ref of refs) {
    if (!ref.startsWith('stack:')) {
      componentRefs.add(ref);
      continue;
    }
    const parsed = parseStackRef(ref);
    // A malformed stack reference is refused by the lookup itself (withStacks).
    if (parsed) {
      try {
        const loaded = await services.stacks.checkedVersion(services.viewer, parsed.name, parsed.version);
        stacks.set(ref, loaded);
        for (const slot of loaded.document.slots) componentRefs.add(slot.component);
      } catch (error) {
        if (!(error instanceof NimbusError)) throw error;
        stacks.set(ref, { error });
      }
    }
  }
  const components = await loadComponentLookup(services.components, services.viewer, componentRefs);
  const stackVersion: StackVersionLookup = (name, version) => {
    const entry = stacks.get(`stack:${name}@${version}`);
    if (!entry) throw new NotFoundError('Stack', name);
    if ('error' in entry) throw entry.error;
    return entry;
  };
  return { lookup: withStacks(components, stackVersion), stackVersion };
}
