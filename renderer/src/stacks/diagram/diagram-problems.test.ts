import { describe, expect, it } from 'vitest';
import { messagesFor, placeProblems } from './diagram-problems';

describe('diagram problems', () => {
  it('places problems on the states and transitions their paths name, in either path form', () => {
    const placed = placeProblems([
      { path: 'stateMachine.states.2', message: 'unreachable' },
      { path: 'stateMachine.transitions.3.to', message: 'unknown state' },
      { path: 'transitions.1.guard', message: 'bad guard' },
      { path: 'document.stateMachine.transitions[0].trigger', message: 'bad trigger' },
      { path: 'stateMachine.states', message: 'two initial states' },
      { path: 'slots.0.component', message: 'not ours' },
      { path: 'operations.0.requiredStates.0', message: 'not ours either' },
    ]);
    expect(messagesFor(placed.states.get(2), '')).toEqual(['unreachable']);
    expect(messagesFor(placed.transitions.get(3), 'to')).toEqual(['unknown state']);
    expect(messagesFor(placed.transitions.get(1), 'guard')).toEqual(['bad guard']);
    expect(messagesFor(placed.transitions.get(0), 'trigger')).toEqual(['bad trigger']);
    expect(placed.general).toEqual(['two initial states']);
  });
});
