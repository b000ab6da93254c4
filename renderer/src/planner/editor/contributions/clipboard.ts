import { getUID } from 'rete';
import { buildNodesPayload, PASTE_OFFSET, remapNodesPayload, type NodesPayload } from '../../clipboard/clipboard-payload';
import { EMPTY_NODE_OVERLAY } from '../../overlay/node-overlay';
import { PlannerConnection } from '../../planner-connection';
import { unknownComponentError } from '../../planner-error';
import { PlannerNode } from '../../planner-node';
import type { PlannerCore } from '../planner-core';
import type { DocumentIo } from './document-io';
import type { Selection } from './selection';

export interface Clipboard {
  /** The selected nodes and the wires between them; `null` when nothing is selected. */
  copySelection(): NodesPayload | null;
  /** Adds copies of the payload's nodes and wires as one undoable step and selects them; returns how many. */
  paste(payload: NodesPayload): Promise<number>;
  duplicateSelected(): Promise<number>;
}

/** Copy, paste and duplicate of nodes with the wires between them. */
export function createClipboard(core: PlannerCore, documents: DocumentIo, selection: Selection): Clipboard {
  const { area, editor, selector } = core;

  const copySelection = (): NodesPayload | null => {
    const ids = core.selectedNodes().map((node) => node.id);
    if (ids.length === 0) return null;
    return buildNodesPayload(documents.toDocument(), ids);
  };

  const paste = async (payload: NodesPayload): Promise<number> => {
    if (payload.nodes.length === 0) return 0;
    // Paste again and again: each copy lands one offset further, never on top of the previous one.
    const taken = new Set(
      editor.getNodes().map((node) => {
        const p = core.positionOf(node.id);
        return `${p.x},${p.y}`;
      }),
    );
    const first = payload.nodes[0]!.position;
    let steps = 1;
    while (steps < 50 && taken.has(`${first.x + steps * PASTE_OFFSET},${first.y + steps * PASTE_OFFSET}`)) steps += 1;
    const pasted = remapNodesPayload(payload, {
      existingLabels: editor.getNodes().map((node) => node.label),
      newId: getUID,
      offset: { x: steps * PASTE_OFFSET, y: steps * PASTE_OFFSET },
    });
    const contracts = await Promise.all(pasted.nodes.map((data) => core.deps.contracts.get(data.component)));
    const unknown = [...new Set(pasted.nodes.filter((_, index) => !contracts[index]).map((data) => data.component))];
    if (unknown.length > 0) throw unknownComponentError(unknown);
    const nodes = new Map(pasted.nodes.map((data, index) => [data.id, PlannerNode.deserialize(data, contracts[index] ?? null)] as const));
    const wires = pasted.wires.flatMap((data) => PlannerConnection.deserialize(data, nodes) ?? []);
    await selector.unselectAll();
    await core.steps.asStep(async () => {
      selector.release();
      for (const data of pasted.nodes) {
        const node = nodes.get(data.id);
        if (!node) continue;
        node.overlay = EMPTY_NODE_OVERLAY;
        await editor.addNode(node);
        await area.translate(node.id, data.position);
      }
      for (const wire of wires) await editor.addConnection(wire);
    });
    await selection.selectNodes([...nodes.keys()], true);
    return nodes.size;
  };

  return {
    copySelection,
    paste,
    async duplicateSelected() {
      const payload = copySelection();
      return payload ? paste(payload) : 0;
    },
  };
}
