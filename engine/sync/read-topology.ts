import { formatPath } from '../api/validate.js';
import { TopologyDocumentSchema, type TopologyDocument } from '../api/schemas/topology.js';
import { COLLECTIONS, FIELDS, type Collection, type EntryState, type TopologyState } from './document-shape.js';
import { isPresent } from './entry-presence.js';
import { SyncDocumentError } from './sync-errors.js';
import { decodeValue, UnreadableValueError } from './value-encoding.js';

/** The topology document format this Nimbus reads and writes. */
export const TOPOLOGY_SCHEMA_VERSION = 1;

const isMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);

/** One entry read back: its fields decoded, with what readers need to order and check it. */
interface ReadEntry {
  id: string;
  order: number;
  fields: Record<string, unknown>;
}

function readEntries(state: TopologyState, collection: Collection, what: string): ReadEntry[] {
  const entries: ReadEntry[] = [];
  for (const [id, entry] of Object.entries(state[collection] as Record<string, unknown>)) {
    const where = `${collection}.${id}`;
    if (!isMap(entry) || id === '__proto__') throw new SyncDocumentError(what, `${where} is not a map`, { path: where });
    if (typeof entry.order !== 'number' || !(typeof entry.presence === 'number' || entry.presence === false)) {
      throw new SyncDocumentError(what, `${where} has no valid order and presence`, { path: where });
    }
    if (!isPresent(entry as EntryState)) continue;
    const fields: Record<string, unknown> = { id };
    try {
      for (const field of FIELDS[collection]) if (entry[field] !== undefined) fields[field] = decodeValue(entry[field]);
      if (collection === 'nodes' && entry.params !== undefined) {
        if (!isMap(entry.params)) throw new UnreadableValueError('parameters that are not a map');
        const params = Object.entries(entry.params);
        if (params.length > 0) fields.params = Object.fromEntries(params.map(([key, value]) => [key, decodeValue(value)]));
      }
    } catch (error) {
      if (!(error instanceof UnreadableValueError)) throw error;
      throw new SyncDocumentError(what, `${where} holds ${error.message}`, { path: where });
    }
    entries.push({ id, order: entry.order, fields });
  }
  return entries.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The topology document a CRDT document holds, checked by the topology schema. Merging can leave
 * what no single editor saved: a wire to a node deleted on another replica (after its delete
 * conflict was resolved as deleted), a `dependsOn` to such a node, or two wires added offline into
 * one input. Those wires and references are left out here (the first wire by document order keeps
 * the input; the others are listed as conflicts), so what comes back can always be rendered and planned.
 * Anything else that fails is a document no Nimbus wrote: {@link SyncDocumentError}.
 */
export function readTopology(state: unknown, what = 'the document'): TopologyDocument {
  return readTopologyView(state, what).topology;
}

/** {@link readTopology}, and whether anything stored was left out (then the reading is not simply what was last written). */
export function readTopologyView(state: unknown, what = 'the document'): { topology: TopologyDocument; hidden: boolean } {
  if (!isMap(state)) throw new SyncDocumentError(what, 'its root is not a map');
  if (state.schemaVersion !== TOPOLOGY_SCHEMA_VERSION) {
    throw new SyncDocumentError(
      what,
      state.schemaVersion === undefined
        ? 'it has no schemaVersion (another kind of document)'
        : `schemaVersion ${JSON.stringify(state.schemaVersion)} is not ${TOPOLOGY_SCHEMA_VERSION} (written by another version of Nimbus?)`,
      { schemaVersion: state.schemaVersion },
    );
  }
  for (const collection of COLLECTIONS) {
    if (!isMap(state[collection])) throw new SyncDocumentError(what, `${collection} is not a map`, { path: collection });
  }
  const typed = state as unknown as TopologyState;
  const nodes = readEntries(typed, 'nodes', what);
  const nodeIds = new Set(nodes.map((node) => node.id));
  const wiredInputs = new Set<string>();
  let hidden = false;
  const wires = readEntries(typed, 'wires', what).filter(({ fields }) => {
    const source = fields.source as { node?: unknown } | undefined;
    const target = fields.target as { node?: unknown; port?: unknown } | undefined;
    const input = `${String(target?.node)}\u0000${String(target?.port)}`;
    if (!nodeIds.has(source?.node as string) || !nodeIds.has(target?.node as string) || wiredInputs.has(input)) {
      hidden = true;
      return false;
    }
    wiredInputs.add(input);
    return true;
  });
  for (const node of nodes) {
    const dependsOn = node.fields.dependsOn;
    if (!Array.isArray(dependsOn)) continue;
    const kept = dependsOn.filter((id) => typeof id !== 'string' || nodeIds.has(id));
    if (kept.length !== dependsOn.length) hidden = true;
    node.fields.dependsOn = kept;
  }
  const frames = readEntries(typed, 'frames', what);
  const document = {
    schemaVersion: TOPOLOGY_SCHEMA_VERSION,
    nodes: nodes.map((node) => node.fields),
    wires: wires.map((wire) => wire.fields),
    ...(typed.framesListed === true || frames.length > 0 ? { frames: frames.map((frame) => frame.fields) } : {}),
  };
  const parsed = TopologyDocumentSchema.safeParse(document);
  if (parsed.success) return { topology: parsed.data, hidden };
  const issue = parsed.error.issues[0]!;
  const path = formatPath(issue.path);
  throw new SyncDocumentError(what, `${path || '(root)'}: ${issue.message}`, {
    path,
    issues: parsed.error.issues.length,
  });
}
