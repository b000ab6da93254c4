import { describe, expect, it } from 'vitest';
import { instanceNameProblem } from './instance-name';

describe('instance names', () => {
  it('follows the engine rule and refuses a name taken in the environment', () => {
    expect(instanceNameProblem('web-1')).toBeNull();
    expect(instanceNameProblem('')).toBe('Enter a name.');
    expect(instanceNameProblem('Web')).not.toBeNull();
    expect(instanceNameProblem('1web')).not.toBeNull();
    expect(instanceNameProblem('web', ['web'])).toMatch(/already/);
  });
});
