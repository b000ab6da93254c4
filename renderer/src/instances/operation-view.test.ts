import { describe, expect, it } from 'vitest';
import type { StackDocument } from './instance-entities';
import { describeStep } from '../../../engine/common/step-wording';
import { operationViews, requiredStatesHint, workflowStates } from './operation-view';

describe('operations', () => {
  const document = {
    description: '',
    parameters: {},
    slots: [],
    outputs: {},
    stateMachine: { states: [], transitions: [] },
    routing: [],
    operations: [
      {
        name: 'heal',
        requiredStates: ['degraded'],
        inputSchema: { type: 'object', properties: { force: { type: 'boolean' } } },
        steps: [{ kind: 'refresh' }, { kind: 'redeploy', slot: 'web1' }],
      },
    ],
  } as unknown as StackDocument;

  it('joins what is allowed now with the definition', () => {
    const [heal] = operationViews([{ name: 'heal', description: 'Put back', requiredStates: ['degraded'], allowed: false }], document);
    expect(heal).toMatchObject({ name: 'heal', allowed: false, inputSchema: { properties: { force: { type: 'boolean' } } } });
    expect(heal?.steps.map(describeStep)).toEqual(['refresh every slot', 'redeploy web1']);
    expect(operationViews([{ name: 'gone', description: '', requiredStates: ['active'], allowed: true }], document)[0]?.steps).toEqual([]);
  });

  it('finds the states a lifecycle workflow can start from', () => {
    const machine = {
      ...document,
      stateMachine: {
        states: [],
        transitions: [
          { from: 'active', to: 'destroying', trigger: 'destroy', workflow: 'destroy' },
          { from: 'failed', to: 'destroying', trigger: 'destroy', workflow: 'destroy' },
          { from: 'active', to: 'destroying', trigger: 'teardown', workflow: 'destroy' },
          { from: 'destroying', to: 'destroyed', trigger: 'destroy.succeeded' },
        ],
      },
    } as StackDocument;
    expect(workflowStates(machine, 'destroy')).toEqual(['active', 'failed']);
    expect(workflowStates(machine, 'upgrade')).toEqual([]);
  });

  it('says where an operation may run', () => {
    expect(requiredStatesHint(['degraded'])).toBe('Runs only in degraded');
    expect(requiredStatesHint(['active', 'degraded'])).toBe('Runs only in active or degraded');
    expect(requiredStatesHint(['a', 'b', 'c'])).toBe('Runs only in a, b or c');
  });
});
