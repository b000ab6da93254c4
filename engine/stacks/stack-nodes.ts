import type { StackDocument } from '../api/schemas/stacks.js';
import type { TopologyDocument, TopologyNode } from '../api/schemas/topology.js';
import { NimbusError } from '../errors.js';
import { compileExpression, type CompiledExpression, type ExpressionValue } from '../expressions/expression.js';
import type { ComponentDefinition, ComponentLookup } from '../planning/component-definition.js';
import type { LateInputs } from '../planning/resolve-topology.js';
import type { CheckedStack } from './stack-document-check.js';
import { slotReferences } from './stack-document-check.js';
import { excerpt } from '../text/excerpt.js';

const STACK_REF = /^stack:([a-z][a-z0-9-]{0,62})@(\d+)$/;

/** A topology node that places a stack: its component is `stack:NAME@VERSION`. */
export function parseStackRef(ref: string): { name: string; version: number } | null {
  const match = STACK_REF.exec(ref);
  return match ? { name: match[1]!, version: Number(match[2]) } : null;
}

/** A published stack version with its checked slots. */
export type StackVersionLookup = (name: string, version: number) => { document: StackDocument; checked: CheckedStack };

/**
 * A stack seen as one node of a topology, for design and planning: its parameters are the node's
 * inputs (with their schema), its outputs the node's outputs, and its provider the one its slots share.
 */
export function stackAsComponent(ref: string, stacks: StackVersionLookup): ComponentDefinition {
  const parsed = parseStackRef(ref);
  if (!parsed) throw new NimbusError('component_ref_invalid', `${excerpt(ref)} is not a stack reference (stack:name@version)`, { ref });
  const { document, checked } = stacks(parsed.name, parsed.version);
  const providers = [...new Set([...checked.definitions.values()].map((definition) => definition.provider))];
  return {
    ref,
    name: `stack:${parsed.name}`,
    version: parsed.version,
    provider: providers.length === 1 ? providers[0]! : providers.join('+'),
    semanticType: 'Stack',
    inputSchema: document.parameters,
    outputSchema: {
      type: 'object',
      properties: Object.fromEntries(Object.entries(document.outputs).map(([name, source]) => [name, outputProperty(source, checked)])),
    },
    bindings: {},
  };
}

/** A stack output that passes a slot's output on unchanged keeps that output's schema (type, format). */
function outputProperty(source: string, checked: CheckedStack): Record<string, unknown> {
  const direct = /^slots\.([a-z][a-z0-9_-]*)\.([A-Za-z0-9_]+)$/.exec(source.trim());
  const property = direct
    ? (checked.definitions.get(direct[1]!)?.outputSchema.properties as Record<string, Record<string, unknown>> | undefined)?.[direct[2]!]
    : undefined;
  return { ...(property ?? {}), description: `stack output: ${source}` };
}

/** Components by reference, and stacks by `stack:NAME@VERSION`. */
export function withStacks(components: ComponentLookup, stacks: StackVersionLookup): ComponentLookup {
  return (ref) => (ref.startsWith('stack:') ? stackAsComponent(ref, stacks) : components(ref));
}

interface ExpandedStack {
  node: TopologyNode;
  document: StackDocument;
  /** Parameter values known now (defaults and the node's own values). */
  params: Record<string, unknown>;
  /** Parameters wired from another node's output. */
  wired: Map<string, { node: string; port: string }>;
  slotId(slot: string): string;
}

/**
 * Replaces each stack node of a topology by its slots, so the deploy engine runs a plain topology:
 * slot `x` of node `s` becomes node `s/x` (label `Label/x`), deployed with everything a component
 * node gets (dependency order, rollback, unchanged detection, crash recovery, CMDB). Slot inputs that read only
 * known parameters are evaluated now; inputs that read upstream outputs (other slots, or parameters
 * wired into the stack) and inputs wired from a stack's outputs are evaluated when their node is about
 * to deploy, as late inputs.
 */
