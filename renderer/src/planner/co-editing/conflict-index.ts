import type { TopologyConflictView, TopologyDocument } from '../../../../engine/api/contract';
import { formatValue } from '../../ui/format-value';

/** One value of a conflict as the inspector lists it. */
export interface ConflictChoice {
  /** Passed back to `resolveTopologyConflict`. */
  id: string;
  text: string;
  /** Who made it: the user's name, their id, or the replica when no user is known. */
  who: string;
  /** Whether the canvas shows this value now (the first one listed). */
  shown: boolean;
}

/** A conflict as the planner shows it: on which node, about what, with every value. */
export interface ConflictEntry {
  /** Stable key (the conflict's path). */
  key: string;
  path: string[];
  /** The node it belongs to (a wire's conflict belongs to the node it feeds); null for frames and lost wires. */
  nodeId: string | null;
  /** What is in conflict, in words: "Label", "Parameter cores", "Wire into subnet"… */
  title: string;
  /** One sentence on what keeping a value does. */
  hint: string;
  kind: TopologyConflictView['kind'];
  choices: ConflictChoice[];
}

/** The open topology's conflicts by node, and the order "next conflict" walks them. */
export interface ConflictIndex {
  total: number;
  byNode: ReadonlyMap<string, readonly ConflictEntry[]>;
  /** Conflicts about frames, or about wires no longer in the document. */
  elsewhere: readonly ConflictEntry[];
  /** Nodes with conflicts, left to right then top to bottom. */
  nodeOrder: readonly string[];
}

export const EMPTY_CONFLICT_INDEX: ConflictIndex = { total: 0, byNode: new Map(), elsewhere: [], nodeOrder: [] };

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function whoOf(value: TopologyConflictView['values'][number]): string {
  return value.userName?.trim() || value.userId || `another replica (${value.actor.slice(0, 8)})`;
}

/** A wire end `{ node, port }` by the node's label. */
function endText(end: unknown, labels: ReadonlyMap<string, string>): string {
  if (!isRecord(end) || typeof end['node'] !== 'string') return formatValue(end);
  const port = typeof end['port'] === 'string' ? `.${end['port']}` : '';
  return `${labels.get(end['node']) ?? end['node']}${port}`;
}

function choiceText(conflict: TopologyConflictView, value: unknown, labels: ReadonlyMap<string, string>): string {
  if (conflict.kind === 'deleted-while-edited') return value === 'deleted' ? 'Deleted' : 'Kept, with the edit';
  if (conflict.kind === 'input-wired-twice' && isRecord(value)) return `From ${endText(value['source'], labels)}`;
  if (conflict.kind === 'added-twice' && isRecord(value)) {
    const label = typeof value['label'] === 'string' ? value['label'] : null;
    const component = typeof value['component'] === 'string' ? value['component'] : null;
    if (label || component) return [label, component && `(${component})`].filter(Boolean).join(' ');
    if (isRecord(value['source'])) return `From ${endText(value['source'], labels)}`;
  }
  if (conflict.field === 'position' && isRecord(value) && typeof value['x'] === 'number' && typeof value['y'] === 'number')
    return `x ${Math.round(value['x'])}, y ${Math.round(value['y'])}`;
  if ((conflict.field === 'source' || conflict.field === 'target') && isRecord(value)) return endText(value, labels);
  return formatValue(value);
}

function titleOf(conflict: TopologyConflictView, wireInput: string | null): string {
  const noun = conflict.collection === 'nodes' ? 'node' : conflict.collection === 'wires' ? 'wire' : 'frame';
  if (conflict.kind === 'deleted-while-edited') return `This ${noun} was deleted while edited`;
  if (conflict.kind === 'added-twice') return `This ${noun} was added twice`;
  if (conflict.kind === 'input-wired-twice') return `Two wires into ${conflict.field ?? 'one input'}`;
  if (conflict.collection === 'wires') return `Wire into ${wireInput ?? 'an input'}${conflict.field ? `: its ${conflict.field}` : ''}`;
  const field = conflict.field ?? '';
  if (field === 'label') return 'Label';
  if (field === 'position') return 'Position';
  if (field === 'params') return 'Parameters';
  if (field.startsWith('params.')) return `Parameter ${field.slice('params.'.length)}`;
  return field ? `Field ${field}` : 'Entry';
}

