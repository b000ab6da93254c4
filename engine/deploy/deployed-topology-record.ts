import type { TopologyDocument } from '../api/schemas/topology.js';
import type { TopologyPort } from '../store/ports/repositories.js';
import { canonicalJson } from '../files/canonical-json.js';

/**
 * Keeps the planner in step with a topology deployed from a file (`nimbus deploy FILE`): deployments
 * are found by topology name, so the saved topology of that name (the most recently changed one) gets
 * the deployed document as a new revision, or one is created. The planner then lists it and shows its
 * deployed state. Unsaved planner edits of it stay as a draft to restore; nothing is overwritten
 * when the document is already the saved one.
 */
export async function recordDeployedTopology(
  topologies: TopologyPort,
  name: string,
  document: TopologyDocument,
): Promise<{ id: string; action: 'created' | 'updated' | 'unchanged' }> {
  const saved = (await topologies.list()).find((topology) => topology.name === name);
  if (!saved) return { id: (await topologies.create(name, document)).id, action: 'created' };
  const current = await topologies.get(saved.id);
  if (canonicalJson(current.document) === canonicalJson(document)) return { id: saved.id, action: 'unchanged' };
  await topologies.save(saved.id, current.revision, document, undefined, { keepDraft: true });
  return { id: saved.id, action: 'updated' };
}
