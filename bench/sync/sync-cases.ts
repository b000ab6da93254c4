import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as Automerge from '@automerge/automerge';
import * as Y from 'yjs';
import YAML from 'yaml';
import type { TopologyDocument } from '../../engine/api/schemas/topology.js';
import { TopologyReplica } from '../../engine/sync/topology-document.js';
import type { CaseOutcome } from '../support/case-result.js';
import { digest, medianMs, timed } from '../support/measure.js';
import { applyEdit, comparable, EDITS_PER_REPLICA, REPLICAS, replicaEdits, SAME_FIELD_EDITS, syncTopology } from './sync-scenario.js';
import { applyYjsEdit, createYjsTopology, readYjsTopology } from './yjs-topology.js';

/** The two CRDT libraries compared. */
export type SyncLibrary = 'automerge' | 'yjs';

const USERS = ['user-alice', 'user-bob', 'user-carol'];
const LIVE_REPEAT = 21;

const MERGE_REPEAT = 5;

/**
 * The median of {@link MERGE_REPEAT} timed runs of the work `prepare` returns (preparing is not
 * timed): on a shared machine one merge can land on a busy moment.
 */
function medianTimed<T>(prepare: () => () => T): { result: T; ms: number; cpuMs: number } {
  const runs = Array.from({ length: MERGE_REPEAT }, () => timed(prepare()));
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)]!;
}

/** A forced collection before each memory reading, so the figures are what the documents hold, not garbage. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

interface Run {
  merged: TopologyDocument;
  mergeMs: number;
  mergeCpuMs: number;
  docBytes: number;
  liveMs: number;
  liveRawMs: number;
  liveMessageBytes: number;
  editMs: number;
  checks: string[];
  extraParts: Record<string, number>;
  /** Keeps the documents alive until memory is read. */
  keep: unknown[];
}

/**
 * Three replicas of one `nodes`-node topology each make 100 offline edits (one change each); then
 * replica 0 takes the other two's changes since the common start (the sync after reconnecting) and
 * reads the merged topology back. Timed: that merge and read (median of 5, each on a fresh copy); then one live edit (move a node and
 * encode the message for peers), median of 21. Sizes: the saved merged document against the
 * topology's YAML. Memory: V8 heap and external memory (Automerge's WebAssembly heap is external)
 * held by the four documents, after a forced GC.
 */
export function runSyncCase(library: SyncLibrary, nodes: number): CaseOutcome {
  const gc = collector();
  const base = syncTopology(nodes);
  const edits = Array.from({ length: REPLICAS }, (_unused, replica) => replicaEdits(base, replica));
  gc();
  const before = process.memoryUsage();
  const run = library === 'automerge' ? automergeRun(base, edits) : yjsRun(base, edits);
  gc();
  const after = process.memoryUsage();
  const yamlBytes = Buffer.byteLength(YAML.stringify(run.merged));
  const result: CaseOutcome = {
    count: nodes,
    ms: run.mergeMs,
    cpuMs: run.mergeCpuMs,
    digest: digest([comparable(run.merged)]),
    checks: [`${run.merged.nodes.length} nodes, ${run.merged.wires.length} wires merged`, ...run.checks],
    parts: {
      docBytes: run.docBytes,
      yamlBytes,
      heapMb: mb(after.heapUsed - before.heapUsed),
      externalMb: mb(after.external - before.external),
      liveMs: run.liveMs,
      liveRawMs: run.liveRawMs,
      liveMessageBytes: run.liveMessageBytes,
      editMs: run.editMs,
      edits: EDITS_PER_REPLICA * REPLICAS,
      ...run.extraParts,
    },
  };
  if (run.keep.length === 0) throw new Error('nothing measured');
  return result;
}

