import type {
  OperationStep,
  RoutingRule,
  StackDocument,
  StackOperation,
  StackSlot,
  StateMachineDocument,
} from '../../../../engine/api/schemas/stacks';
import { STACK_IDENTIFIER_PATTERN, STACK_KEY_MAX_LENGTH } from '../../../../engine/common/identifiers';

/** Why `name` cannot be the new name of slot `index`, or null when it can. */
export function slotNameProblem(document: StackDocument, index: number, name: string): string | null {
  if (!STACK_IDENTIFIER_PATTERN.test(name)) return 'Use lowercase letters, digits, - or _, starting with a letter.';
  if (document.slots.some((slot, other) => other !== index && slot.name === name)) return `There is already a slot ${name}.`;
  return null;
}

/** A slot name derived from the component (`local-vm@1` → `vm`, then `vm_2`, …) that no slot has. */
export function freshSlotName(document: StackDocument, component: string): string {
  const stem = (component.split('@')[0] ?? 'slot').replace(/^(local|proxmox)-/, '').replace(/[^a-z0-9_-]/g, '') || 'slot';
  const base = /^[a-z]/.test(stem) ? stem.slice(0, 50) : `slot-${stem}`.slice(0, 50);
  const taken = new Set(document.slots.map((slot) => slot.name));
  if (!taken.has(base)) return base;
  for (let count = 2; ; count += 1) if (!taken.has(`${base}_${count}`)) return `${base}_${count}`;
}

export function addSlot(document: StackDocument, component: string): StackDocument {
  return { ...document, slots: [...document.slots, { name: freshSlotName(document, component), component, inputs: {} }] };
}

export function updateSlot(document: StackDocument, index: number, patch: Partial<StackSlot>): StackDocument {
  return {
    ...document,
    slots: document.slots.map((slot, at) => {
      if (at !== index) return slot;
      const next = { ...slot, ...patch };
      if (next.dependsOn && next.dependsOn.length === 0) delete next.dependsOn;
      return next;
    }),
  };
}

/** Sets one input's expression; an empty expression removes the input (its default applies). */
export function setSlotInput(document: StackDocument, index: number, input: string, expression: string): StackDocument {
  const slot = document.slots[index];
  if (!slot) return document;
  const inputs = { ...slot.inputs };
  if (expression.trim() === '') delete inputs[input];
  else inputs[input] = expression;
  return updateSlot(document, index, { inputs });
}

/** Removes a slot and every `dependsOn` entry naming it (expressions that read it are left for the problems list). */
export function removeSlot(document: StackDocument, index: number): StackDocument {
  const name = document.slots[index]?.name;
  if (name === undefined) return document;
  return {
    ...document,
    slots: document.slots
      .filter((_, at) => at !== index)
      .map((slot) =>
        slot.dependsOn?.includes(name)
          ? updateSlotDepends(
              slot,
              slot.dependsOn.filter((other) => other !== name),
            )
          : slot,
      ),
  };
}

function updateSlotDepends(slot: StackSlot, dependsOn: string[]): StackSlot {
  const { dependsOn: _old, ...rest } = slot;
  return dependsOn.length > 0 ? { ...rest, dependsOn } : rest;
}

/** `slots.<from>` in an expression becomes `slots.<to>` (outside string literals). */
export function renameSlotReference(expression: string, from: string, to: string): string {
  const pattern = new RegExp(`(?<![\\w.])slots\\.${from.replace(/[-]/g, '\\-')}(?![\\w-])`, 'g');
  return expression
    .split(/('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(pattern, `slots.${to}`)))
    .join('');
}

/** Renames a slot and everything that names it: expressions, `dependsOn`, operation steps. */
export function renameSlot(document: StackDocument, from: string, to: string): StackDocument {
  if (from === to) return document;
  const rewrite = (record: Record<string, string>) =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, renameSlotReference(value, from, to)]));
  return {
    ...document,
    slots: document.slots.map((slot) => ({
      ...slot,
      name: slot.name === from ? to : slot.name,
      inputs: rewrite(slot.inputs),
      ...(slot.dependsOn ? { dependsOn: slot.dependsOn.map((name) => (name === from ? to : name)) } : {}),
    })),
    outputs: rewrite(document.outputs),
    operations: document.operations.map((operation) => ({
      ...operation,
      steps: operation.steps.map((step) => ('slot' in step && step.slot === from ? { ...step, slot: to } : step)),
    })),
  };
}

