import { describe, expect, it } from 'vitest';
import { areaOfIssue, describeIssuePath, issuesAt, issuesUnder, issuesWithin, normalizeIssuePath } from './issue-paths';

describe('issue paths', () => {
  it('reads both forms the engine uses', () => {
    expect(normalizeIssuePath('document.stateMachine.transitions[0].trigger')).toBe('stateMachine.transitions.0.trigger');
    expect(normalizeIssuePath('slots.1.inputs.cores')).toBe('slots.1.inputs.cores');
  });

  it('finds problems at, under and within a path', () => {
    const issues = [
      { path: 'slots.1.inputs.cores', message: 'a' },
      { path: 'slots.10', message: 'b' },
      { path: 'slots.1', message: 'c' },
    ];
    expect(issuesUnder(issues, 'slots.1').map((issue) => issue.message)).toEqual(['a', 'c']);
    expect(issuesAt(issues, 'slots.1').map((issue) => issue.message)).toEqual(['c']);
    expect(issuesWithin(issues, 'slots.1')).toEqual([
      { path: 'inputs.cores', message: 'a' },
      { path: '', message: 'c' },
    ]);
  });

  it('names the tab and the place of a problem', () => {
    expect(areaOfIssue('stateMachine.states')).toBe('machine');
    expect(areaOfIssue('routing.0.filter')).toBe('lifecycle');
    expect(areaOfIssue('outputs.url')).toBe('parameters');
    expect(describeIssuePath('stateMachine.transitions.3.to')).toBe('State machine › transition 4 › to');
    expect(describeIssuePath('slots.0.inputs.cores')).toBe('Slots › slot 1 › inputs › cores');
  });
});
