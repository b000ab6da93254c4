import { ClassicPreset } from 'rete';

/**
 * Every port carries the same kind of socket for now: wires say "this component depends on that one".
 * Typed sockets (network, secret, …) will subclass this and restrict what connects to what.
 */
export class PlannerSocket extends ClassicPreset.Socket {
  constructor() {
    super('dependency');
  }
}

/** One shared instance: sockets carry no per-port state. */
export const dependencySocket = new PlannerSocket();
