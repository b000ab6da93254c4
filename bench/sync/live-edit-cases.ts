/**
 * Live co-editing between two desktops on loopback, through a real shared server on PostgreSQL: one
 * desktop moves a node of a shared topology (the planner's save), the other hears the server's
 * notice, pulls and merges the change, and reads the topology with the node moved. Timed per edit,
 * from the save on the first desktop to the read on the second showing it; p50 and p95 of the
 * measured edits. Baseline, in the same run: reading the whole topology from the server over
 * the same link (one HTTP call), the cheapest way the second desktop could learn anything.
 */
import { performance } from 'node:perf_hooks';
import type { Topology, TopologyDocument } from '../../engine/api/schemas/topology.js';
import type { CaseOutcome } from '../support/case-result.js';
import { digest } from '../support/measure.js';
import { generateLayeredTopology } from '../plan/generate-topology.js';
import { call, withSharedServer } from './shared-server.js';

const WARM_UP = 3;
const MEASURED = 40;
const BASELINE_READS = 20;
/** An edit not seen on the other desktop by then counts as lost. */
const LOST_AFTER_MS = 10_000;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** The document with node `index` moved to x = `x`. */
function moved(document: TopologyDocument, index: number, x: number): TopologyDocument {
  return {
    ...document,
    nodes: document.nodes.map((node, at) => (at === index ? { ...node, position: { x, y: node.position?.y ?? 0 } } : node)),
  };
}

/** Runs the case on a `nodes`-node topology. */
export async function runLiveEditCase(nodes: number): Promise<CaseOutcome> {
  return withSharedServer(async (bench) => {
    const ann = await bench.desktop();
    const bob = await bench.desktop();
    const base = generateLayeredTopology({ nodes, wiresPerNode: 1.2, layers: 5 });
    const created = await call<Topology>(ann, 'createTopology', { name: `live-${nodes}`, document: base });
    // Both desktops hold the topology's document, as two planners with it open would.
    await call<Topology>(ann, 'getTopology', { id: created.id });
    await call<Topology>(bob, 'getTopology', { id: created.id });

    let wake: (() => void) | undefined;
    let notices = 0;
    const stop = bob.topologyEvents.onEvent(({ notice }) => {
      if (notice.type !== 'topology.changed' || notice.topologyId !== created.id) return;
      notices += 1;
      wake?.();
    });
    const nextNotice = (seen: number, until: number) =>
      new Promise<boolean>((resolve) => {
        if (notices > seen) return resolve(true);
        const timer = setTimeout(() => resolve(false), Math.max(0, until - performance.now()));
        wake = () => {
          clearTimeout(timer);
          wake = undefined;
          resolve(true);
        };
      });
    const roundTrips: number[] = [];
    const saves: number[] = [];
    let document = base;
    let revision = created.revision;
    let lost = 0;
    try {
      for (let edit = 0; edit < WARM_UP + MEASURED; edit += 1) {
        const index = edit % document.nodes.length;
        const x = 10_000 + edit;
        document = moved(document, index, x);
        let seen = notices;
        const started = performance.now();
        const saved = await call<Topology>(ann, 'saveTopology', { id: created.id, expectedRevision: revision, document });
        const savedAt = performance.now();
        revision = saved.revision;
        // Seen once Bob's desktop said it merged a change and its read (the page's) shows the move.
        let seenAt: number | undefined;
        while (seenAt === undefined && (await nextNotice(seen, started + LOST_AFTER_MS))) {
          seen = notices;
          const read = await call<Topology>(bob, 'getTopology', { id: created.id });
          if (read.document.nodes[index]?.position?.x === x) seenAt = performance.now();
        }
        if (edit < WARM_UP) continue;
        if (seenAt === undefined) lost += 1;
        else roundTrips.push(seenAt - started);
        saves.push(savedAt - started);
      }
    } finally {
      stop();
    }

    // Baseline: one read of the whole topology from the server through the same link.
    const client = bob.link!.session()!.client;
    const reads: number[] = [];
    for (let read = 0; read < BASELINE_READS; read += 1) {
      const started = performance.now();
      await client.call('getTopology', { id: created.id });
      reads.push(performance.now() - started);
    }

    const annView = await call<Topology>(ann, 'getTopology', { id: created.id });
    const bobView = await call<Topology>(bob, 'getTopology', { id: created.id });
    const same = JSON.stringify(annView.document) === JSON.stringify(bobView.document);
    roundTrips.sort((a, b) => a - b);
    saves.sort((a, b) => a - b);
    reads.sort((a, b) => a - b);
    const p50 = roundTrips.length > 0 ? percentile(roundTrips, 50) : Number.NaN;
    const p95 = roundTrips.length > 0 ? percentile(roundTrips, 95) : Number.NaN;
    return {
      count: roundTrips.length,
      ms: p50,
      digest: digest([same]),
      checks: [
        `${roundTrips.length} of ${MEASURED} edits seen on the other desktop${lost > 0 ? `, ${lost} NOT seen within ${LOST_AFTER_MS / 1000} s` : ''}`,
        same ? 'both desktops end with the same document' : 'the desktops end with DIFFERENT documents',
      ],
      parts: {
        p50,
        p95,
        max: roundTrips.at(-1) ?? Number.NaN,
        saveP50: percentile(saves, 50),
        readP50: percentile(reads, 50),
        readP95: percentile(reads, 95),
        lost,
      },
    };
  });
}
