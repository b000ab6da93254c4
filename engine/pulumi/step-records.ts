/**
 * What each resource step of a Pulumi operation did, kept from the engine events as plain data the UI
 * can show: which properties changed, from what to what. Secrets stay hidden as '[secret]'.
 *
 * Observed with Pulumi CLI v3.259 and a dynamic provider whose `read` reports the real object:
 * - refresh and previewRefresh (our 'drift') announce every resource with a `resourcePreEvent` of op
 *   'refresh', then report the outcome in its `resOutputsEvent`: op 'same' when the object matches the
 *   state, 'update' when it was edited (old.outputs = state, new.outputs = what `read` returned), and
 *   'delete' with `new: null` when it is gone (`read` returned no id). previewRefresh reports exactly
 *   the same ops and outputs as refresh, but writes nothing.
 * - The CLI decides 'update' by diffing the real object against the resource's declared inputs, not
 *   against the recorded outputs. So after a refresh adopted an edited object into the state, every
 *   later refresh or drift check still reports it as 'update' (old and new outputs now equal) until an
 *   `up` puts the object back as the program declares it. {@link driftOf} therefore compares the
 *   declared inputs with the real outputs as well as old with new outputs.
 * - `diffs` and `detailedDiff` are empty in those events (also for updates by a dynamic provider), so
 *   {@link toStepRecord} derives `diffs` by comparing old and new outputs when the CLI gives none.
 * - A secret output arrives as `{ <secret signature>: …, ciphertext: '[secret]' }` on both sides, so a
 *   change confined to a secret is invisible here (its non-secret siblings, such as a size, still show).
 */

/** The parts of a Pulumi step event this module reads (Pulumi's `StepEventMetadata` fits it). */
export interface StepMetadataLike {
  op: string;
  urn: string;
  type: string;
  diffs?: string[] | null;
  old?: { inputs?: Record<string, unknown> | null; outputs?: Record<string, unknown> | null } | null;
  new?: { outputs?: Record<string, unknown> | null } | null;
}

/** One resource step: its operation and the resource's outputs before and after it. */
export interface StepRecord {
  urn: string;
  type: string;
  /** Pulumi's step op: create, update, delete, same, replace, … (refresh outcomes: same, update, delete). */
  op: string;
  /** Properties that changed: the CLI's own list, else the top-level outputs that differ. */
  diffs: string[];
  old: Record<string, unknown> | null;
  new: Record<string, unknown> | null;
  /** The inputs the resource was declared with before the step (`old.inputs`); null for a create. */
  inputs: Record<string, unknown> | null;
}

/** A resource whose real object no longer matches the state. */
export interface DriftEntry {
  urn: string;
  type: string;
  change: 'modified' | 'deleted';
  /**
   * For `modified`: each differing property, `expected` as the program declared it (as the state
   * recorded it, for a property that is no input) and `actual` as the real object has it. Empty for
   * `deleted`.
   */
  properties: { name: string; expected: unknown; actual: unknown }[];
}

/** Pulumi marks a secret value with this key (`sig.Secret`) and an unknown one with this string. */
const SECRET_SIGNATURE = '4dabf18193072939515e22adb298388d';
const UNKNOWN_VALUE = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
/** Dynamic resources carry their serialized provider code as an output; it is no property of the object. */
const HIDDEN_OUTPUTS = new Set(['__provider']);

/** Whether a step belongs to Pulumi's own bookkeeping (the stack root, provider instances) rather than a real object. */
export function isBookkeepingType(type: string): boolean {
  return type === 'pulumi:pulumi:Stack' || type.startsWith('pulumi:providers:');
}

/** A value from an engine event with secrets as '[secret]' and unknowns (in previews) as '[unknown]'. */
export function plainValue(value: unknown): unknown {
  if (value === UNKNOWN_VALUE) return '[unknown]';
  if (Array.isArray(value)) return value.map(plainValue);
  if (value && typeof value === 'object') {
    if (SECRET_SIGNATURE in value) return '[secret]';
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plainValue(inner)]));
  }
  return value;
}

function plainProperties(properties: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const kept = Object.entries(properties ?? {}).filter(([key]) => !HIDDEN_OUTPUTS.has(key));
  return Object.fromEntries(kept.map(([key, value]) => [key, plainValue(value)]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return false;
}

/** The top-level properties whose values differ between two output maps, sorted. */
export function changedProperties(old: Record<string, unknown>, now: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(old), ...Object.keys(now)]);
  return [...keys].filter((key) => !sameValue(old[key], now[key])).sort();
}

/** Turns one step event into its record. */
export function toStepRecord(metadata: StepMetadataLike): StepRecord {
  const old = metadata.old ? plainProperties(metadata.old.outputs) : null;
  const now = metadata.new ? plainProperties(metadata.new.outputs) : null;
  const inputs = metadata.old ? plainProperties(metadata.old.inputs) : null;
  const diffs = metadata.diffs?.length ? [...metadata.diffs] : old && now ? changedProperties(old, now) : [];
  return { urn: metadata.urn, type: metadata.type, op: metadata.op, diffs, old, new: now, inputs };
}

/**
 * Gathers {@link StepRecord}s while an operation streams its events: one per finished step
 * (`resOutputsEvent`), in the order they finish, then one per step that started (`resourcePreEvent`)
 * but never reported outputs. The stack root and provider resources are left out.
 */
export class StepCollector {
  private readonly finished: StepRecord[] = [];
  private readonly unfinished = new Map<string, StepMetadataLike>();

  /** Feeds the step metadata of a `resourcePreEvent`. */
  onStart(metadata: StepMetadataLike): void {
    if (!isBookkeepingType(metadata.type)) this.unfinished.set(metadata.urn, metadata);
  }

  /** Feeds the step metadata of a `resOutputsEvent`. */
  onFinish(metadata: StepMetadataLike): void {
    if (isBookkeepingType(metadata.type)) return;
    this.unfinished.delete(metadata.urn);
    this.finished.push(toStepRecord(metadata));
  }

  /** The steps seen so far. */
  steps(): StepRecord[] {
    return [...this.finished, ...[...this.unfinished.values()].map(toStepRecord)];
  }
}

/**
 * The drift a refresh or drift check found: every resource whose real object was edited ('update'
 * step) or removed ('delete' step). Results of other operations have no drift, so they give [].
 */
export function driftOf(result: { operation: string; steps: StepRecord[] }): DriftEntry[] {
  if (result.operation !== 'refresh' && result.operation !== 'drift') return [];
  return result.steps.flatMap((step): DriftEntry[] => {
    if (step.op === 'delete') return [{ urn: step.urn, type: step.type, change: 'deleted', properties: [] }];
    if (step.op !== 'update') return [];
    const inputs = step.inputs ?? {};
    const actual = step.new ?? {};
    const fromInputs = Object.keys(inputs).filter((name) => name in actual && !sameValue(inputs[name], actual[name]));
    const names = [...new Set([...step.diffs, ...fromInputs])].sort();
    const properties = names.map((name) => ({ name, expected: name in inputs ? inputs[name] : step.old?.[name], actual: actual[name] }));
    return [{ urn: step.urn, type: step.type, change: 'modified', properties }];
  });
}
