import { describe, expect, it } from 'vitest';
import type { StackSummary } from '../../../../engine/api/schemas/stacks';
import { filterStacks, stackMeta, stackNameProblem } from './stack-list';

const stack = (name: string, extra: Partial<StackSummary> = {}): StackSummary => ({
  id: name,
  name,
  tenant: 'default',
  description: '',
  latestVersion: null,
  provider: null,
  forkedFrom: null,
  draftRevision: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describe('stack list', () => {
  it('shows version, lineage and scope', () => {
    expect(stackMeta(stack('a'))).toBe('draft only · default');
    expect(stackMeta(stack('b', { latestVersion: 2, tenant: null, forkedFrom: { stack: 'a', version: 1 } }))).toBe(
      'v2 · fork of a@1 · shared',
    );
  });

  it('searches names, descriptions and lineage', () => {
    const stacks = [stack('ha-web', { description: 'Two web machines' }), stack('db', { forkedFrom: { stack: 'ha-web', version: 1 } })];
    expect(filterStacks(stacks, 'web').map((entry) => entry.name)).toEqual(['ha-web', 'db']);
    expect(filterStacks(stacks, 'two machines').map((entry) => entry.name)).toEqual(['ha-web']);
    expect(filterStacks(stacks, '')).toHaveLength(2);
  });

  it('checks new names like the engine', () => {
    expect(stackNameProblem('HA', [])).toMatch(/lowercase/);
    expect(stackNameProblem('ha', ['ha'])).toMatch(/already/);
    expect(stackNameProblem('ha-2', ['ha'])).toBeNull();
  });
});
