import { ClassicPreset } from 'rete';
import { describePort, untypedPort, type PortSpec } from './contracts/port-spec';

/**
 * A socket carries the port's contract (JSON types, format, semantic reference), so the connection
 * flow can tell which output may feed which input (see `wireRefusal`). Sockets are derived from the
 * component contract whenever a node is built, so they need no serialized form of their own.
 */
export class PlannerSocket extends ClassicPreset.Socket {
  constructor(readonly spec: PortSpec) {
    super(describePort(spec));
  }

  /** The tone the socket is drawn in: references, then the JSON type family, then untyped. */
  get tone(): 'reference' | 'string' | 'number' | 'boolean' | 'structured' | 'any' | 'dependency' {
    const { types, reference } = this.spec;
    if (types === null) return 'dependency';
    if (reference) return 'reference';
    if (types.length === 0) return 'any';
    if (types.includes('string')) return 'string';
    if (types.includes('integer') || types.includes('number')) return 'number';
    if (types.includes('boolean')) return 'boolean';
    return 'structured';
  }
}

/** A socket for a port without a contract (an unknown component's dependency port). */
export function untypedSocket(key: string): PlannerSocket {
  return new PlannerSocket(untypedPort(key));
}
