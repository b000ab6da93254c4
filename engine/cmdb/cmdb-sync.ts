import { randomUUID } from 'node:crypto';
import type { CmdbItem } from '../api/schemas/deployments.js';
import type { CmdbPort } from '../store/ports/repositories.js';
import type { DeploymentRecord } from '../store/ports/deployment-records.js';

/**
 * The provider's own id of a deployed object: the first `*_id` output (as the local and Proxmox
 * components name them), else `id`, else none.
 */
export function providerIdOf(outputs: Record<string, unknown>): string | null {
  const key = Object.keys(outputs).find((name) => name.endsWith('_id')) ?? ('id' in outputs ? 'id' : undefined);
  const value = key ? outputs[key] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** Creates or refreshes the configuration item of a deployment from its outputs. */
export async function syncCmdbItem(
  repository: CmdbPort,
  record: DeploymentRecord,
  outputs: Record<string, unknown>,
  urn: string | null,
): Promise<CmdbItem> {
  const existing = await repository.activeCmdbItem(record.id);
  return repository.upsertCmdbItem({
    id: existing?.id ?? randomUUID(),
    deploymentId: record.id,
    environment: record.environment,
    name: record.label,
    semanticType: record.semanticType,
    provider: record.provider,
    providerId: providerIdOf(outputs),
    urn: urn ?? existing?.urn ?? null,
    attributes: { component: `${record.component}@${record.version}`, ...outputs },
  });
}

/** Relationships of a deployment's item from the topology: each wire and dependency into it. */
export async function syncCmdbRelationships(
  repository: CmdbPort,
  target: DeploymentRecord,
  sources: { deploymentId: string; kind: 'wire' | 'depends_on'; detail: string }[],
): Promise<void> {
  const targetItem = await repository.activeCmdbItem(target.id);
  if (!targetItem) return;
  const relations: { source: string; kind: string; detail: string }[] = [];
  for (const source of sources) {
    const item = await repository.activeCmdbItem(source.deploymentId);
    if (item) relations.push({ source: item.id, kind: source.kind, detail: source.detail });
  }
  await repository.relate(targetItem.id, relations);
}
