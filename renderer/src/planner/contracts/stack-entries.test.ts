import { describe, expect, it } from 'vitest';
import { parseStackRef, stackPaletteEntries } from './stack-entries';

describe('stacks in the planner', () => {
  it('reads stack references', () => {
    expect(parseStackRef('stack:ha-web@2')).toEqual({ name: 'ha-web', version: 2 });
    expect(parseStackRef('ha-web@2')).toBeNull();
    expect(parseStackRef('stack:ha-web@0')).toBeNull();
  });

  it('offers published stacks only, as stack:NAME in the stacks category', () => {
    const base = { id: 'x', tenant: null, description: 'two webs', forkedFrom: null, draftRevision: 1, updatedAt: '' };
    const entries = stackPaletteEntries([
      { ...base, name: 'ha-web', latestVersion: 3, provider: 'local' },
      { ...base, name: 'draft-only', latestVersion: null, provider: null },
    ]);
    expect(entries).toEqual([
      expect.objectContaining({ name: 'stack:ha-web', latestVersion: 3, provider: 'local', semanticType: 'Stack', category: 'stacks' }),
    ]);
  });
});
