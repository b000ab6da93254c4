import type { ComponentContent, ComponentSummary } from '../../api/entities';
import { portSpecsFromSchema, type PortSpec } from './port-spec';

/** Everything the canvas and the inspector need of one published component version. */
export interface NodeContract {
  /** `name@version`, as nodes reference it. */
  ref: string;
  name: string;
  version: number;
  provider: string;
  semanticType: string;
  category: string;
  description: string;
  inputs: PortSpec[];
  outputs: PortSpec[];
  inputSchema: Record<string, unknown>;
  /** Input name → resolver binding (`{ resolver: 'ipam', … }`). */
  bindings: Record<string, unknown>;
  secretInputs: string[];
}

/** `local-vm@2` → `{ name: 'local-vm', version: 2 }`; null for a bare name or anything else. */
export function parseComponentRef(ref: string): { name: string; version: number } | null {
  const match = /^([a-z][a-z0-9-]*)@(\d+)$/.exec(ref.trim());
  if (!match?.[1] || !match[2]) return null;
  const version = Number(match[2]);
  return version > 0 ? { name: match[1], version } : null;
}

export function buildContract(summary: ComponentSummary, version: number, content: ComponentContent): NodeContract {
  return {
    ref: `${summary.name}@${version}`,
    name: summary.name,
    version,
    provider: summary.provider,
    semanticType: summary.semanticType,
    category: summary.category,
    description: content.description,
    inputs: portSpecsFromSchema(content.inputSchema),
    outputs: portSpecsFromSchema(content.outputSchema),
    inputSchema: content.inputSchema,
    bindings: content.resolverBindings,
    secretInputs: content.secretInputs,
  };
}

/**
 * The start of a new node's label: the component name without its provider prefix (`local-vm` → `vm`),
 * so labels read like the thing they stand for; `node` when the contract is unknown.
 */
export function labelBase(contract: NodeContract | null): string {
  if (!contract) return 'node';
  if (contract.name.startsWith('stack:')) return contract.name.slice('stack:'.length);
  const prefix = `${contract.provider}-`;
  return contract.name.startsWith(prefix) && contract.name.length > prefix.length ? contract.name.slice(prefix.length) : contract.name;
}
