import { describe, expect, it } from 'vitest';
import type { StackOperation, StateMachineDocument } from '../api/schemas/stacks.js';
import { haWebStackDocument } from '../common/examples/ha-web-stack.js';
import { evaluateExpression, isTruthy } from '../expressions/expression.js';
import { compileStackMachine, operationEvent, workflowOutcome, type GuardEvaluator } from './stack-machine.js';
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

/** Guards read the event's payload, as the runtime's do. */
const guard: GuardEvaluator = (source, event) => isTruthy(evaluateExpression(source, { event: event.payload ?? {} }));

describe('compiled stack machine', () => {
  const machine = compileStackMachine(lifecycle, [heal]);
  /** Steps from a snapshot that went through JSON, as one read back from the store. */
  const step = (snapshot: unknown, event: Parameters<typeof machine.step>[1]) =>
    machine.step(JSON.parse(JSON.stringify(snapshot)), event, guard);

  it('records a transition workflow as the activity to run and follows its outcome trigger', () => {
    const started = step(machine.snapshotIn(), { type: 'deploy', input: { note: 1 } });
    expect(started).toMatchObject({ state: 'deploying', busy: true, change: { from: 'new', to: 'deploying', trigger: 'deploy' } });
    expect(started.activity).toMatchObject({ workflow: 'deploy', input: { note: 1 }, onSuccess: 'deploy.succeeded', escalation: 'failed' });
    // Nothing but the workflow's outcome moves a busy instance.
    expect(machine.can(started.snapshot, { type: 'retry' }, guard)).toBe(false);
    expect(step(started.snapshot, { type: 'retry' }).change).toBeNull();
    const done = step(started.snapshot, workflowOutcome({ ok: true }));
    expect(done).toMatchObject({ state: 'active', busy: false, activity: null });
    expect(done.change).toMatchObject({ from: 'deploying', to: 'active', trigger: 'deploy.succeeded', ended: { workflow: 'deploy' } });
  });

  it('routes a failed workflow to its failure trigger and keeps the error', () => {
    const started = step(machine.snapshotIn(), { type: 'deploy' });
    const failed = step(started.snapshot, workflowOutcome({ ok: false, error: 'provider exploded' }));
    expect(failed).toMatchObject({ state: 'failed', lastError: 'provider exploded' });
    expect(failed.change).toMatchObject({ trigger: 'deploy.failed', cancelled: false });
  });

  it('takes the failure trigger of a cancelled workflow without recording an error, and says it was cancelled', () => {
    const started = step(machine.snapshotIn(), { type: 'deploy' });
    const cancelled = step(started.snapshot, workflowOutcome({ ok: false, error: null, cancelled: true }));
    expect(cancelled).toMatchObject({ state: 'failed', lastError: null });
    expect(cancelled.change).toMatchObject({ from: 'deploying', to: 'failed', trigger: 'deploy.failed', cancelled: true, lastError: null });
    // A real failure afterwards is recorded as one, and not as cancelled.
    const retried = step(cancelled.snapshot, { type: 'retry' });
    const failed = step(retried.snapshot, workflowOutcome({ ok: false, error: 'provider exploded' }));
    expect(failed.change).toMatchObject({ trigger: 'deploy.failed', cancelled: false, lastError: 'provider exploded' });
  });

  it('evaluates guards against the event', () => {
    const active = step(step(machine.snapshotIn(), { type: 'deploy' }).snapshot, workflowOutcome({ ok: true }));
    expect(step(active.snapshot, { type: 'object.lost', payload: { kind: 'disk' } }).change).toBeNull();
    expect(machine.can(active.snapshot, { type: 'object.lost', payload: { kind: 'vm' } }, guard)).toBe(true);
    expect(step(active.snapshot, { type: 'object.lost', payload: { kind: 'vm' } }).change).toMatchObject({
      from: 'active',
      to: 'degraded',
    });
  });

  it('runs an operation only in its required states and sends its completion trigger', () => {
    expect(step(machine.snapshotIn(), operationEvent(heal, {})).change).toBeNull();
    const degraded = step(machine.snapshotIn('active'), { type: 'object.lost', payload: { kind: 'vm' } });
    const healing = step(degraded.snapshot, operationEvent(heal, { force: true }));
    expect(healing.change).toMatchObject({ from: 'degraded', to: 'degraded', busy: true, trigger: 'operation heal' });
    expect(healing.activity).toMatchObject({ workflow: 'heal', input: { force: true }, onSuccess: 'healed' });
    expect(step(healing.snapshot, workflowOutcome({ ok: true }))).toMatchObject({ state: 'active', change: { trigger: 'healed' } });
  });

  it('escalates a workflow that outlived its timeout to the declared state', () => {
    const timed = compileStackMachine(
      {
        ...lifecycle,
        transitions: lifecycle.transitions.map((t) => (t.trigger === 'deploy' ? { ...t, timeout: { seconds: 1, target: 'failed' } } : t)),
      },
      [heal],
    );
    const started = timed.step(timed.snapshotIn(), { type: 'deploy' }, guard);
    expect(Date.parse(started.activity!.deadline!) - Date.parse(started.activity!.startedAt)).toBe(1000);
    const escalated = timed.step(
      started.snapshot,
      workflowOutcome({ ok: false, error: 'deploy did not finish within its timeout', timedOut: true }),
      guard,
    );
    expect(escalated).toMatchObject({ state: 'failed', busy: false, lastError: 'deploy did not finish within its timeout' });
    expect(escalated.change).toMatchObject({ trigger: 'timeout' });
  });

  it('starts in a given state for an instance moving to a new machine version', () => {
    expect(machine.view(machine.snapshotIn('degraded'))).toEqual({ state: 'degraded', busy: false, activity: null, lastError: null });
  });

  it('restores a snapshot that still holds the invoked workflow of an earlier Nimbus, keeping its activity', () => {
    const started = step(machine.snapshotIn(), { type: 'deploy', input: { attempt: 1 } });
    const earlier = { ...(started.snapshot as object), children: { workflow: { src: 'workflow', snapshot: { status: 'active' } } } };
    expect(machine.view(earlier)).toMatchObject({ state: 'deploying', busy: true, activity: { input: { attempt: 1 } } });
    expect(step(earlier, workflowOutcome({ ok: true })).state).toBe('active');
  });
});
