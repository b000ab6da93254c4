import { describe, expect, it } from 'vitest';
import { nextNodeLabel } from './node-labels';

describe('nextNodeLabel', () => {
  it('counts on from the highest automatic label and ignores custom ones', () => {
    expect(nextNodeLabel([])).toBe('node-1');
    expect(nextNodeLabel(['node-1', 'node-3', 'database'])).toBe('node-4');
    expect(nextNodeLabel(['node-x', 'my-node-9'])).toBe('node-1');
  });
});
