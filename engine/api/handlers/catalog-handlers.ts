import type { Services } from '../../services.js';
import type { Handlers } from '../dispatcher.js';
import { setGovernancePolicyAudited } from '../../governance/audited-governance.js';

type CatalogHandlers = Pick<
  Handlers,
  | 'getSemanticCatalog'
  | 'listComponents'
  | 'getComponent'
  | 'createComponent'
  | 'updateComponentDraft'
  | 'publishComponent'
  | 'getComponentVersion'
  | 'diffComponentVersions'
  | 'getGovernancePolicy'
  | 'setGovernancePolicy'
>;

/** API methods of the semantic catalog, components and governance. */
export function catalogHandlers(services: Services): CatalogHandlers {
  const { viewer, components, semantics, governance } = services;
  return {
    getSemanticCatalog: () => ({ providers: [...semantics.providers], categories: [...semantics.categories], types: semantics.types() }),
    listComponents: (filter) => components.list(viewer, filter),
    getComponent: ({ name }) => components.get(viewer, name),
    createComponent: (input) => components.create(viewer, { ...input, content: input.content }),
    updateComponentDraft: ({ name, expectedRevision, content }) => components.saveDraft(viewer, name, expectedRevision, content),
    publishComponent: ({ name, changelog }) => components.publish(viewer, name, changelog),
    getComponentVersion: ({ name, version }) => components.version(viewer, name, version),
    diffComponentVersions: ({ name, from, to }) => components.diff(viewer, name, from, to),
    getGovernancePolicy: ({ tenant }) => governance.get(tenant ?? viewer.tenant),
    setGovernancePolicy: ({ tenant, policy }) => setGovernancePolicyAudited(services.store, tenant ?? viewer.tenant, policy),
  };
}
