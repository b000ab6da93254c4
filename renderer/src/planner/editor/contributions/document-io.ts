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
  toDocument(): TopologyDocument;
}

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
