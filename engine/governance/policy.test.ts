import { describe, expect, it } from 'vitest';
import { applyGovernance, GovernancePolicySchema, type GovernedNode } from './policy.js';

describe('governance patterns', () => {
  it('checks a catastrophic pattern against a long value quickly', () => {
    const policy = GovernancePolicySchema.parse({ constraints: { vm: { name: { pattern: '^(a+)+$' } } } });
    const node = {
      componentName: 'vm',
      values: { name: { value: `${'a'.repeat(50_000)}!`, source: 'user' } },
      issues: [],
    } as unknown as GovernedNode;
    const started = performance.now();
    applyGovernance('acme', policy, [node]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(node.issues).toEqual([{ path: 'params.name', message: 'governance: must match "^(a+)+$" (tenant acme)' }]);
  });

  it('refuses a pattern the linear-time engine cannot run when the policy is saved', () => {
    const parsed = GovernancePolicySchema.safeParse({ constraints: { vm: { name: { pattern: '^(a)\\1$' } } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/RE2 syntax/);
  });
});
