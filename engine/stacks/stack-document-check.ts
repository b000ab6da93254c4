import type { StackDocument } from '../api/schemas/stacks.js';
import { isLifecycleWorkflow } from '../common/lifecycle-workflows.js';
import { checkContractSchema } from '../components/json-schema.js';
import type { FieldIssue } from '../errors.js';
import { compileExpression, type CompiledExpression } from '../expressions/expression.js';
import { validateStateMachine } from '../lifecycle/state-machine-validation.js';
import type { ComponentDefinition, ComponentLookup } from '../planning/component-definition.js';
import { DependencyCycleError, planGroups, type Dependency } from '../planning/plan-groups.js';

/** A checked stack: its slots' components and the order they deploy in. */
export interface CheckedStack {
  definitions: Map<string, ComponentDefinition>;
  dependencies: Dependency[];
  /** Slots in parallel groups, upstream first. */
  groups: string[][];
}

/** Slots an expression reads outputs of (`slots.<slot>.<output>`). */
export function slotReferences(expression: CompiledExpression): { slot: string; output: string | undefined }[] {
  return expression
    .references()
    .filter((path) => path[0] === 'slots' && path[1] !== undefined)
    .map((path) => ({ slot: path[1]!, output: path[2] }));
}

/**
 * Checks what a schema cannot: components exist at the pinned versions, slot inputs exist in their
 * contracts, expressions parse and read only declared parameters and upstream outputs, slots form a
 * DAG, the state machine is sound, and operations and routing rules name what exists. Every problem
 * is returned with its path in the document.
 */
