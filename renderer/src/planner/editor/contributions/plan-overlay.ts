import { DisposableStore, type Disposable } from '../../../lifecycle/disposable-store';
import { EMPTY_NODE_OVERLAY, EMPTY_OVERLAY, type NodeOverlay, type PlannerOverlay } from '../../overlay/node-overlay';
import type { PlannerConnection } from '../../planner-connection';
import type { PlannerCore } from '../planner-core';

export interface PlanOverlay extends Disposable {
  set(overlay: PlannerOverlay): void;
  /** What the plan says of node `id` (for nodes a load adds). */
  forNode(id: string): NodeOverlay;
}

const sameOverlay = (a: NodeOverlay, b: NodeOverlay): boolean => JSON.stringify(a) === JSON.stringify(b);

/** What the last plan found, shown on the nodes and wires it concerns (new wires included). */
export function installPlanOverlay(core: PlannerCore): PlanOverlay {
  const { area, editor } = core;
  const store = new DisposableStore();
  let overlay: PlannerOverlay = EMPTY_OVERLAY;
  const applyWireOverlay = (wire: PlannerConnection): void => {
    wire.planProblem = overlay.wires[wire.id] ?? null;
  };
  store.add(
    core.signals.editor.observe((context) => {
      if (context.type === 'connectioncreated') applyWireOverlay(context.data);
    }),
  );
  return {
    set(next) {
      overlay = next;
      for (const node of editor.getNodes()) {
        const nodeOverlay = next.nodes[node.id] ?? EMPTY_NODE_OVERLAY;
        if (sameOverlay(node.overlay, nodeOverlay)) continue;
        node.overlay = nodeOverlay;
        void area.update('node', node.id);
      }
      for (const wire of editor.getConnections()) {
        const before = wire.planProblem;
        applyWireOverlay(wire);
        if (before !== wire.planProblem) void area.update('connection', wire.id);
      }
      // The inspector shows the selected node's problems.
      core.notify(false);
    },
    forNode: (id) => overlay.nodes[id] ?? EMPTY_NODE_OVERLAY,
    dispose: () => store.dispose(),
  };
}
