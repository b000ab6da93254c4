import type { TopologyDocument } from '../api/schemas/topology.js';
import { compileValidator, type JsonSchema } from '../components/json-schema.js';
import { NimbusError, type FieldIssue } from '../errors.js';
import type { ComponentDefinition, ComponentLookup } from './component-definition.js';
import { DependencyCycleError, planGroups } from './plan-groups.js';
import { topologyDependencies, wireProblem } from './resolve-topology.js';
import { excerpt } from '../text/excerpt.js';

export type TopologyIssue = FieldIssue & { node?: string };

/**
 * Checks a topology without an environment: every component and version exists, every wire joins an
 * existing output to a compatible input, every required input has a source (user value, default,
 * wire or resolver binding), every value given by hand has the type and limits its input declares
 * (what planning would refuse later), and the dependencies have no cycle (named by its nodes).
 */
export function validateTopology(document: TopologyDocument, components: ComponentLookup): { issues: TopologyIssue[]; groups: string[][] } {
  const issues: TopologyIssue[] = [];
  let groups: string[][] = [];
  try {
    groups = planGroups(
      document.nodes.map((node) => node.id),
      topologyDependencies(document),
    );
  } catch (error) {
    if (!(error instanceof DependencyCycleError)) throw error;
    const labels = error.cycle.map((id) => document.nodes.find((node) => node.id === id)?.label ?? id);
    issues.push({ path: 'nodes', message: `dependency cycle: ${[...labels, labels[0]].join(' → ')}` });
  }
  const definitions = new Map<string, ComponentDefinition>();
  document.nodes.forEach((node, index) => {
    try {
      definitions.set(node.id, components(node.component));
    } catch (error) {
      if (!(error instanceof NimbusError)) throw error;
      issues.push({ node: node.label, path: `nodes[${index}].component`, message: error.message });
    }
  });
  document.wires.forEach((wire, index) => {
    const target = definitions.get(wire.target.node);
    if (!target) return;
    const problem = wireProblem(definitions.get(wire.source.node), wire.source.port, target, wire.target.port);
    if (problem)
      issues.push({ node: document.nodes.find((n) => n.id === wire.target.node)?.label, path: `wires[${index}]`, message: problem });
  });
  document.nodes.forEach((node, index) => {
    const definition = definitions.get(node.id);
    if (!definition) return;
    const properties = (definition.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
    const required = Array.isArray(definition.inputSchema.required) ? (definition.inputSchema.required as string[]) : [];
    const wired = new Set(document.wires.filter((wire) => wire.target.node === node.id).map((wire) => wire.target.port));
    for (const key of required) {
      const provided =
        node.params?.[key] !== undefined || properties[key]?.default !== undefined || wired.has(key) || key in definition.bindings;
      if (!provided)
        issues.push({
          node: node.label,
          path: `nodes[${index}].params.${key}`,
          message: `missing required parameter ${key} of ${definition.ref}`,
        });
    }
    for (const key of Object.keys(node.params ?? {})) {
      if (!(key in properties))
        issues.push({ node: node.label, path: `nodes[${index}].params.${key}`, message: `${definition.ref} has no input ${excerpt(key)}` });
      else if (wired.has(key))
        issues.push({ node: node.label, path: `nodes[${index}].params.${key}`, message: `${key} is both set by hand and wired` });
    }
    // The values given by hand against the contract; missing ones and unknown keys are said above.
    for (const issue of compileValidator(definition.inputSchema)(node.params ?? {})) {
      if (issue.missing !== undefined || issue.path === '/') continue;
      issues.push({
        node: node.label,
        path: `nodes[${index}].params${issue.path.replaceAll('/', '.')}`,
        message: `${issue.message} (${definition.ref})`,
      });
    }
  });
  return { issues, groups };
}
