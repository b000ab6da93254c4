import { useCallback } from 'react';
import { useApi } from '../api/ApiProvider';
import type { SemanticCatalog } from '../api/entities';
import { useApiResource } from '../api/use-api-resource';

/** Providers, categories and semantic types: fixed for the engine's lifetime, so loaded once per screen. */
export function useSemanticCatalog(): SemanticCatalog | null {
  const api = useApi();
  const load = useCallback(() => api.getSemanticCatalog({}), [api]);
  return useApiResource(load, 'Could not load the semantic catalog').value;
}

/** The category's display name ("Compute" for `compute`), or the id when the catalog does not know it. */
export function categoryName(catalog: SemanticCatalog | null, id: string): string {
  return catalog?.categories.find((category) => category.id === id)?.name ?? id;
}

/** What the provider calls a semantic type ("QEMU VM" for VirtualMachine on proxmox), if known. */
export function providerTypeName(catalog: SemanticCatalog | null, semanticType: string, provider: string): string | null {
  return catalog?.types.find((type) => type.id === semanticType)?.providers[provider] ?? null;
}
