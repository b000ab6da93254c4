import { describe, expect, it } from 'vitest';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { planGroups } from '../planning/plan-groups.js';
import { topologyDependencies, type TopologyResolution } from '../planning/resolve-topology.js';
import { planDeploy, planDestroy } from './deploy-plan.js';

const node = (id: string, dependsOn?: string[]): TopologyDocument['nodes'][number] => ({
  id,
  label: id.toUpperCase(),
  component: 'local-vm@1',
  position: { x: 0, y: 0 },
  params: {},
  ...(dependsOn ? { dependsOn } : {}),
});
const wire = (source: string, sourcePort: string, target: string, targetPort: string): TopologyDocument['wires'][number] => ({
  id: `${source}.${sourcePort}-${target}.${targetPort}`,
  source: { node: source, port: sourcePort },
  target: { node: target, port: targetPort },
});

// Document order differs from plan order: `dns` comes first but depends on `web`.
const document: TopologyDocument = {
  schemaVersion: 1,
  nodes: [node('dns'), node('web', ['disk']), node('net'), node('disk')],
  wires: [
    wire('net', 'network_id', 'web', 'network_id'),
    wire('web', 'name', 'dns', 'hostname'),
    wire('web', 'ip_address', 'dns', 'ip_address'),
  ],
};

function resolutionOf(doc: TopologyDocument): TopologyResolution {
  return {
    mode: 'preview',
    environment: 'dev',
    groups: planGroups(
      doc.nodes.map((n) => n.id),
      topologyDependencies(doc),
    ),
    nodes: doc.nodes.map((n) => ({
      nodeId: n.id,
      label: n.label,
      component: n.component,
      status: 'valid',
      values: { cores: { value: 1, source: 'user' } },
      issues: [],
    })),
    issues: [],
    valid: true,
  };
}

describe('planDeploy', () => {
  it('lists the nodes in start order with their own dependencies, group, wired inputs and values', () => {
    const plan = planDeploy(document, resolutionOf(document));
    expect(plan.nodes.map((n) => [n.nodeId, n.group, n.dependsOn])).toEqual([
      ['net', 0, []],
      ['disk', 0, []],
      ['web', 1, ['net', 'disk']],
      ['dns', 2, ['web']],
    ]);
    const dns = plan.nodes.find((n) => n.nodeId === 'dns')!;
    // Two wires from one node: one dependency, two wired inputs.
    expect(dns.wires).toEqual([
      { input: 'hostname', from: { node: 'web', output: 'name' } },
      { input: 'ip_address', from: { node: 'web', output: 'ip_address' } },
    ]);
    expect(plan.nodes.find((n) => n.nodeId === 'web')).toMatchObject({
      label: 'WEB',
      declaredDependsOn: ['disk'],
      values: { cores: { value: 1, source: 'user' } },
    });
    expect(plan.dependencies).toHaveLength(4);
  });

  it('carries the late inputs a stack computes from upstream outputs', () => {
    const late = {
      of: (nodeId: string): Record<string, string> => (nodeId === 'dns' ? { zone: 'from slots.web.zone' } : {}),
      evaluate: () => ({}),
    };
    const plan = planDeploy(document, resolutionOf(document), late);
    expect(plan.nodes.find((n) => n.nodeId === 'dns')!.late).toEqual({ zone: 'from slots.web.zone' });
    expect(plan.nodes.find((n) => n.nodeId === 'net')!.late).toEqual({});
  });

  it('is empty for an empty topology', () => {
    const empty: TopologyDocument = { schemaVersion: 1, nodes: [], wires: [] };
    expect(planDeploy(empty, resolutionOf(empty))).toEqual({ nodes: [], dependencies: [] });
  });
});

describe('planDestroy', () => {
  it('makes each node wait for the nodes that depend on it, dependents first', () => {
    const plan = planDestroy(['dns', 'web', 'net', 'disk'], document);
    expect(plan.nodes).toEqual([
      { id: 'dns', dependsOn: [] },
      { id: 'web', dependsOn: ['dns'] },
      { id: 'net', dependsOn: ['web'] },
      { id: 'disk', dependsOn: ['web'] },
    ]);
  });

  it('ignores dependencies on nodes not being destroyed, and orders nothing without a document', () => {
    expect(planDestroy(['net', 'dns'], document).nodes).toEqual([
      { id: 'net', dependsOn: [] },
      { id: 'dns', dependsOn: [] },
    ]);
    expect(planDestroy(['web', 'net'], undefined).nodes).toEqual([
      { id: 'web', dependsOn: [] },
      { id: 'net', dependsOn: [] },
    ]);
  });
});
