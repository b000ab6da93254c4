import { describe, expect, it } from 'vitest';
import { emptyConstraint, emptyLimit, isEmptyPolicy, readPolicyJson, toDraft, toPolicy, type GovernanceDraft } from './governance-draft';
import type { GovernancePolicy } from '../api/entities';

const STORED: GovernancePolicy = {
  allow: ['vm', 'network'],
  deny: ['legacy'],
  constraints: { vm: { cores: { minimum: 1, maximum: 8 }, size: { enum: ['s', 'm', 2, true] }, name: { pattern: '^[a-z]+$' } } },
  maxInstances: { vm: 3, network: 0 },
};

const blank = (): GovernanceDraft => ({ restrictToAllowed: false, allow: [], deny: [], limits: [], constraints: [] });

describe('governance form model', () => {
  it('round-trips a stored policy through the rows unchanged', () => {
    const result = toPolicy(toDraft(STORED));
    expect(result).toEqual({ ok: true, policy: STORED });
  });

  it('gives the empty policy for an empty form, and no allow list unless restricted', () => {
    const result = toPolicy(blank());
    expect(result).toEqual({ ok: true, policy: { deny: [], constraints: {}, maxInstances: {} } });
    expect(result.ok && isEmptyPolicy(result.policy)).toBe(true);
    expect(toPolicy({ ...blank(), allow: ['vm'] })).toEqual({ ok: true, policy: { deny: [], constraints: {}, maxInstances: {} } });
  });

  it('reads allowed values as numbers and booleans where they are, strings otherwise', () => {
    const row = { ...emptyConstraint(), component: 'vm', parameter: 'size', values: ' small, 4 , true,,x y ' };
    const result = toPolicy({ ...blank(), constraints: [row] });
    expect(result.ok && result.policy.constraints.vm?.size).toEqual({ enum: ['small', 4, true, 'x y'] });
  });

  it('names the row and field of every mistake', () => {
    const draft: GovernanceDraft = {
      restrictToAllowed: true,
      allow: [],
      deny: [],
      limits: [
        { ...emptyLimit(), component: '', max: '-1' },
        { ...emptyLimit(), component: 'vm', max: '2' },
        { ...emptyLimit(), component: 'vm', max: '1.5' },
      ],
      constraints: [
        { ...emptyConstraint(), component: 'vm', parameter: '' },
        { ...emptyConstraint(), component: 'vm', parameter: 'cores', minimum: 'four', maximum: '2' },
        { ...emptyConstraint(), component: 'vm', parameter: 'disk', minimum: '10', maximum: '2' },
      ],
    };
    const result = toPolicy(draft);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual([
      'Only allowed components: add at least one component, or allow any component.',
      'Instance limit 1: choose a component.',
      'Instance limit 1: the most instances must be a whole number of 0 or more (not “-1”).',
      'Instance limit 3: the most instances must be a whole number of 0 or more (not “1.5”).',
      'Instance limit 3: vm already has a limit.',
      'Constraint 1: name the parameter.',
      'Constraint 1: give a minimum, a maximum, allowed values or a pattern.',
      'Constraint 2: the minimum must be a number (not “four”).',
      'Constraint 3: the minimum (10) is above the maximum (2).',
    ]);
  });

  it('refuses a component both allowed and denied, and two rules for one thing', () => {
    const result = toPolicy({
      restrictToAllowed: true,
      allow: ['vm'],
      deny: ['vm'],
      limits: [
        { ...emptyLimit(), component: 'vm', max: '1' },
        { ...emptyLimit(), component: 'vm', max: '2' },
      ],
      constraints: [
        { ...emptyConstraint(), component: 'vm', parameter: 'cores', maximum: '4' },
        { ...emptyConstraint(), component: 'vm', parameter: 'cores', maximum: '8' },
      ],
    });
    expect(result.ok ? [] : result.problems).toEqual([
      'vm cannot be both allowed and denied.',
      'Instance limit 2: vm already has a limit.',
      'Constraint 2: vm.cores already has a constraint.',
    ]);
  });

  it('reads a policy typed as JSON, filling what it leaves out, and names what is of the wrong kind', () => {
    expect(readPolicyJson('{"maxInstances": {"vm": 1}}')).toEqual({
      ok: true,
      policy: { deny: [], constraints: {}, maxInstances: { vm: 1 } },
    });
    expect(readPolicyJson(JSON.stringify(STORED))).toEqual({ ok: true, policy: STORED });
    expect(readPolicyJson('{"deny": "vm"')).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^The policy is not valid JSON: /)],
    });
    expect(readPolicyJson('[1]')).toEqual({ ok: false, problems: ['The policy must be a JSON object.'] });
    expect(readPolicyJson('{"deny": "vm", "allow": [1], "maxInstances": []}')).toEqual({
      ok: false,
      problems: ['allow must be a list of component names.', 'deny must be a list of component names.', 'maxInstances must be an object.'],
    });
  });
});