function hintOf(conflict: TopologyConflictView): string {
  if (conflict.kind === 'deleted-while-edited')
    return 'Keeping "Deleted" removes it everywhere; keeping the edit brings it back for everyone.';
  if (conflict.kind === 'input-wired-twice') return 'The wire you keep feeds the input; the other wire is removed for everyone.';
  return 'The value you keep replaces the others for everyone; change it again like any edit.';
}

/**
 * Places the conflicts of the open topology (`listTopologyConflicts`) on its nodes: a node's own
 * fields, wires into its inputs (by the wire's target in `document`), and the node deleted while
 * edited or added twice. Conflicts about frames, or wires the document no longer holds, are listed
 * apart. Pure, so the canvas badges, the inspector and the toolbar count agree.
 */
export function buildConflictIndex(conflicts: readonly TopologyConflictView[], document: TopologyDocument | null): ConflictIndex {
  if (conflicts.length === 0) return EMPTY_CONFLICT_INDEX;
  const labels = new Map((document?.nodes ?? []).map((node) => [node.id, node.label]));
  const wires = new Map((document?.wires ?? []).map((wire) => [wire.id, wire]));
  const byNode = new Map<string, ConflictEntry[]>();
  const elsewhere: ConflictEntry[] = [];
  const seen = new Set<string>();
  for (const conflict of conflicts) {
    const key = JSON.stringify(conflict.path);
    if (seen.has(key)) continue;
    seen.add(key);
    let nodeId: string | null = null;
    let wireInput: string | null = null;
    if (conflict.collection === 'nodes') nodeId = conflict.id;
    else if (conflict.collection === 'wires' && conflict.kind === 'input-wired-twice') nodeId = conflict.id;
    else if (conflict.collection === 'wires') {
      const wire = wires.get(conflict.id);
      nodeId = wire?.target.node ?? null;
      wireInput = wire?.target.port ?? null;
    }
    if (nodeId !== null && !labels.has(nodeId)) nodeId = null;
    const entry: ConflictEntry = {
      key,
      path: conflict.path,
      nodeId,
      title: titleOf(conflict, wireInput),
      hint: hintOf(conflict),
      kind: conflict.kind,
      choices: conflict.values.map((value, index) => ({
        id: value.id,
        text: choiceText(conflict, value.value, labels),
        who: whoOf(value),
        shown: index === 0,
      })),
    };
    if (nodeId === null) elsewhere.push(entry);
    else byNode.set(nodeId, [...(byNode.get(nodeId) ?? []), entry]);
  }
  const positions = new Map((document?.nodes ?? []).map((node) => [node.id, node.position]));
  const nodeOrder = [...byNode.keys()].sort((a, b) => {
    const pa = positions.get(a) ?? { x: 0, y: 0 };
    const pb = positions.get(b) ?? { x: 0, y: 0 };
    return Math.round(pa.x / 40) - Math.round(pb.x / 40) || pa.y - pb.y || (a < b ? -1 : 1);
  });
  return { total: seen.size, byNode, elsewhere, nodeOrder };
}

/** The conflicted node after `current` in reading order, wrapping round; null when no node has one. */
export function nextConflictedNode(index: ConflictIndex, current: string | null): string | null {
  const { nodeOrder } = index;
  if (nodeOrder.length === 0) return null;
  const at = current === null ? -1 : nodeOrder.indexOf(current);
  return nodeOrder[(at + 1) % nodeOrder.length] ?? null;
}
