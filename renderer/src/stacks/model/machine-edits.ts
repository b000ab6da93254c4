import type { StackState, StackTransition, StateMachineDocument } from '../../../../engine/api/schemas/stacks';
import { STACK_IDENTIFIER_PATTERN } from '../../../../engine/common/identifiers';

/** Why `name` cannot be the new name of state `index`, or null when it can. */
export function stateNameProblem(machine: StateMachineDocument, index: number, name: string): string | null {
  if (!STACK_IDENTIFIER_PATTERN.test(name)) return 'Use lowercase letters, digits, - or _, starting with a letter.';
  if (machine.states.some((state, other) => other !== index && state.name === name)) return `There is already a state ${name}.`;
  return null;
}

/** A name like `state_3` that no state has yet. */
export function freshStateName(machine: StateMachineDocument, base = 'state'): string {
  const taken = new Set(machine.states.map((state) => state.name));
  for (let count = machine.states.length + 1; ; count += 1) {
    const name = `${base}_${count}`;
    if (!taken.has(name)) return name;
  }
}

export function addState(machine: StateMachineDocument, state: StackState): StateMachineDocument {
  return { ...machine, states: [...machine.states, state] };
}

export function updateState(machine: StateMachineDocument, index: number, patch: Partial<StackState>): StateMachineDocument {
  return { ...machine, states: machine.states.map((state, at) => (at === index ? dropEmpty({ ...state, ...patch }) : state)) };
}

/** Renames a state and every transition that names it (from, to, timeout target). */
export function renameState(machine: StateMachineDocument, from: string, to: string): StateMachineDocument {
  if (from === to) return machine;
  const swap = (name: string) => (name === from ? to : name);
  return {
    states: machine.states.map((state) => (state.name === from ? { ...state, name: to } : state)),
    transitions: machine.transitions.map((transition) => ({
      ...transition,
      from: swap(transition.from),
      to: swap(transition.to),
      ...(transition.timeout ? { timeout: { ...transition.timeout, target: swap(transition.timeout.target) } } : {}),
    })),
  };
}

/** Removes a state with the transitions that start or end there (a timeout into it is dropped too). */
export function removeState(machine: StateMachineDocument, index: number): StateMachineDocument {
  const name = machine.states[index]?.name;
  if (name === undefined) return machine;
  return {
    states: machine.states.filter((_, at) => at !== index),
    transitions: machine.transitions
      .filter((transition) => transition.from !== name && transition.to !== name)
      .map((transition) => {
        if (transition.timeout?.target !== name) return transition;
        const { timeout: _timeout, ...rest } = transition;
        return rest;
      }),
  };
}

/** A trigger for a new transition that `from` does not react to yet (one trigger leads to one state). */
export function freshTrigger(machine: StateMachineDocument, from: string, to: string): string {
  const taken = new Set(machine.transitions.filter((transition) => transition.from === from).map((transition) => transition.trigger));
  const base = from === to ? 'refresh' : `to-${to}`.replace(/_/g, '-');
  if (!taken.has(base)) return base;
  for (let count = 2; ; count += 1) if (!taken.has(`${base}-${count}`)) return `${base}-${count}`;
}

export function addTransition(machine: StateMachineDocument, from: string, to: string): StateMachineDocument {
  return { ...machine, transitions: [...machine.transitions, { from, to, trigger: freshTrigger(machine, from, to) }] };
}

export function updateTransition(machine: StateMachineDocument, index: number, patch: Partial<StackTransition>): StateMachineDocument {
  return {
    ...machine,
    transitions: machine.transitions.map((transition, at) => (at === index ? dropEmpty({ ...transition, ...patch }) : transition)),
  };
}

export function removeTransition(machine: StateMachineDocument, index: number): StateMachineDocument {
  return { ...machine, transitions: machine.transitions.filter((_, at) => at !== index) };
}

/** Fixes every state at the given positions (a drag freezes the automatic layout so nothing else moves). */
export function placeStates(machine: StateMachineDocument, positions: ReadonlyMap<string, { x: number; y: number }>): StateMachineDocument {
  return {
    ...machine,
    states: machine.states.map((state) => {
      const position = positions.get(state.name);
      return position ? { ...state, position: { x: Math.round(position.x), y: Math.round(position.y) } } : state;
    }),
  };
}

/** Optional fields left empty are removed, not stored as `""` or `false`, so the document stays minimal. */
function dropEmpty<T extends object>(value: T): T {
  const entries = Object.entries(value).filter(([, field]) => field !== undefined && field !== '' && field !== false);
  return Object.fromEntries(entries) as T;
}
