import type { TopologyDocument } from '../../api/schemas/topology.js';
import type { ComponentService, Viewer } from '../../components/component-service.js';
import { NimbusError } from '../../errors.js';

/** The topology an environment's mandatory components are deployed as (one per environment). */
export const MANDATORY_TOPOLOGY = 'mandatory-components';

/** What the mandatory components of an environment are, and the default parameters its template gives them. */
export interface MandatorySource {
  name: string;
  provider: string;
  mandatoryComponents: readonly string[];
  /** Mandatory component name → parameter → value (absent until templates carry defaults). */
  componentDefaults?: Record<string, Record<string, unknown>>;
}

/**
 * The topology that provisions an environment: one node per mandatory component, at the latest
 * published version of it, with the template's default parameters; everything else resolves as in
 * any deploy (schema defaults, resolvers). Refused when a component is unknown, has no published
 * version, or belongs to another provider than the environment's landing zone.
 */
export async function mandatoryTopology(
  components: Pick<ComponentService, 'versions' | 'get'>,
  viewer: Viewer,
  environment: MandatorySource,
): Promise<TopologyDocument> {
  const defaults = environment.componentDefaults ?? {};
  const nodes: TopologyDocument['nodes'] = [];
  for (const [index, name] of environment.mandatoryComponents.entries()) {
    const versions = await components.versions(viewer, name);
    const latest = versions.at(-1);
    if (!latest)
      throw new NimbusError(
        'mandatory_component_unpublished',
        `Mandatory component ${name} of environment ${environment.name} has no published version; publish it, then retry`,
        { component: name },
      );
    const detail = await components.get(viewer, name);
    if (detail.provider !== environment.provider)
      throw new NimbusError(
        'mandatory_component_provider',
        `Mandatory component ${name} is for provider ${detail.provider}, but environment ${environment.name} is on ${environment.provider}`,
        { component: name, provider: detail.provider },
      );
    nodes.push({
      id: name,
      label: name,
      component: `${name}@${latest.version}`,
      position: { x: 240 * index, y: 0 },
      params: { ...(defaults[name] ?? {}) },
    });
  }
  return { schemaVersion: 1, nodes, wires: [] };
}
