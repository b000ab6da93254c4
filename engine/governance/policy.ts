import { z } from 'zod';
import { parseOrThrow } from '../api/validate.js';
import { excerpt } from '../text/excerpt.js';
import { compileLinear, isLinearPattern } from '../text/linear-regexp.js';
import type { FieldIssue } from '../errors.js';
import type { ComponentPort } from '../store/ports/repositories.js';
import type { ResolvedValue } from '../planning/resolved-value.js';

const Constraint = z
  .object({
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    enum: z
      .array(z.union([z.string(), z.number(), z.boolean()]))
      .min(1)
      .optional(),
    pattern: z
      .string()
      .refine(isLinearPattern, 'must be a regular expression in RE2 syntax (no back-references or look-around), at most 1000 characters')
      .optional(),
  })
  .strict();

/** A tenant's rules: which components it may use, limits on their parameters, how many of each. */
export const GovernancePolicySchema = z
  .object({
    /** When present, only these component names may be used. */
    allow: z.array(z.string().min(1)).optional(),
    deny: z.array(z.string().min(1)).default([]),
    /** component name → input → constraint. */
    constraints: z.record(z.string(), z.record(z.string(), Constraint)).default({}),
    /** component name → most instances in one topology. */
    maxInstances: z.record(z.string(), z.number().int().nonnegative()).default({}),
  })
  .strict();
export type GovernancePolicy = z.infer<typeof GovernancePolicySchema>;

export const EMPTY_POLICY: GovernancePolicy = { deny: [], constraints: {}, maxInstances: {} };

export interface GovernedNode {
  nodeId: string;
  componentName: string;
  values: Record<string, ResolvedValue>;
  issues: FieldIssue[];
}

/**
 * Applies a tenant's policy to resolved nodes, in place: refused components, parameter constraints
 * (a one-value enum also fills an unset parameter, with source `constraint`) and instance limits.
 */
export function applyGovernance(tenant: string, policy: GovernancePolicy, nodes: GovernedNode[]): void {
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const name = node.componentName;
    if (policy.deny.includes(name) || (policy.allow && !policy.allow.includes(name))) {
      node.issues.push({ path: 'component', message: `governance: tenant ${tenant} may not use ${name}` });
    }
    const count = (counts.get(name) ?? 0) + 1;
    counts.set(name, count);
    const max = policy.maxInstances[name];
    if (max !== undefined && count > max) {
      node.issues.push({ path: 'component', message: `governance: tenant ${tenant} may use at most ${max} ${name} per topology` });
    }
    for (const [input, rule] of Object.entries(policy.constraints[name] ?? {})) {
      const current = node.values[input];
      if (rule.enum?.length === 1 && (current === undefined || current.source === 'default')) {
        node.values[input] = { value: rule.enum[0], source: 'constraint', detail: `governance of tenant ${tenant}` };
        continue;
      }
      if (!current || current.pending) continue;
      const problem = violation(rule, current.value);
      if (problem) node.issues.push({ path: `params.${input}`, message: `governance: ${problem} (tenant ${tenant})` });
    }
  }
}

function violation(rule: z.infer<typeof Constraint>, value: unknown): string | null {
  if (rule.enum && !rule.enum.includes(value as string | number | boolean))
    return `must be one of ${rule.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (typeof value === 'number') {
    if (rule.minimum !== undefined && value < rule.minimum) return `must be >= ${rule.minimum}`;
    if (rule.maximum !== undefined && value > rule.maximum) return `must be <= ${rule.maximum}`;
  }
  if (rule.pattern !== undefined && typeof value === 'string' && !compileLinear(rule.pattern).test(value))
    return `must match ${excerpt(rule.pattern)}`;
  return null;
}

/** Reads and writes tenants' policies; a tenant without one is unrestricted. */
export class GovernanceService {
  constructor(private readonly repository: Pick<ComponentPort, 'policy' | 'savePolicy'>) {}

  async get(tenant: string): Promise<GovernancePolicy> {
    const stored = await this.repository.policy(tenant);
    return stored !== undefined ? GovernancePolicySchema.parse(stored) : EMPTY_POLICY;
  }

  async set(tenant: string, raw: unknown): Promise<GovernancePolicy> {
    const policy = parseOrThrow(GovernancePolicySchema, raw, `governance policy of ${tenant}`);
    await this.repository.savePolicy(tenant, policy, new Date().toISOString());
    return policy;
  }
}
