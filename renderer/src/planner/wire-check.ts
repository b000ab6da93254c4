import type { NodeEditor } from 'rete';
import { wireRefusal } from './contracts/socket-compatibility';
import type { PlannerSchemes } from './schemes';

/** The two ends of a wire to be made. */
export interface WireEnds {
  source: string;
  output: string;
  target: string;
  input: string;
}

/**
 * Why the canvas refuses a wire between these ports, or null when it may be made: no loops onto one
 * node, ports that exist, and the socket rule (`wireRefusal`). A wire into an input that already has
 * one is allowed: it replaces the old wire (one wire per input, as the engine requires).
 */
export function checkWire(editor: NodeEditor<PlannerSchemes>, ends: WireEnds): string | null {
  if (ends.source === ends.target) return 'a wire cannot connect a node to itself';
  const source = editor.getNode(ends.source);
  const target = editor.getNode(ends.target);
  if (!source || !target) return 'the node is no longer on the canvas';
  const output = source.socketOf('output', ends.output);
  const input = target.socketOf('input', ends.input);
  if (!output) return `${source.label} has no output ${ends.output}`;
  if (!input) return `${target.label} has no input ${ends.input}`;
  return wireRefusal(output.spec, input.spec);
}

/** `web.network_id → db.network_id`, how messages name a wire. */
export function describeWire(editor: NodeEditor<PlannerSchemes>, ends: WireEnds): string {
  const label = (id: string) => editor.getNode(id)?.label ?? id;
  return `${label(ends.source)}.${ends.output} → ${label(ends.target)}.${ends.input}`;
}
