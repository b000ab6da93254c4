import { describe, expect, it } from 'vitest';
import { checklistItems, type ChecklistFacts } from './first-run-checklist';

const facts = (overrides: Partial<ChecklistFacts>): ChecklistFacts => ({
  nodeCount: 0,
  connectionCount: 0,
  planValid: false,
  planSeen: false,
  deployed: false,
  ...overrides,
});
const done = (input: Partial<ChecklistFacts>) =>
  checklistItems(facts(input))
    .filter((item) => item.done)
    .map((item) => item.id);

describe('checklistItems', () => {
  it('ticks off each step from what is on the screen', () => {
    expect(done({})).toEqual([]);
    expect(done({ nodeCount: 1 })).toEqual(['add']);
    expect(done({ nodeCount: 2, connectionCount: 1 })).toEqual(['add', 'wire']);
    // A lone component that plans cleanly needs no wire.
    expect(done({ nodeCount: 1, planValid: true })).toEqual(['add', 'wire']);
    expect(done({ nodeCount: 1, planValid: true, planSeen: true })).toEqual(['add', 'wire', 'plan']);
    expect(done({ nodeCount: 1, planValid: true, deployed: true })).toEqual(['add', 'wire', 'plan', 'deploy']);
  });

  it('does not count a valid plan of an empty canvas as wired', () => {
    expect(done({ planValid: true })).toEqual([]);
  });
});
