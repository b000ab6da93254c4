import { describe, expect, it } from 'vitest';
import { nextNodeLabel } from './node-labels';

describe('nextNodeLabel', () => {
  it('counts on from the highest automatic label and ignores custom ones', () => {
    expect(nextNodeLabel([])).toBe('node-1');
    expect(nextNodeLabel(['node-1', 'node-3', 'database'])).toBe('node-4');
    expect(nextNodeLabel(['node-x', 'my-node-9'])).toBe('node-1');
  });
});

describe('nextNodeLabel with a base', () => {
  it('numbers labels per base', () => {
    expect(nextNodeLabel(['vm-1', 'vm-2', 'node-7'], 'vm')).toBe('vm-3');
    expect(nextNodeLabel(['vm-1'], 'network')).toBe('network-1');
    expect(nextNodeLabel(['e2e.app-1'], 'e2e.app')).toBe('e2e.app-2');
  });
});
