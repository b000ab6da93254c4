import { NimbusError, NotFoundError } from '../errors.js';
import type { ComponentDefinition, ComponentLookup } from '../planning/component-definition.js';
import { parseComponentRef, type ComponentService, type Viewer } from './component-service.js';

type Loaded = { definition: ComponentDefinition } | { error: NimbusError };

/**
 * Fetches every component version of `refs` from the catalog and returns a synchronous lookup over
 * that snapshot, for the pure planner. `components` is the catalog, or what a desktop kept of the
 * server's catalog to plan offline. A ref that is unknown (or malformed) fails on lookup with the
 * error the catalog gave; a ref the snapshot was not asked to load fails as an unknown component.
 */
export async function loadComponentLookup(
  components: Pick<ComponentService, 'lookup'>,
  viewer: Viewer,
  refs: Iterable<string>,
): Promise<ComponentLookup> {
  const loaded = new Map<string, Loaded>();
  for (const ref of new Set(refs)) {
    try {
      loaded.set(ref, { definition: await components.lookup(viewer, ref) });
    } catch (error) {
      if (!(error instanceof NimbusError)) throw error;
      loaded.set(ref, { error });
    }
  }
  return (ref) => {
    const entry = loaded.get(ref);
    if (!entry) throw new NotFoundError('Component', parseComponentRef(ref).name);
    if ('error' in entry) throw entry.error;
    return entry.definition;
  };
}
