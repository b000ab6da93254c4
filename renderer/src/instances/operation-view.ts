import type { InstanceOperation, OperationStep, StackDocument } from './instance-entities';

/** A day-2 operation as the instance page shows it: what the engine allows now, with the document's input schema and steps. */
export interface OperationView extends InstanceOperation {
  inputSchema: Record<string, unknown>;
  steps: readonly OperationStep[];
}

/**
 * Joins the engine's verdict on each operation (`allowed` now, which also accounts for a running
 * workflow) with its definition in the document the instance runs.
 */
export function operationViews(operations: readonly InstanceOperation[], document: StackDocument): OperationView[] {
  return operations.map((operation) => {
    const definition = document.operations.find((candidate) => candidate.name === operation.name);
    return { ...operation, inputSchema: definition?.inputSchema ?? { type: 'object', properties: {} }, steps: definition?.steps ?? [] };
  });
}

/** Where an operation may run, worded for its disabled button: "Runs only in degraded", "Runs only in active or degraded". */
export function requiredStatesHint(states: readonly string[]): string {
  if (states.length === 0) return 'Runs in no state';
  const list = states.length === 1 ? states[0] : `${states.slice(0, -1).join(', ')} or ${states.at(-1)}`;
  return `Runs only in ${list}`;
}

/**
 * Whether the machine has a transition from `state` that runs `workflow` (destroy, upgrade): the engine
 * refuses the request otherwise, so its button is disabled with the states that would allow it.
 */
export function workflowStates(document: StackDocument, workflow: string): string[] {
  return [
    ...new Set(
      document.stateMachine.transitions.filter((transition) => transition.workflow === workflow).map((transition) => transition.from),
    ),
  ];
}
