import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StackOperation, StateMachineDocument } from '../api/schemas/stacks.js';
import { haWebStackDocument } from '../common/examples/ha-web-stack.js';
import { evaluateExpression, isTruthy } from '../expressions/expression.js';
import { compileStackMachine, WorkflowCancelledError, type Activity, type MachineEffects, type StateChange } from './stack-machine.js';
import { StateMachineError, validateStateMachine } from './state-machine-validation.js';

// The HA web example's lifecycle, with a guard: only a lost machine degrades the instance.
const example = haWebStackDocument().stateMachine;
const lifecycle: StateMachineDocument = {
  ...example,
  transitions: example.transitions.map((transition) =>
    transition.trigger === 'object.lost' ? { ...transition, guard: "event.kind == 'vm'" } : transition,
  ),
};
const heal: StackOperation = {
  name: 'heal',
  requiredStates: ['degraded'],
  inputSchema: {},
  steps: [{ kind: 'wait', seconds: 0 }],
  onSuccess: 'healed',
};

/** Workflows that finish when the test says so. */
function controlledEffects() {
  const runs: { activity: Activity; resolve: (value: unknown) => void; reject: (error: Error) => void; signal: AbortSignal }[] = [];
  const effects: MachineEffects = {
    runWorkflow: (activity, signal) => new Promise((resolve, reject) => runs.push({ activity, resolve, reject, signal })),
    evaluateGuard: (source, event) => isTruthy(evaluateExpression(source, { event: event.payload ?? {} })),
  };
  return { effects, runs };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe('state machine validation', () => {
  const codes = (machine: StateMachineDocument, operations: StackOperation[] = []) =>
    validateStateMachine(machine, operations).map((problem) => problem.code);

  it('accepts a sound machine', () => {
    expect(validateStateMachine(lifecycle, [heal])).toEqual([]);
  });

  it('gives each kind of problem its own error', () => {
    expect(codes({ states: [{ name: 'a' }], transitions: [] })).toEqual(['no_initial_state']);
    expect(
      codes({
        states: [
          { name: 'a', initial: true },
          { name: 'b', initial: true },
        ],
        transitions: [{ from: 'a', to: 'b', trigger: 'go' }],
      }),
    ).toEqual(['several_initial_states']);
    expect(codes({ states: [{ name: 'a', initial: true }, { name: 'island' }], transitions: [] })).toEqual(['unreachable_state']);
    expect(
      codes({
        states: [{ name: 'a', initial: true }, { name: 'b' }, { name: 'c' }],
        transitions: [
          { from: 'a', to: 'b', trigger: 'go' },
          { from: 'a', to: 'c', trigger: 'go' },
        ],
      }),
    ).toContain('ambiguous_trigger');
    expect(codes({ states: [{ name: 'a', initial: true }], transitions: [{ from: 'a', to: 'nowhere', trigger: 'go' }] })).toEqual([
      'unknown_state',
    ]);
    expect(
      codes({
        states: [
          { name: 'a', initial: true },
          { name: 'end', terminal: true },
        ],
        transitions: [
          { from: 'a', to: 'end', trigger: 'stop' },
          { from: 'end', to: 'a', trigger: 'again' },
        ],
      }),
    ).toEqual(['terminal_state_has_transitions']);
    expect(
      codes({
        states: [{ name: 'a', initial: true }, { name: 'b' }],
        transitions: [{ from: 'a', to: 'b', trigger: 'go', workflow: 'dance' }],
      }),
    ).toEqual(['unknown_workflow']);
    expect(
      codes({
        states: [{ name: 'a', initial: true }, { name: 'b' }],
        transitions: [{ from: 'a', to: 'b', trigger: 'go', guard: 'event.x ==' }],
      }),
    ).toEqual(['invalid_guard']);
    expect(codes(lifecycle, [{ ...heal, requiredStates: ['sick'] }])).toEqual(['unknown_state']);
  });

  it('names the states and the transition in its messages', () => {
    const [problem] = validateStateMachine({
      states: [{ name: 'a', initial: true }, { name: 'b' }],
      transitions: [
        { from: 'a', to: 'b', trigger: 'go' },
        { from: 'a', to: 'b', trigger: 'go' },
      ],
    });
    expect(problem!.message).toMatch(/Transition 2 \(a --go--> b\): state a already has a transition on go \(transition 1\)/);
    expect(problem!.path).toBe('stateMachine.transitions.1.trigger');
    expect(() => compileStackMachine({ states: [], transitions: [] })).toThrow(StateMachineError);
  });
});

describe('compiled stack machine', () => {
  it('runs a transition workflow and follows its outcome trigger', async () => {
    const { effects, runs } = controlledEffects();
    const actor = compileStackMachine(lifecycle, [heal]).start(effects);
    expect(actor.state()).toBe('new');
    expect(actor.send({ type: 'deploy', input: { note: 1 } })).toEqual({ from: 'new', to: 'deploying', changed: true });
    expect(actor.busy()).toBe(true);
    expect(runs[0]!.activity).toMatchObject({
      workflow: 'deploy',
      input: { note: 1 },
      onSuccess: 'deploy.succeeded',
      escalation: 'failed',
    });
    // Nothing but the workflow's outcome moves a busy instance.
    expect(actor.can({ type: 'retry' })).toBe(false);
    runs[0]!.resolve('done');
    await tick();
    expect(actor.state()).toBe('active');
    expect(actor.busy()).toBe(false);
    actor.stop();
  });

  it('routes a failed workflow to its failure trigger and keeps the error', async () => {
    const { effects, runs } = controlledEffects();
    const actor = compileStackMachine(lifecycle, [heal]).start(effects);
    actor.send({ type: 'deploy' });
    runs[0]!.reject(new Error('provider exploded'));
    await tick();
    expect(actor.state()).toBe('failed');
    expect(actor.lastError()).toBe('provider exploded');
    actor.stop();
  });

  it('takes the failure trigger of a cancelled workflow without recording an error, and says it was cancelled', async () => {
    const { effects, runs } = controlledEffects();
    const actor = compileStackMachine(lifecycle, [heal]).start(effects);
    const changes: StateChange[] = [];
    actor.subscribe((change) => changes.push(change));
    actor.send({ type: 'deploy' });
    runs[0]!.reject(new WorkflowCancelledError('deploy was cancelled'));
    await tick();
    expect(actor.state()).toBe('failed');
    expect(actor.lastError()).toBeNull();
    expect(changes.at(-1)).toMatchObject({ from: 'deploying', to: 'failed', trigger: 'deploy.failed', cancelled: true, lastError: null });
    // A real failure afterwards is recorded as one, and not as cancelled.
    actor.send({ type: 'retry' });
    runs[1]!.reject(new Error('provider exploded'));
    await tick();
    expect(changes.at(-1)).toMatchObject({ trigger: 'deploy.failed', cancelled: false, lastError: 'provider exploded' });
    actor.stop();
  });

  it('evaluates guards against the event', async () => {
    const { effects, runs } = controlledEffects();
    const actor = compileStackMachine(lifecycle, [heal]).start(effects);
    actor.send({ type: 'deploy' });
    runs[0]!.resolve(null);
    await tick();
    expect(actor.send({ type: 'object.lost', payload: { kind: 'disk' } }).changed).toBe(false);
    expect(actor.send({ type: 'object.lost', payload: { kind: 'vm' } })).toMatchObject({ from: 'active', to: 'degraded', changed: true });
    actor.stop();
  });

  it('runs an operation only in its required states and sends its completion trigger', async () => {
    const { effects, runs } = controlledEffects();
    const machine = compileStackMachine(lifecycle, [heal]);
    const actor = machine.start(effects);
    expect(actor.startOperation(heal, {}).changed).toBe(false);
    actor.send({ type: 'deploy' });
    runs[0]!.resolve(null);
    await tick();
    actor.send({ type: 'object.lost', payload: { kind: 'vm' } });
    expect(actor.startOperation(heal, { force: true })).toMatchObject({ from: 'degraded', to: 'degraded', changed: true });
    expect(runs[1]!.activity).toMatchObject({ workflow: 'heal', input: { force: true }, onSuccess: 'healed' });
    runs[1]!.resolve(null);
    await tick();
    expect(actor.state()).toBe('active');
    actor.stop();
  });

  it('restores a persisted actor in its state and restarts an interrupted workflow with its input', async () => {
    const first = controlledEffects();
    const machine = compileStackMachine(lifecycle, [heal]);
    const actor = machine.start(first.effects);
    actor.send({ type: 'deploy', input: { attempt: 1 } });
    const persisted = JSON.parse(JSON.stringify(actor.persisted()));
    actor.stop();
    expect(first.runs[0]!.signal.aborted).toBe(true);

    const second = controlledEffects();
    const restored = machine.start(second.effects, persisted);
    expect(restored.state()).toBe('deploying');
    expect(second.runs[0]!.activity).toMatchObject({ workflow: 'deploy', input: { attempt: 1 } });
    second.runs[0]!.resolve(null);
    await tick();
    expect(restored.state()).toBe('active');
    restored.stop();
  });

  it('escalates a workflow that outlives its timeout, even after a restore', async () => {
    vi.useFakeTimers();
    const machine = compileStackMachine(
      {
        ...lifecycle,
        transitions: lifecycle.transitions.map((t) => (t.trigger === 'deploy' ? { ...t, timeout: { seconds: 1, target: 'failed' } } : t)),
      },
      [heal],
    );
    const { effects, runs } = controlledEffects();
    const actor = machine.start(effects);
    actor.send({ type: 'deploy' });
    const persisted = JSON.parse(JSON.stringify(actor.persisted()));
    actor.stop();
    const restored = machine.start(effects, persisted);
    const before = restored.state();
    await vi.advanceTimersByTimeAsync(999);
    expect([restored.state(), restored.busy()]).toEqual([before, true]);
    await vi.advanceTimersByTimeAsync(1);
    expect(restored.state()).toBe('failed');
    expect(restored.lastError()).toMatch(/did not finish within its timeout/);
    expect(runs.at(-1)!.signal.aborted).toBe(true);
    restored.stop();
  });

  it('starts in a given state for an instance moving to a new machine version', () => {
    const { effects } = controlledEffects();
    const actor = compileStackMachine(lifecycle, [heal]).startIn(effects, 'degraded');
    expect(actor.state()).toBe('degraded');
    expect(actor.busy()).toBe(false);
    actor.stop();
  });
});
