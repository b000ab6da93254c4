import { describe, expect, it } from 'vitest';
import { adoptPendingCreates } from './pending-creates.js';

const stack = { urn: 'urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev', type: 'pulumi:pulumi:Stack', custom: false };
const machine = {
  urn: 'urn:pulumi:dev::p::pulumi-nodejs:dynamic:Resource::machine',
  type: 'pulumi-nodejs:dynamic:Resource',
  custom: true,
  inputs: { name: 'web', __provider: 'code' },
};

describe('adoptPendingCreates', () => {
  it('records a pending create as a resource whose outputs are its inputs, for the refresh to read', () => {
    const state = {
      version: 3,
      deployment: { manifest: {}, resources: [stack], pending_operations: [{ type: 'creating', resource: machine }] },
    };
    const result = adoptPendingCreates(state);
    expect(result.adopted).toEqual([machine.urn]);
    const deployment = (
      result.state as { deployment: { resources: Record<string, unknown>[]; pending_operations: unknown[]; manifest: unknown } }
    ).deployment;
    expect(deployment.pending_operations).toEqual([]);
    expect(deployment.manifest).toEqual({});
    expect(deployment.resources[1]).toMatchObject({
      urn: machine.urn,
      id: 'nimbus-recovered-0',
      inputs: machine.inputs,
      outputs: machine.inputs,
    });
  });

  it('keeps other pending operations and creates of resources already recorded', () => {
    const updating = { type: 'updating', resource: { ...machine, urn: `${machine.urn}-2` } };
    const duplicate = { type: 'creating', resource: stack };
    const state = { version: 3, deployment: { resources: [stack], pending_operations: [updating, duplicate] } };
    const result = adoptPendingCreates(state);
    expect(result.adopted).toEqual([]);
    expect((result.state as { deployment: { pending_operations: unknown[] } }).deployment.pending_operations).toEqual([
      updating,
      duplicate,
    ]);
  });

  it('refuses something that is not a stack state', () => {
    expect(() => adoptPendingCreates({ deployment: 'x' })).toThrow();
  });
});
