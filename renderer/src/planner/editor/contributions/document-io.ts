import type { TopologyDocument } from '../../../../../engine/api/contract';
import { PlannerConnection } from '../../planner-connection';
import { PlannerNode } from '../../planner-node';
import { MAX_ZOOM, MIN_ZOOM, type PlannerCore } from '../planner-core';
import type { Frames } from './frames';
import { FAR_ZOOM } from './level-of-detail';
import type { PlanOverlay } from './plan-overlay';
import type { ViewportReveal } from './viewport-reveal';

export interface DocumentIo {
  /** Replaces the canvas with `document` and forgets undo history. */
  load(document: TopologyDocument): Promise<void>;
  /**
   * Brings the canvas to `document` in place (another user's change): only nodes, wires and frames
   * that differ change; the view and the selection of nodes still there stay. Undo history is
   * forgotten, since its steps may name what the change removed.
   */
  update(document: TopologyDocument): Promise<void>;
  toDocument(): TopologyDocument;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A topology document in and out of the canvas. */
export function createDocumentIo(core: PlannerCore, parts: { frames: Frames; overlay: PlanOverlay; view: ViewportReveal }): DocumentIo {
  const { area, editor } = core;
  // Counts loads, so a load overtaken by a newer one (both wait for contracts) stops.
  let loads = 0;
  return {
    async load(document) {
      const token = ++loads;
      core.loading = true;
      try {
        const contracts = await Promise.all(document.nodes.map((data) => core.deps.contracts.get(data.component)));
        if (core.isDestroyed() || token !== loads) return;
        await editor.clear();
        const nodes = new Map(
          document.nodes.map((data, index) => [data.id, PlannerNode.deserialize(data, contracts[index] ?? null)] as const),
        );
        // Wires first: they may add ports, and a node should render with all its ports from the start.
        const wires = document.wires.flatMap((data) => PlannerConnection.deserialize(data, nodes) ?? []);
        // The fit after the load decides how far out the nodes are first seen, and so how they are drawn.
        const fit = core.viewport.fitScale(
          document.nodes.flatMap((data) => {
            const node = nodes.get(data.id);
            return node ? [{ ...data.position, width: node.width, height: node.height }] : [];
          }),
        );
        if (fit !== null) core.detail.setFar(Math.min(Math.max(fit, MIN_ZOOM), MAX_ZOOM) < FAR_ZOOM);
        for (const data of document.nodes) {
          const node = nodes.get(data.id);
          if (!node) continue;
          node.overlay = parts.overlay.forNode(node.id);
          await editor.addNode(node);
          await area.translate(node.id, data.position);
        }
        for (const wire of wires) await editor.addConnection(wire);
        parts.frames.replace(document.frames ?? []);
        core.history.clear();
      } finally {
        if (token === loads) core.loading = false;
      }
      if (core.isDestroyed() || token !== loads) return;
      await parts.view.zoomToFit();
      core.notify(true);
    },

    async update(document) {
      const token = ++loads;
      const contracts = await Promise.all(document.nodes.map((data) => core.deps.contracts.get(data.component)));
      if (core.isDestroyed() || token !== loads) return;
      core.loading = true;
      try {
        const wanted = new Map(document.nodes.map((data) => [data.id, data] as const));
        const wantedWires = new Map(document.wires.map((data) => [data.id, data] as const));
        // Wires that go or change first, then nodes that go (with any wire left on them).
        for (const wire of editor.getConnections()) {
          const data = wantedWires.get(wire.id);
          if (!data || !sameJson(wire.serialize(), data)) await editor.removeConnection(wire.id);
        }
        for (const node of editor.getNodes()) {
          const data = wanted.get(node.id);
          if (!data || data.component !== node.component) await core.removeNodeWithWires(node);
        }
        // The selected node moved by another user must not drag the rest of the selection along.
        core.selector.release();
        for (const [index, data] of document.nodes.entries()) {
          const existing = editor.getNode(data.id);
          if (!existing) {
            const node = PlannerNode.deserialize(data, contracts[index] ?? null);
            node.overlay = parts.overlay.forNode(node.id);
            await editor.addNode(node);
            await area.translate(node.id, data.position);
            continue;
          }
          let changed = false;
          if (existing.label !== data.label) {
            existing.label = data.label;
            changed = true;
          }
          if (!sameJson(existing.params, data.params)) {
            existing.params = data.params;
            changed = true;
          }
          if (!sameJson(existing.dependsOn, data.dependsOn)) existing.dependsOn = data.dependsOn;
          if (changed) await area.update('node', existing.id);
          const at = core.positionOf(existing.id);
          if (at.x !== data.position.x || at.y !== data.position.y) await area.translate(existing.id, data.position);
        }
        const nodes = new Map(editor.getNodes().map((node) => [node.id, node] as const));
        for (const data of document.wires) {
          if (editor.getConnection(data.id)) continue;
          // A wire may name a port its node does not show yet: the node is redrawn with it.
          const source = nodes.get(data.source.node);
          const target = nodes.get(data.target.node);
          const newPorts = (source && !source.hasOutput(data.source.port)) || (target && !target.hasInput(data.target.port));
          const wire = PlannerConnection.deserialize(data, nodes);
          if (!wire) continue;
          if (newPorts) for (const end of [wire.source, wire.target]) await area.update('node', end);
          await editor.addConnection(wire);
        }
        if (!sameJson(core.frames, document.frames ?? [])) parts.frames.replace(document.frames ?? []);
        core.history.clear();
        core.structureVersion += 1;
      } finally {
        if (token === loads) core.loading = false;
      }
      if (core.isDestroyed() || token !== loads) return;
      core.notify(true);
    },

    toDocument() {
      const existing = new Set(editor.getNodes().map((node) => node.id));
      return {
        schemaVersion: 1,
        nodes: editor.getNodes().map((node) => node.serialize(core.positionOf(node.id), existing)),
        wires: editor.getConnections().map((wire) => wire.serialize()),
        ...(core.frames.length > 0 ? { frames: [...core.frames] } : {}),
      };
    },
  };
}