/**
 * Takes a new state machine from the diagram into the document. A state renamed there is renamed in
 * the operations' required states too (the diagram knows only the machine).
 */
export function withStateMachine(document: StackDocument, machine: StateMachineDocument): StackDocument {
  const before = document.stateMachine.states;
  const after = machine.states;
  let operations = document.operations;
  if (before.length === after.length) {
    const renames = new Map<string, string>();
    before.forEach((state, index) => {
      const renamed = after[index]?.name;
      if (renamed !== undefined && renamed !== state.name) renames.set(state.name, renamed);
    });
    if (renames.size > 0) {
      operations = operations.map((operation) => ({
        ...operation,
        requiredStates: operation.requiredStates.map((name) => renames.get(name) ?? name),
      }));
    }
  }
  return { ...document, stateMachine: machine, operations };
}

/** Output names follow the engine's rule for the keys of a stack document: not empty, at most 100 characters. */
export function outputNameProblem(document: StackDocument, from: string, to: string): string | null {
  if (to.trim() === '' || to.length > STACK_KEY_MAX_LENGTH) return `Name the output (1 to ${STACK_KEY_MAX_LENGTH} characters).`;
  if (to !== from && to in document.outputs) return `There is already an output ${to}.`;
  return null;
}

/** Renames an output, keeping its place in the order. */
export function renameOutput(document: StackDocument, from: string, to: string): StackDocument {
  return {
    ...document,
    outputs: Object.fromEntries(Object.entries(document.outputs).map(([key, value]) => [key === from ? to : key, value])),
  };
}

export function freshKey(taken: Iterable<string>, base: string): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let count = 2; ; count += 1) if (!used.has(`${base}_${count}`)) return `${base}_${count}`;
}

/** A new operation that the draft accepts: one refresh step, allowed in the first state. */
export function newOperation(document: StackDocument): StackOperation {
  const name = freshKey(
    document.operations.map((operation) => operation.name),
    'operation',
  );
  const state =
    document.stateMachine.states.find((candidate) => !candidate.terminal && !candidate.initial) ?? document.stateMachine.states[0];
  return { name, inputSchema: { type: 'object', properties: {} }, requiredStates: state ? [state.name] : [], steps: [{ kind: 'refresh' }] };
}

export function updateOperation(document: StackDocument, index: number, patch: Partial<StackOperation>): StackDocument {
  return {
    ...document,
    operations: document.operations.map((operation, at) => {
      if (at !== index) return operation;
      const next: StackOperation = { ...operation, ...patch };
      for (const key of ['description', 'onSuccess', 'onFailure'] as const)
        if (next[key] === '' || next[key] === undefined) delete next[key];
      return next;
    }),
  };
}

/** A step of another kind keeps the slot it acted on when the new kind has one. */
export function stepOfKind(kind: OperationStep['kind'], previous: OperationStep): OperationStep {
  const slot = 'slot' in previous && previous.slot ? { slot: previous.slot } : {};
  switch (kind) {
    case 'refresh':
      return { kind, ...slot };
    case 'redeploy':
      return { kind, ...slot };
    case 'command':
      return { kind, ...slot, command: ['true'] };
    case 'wait':
      return { kind, seconds: 10 };
    case 'confirm':
      return { kind, message: 'Go on?' };
  }
}

export function updateRule(document: StackDocument, index: number, patch: Partial<RoutingRule>): StackDocument {
  return {
    ...document,
    routing: document.routing.map((rule, at) => {
      if (at !== index) return rule;
      const next = { ...rule, ...patch };
      if (!next.filter) delete next.filter;
      return next;
    }),
  };
}
