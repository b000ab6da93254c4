import { ClassicPreset } from 'rete';
import type { TopologyWire } from '../../../engine/api/contract';
import type { PlannerNode } from './planner-node';

/** A wire from one node's output to another node's input. */
export class PlannerConnection extends ClassicPreset.Connection<PlannerNode, PlannerNode> {
  /** Why the wire cannot carry its value, from the socket rule (for wires loaded from a document). */
  localProblem: string | null = null;
  /** Why the engine's plan refuses the wire (an issue with path `wires.<id>`); drawn, never saved. */
  planProblem: string | null = null;

  get problem(): string | null {
    return this.planProblem ?? this.localProblem;
  }

  serialize(): TopologyWire {
    return {
      id: this.id,
      source: { node: this.source, port: this.sourceOutput },
      target: { node: this.target, port: this.targetInput },
    };
  }

  /** Creates the ports a wire names if the nodes lack them, so an unusual document still loads whole. */
  static deserialize(data: TopologyWire, nodes: ReadonlyMap<string, PlannerNode>): PlannerConnection | null {
    const source = nodes.get(data.source.node);
    const target = nodes.get(data.target.node);
    if (!source || !target) return null;
    source.ensureOutput(data.source.port);
    target.ensureInput(data.target.port);
    const connection = new PlannerConnection(source, data.source.port, target, data.target.port);
    connection.id = data.id;
    return connection;
  }
}
