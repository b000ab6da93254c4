import type { StackOperation, StateMachineDocument } from '../api/schemas/stacks.js';
import { LIFECYCLE_WORKFLOWS } from '../common/lifecycle-workflows.js';
import { NimbusError } from '../errors.js';
import { compileExpression, type ExpressionError } from '../expressions/expression.js';

/** What is wrong with a state machine document, with a stable code per kind of problem. */
export interface MachineProblem {
  code:
    | 'no_initial_state'
    | 'several_initial_states'
    | 'duplicate_state'
    | 'unknown_state'
    | 'unreachable_state'
    | 'ambiguous_trigger'
    | 'terminal_state_has_transitions'
    | 'terminal_state_runs_workflow'
    | 'unknown_workflow'
    | 'invalid_guard';
  message: string;
  /** Where in the stack document, e.g. `stateMachine.transitions.3.to`. */
  path: string;
}

/** A state machine document that cannot be compiled; `details.problems` lists every problem found. */
export class StateMachineError extends NimbusError {
  override name = 'StateMachineError';
  constructor(readonly problems: MachineProblem[]) {
    super(
      problems[0]!.code,
      problems.length === 1 ? problems[0]!.message : `${problems.length} problems in the state machine; first: ${problems[0]!.message}`,
      { problems },
    );
  }
}

/**
 * Checks a state machine before it is compiled or published: exactly one initial state, every state
 * known and reachable from it, one transition per trigger and state, terminal states without exits,
 * workflows that exist and guards that parse. Every problem is reported, not only the first.
 */
export function validateStateMachine(machine: StateMachineDocument, operations: readonly StackOperation[] = []): MachineProblem[] {
  const problems: MachineProblem[] = [];
  const states = new Map<string, number>();
  machine.states.forEach((state, index) => {
    if (states.has(state.name))
      problems.push({
        code: 'duplicate_state',
        message: `State ${state.name} is declared twice`,
        path: `stateMachine.states.${index}.name`,
      });
    else states.set(state.name, index);
  });

  const initial = machine.states.filter((state) => state.initial);
  if (initial.length === 0)
    problems.push({
      code: 'no_initial_state',
      message: 'The state machine has no initial state; mark one state as initial',
      path: 'stateMachine.states',
    });
  if (initial.length > 1) {
    // Reported on every initial state after the first, so an editor can mark the ones to change.
    machine.states.forEach((state, index) => {
      if (state.initial && state !== initial[0]) {
        problems.push({
          code: 'several_initial_states',
          message: `State ${state.name} is initial, but ${initial[0]!.name} already is; exactly one state may be initial`,
          path: `stateMachine.states.${index}.initial`,
        });
      }
    });
  }

  const terminal = new Set(machine.states.filter((state) => state.terminal).map((state) => state.name));
  const workflows = new Set<string>([...LIFECYCLE_WORKFLOWS, ...operations.map((operation) => operation.name)]);
  const seenTriggers = new Map<string, number>();
  machine.transitions.forEach((transition, index) => {
    const at = `stateMachine.transitions.${index}`;
    const label = `Transition ${index + 1} (${transition.from} --${transition.trigger}--> ${transition.to})`;
    for (const [field, name] of [
      ['from', transition.from],
      ['to', transition.to],
      ['timeout.target', transition.timeout?.target],
    ] as const) {
      if (name !== undefined && !states.has(name))
        problems.push({ code: 'unknown_state', message: `${label}: ${field} names an unknown state ${name}`, path: `${at}.${field}` });
    }
    if (terminal.has(transition.from)) {
      problems.push({
        code: 'terminal_state_has_transitions',
        message: `${label}: ${transition.from} is terminal and cannot have outgoing transitions`,
        path: `${at}.from`,
      });
    }
    if (transition.workflow && terminal.has(transition.to)) {
      problems.push({
        code: 'terminal_state_runs_workflow',
        message: `${label}: the workflow ${transition.workflow} cannot run in the terminal state ${transition.to}`,
        path: `${at}.workflow`,
      });
    }
    if (transition.workflow && !workflows.has(transition.workflow)) {
      problems.push({
        code: 'unknown_workflow',
        message: `${label}: unknown workflow ${transition.workflow}; the workflows are ${[...workflows].join(', ')}`,
        path: `${at}.workflow`,
      });
    }
    const key = `${transition.from}\u0000${transition.trigger}`;
    const first = seenTriggers.get(key);
    if (first !== undefined) {
      problems.push({
        code: 'ambiguous_trigger',
        message: `${label}: state ${transition.from} already has a transition on ${transition.trigger} (transition ${first + 1}); one trigger may lead to one state`,
        path: `${at}.trigger`,
      });
    } else seenTriggers.set(key, index);
    if (transition.guard) {
      try {
        compileExpression(transition.guard);
      } catch (error) {
        problems.push({ code: 'invalid_guard', message: `${label}: guard: ${(error as ExpressionError).message}`, path: `${at}.guard` });
      }
    }
  });
  operations.forEach((operation, index) => {
    operation.requiredStates.forEach((name, stateIndex) => {
      if (!states.has(name))
        problems.push({
          code: 'unknown_state',
          message: `Operation ${operation.name}: required state ${name} is not a state of the machine`,
          path: `operations.${index}.requiredStates.${stateIndex}`,
        });
    });
  });

  if (initial.length >= 1) {
    const reachable = reachableStates(machine, initial[0]!.name);
    machine.states.forEach((state, index) => {
      if (!reachable.has(state.name) && !state.initial) {
        problems.push({
          code: 'unreachable_state',
          message: `State ${state.name} cannot be reached from the initial state ${initial[0]!.name}`,
          path: `stateMachine.states.${index}`,
        });
      }
    });
  }
  return problems;
}

/** Throws a StateMachineError listing every problem, if there is any. */
export function assertValidStateMachine(machine: StateMachineDocument, operations: readonly StackOperation[] = []): void {
  const problems = validateStateMachine(machine, operations);
  if (problems.length > 0) throw new StateMachineError(problems);
}

function reachableStates(machine: StateMachineDocument, initial: string): Set<string> {
  const reached = new Set([initial]);
  const queue = [initial];
  while (queue.length > 0) {
    const state = queue.shift()!;
    for (const transition of machine.transitions) {
      if (transition.from !== state) continue;
      for (const next of [transition.to, transition.timeout?.target]) {
        if (next && !reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
  }
  return reached;
}
