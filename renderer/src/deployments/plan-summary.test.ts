import { describe, expect, it } from 'vitest';
import type { NodeAction, NodePlan } from '../api/entities';
import { asDeploymentPlan, asDeploymentRun, describeJobResult } from './job-results';
import { countPlan, deployButtonLabel, describeCounts } from './plan-summary';

const node = (nodeId: string, action: NodeAction): NodePlan => ({
  nodeId,
  label: nodeId,
  component: 'local-vm@1',
  action,
  deploymentId: null,
  changes: [],
  pulumi: null,
  note: null,
});

describe('plan summary', () => {
  it('counts the actions of the nodes and names them on the confirm button', () => {
    const counts = countPlan({ nodes: [node('a', 'create'), node('b', 'create'), node('c', 'update'), node('d', 'unchanged')] });
    expect(counts).toEqual({ create: 2, update: 1, delete: 0, unchanged: 1, changes: 3, total: 4 });
    expect(describeCounts(counts)).toBe('2 to create, 1 to update, 1 unchanged');
    expect(deployButtonLabel(counts)).toBe('Deploy 3 components');
    expect(deployButtonLabel(countPlan({ nodes: [node('a', 'create')] }))).toBe('Deploy 1 component');
  });

  it('offers a re-run when nothing changes', () => {
    const counts = countPlan({ nodes: [node('a', 'unchanged')] });
    expect(deployButtonLabel(counts)).toBe('Deploy again (1 component unchanged)');
    expect(describeCounts(countPlan({ nodes: [] }))).toBe('nothing to deploy');
  });
});

describe('job results', () => {
  it('accepts a plan or a run of the expected shape and nothing else', () => {
    const plan = { topology: 't', environment: 'dev', resolution: { groups: [] }, nodes: [node('a', 'create')], summary: { create: 1 } };
    expect(asDeploymentPlan(plan)).toBe(plan);
    expect(asDeploymentPlan({ nodes: 'x' })).toBeNull();
    expect(asDeploymentPlan(null)).toBeNull();
    const run = {
      topology: 't',
      environment: 'dev',
      operation: 'deploy',
      succeeded: true,
      nodes: [{ nodeId: 'a', label: 'a', deploymentId: 'd', outcome: 'created', error: null, outputs: {} }],
    };
    expect(asDeploymentRun(run)).toBe(run);
    expect(asDeploymentRun(plan)).toBeNull();
    expect(asDeploymentRun({ ...run, nodes: [{ nodeId: 'a' }] })).toBeNull();
  });
});

describe('describeJobResult', () => {
  it('sums up a run or a drift check, and stays quiet about anything else', () => {
    const run = { topology: 't', environment: 'dev', operation: 'destroy', succeeded: true, nodes: [] };
    expect(describeJobResult(run, () => 'run')).toBe('run');
    expect(describeJobResult({ checked: 1, drifted: 0, results: [] }, () => 'run')).toBe('1 deployment checked, no drift');
    expect(describeJobResult({ checked: 3, drifted: 2, results: [] }, () => 'run')).toBe('3 deployments checked, 2 drifted');
    expect(describeJobResult(null, () => 'run')).toBe('');
  });
});
