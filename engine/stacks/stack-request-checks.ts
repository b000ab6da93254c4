import type { StackDocument, StackOperation } from '../api/schemas/stacks.js';
import { compileValidator } from '../components/json-schema.js';
import { ValidationError } from '../errors.js';
import type { ErrorCode } from '../common/error-codes.js';
import type { MachineView } from '../lifecycle/stack-machine.js';
import { StackStateError } from './stack-state-error.js';

/** The code of a lifecycle workflow refused in the instance's state. */
const NOT_ALLOWED = {
  deploy: 'deploy_not_allowed',
  destroy: 'destroy_not_allowed',
  upgrade: 'upgrade_not_allowed',
} as const satisfies Record<string, ErrorCode>;

/**
 * The trigger of the transition from `state` that runs `workflow`; refused naming the states that
 * have one, so a lifecycle request fails before anything runs.
 */
export function triggerRunning(document: StackDocument, state: string, workflow: keyof typeof NOT_ALLOWED): string {
  const transition = document.stateMachine.transitions.find((t) => t.from === state && t.workflow === workflow);
  if (transition) return transition.trigger;
  const states = [...new Set(document.stateMachine.transitions.filter((t) => t.workflow === workflow).map((t) => t.from))];
  throw new StackStateError(
    NOT_ALLOWED[workflow],
    states.length
      ? `${workflow} is possible only from ${states.join(' or ')}; the instance is ${state}`
      : `The stack's state machine has no transition that runs ${workflow}`,
    { state, allowed: states },
  );
}

/** An instance's parameters with the document's defaults filled in, refused when they do not match its schema. */
export function checkParams(document: StackDocument, params: Record<string, unknown>, what: string): Record<string, unknown> {
  const withDefaults: Record<string, unknown> = { ...params };
  for (const [key, property] of Object.entries(
    (document.parameters.properties as Record<string, { default?: unknown }> | undefined) ?? {},
  )) {
    if (withDefaults[key] === undefined && property.default !== undefined) withDefaults[key] = structuredClone(property.default);
  }
  assertMatches(document.parameters, withDefaults, what);
  return withDefaults;
}

/** A day-2 operation's input, refused when it does not match the operation's input schema. */
export function checkInput(operation: StackOperation, input: Record<string, unknown>): Record<string, unknown> {
  assertMatches(operation.inputSchema, input, `input of operation ${operation.name}`);
  return input;
}

/** Refuses a request while the instance runs a workflow: one workflow at a time per instance. */
export function refuseIfBusy(name: string, view: MachineView): void {
  if (view.busy) {
    throw new StackStateError(
      'stack_instance_busy',
      `${name} is running ${view.activity?.workflow}; wait for it to finish or cancel its job`,
      { activity: view.activity?.workflow },
    );
  }
}

/** Throws a ValidationError naming every field of `value` that `schema` refuses. */
function assertMatches(schema: Record<string, unknown>, value: unknown, what: string): void {
  const issues = compileValidator(schema)(value);
  if (issues.length > 0) {
    throw new ValidationError(
      what,
      issues.map((issue) => ({
        path: issue.missing ?? issue.path.replace(/^\//, '').replaceAll('/', '.'),
        message: issue.missing ? 'missing required parameter' : issue.message,
      })),
    );
  }
}