export function expandStackNodes(
  document: TopologyDocument,
  stacks: StackVersionLookup,
): { document: TopologyDocument; late: LateInputs | undefined } {
  const expanded = new Map<string, ExpandedStack>();
  for (const node of document.nodes) {
    const parsed = parseStackRef(node.component);
    if (!parsed) continue;
    const { document: stack } = stacks(parsed.name, parsed.version);
    const params: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(
      (stack.parameters.properties as Record<string, { default?: unknown }> | undefined) ?? {},
    )) {
      if (property.default !== undefined) params[key] = structuredClone(property.default);
    }
    Object.assign(params, node.params ?? {});
    expanded.set(node.id, { node, document: stack, params, wired: new Map(), slotId: (slot) => `${node.id}/${slot}` });
  }
  if (expanded.size === 0) return { document, late: undefined };

  for (const wire of document.wires) {
    const target = expanded.get(wire.target.node);
    if (target) target.wired.set(wire.target.port, wire.source);
  }

  const late = new Map<string, Map<string, { detail: string; evaluate: (outputsOf: OutputsOf) => ExpressionValue; needs: string[] }>>();
  const addLate = (
    nodeId: string,
    input: string,
    entry: { detail: string; evaluate: (outputsOf: OutputsOf) => ExpressionValue; needs: string[] },
  ) => {
    if (!late.has(nodeId)) late.set(nodeId, new Map());
    late.get(nodeId)!.set(input, entry);
  };

  /** The value at the source of a wire: a node's output, or a stack node's output expression. */
  const sourceValue = (source: { node: string; port: string }, outputsOf: OutputsOf): ExpressionValue => {
    const stack = expanded.get(source.node);
    if (!stack) return (outputsOf(source.node)?.[source.port] ?? null) as ExpressionValue;
    const expression = stack.document.outputs[source.port];
    if (expression === undefined)
      throw new NimbusError('stack_output_unknown', `${stack.node.label} has no output ${source.port}`, {
        node: source.node,
        output: source.port,
      });
    return compileExpression(expression).evaluate(scopeOf(stack, outputsOf));
  };
  /** The nodes a source's value waits for. */
  const sourceNeeds = (source: { node: string; port: string }): string[] => {
    const stack = expanded.get(source.node);
    if (!stack) return [source.node];
    const expression = stack.document.outputs[source.port];
    const slots = expression ? slotReferences(compileExpression(expression)).map((reference) => reference.slot) : [];
    return [...new Set(slots.length ? slots : stack.document.slots.map((slot) => slot.name))].map(stack.slotId);
  };
  const scopeOf = (stack: ExpandedStack, outputsOf: OutputsOf) => ({
    params: { ...stack.params, ...Object.fromEntries([...stack.wired].map(([param, source]) => [param, sourceValue(source, outputsOf)])) },
    slots: Object.fromEntries(stack.document.slots.map((slot) => [slot.name, outputsOf(stack.slotId(slot.name)) ?? {}])),
  });

  const nodes: TopologyNode[] = [];
  const dependsOnExpanded = (ids: readonly string[]) =>
    ids.flatMap((id) => (expanded.has(id) ? expanded.get(id)!.document.slots.map((slot) => expanded.get(id)!.slotId(slot.name)) : [id]));
  for (const node of document.nodes) {
    const stack = expanded.get(node.id);
    if (!stack) {
      nodes.push({ ...node, ...(node.dependsOn ? { dependsOn: dependsOnExpanded(node.dependsOn) } : {}) });
      continue;
    }
    stack.document.slots.forEach((slot, index) => {
      const id = stack.slotId(slot.name);
      const params: Record<string, unknown> = {};
      const needs = new Set<string>([...dependsOnExpanded(node.dependsOn ?? []), ...(slot.dependsOn ?? []).map(stack.slotId)]);
      for (const [input, source] of Object.entries(slot.inputs)) {
        const expression: CompiledExpression = compileExpression(source);
        const references = expression.references();
        const upstreamSlots = slotReferences(expression).map((reference) => stack.slotId(reference.slot));
        const wiredParams = references
          .filter((path) => path[0] === 'params' && path[1] !== undefined && stack.wired.has(path[1]))
          .map((path) => stack.wired.get(path[1]!)!);
        if (upstreamSlots.length === 0 && wiredParams.length === 0) {
          params[input] = expression.evaluate({ params: stack.params, slots: {} });
          continue;
        }
        const inputNeeds = [...upstreamSlots, ...wiredParams.flatMap(sourceNeeds)];
        inputNeeds.forEach((need) => needs.add(need));
        addLate(id, input, {
          detail: `from ${source} (known after ${[...new Set(inputNeeds)].join(', ')} deploy)`,
          evaluate: (outputsOf) => expression.evaluate(scopeOf(stack, outputsOf)),
          needs: inputNeeds,
        });
      }
      nodes.push({
        id,
        label: `${node.label}/${slot.name}`.slice(0, 200),
        component: slot.component,
        position: { x: node.position.x + (index % 2) * 40, y: node.position.y + index * 40 },
        params,
        ...(needs.size > 0 ? { dependsOn: [...needs] } : {}),
      });
    });
  }

  const wires = document.wires.filter((wire) => !expanded.has(wire.source.node) && !expanded.has(wire.target.node));
  for (const wire of document.wires.filter((w) => expanded.has(w.source.node) && !expanded.has(w.target.node))) {
    const needs = sourceNeeds(wire.source);
    const target = nodes.find((node) => node.id === wire.target.node)!;
    target.dependsOn = [...new Set([...(target.dependsOn ?? []), ...needs])];
    addLate(wire.target.node, wire.target.port, {
      detail: `from ${expanded.get(wire.source.node)!.node.label}.${wire.source.port} (known after it deploys)`,
      evaluate: (outputsOf) => sourceValue(wire.source, outputsOf),
      needs,
    });
  }

  return {
    document: { ...document, nodes, wires, ...(document.frames ? { frames: document.frames } : {}) },
    late: {
      of: (nodeId) =>
        Object.fromEntries([...(late.get(nodeId) ?? new Map<string, { detail: string }>())].map(([input, entry]) => [input, entry.detail])),
      evaluate: (nodeId, outputsOf) =>
        Object.fromEntries([...(late.get(nodeId) ?? [])].map(([input, entry]) => [input, entry.evaluate(outputsOf)])),
    },
  };
}

type OutputsOf = (nodeId: string) => Record<string, unknown> | undefined;
