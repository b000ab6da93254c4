/**
 * Example topologies on the local provider, for the end-to-end specs that seed a planner or a deploy:
 * written once here so that every spec starts from the same documents.
 */

/** One node of an example, labelled by its id. */
export const exampleNode = (id: string, component: string, x: number, y: number, params?: Record<string, unknown>) => ({
  id,
  label: id,
  component,
  position: { x, y },
  ...(params ? { params } : {}),
});

/**
 * A network and a small disk in the first plan group, and a machine joining the network (through a
 * wire) in the second: the smallest topology that deploys in two waves.
 */
export function labTopologyDocument() {
  return {
    schemaVersion: 1 as const,
    nodes: [
      exampleNode('net', 'local-network@1', 0, 0),
      exampleNode('disk', 'local-storage@1', 0, 260, { size_mb: 8 }),
      exampleNode('vm', 'local-vm@1', 420, 60, { cores: 1, memory_mb: 128 }),
    ],
    wires: [{ id: 'net-to-vm', source: { node: 'net', port: 'network_id' }, target: { node: 'vm', port: 'network_id' } }],
  };
}

/**
 * A chain network → machine → DNS record laid out in a row at the given x positions: the machine
 * joins the network (`net-vm`) and the record is named after the machine (`vm-dns`).
 */
export function chainTopologyDocument(x: { net: number; vm: number; dns: number }) {
  return {
    schemaVersion: 1 as const,
    nodes: [
      { id: 'net', label: 'network-1', component: 'local-network@1', position: { x: x.net, y: 0 } },
      { id: 'vm', label: 'vm-1', component: 'local-vm@1', position: { x: x.vm, y: 0 }, params: { cores: 2 } },
      { id: 'dns', label: 'dns-1', component: 'local-dns@1', position: { x: x.dns, y: 0 } },
    ],
    wires: [
      { id: 'net-vm', source: { node: 'net', port: 'network_id' }, target: { node: 'vm', port: 'network_id' } },
      { id: 'vm-dns', source: { node: 'vm', port: 'name' }, target: { node: 'dns', port: 'hostname' } },
    ],
  };
}
