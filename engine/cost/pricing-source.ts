import { readdirSync } from 'node:fs';
import path from 'node:path';
import { PricingSnapshotSchema, type PricingSnapshot } from '../api/schemas/cost.js';
import { readUserFile } from '../files/read-user-file.js';
import { parsePricingSnapshot } from './cost-files.js';

/** The pricing snapshot files shipped with the app: `resources/pricing/pricing-YYYY-MM-DD.json`. */
const BUILT_IN = /^pricing-\d{4}-\d{2}-\d{2}\.(json|ya?ml)$/;

/**
 * Loads the newest pricing snapshot shipped in `directory` (by the date in its name, checked against
 * the date inside). A build without one is broken, so this throws rather than estimate from nothing.
 */
export function loadBuiltInPricing(directory: string): PricingSnapshot {
  const files = readdirSync(directory)
    .filter((name) => BUILT_IN.test(name))
    .sort();
  const newest = files.at(-1);
  if (!newest) throw new Error(`No pricing snapshot (pricing-YYYY-MM-DD.json) in ${directory}`);
  const file = path.join(directory, newest);
  const snapshot = parsePricingSnapshot(readUserFile(file), file);
  if (!newest.includes(snapshot.date)) throw new Error(`${file} is dated ${snapshot.date} inside: the name and the date must agree`);
  return snapshot;
}

/** A stored snapshot document checked again on the way out (a newer build may have changed the schema). */
export function storedPricing(document: unknown): PricingSnapshot | undefined {
  const result = PricingSnapshotSchema.safeParse(document);
  return result.success ? result.data : undefined;
}
