import { ClassicPreset } from 'rete';
import type { TopologyNode } from '../../../engine/api/contract';
import { EMPTY_NODE_MARKS, type NodeMarks } from './co-editing/node-marks';
import type { NodeContract } from './contracts/node-contract';
import { NODE_WIDTH, nodeHeight } from './node-geometry';
import { EMPTY_NODE_OVERLAY, type NodeOverlay } from './overlay/node-overlay';
import { PlannerSocket, untypedSocket } from './planner-socket';

/** The generic ports of a node whose component has no known contract. */
export const INPUT_PORT = 'in';
export const OUTPUT_PORT = 'out';

export interface Position {
  x: number;
  y: number;
}

export type NodeParams = Record<string, unknown>;

/**
 * A component placed on the canvas. With a known contract it has one input per input property and one
 * output per output property, each with a typed socket; without one (a bare name, an unpublished
 * version) it has a generic input `in` and output `out`. A document naming other ports gets them too,
 * so nothing is lost on a round trip.
 */
export class PlannerNode extends ClassicPreset.Node<Record<string, PlannerSocket>, Record<string, PlannerSocket>> {
  width = NODE_WIDTH;
  height = nodeHeight(1);
  /** The user's parameter values; replaced as a whole on every edit, so history can hold the old object. */
  params: NodeParams | undefined;
  /** Explicit dependencies the canvas does not edit, kept so saving never drops them. */
  dependsOn: TopologyNode['dependsOn'];
  /** What the latest plan says about the node; drawn, never saved. */
  overlay: NodeOverlay = EMPTY_NODE_OVERLAY;
  /** Other users' selections and conflicts on this node (shared topologies); drawn, never saved. */
  marks: NodeMarks = EMPTY_NODE_MARKS;
  /** Whether the view draws ports, values and meta, or only the box and header (far out: see node-detail.ts). */
  detailed = true;

  constructor(
    label: string,
    public component: string,
    readonly contract: NodeContract | null = null,
  ) {
    super(label);
    if (contract) {
      for (const spec of contract.inputs) this.addPort('input', spec.key, new PlannerSocket(spec));
      for (const spec of contract.outputs) this.addPort('output', spec.key, new PlannerSocket(spec));
    } else {
      this.ensureInput(INPUT_PORT);
      this.ensureOutput(OUTPUT_PORT);
    }
    this.updateHeight();
  }

  /** Identifies nodes drawn alike: same component and ports, so same size and socket offsets. */
  get layout(): string {
    return `${this.component}|${Object.keys(this.inputs).join(',')}|${Object.keys(this.outputs).join(',')}`;
  }

  ensureInput(key: string): void {
    if (this.hasInput(key)) return;
    this.addPort('input', key, untypedSocket(key));
    this.updateHeight();
  }

  ensureOutput(key: string): void {
    if (this.hasOutput(key)) return;
    this.addPort('output', key, untypedSocket(key));
    this.updateHeight();
  }

  socketOf(side: 'input' | 'output', key: string): PlannerSocket | null {
    const port = side === 'input' ? this.inputs[key] : this.outputs[key];
    return port?.socket ?? null;
  }

  /** `existing` holds the ids still on the canvas: dependencies on deleted nodes are dropped. */
  serialize(position: Position, existing: ReadonlySet<string>): TopologyNode {
    const dependsOn = this.dependsOn?.filter((id) => existing.has(id));
    return {
      id: this.id,
      label: this.label,
      component: this.component,
      position: { x: position.x, y: position.y },
      ...(this.params && Object.keys(this.params).length > 0 ? { params: this.params } : {}),
      ...(dependsOn && dependsOn.length > 0 ? { dependsOn } : {}),
    };
  }

  static deserialize(data: TopologyNode, contract: NodeContract | null): PlannerNode {
    const node = new PlannerNode(data.label, data.component, contract);
    node.id = data.id;
    node.params = data.params;
    node.dependsOn = data.dependsOn;
    return node;
  }

  private addPort(side: 'input' | 'output', key: string, socket: PlannerSocket): void {
    if (side === 'input') {
      // One wire per input: the document schema refuses two wires into the same input.
      this.addInput(key, new ClassicPreset.Input(socket, key, false));
    } else {
      this.addOutput(key, new ClassicPreset.Output(socket, key, true));
    }
  }

  private updateHeight(): void {
    this.height = nodeHeight(Math.max(Object.keys(this.inputs).length, Object.keys(this.outputs).length));
  }
}
