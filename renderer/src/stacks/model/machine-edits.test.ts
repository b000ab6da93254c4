import { describe, expect, it } from 'vitest';
import type { StateMachineDocument } from '../../../../engine/api/schemas/stacks';
import {
  addTransition,
  freshStateName,
  freshTrigger,
  placeStates,
  removeState,
  renameState,
  stateNameProblem,
  updateState,
  updateTransition,
} from './machine-edits';

const machine: StateMachineDocument = {
  states: [{ name: 'new', initial: true }, { name: 'deploying' }, { name: 'active' }, { name: 'failed' }],
  transitions: [
    { from: 'new', to: 'deploying', trigger: 'deploy', workflow: 'deploy', timeout: { seconds: 60, target: 'failed' } },
    { from: 'deploying', to: 'active', trigger: 'deploy.succeeded' },
    { from: 'deploying', to: 'failed', trigger: 'deploy.failed' },
  ],
};

describe('state machine edits', () => {
  it('renames a state everywhere the transitions name it, timeouts included', () => {
    const next = renameState(machine, 'failed', 'broken');
    expect(next.states.map((state) => state.name)).toEqual(['new', 'deploying', 'active', 'broken']);
    expect(next.transitions[0]?.timeout?.target).toBe('broken');
    expect(next.transitions[2]?.to).toBe('broken');
  });

  it('refuses names the engine would refuse, and duplicates', () => {
    expect(stateNameProblem(machine, 1, 'Deploying')).toMatch(/lowercase/);
    expect(stateNameProblem(machine, 1, 'active')).toMatch(/already/);
    expect(stateNameProblem(machine, 1, 'deploying')).toBeNull();
    expect(freshStateName(machine)).toBe('state_5');
  });

  it('removes a state with its transitions and the timeouts that lead to it', () => {
    const next = removeState(machine, 3);
    expect(next.states).toHaveLength(3);
    expect(next.transitions).toHaveLength(2);
    expect(next.transitions[0]).toEqual({ from: 'new', to: 'deploying', trigger: 'deploy', workflow: 'deploy' });
  });

  it('adds transitions with a trigger the source state does not use yet, loops included', () => {
    expect(freshTrigger(machine, 'deploying', 'active')).toBe('to-active');
    const once = addTransition(machine, 'active', 'failed');
    const twice = addTransition(once, 'active', 'failed');
    expect(twice.transitions.slice(-2).map((transition) => transition.trigger)).toEqual(['to-failed', 'to-failed-2']);
    expect(addTransition(machine, 'active', 'active').transitions.at(-1)).toEqual({ from: 'active', to: 'active', trigger: 'refresh' });
  });

  it('drops optional fields set empty instead of storing "" or false', () => {
    const cleared = updateTransition(machine, 0, { workflow: undefined, guard: '', timeout: undefined });
    expect(cleared.transitions[0]).toEqual({ from: 'new', to: 'deploying', trigger: 'deploy' });
    expect(updateState(machine, 0, { initial: false }).states[0]).toEqual({ name: 'new' });
  });

  it('fixes the states at rounded positions', () => {
    const placed = placeStates(machine, new Map([['active', { x: 10.4, y: 20.6 }]]));
    expect(placed.states[2]?.position).toEqual({ x: 10, y: 21 });
    expect(placed.states[0]?.position).toBeUndefined();
  });
});