function automergeRun(base: TopologyDocument, edits: ReturnType<typeof replicaEdits>[]): Run {
  const origin = TopologyReplica.create(base, 'server');
  const start = origin.save();
  const startHeads = origin.heads();
  const replicas = USERS.map((user) => TopologyReplica.load(start, user));
  const editing = timed(() =>
    replicas.forEach((replica, index) => {
      const doc = replica.read();
      for (const edit of edits[index]!) {
        applyEdit(doc, edit);
        replica.apply(doc);
      }
    }),
  );
  const messages = replicas.map((replica) => replica.changesSince(startHeads));
  const [target] = replicas;
  const beforeMerge = target!.save();
  const merge = medianTimed(() => {
    const fresh = TopologyReplica.load(beforeMerge, USERS[0]!);
    return () => {
      fresh.receive(messages[1]!);
      fresh.receive(messages[2]!);
      return fresh.read();
    };
  });
  // The first listing scans the whole document; after the merge only what the merge flagged is looked at.
  const firstListing = timed(() => target!.conflicts());
  target!.receive(messages[1]!);
  target!.receive(messages[2]!);
  const conflicts = timed(() => target!.conflicts());
  for (const replica of replicas.slice(1)) for (const message of messages) replica.receive(message);
  const agree = replicas.every((replica) => JSON.stringify(replica.read()) === JSON.stringify(merge.result));
  const saved = target!.save();

  let step = 0;
  const doc = target!.read();
  const moved = doc.nodes.find((node) => node.id === 'vm-100')!;
  let message: Uint8Array = new Uint8Array();
  const live = medianMs(LIVE_REPEAT, () => {
    const heads = target!.heads();
    moved.position = { x: 100 + (step += 1), y: 200 };
    target!.apply(doc);
    message = target!.changesSince(heads);
  });
  // The same edit as a bare library change, without the adapter's diff of the whole document.
  let raw = Automerge.load<{ nodes: Record<string, { position: Uint8Array }> }>(saved);
  const liveRaw = medianMs(LIVE_REPEAT, () => {
    raw = Automerge.change(raw, (draft) => {
      draft.nodes['vm-100']!.position = new TextEncoder().encode(JSON.stringify({ x: 100 + (step += 1), y: 200 }));
    });
    return Automerge.getLastLocalChange(raw);
  });
  const load = timed(() => TopologyReplica.load(saved, 'reader').read());
  const shown = conflicts.result.map(
    (conflict) =>
      `${conflict.kind} ${conflict.path.join('.')}: ${conflict.values.map((value) => `${JSON.stringify(value.value)} by ${value.userId}`).join(' / ')}`,
  );
  return {
    merged: merge.result,
    mergeMs: merge.ms,
    mergeCpuMs: merge.cpuMs,
    docBytes: saved.length,
    liveMs: live.ms,
    liveRawMs: liveRaw.ms,
    liveMessageBytes: message.length,
    editMs: editing.ms,
    checks: [
      `${conflicts.result.length} conflicts listed in ${conflicts.ms.toFixed(0)} ms after the merge (the first listing, a scan of the whole document before it: ${firstListing.ms.toFixed(0)} ms): ${shown.join('; ')}`,
      `${SAME_FIELD_EDITS.deletedAndMoved} (deleted on one replica, moved on another): ${merge.result.nodes.some((node) => node.id === SAME_FIELD_EDITS.deletedAndMoved) ? 'kept until resolved' : 'gone'}`,
      `all ${REPLICAS} replicas ${agree ? 'agree' : 'DISAGREE'} after exchanging changes`,
    ],
    extraParts: { conflictsMs: conflicts.ms, firstConflictsMs: firstListing.ms, loadMs: load.ms },
    keep: [origin, ...replicas],
  };
}

function yjsRun(base: TopologyDocument, edits: ReturnType<typeof replicaEdits>[]): Run {
  const origin = createYjsTopology(base);
  const start = Y.encodeStateAsUpdate(origin);
  const startVector = Y.encodeStateVector(origin);
  const replicas = USERS.map(() => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, start);
    return doc;
  });
  const editing = timed(() => replicas.forEach((replica, index) => edits[index]!.forEach((edit) => applyYjsEdit(replica, edit))));
  const messages = replicas.map((replica) => Y.encodeStateAsUpdate(replica, startVector));
  const [target] = replicas;
  const beforeMerge = Y.encodeStateAsUpdate(target!);
  const merge = medianTimed(() => {
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, beforeMerge);
    return () => {
      Y.applyUpdate(fresh, messages[1]!);
      Y.applyUpdate(fresh, messages[2]!);
      return readYjsTopology(fresh);
    };
  });
  Y.applyUpdate(target!, messages[1]!);
  Y.applyUpdate(target!, messages[2]!);
  for (const replica of replicas.slice(1)) for (const message of messages) Y.applyUpdate(replica, message);
  const agree = replicas.every((replica) => JSON.stringify(readYjsTopology(replica)) === JSON.stringify(merge.result));
  const saved = Y.encodeStateAsUpdate(target!);
  const savedV2 = Y.encodeStateAsUpdateV2(target!);

  let step = 0;
  let message: Uint8Array = new Uint8Array();
  const nodesMap = target!.getMap<Y.Map<unknown>>('nodes');
  const live = medianMs(LIVE_REPEAT, () => {
    const vector = Y.encodeStateVector(target!);
    target!.transact(() => nodesMap.get('vm-100')!.set('position', { x: 100 + (step += 1), y: 200 }));
    message = Y.encodeStateAsUpdate(target!, vector);
  });
  const load = timed(() => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, saved);
    return readYjsTopology(doc);
  });
  const label = merge.result.nodes.find((node) => node.id === SAME_FIELD_EDITS.labelOf)?.label;
  return {
    merged: merge.result,
    mergeMs: merge.ms,
    mergeCpuMs: merge.cpuMs,
    docBytes: saved.length,
    liveMs: live.ms,
    liveRawMs: live.ms,
    liveMessageBytes: message.length,
    editMs: editing.ms,
    checks: [
      `conflicts: none detectable; label of ${SAME_FIELD_EDITS.labelOf} is ${JSON.stringify(label)}, the other value dropped silently`,
      `${SAME_FIELD_EDITS.deletedAndMoved} (deleted on one replica, moved on another): ${merge.result.nodes.some((node) => node.id === SAME_FIELD_EDITS.deletedAndMoved) ? 'kept' : 'gone, the move lost silently'}`,
      `all ${REPLICAS} replicas ${agree ? 'agree' : 'DISAGREE'} after exchanging updates`,
    ],
    extraParts: { loadMs: load.ms, docBytesV2: savedV2.length },
    keep: [origin, ...replicas],
  };
}
