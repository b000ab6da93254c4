import type { StackDocument } from '../api/schemas/stacks.js';
import type { TopologyDocument } from '../api/schemas/topology.js';
import { compileExpression, type ExpressionValue } from '../expressions/expression.js';
import type { LateInputs } from '../planning/resolve-topology.js';
import type { Repositories } from '../store/ports/repositories.js';
import type { StackInstanceRecord } from '../store/ports/catalog-records.js';
import type { CheckedStack } from './stack-document-check.js';
import { slotReferences } from './stack-document-check.js';

/** The deployments of a stack instance are a topology of this name in the instance's environment. */
export function stackTopologyName(instanceName: string): string {
  return `stack:${instanceName}`;
}

/** The stack instance a deployed topology belongs to, if it is one's (see stackTopologyName). */
export async function instanceOfTopology(
  store: Pick<Repositories, 'stacks'>,
  environment: string,
  topology: string,
): Promise<StackInstanceRecord | undefined> {
  return topology.startsWith('stack:') ? store.stacks.instanceByName(environment, topology.slice('stack:'.length)) : undefined;
}

/** A stack instance as the topology the deploy engine runs, with the transforms it evaluates late. */
export interface StackTopology {
  name: string;
  document: TopologyDocument;
  late: LateInputs;
}

/**
 * Turns a stack version and an instance's parameters into a topology: one node per slot, ordered by
 * the slots' dependencies. Inputs that read only parameters are evaluated now (so resolution checks
 * them and a preview shows them); inputs that read upstream outputs are evaluated when their slot is
 * about to deploy. `input` is a day-2 operation's input, readable as `input.<name>`.
 */
export function stackTopology(
  instance: { name: string; params: Record<string, unknown> },
  document: StackDocument,
  checked: CheckedStack,
  options: { input?: Record<string, unknown> } = {},
): StackTopology {
  const lateBySlot = new Map<string, Map<string, { source: string; detail: string }>>();
  const scope = { params: instance.params, input: options.input ?? {} };
  const groupOf = new Map(checked.groups.flatMap((group, index) => group.map((slot) => [slot, index] as const)));
  const nodes: TopologyDocument['nodes'] = document.slots.map((slot, index) => {
    const params: Record<string, unknown> = {};
    const late = new Map<string, { source: string; detail: string }>();
    for (const [input, source] of Object.entries(slot.inputs)) {
      const expression = compileExpression(source);
      const upstream = [...new Set(slotReferences(expression).map((reference) => reference.slot))];
      if (upstream.length === 0) params[input] = expression.evaluate(scope);
      else
        late.set(input, {
          source,
          detail: `from ${source} (known after ${upstream.join(', ')} ${upstream.length === 1 ? 'is' : 'are'} deployed)`,
        });
    }
    lateBySlot.set(slot.name, late);
    return {
      id: slot.name,
      label: slot.name,
      component: slot.component,
      position: { x: (groupOf.get(slot.name) ?? 0) * 280, y: index * 140 },
      params,
      dependsOn: [...new Set(checked.dependencies.filter((d) => d.to === slot.name).map((d) => d.from))],
    };
  });
  return {
    name: stackTopologyName(instance.name),
    document: { schemaVersion: 1, nodes, wires: [] },
    late: {
      of: (slot) =>
        Object.fromEntries(
          [...(lateBySlot.get(slot) ?? new Map<string, { detail: string }>())].map(([input, { detail }]) => [input, detail]),
        ),
      evaluate: (slot, outputsOf) => {
        const slots = Object.fromEntries(document.slots.map((s) => [s.name, outputsOf(s.name) ?? {}]));
        return Object.fromEntries(
          [...(lateBySlot.get(slot) ?? [])].map(([input, { source }]) => [input, compileExpression(source).evaluate({ ...scope, slots })]),
        );
      },
    },
  };
}

/** The stack's outputs from its slots' outputs. */
export function stackOutputs(
  document: StackDocument,
  params: Record<string, unknown>,
  outputsOf: (slot: string) => Record<string, unknown> | undefined,
): Record<string, ExpressionValue> {
  const slots = Object.fromEntries(document.slots.map((slot) => [slot.name, outputsOf(slot.name) ?? {}]));
  return Object.fromEntries(
    Object.entries(document.outputs).map(([name, source]) => [name, compileExpression(source).evaluate({ params, slots })]),
  );
}