export function checkStackDocument(
  document: StackDocument,
  components: ComponentLookup,
): { issues: FieldIssue[]; checked: CheckedStack | null } {
  const issues: FieldIssue[] = [];
  const definitions = new Map<string, ComponentDefinition>();
  const dependencies: Dependency[] = [];
  let parameterNames = new Set<string>();
  try {
    const schema = checkContractSchema(document.parameters, 'stack parameters');
    parameterNames = new Set(Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {}));
  } catch (error) {
    issues.push({ path: 'parameters', message: (error as Error).message });
  }

  if (document.slots.length === 0) issues.push({ path: 'slots', message: 'a stack needs at least one slot' });
  const slotNames = new Set<string>();
  document.slots.forEach((slot, index) => {
    if (slotNames.has(slot.name)) issues.push({ path: `slots.${index}.name`, message: `slot ${slot.name} is declared twice` });
    slotNames.add(slot.name);
    try {
      definitions.set(slot.name, components(slot.component));
    } catch (error) {
      issues.push({ path: `slots.${index}.component`, message: (error as Error).message });
    }
  });

  const checkExpression = (source: string, path: string, reader: string | null, scope: 'slot' | 'output'): void => {
    let expression: CompiledExpression;
    try {
      expression = compileExpression(source);
    } catch (error) {
      issues.push({ path, message: (error as Error).message });
      return;
    }
    for (const reference of expression.references()) {
      const [root, name, output] = reference;
      if (root === 'params') {
        if (name !== undefined && !parameterNames.has(name))
          issues.push({
            path,
            message: `reads params.${name}, which is not a stack parameter (${[...parameterNames].join(', ') || 'there are none'})`,
          });
      } else if (root === 'slots') {
        if (name === undefined || !slotNames.has(name)) {
          issues.push({ path, message: `reads slots.${name ?? ''}, which is not a slot (${[...slotNames].join(', ')})` });
          continue;
        }
        if (name === reader) {
          issues.push({ path, message: `slot ${reader} reads its own output` });
          continue;
        }
        const outputs = Object.keys((definitions.get(name)?.outputSchema.properties as Record<string, unknown> | undefined) ?? {});
        if (output !== undefined && definitions.has(name) && !outputs.includes(output)) {
          issues.push({
            path,
            message: `reads slots.${name}.${output}, but ${definitions.get(name)!.ref} has no output ${output} (outputs: ${outputs.join(', ')})`,
          });
        }
        if (reader) dependencies.push({ from: name, to: reader });
      } else if (!(scope === 'slot' && root === 'input')) {
        issues.push({ path, message: `reads ${root}; slot inputs and outputs read only params and slots` });
      }
    }
  };

  document.slots.forEach((slot, index) => {
    const definition = definitions.get(slot.name);
    const inputs = Object.keys((definition?.inputSchema.properties as Record<string, unknown> | undefined) ?? {});
    for (const [input, source] of Object.entries(slot.inputs)) {
      if (definition && !inputs.includes(input))
        issues.push({
          path: `slots.${index}.inputs.${input}`,
          message: `${definition.ref} has no input ${input} (inputs: ${inputs.join(', ')})`,
        });
      checkExpression(source, `slots.${index}.inputs.${input}`, slot.name, 'slot');
    }
    // A required input needs a value from somewhere: an expression, a resolver or a default.
    const properties = (definition?.inputSchema.properties as Record<string, { default?: unknown }> | undefined) ?? {};
    for (const input of (definition?.inputSchema.required as string[] | undefined) ?? []) {
      if (slot.inputs[input] === undefined && !(input in (definition?.bindings ?? {})) && properties[input]?.default === undefined) {
        issues.push({
          path: `slots.${index}.inputs.${input}`,
          message: `${definition!.ref} requires ${input}, and no expression, resolver or default gives it`,
        });
      }
    }
    for (const upstream of slot.dependsOn ?? []) {
      if (!slotNames.has(upstream))
        issues.push({ path: `slots.${index}.dependsOn`, message: `depends on ${upstream}, which is not a slot` });
      else dependencies.push({ from: upstream, to: slot.name });
    }
  });
  for (const [output, source] of Object.entries(document.outputs)) checkExpression(source, `outputs.${output}`, null, 'output');

  for (const problem of validateStateMachine(document.stateMachine, document.operations))
    issues.push({ path: problem.path, message: problem.message });

  const operationNames = new Set<string>();
  document.operations.forEach((operation, index) => {
    if (operationNames.has(operation.name))
      issues.push({ path: `operations.${index}.name`, message: `operation ${operation.name} is declared twice` });
    if (isLifecycleWorkflow(operation.name))
      issues.push({
        path: `operations.${index}.name`,
        message: `${operation.name} is a lifecycle workflow; name the operation differently`,
      });
    operationNames.add(operation.name);
    try {
      checkContractSchema(operation.inputSchema, `input of operation ${operation.name}`);
    } catch (error) {
      issues.push({ path: `operations.${index}.inputSchema`, message: (error as Error).message });
    }
    operation.steps.forEach((step, stepIndex) => {
      if ('slot' in step && step.slot !== undefined && !slotNames.has(step.slot))
        issues.push({ path: `operations.${index}.steps.${stepIndex}.slot`, message: `names ${step.slot}, which is not a slot` });
      if (step.kind === 'redeploy') {
        for (const [name, source] of Object.entries(step.params ?? {})) {
          const path = `operations.${index}.steps.${stepIndex}.params.${name}`;
          if (!parameterNames.has(name))
            issues.push({
              path,
              message: `sets ${name}, which is not a stack parameter (${[...parameterNames].join(', ') || 'there are none'})`,
            });
          try {
            const roots = compileExpression(source)
              .references()
              .map((reference) => reference[0]);
            const outside = roots.filter((root) => root !== 'params' && root !== 'input');
            if (outside.length > 0) issues.push({ path, message: `reads ${outside[0]}; a parameter change reads only params and input` });
          } catch (error) {
            issues.push({ path, message: (error as Error).message });
          }
        }
      }
    });
  });
  document.routing.forEach((rule, index) => {
    if (!rule.filter) return;
    try {
      compileExpression(rule.filter);
    } catch (error) {
      issues.push({ path: `routing.${index}.filter`, message: (error as Error).message });
    }
  });

  let groups: string[][] = [];
  try {
    groups = planGroups(
      [...slotNames],
      dependencies.filter((d) => slotNames.has(d.from) && slotNames.has(d.to)),
    );
  } catch (error) {
    if (error instanceof DependencyCycleError)
      issues.push({ path: 'slots', message: `the slots form a cycle: ${[...error.cycle, error.cycle[0]].join(' → ')}` });
    else throw error;
  }
  return { issues, checked: issues.length === 0 ? { definitions, dependencies, groups } : null };
}
