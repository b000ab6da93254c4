import { ClassicPreset } from 'rete';
import type { TopologyNode } from '../../../engine/api/contract';
import { NODE_WIDTH, nodeHeight } from './node-geometry';
import { dependencySocket } from './planner-socket';

export const INPUT_PORT = 'in';
export const OUTPUT_PORT = 'out';

export interface Position {
  x: number;
  y: number;
}

/**
 * A component placed on the canvas. Every node has one input (`in`: what it depends on) and one output
 * (`out`: what depends on it); a document naming other ports gets them too, so nothing is lost on a
 * round trip.
 */
export class PlannerNode extends ClassicPreset.Node {
  width = NODE_WIDTH;
  height = nodeHeight(1);
  /** Parameters and explicit dependencies the canvas does not edit, kept so saving never drops them. */
  params: TopologyNode['params'];
  dependsOn: TopologyNode['dependsOn'];

  constructor(
    label: string,
    public component: string,
  ) {
    super(label);
    this.ensureInput(INPUT_PORT);
    this.ensureOutput(OUTPUT_PORT);
  }

  ensureInput(key: string): void {
    if (this.hasInput(key)) return;
    // One wire per input: the document schema rejects two wires into the same input.
    this.addInput(key, new ClassicPreset.Input(dependencySocket, key, false));
    this.updateHeight();
  }

  ensureOutput(key: string): void {
    if (this.hasOutput(key)) return;
    this.addOutput(key, new ClassicPreset.Output(dependencySocket, key, true));
    this.updateHeight();
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

  static deserialize(data: TopologyNode): PlannerNode {
    const node = new PlannerNode(data.label, data.component);
    node.id = data.id;
    node.params = data.params;
    node.dependsOn = data.dependsOn;
    return node;
  }

  private updateHeight(): void {
    this.height = nodeHeight(Math.max(Object.keys(this.inputs).length, Object.keys(this.outputs).length));
  }
}
