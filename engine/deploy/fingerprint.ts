import { createHash } from 'node:crypto';
import { canonicalJson } from '../files/canonical-json.js';
import type { ResolvedValue } from '../planning/resolved-value.js';

/**
 * What a deployment was deployed with, as one hash: the component version and every concrete value
 * (not where it came from). Equal fingerprints mean an `up` would have nothing to do.
 */
export function deploymentFingerprint(component: string, version: number, values: Record<string, ResolvedValue>): string {
  const plain = Object.fromEntries(Object.entries(values).map(([key, resolved]) => [key, resolved.value ?? null]));
  return createHash('sha256')
    .update(canonicalJson({ component, version, values: plain }))
    .digest('hex');
}

/** Parameters whose value differs between two snapshots, for a plan's "what changes". */
export function changedValues(
  before: Record<string, ResolvedValue>,
  after: Record<string, ResolvedValue>,
): { name: string; from: unknown; to: unknown }[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names
    .filter((name) => canonicalJson(before[name]?.value ?? null) !== canonicalJson(after[name]?.value ?? null))
    .map((name) => ({ name, from: before[name]?.value ?? null, to: after[name]?.value ?? null }));
}
