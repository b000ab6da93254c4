import { labelBase } from '../../contracts/node-contract';
import { autoArrange } from '../../layout/auto-arrange';
import { NodeEditAction } from '../../node-edit-action';
import { nextNodeLabel } from '../../node-labels';
import { nearestFreePosition } from '../../placement';
import { PlannerConnection } from '../../planner-connection';
import { unknownComponentError } from '../../planner-error';
import { PlannerNode, type NodeParams, type Position } from '../../planner-node';
import { checkWire, describeWire } from '../../wire-check';
import type { PlannerEditor } from '../planner-editor-api';
import type { PlannerCore } from '../planner-core';
import type { DocumentIo } from './document-io';
import type { ViewportReveal } from './viewport-reveal';

export type GraphEdits = Pick<
  PlannerEditor,
  'addNode' | 'deleteSelected' | 'setParam' | 'renameNode' | 'connect' | 'disconnect' | 'wireSources' | 'nudgeSelected' | 'autoArrange'
>;

/** Editing commands on nodes, parameters and wires, each one undoable step. */
export function createGraphEdits(core: PlannerCore, view: ViewportReveal, documents: DocumentIo): GraphEdits {
  const { area, editor, history, steps } = core;

  const applyParams = async (nodeId: string, params: NodeParams | undefined): Promise<void> => {
    const node = editor.getNode(nodeId);
    if (!node) return;
    node.params = params;
    await area.update('node', nodeId);
    core.notify(true);
  };

  const applyLabel = async (nodeId: string, label: string): Promise<void> => {
    const node = editor.getNode(nodeId);
    if (!node) return;
    node.label = label;
    core.structureVersion += 1;
    await area.update('node', nodeId);
    // Wires name their source by label in the inspector.
    core.notify(true);
  };

  /** Moves nodes to new positions as part of the current step; the picked node must not drag the rest. */
  const moveNodes = async (positions: ReadonlyMap<string, Position>): Promise<void> => {
    core.selector.release();
    for (const [id, position] of positions) if (editor.getNode(id)) await area.translate(id, position);
  };

  return {
    async addNode(component, at) {
      const contract = await core.deps.contracts.get(component);
      if (!contract) throw unknownComponentError([component]);
      const label = nextNodeLabel(
        editor.getNodes().map((existing) => existing.label),
        labelBase(contract),
      );
      const node = new PlannerNode(label, component, contract);
      let preferred: Position;
      if (at) {
        const pointer = view.toCanvas(at.clientX, at.clientY);
        // The header sits under the pointer, the way the palette item was held.
        preferred = { x: pointer.x - node.width / 2, y: pointer.y - 24 };
      } else {
        const center = view.visibleCenter();
        preferred = { x: center.x - node.width / 2, y: center.y - node.height / 2 };
      }
      const wanted = { x: Math.round(preferred.x), y: Math.round(preferred.y) };
      const position = nearestFreePosition(wanted, node, core.nodeBoxes());
      await steps.asStep(async () => {
        await editor.addNode(node);
        await area.translate(node.id, position);
      });
      // A node dropped where it can go is under the pointer already: the view stays put.
      if (!at || position.x !== wanted.x || position.y !== wanted.y)
        await view.reveal([{ ...position, width: node.width, height: node.height }]);
      return node;
    },

    async deleteSelected() {
      const selected = core.selectedNodes();
      if (selected.length === 0) return 0;
      await steps.asStep(async () => {
        for (const node of selected) await core.removeNodeWithWires(node);
      });
      return selected.length;
    },

    async setParam(nodeId, key, value) {
      const node = editor.getNode(nodeId);
      if (!node) return;
      const before = node.params;
      const next: NodeParams = { ...(before ?? {}) };
      if (value === undefined) delete next[key];
      else next[key] = value;
      if (JSON.stringify(before?.[key]) === JSON.stringify(next[key]) && key in (before ?? {}) === key in next) return;
      const after = Object.keys(next).length > 0 ? next : undefined;
      await steps.asStep(async () => {
        history.add(new NodeEditAction((params: NodeParams | undefined) => applyParams(nodeId, params), before, after));
        await applyParams(nodeId, after);
      });
    },

    async renameNode(nodeId, label) {
      const node = editor.getNode(nodeId);
      const trimmed = label.trim();
      if (!node || trimmed === '' || trimmed === node.label) return;
      const before = node.label;
      await steps.asStep(async () => {
        history.add(new NodeEditAction((value: string) => applyLabel(nodeId, value), before, trimmed));
        await applyLabel(nodeId, trimmed);
      });
    },

    async connect(ends) {
      const refusal = checkWire(editor, ends);
      if (refusal) {
        core.deps.onWireRefused?.(describeWire(editor, ends), refusal);
        return refusal;
      }
      const source = editor.getNode(ends.source);
      const target = editor.getNode(ends.target);
      if (!source || !target) return 'the node is no longer on the canvas';
      await steps.asStep(async () => {
        // One wire per input: the new wire replaces the old one.
        for (const wire of editor.getConnections()) {
          if (wire.target === ends.target && wire.targetInput === ends.input) await editor.removeConnection(wire.id);
        }
        await editor.addConnection(new PlannerConnection(source, ends.output, target, ends.input));
      });
      return null;
    },

    async disconnect(wireId) {
      if (!editor.getConnection(wireId)) return;
      await steps.asStep(async () => {
        await editor.removeConnection(wireId);
      });
    },

    wireSources(nodeId, input) {
      return [...editor.getNodes()]
        .filter((node) => node.id !== nodeId)
        .sort((a, b) => a.label.localeCompare(b.label))
        .flatMap((node) =>
          Object.keys(node.outputs).map((output) => ({
            sourceId: node.id,
            sourceLabel: node.label,
            output,
            refusal: checkWire(editor, { source: node.id, output, target: nodeId, input }),
          })),
        );
    },

    async nudgeSelected(dx, dy) {
      const selected = core.selectedNodes();
      if (selected.length === 0) return;
      await steps.asStep(async () => {
        // The node picked last would drag the other selected nodes along a second time.
        core.selector.release();
        for (const node of selected) {
          const position = core.positionOf(node.id);
          await area.translate(node.id, { x: position.x + dx, y: position.y + dy });
        }
      });
    },

    async autoArrange() {
      if (editor.getNodes().length === 0) return;
      const positions = await autoArrange(documents.toDocument(), (id) => {
        const node = editor.getNode(id);
        return { width: node?.width ?? 0, height: node?.height ?? 0 };
      });
      await steps.asStep(() => moveNodes(positions));
    },
  };
}
