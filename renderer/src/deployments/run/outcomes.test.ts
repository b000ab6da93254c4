import { describe, expect, it } from 'vitest';
import type { NodeOutcome } from '../../api/entities';
import { describeOutcomes } from './outcomes';

const node = (outcome: NodeOutcome) => ({ nodeId: outcome, label: outcome, deploymentId: null, outcome, error: null, outputs: {} });

describe('describeOutcomes', () => {
  it('counts outcomes in a fixed order', () => {
    expect(describeOutcomes({ nodes: [node('failed'), node('created'), node('created'), node('skipped')] })).toBe(
      '2 created, 1 failed, 1 skipped',
    );
    expect(describeOutcomes({ nodes: [] })).toBe('');
  });
});
