import { describe, expect, it } from 'vitest';
import { stepIndex, stepState, WIZARD_STEPS } from './wizard-steps';

describe('wizard steps', () => {
  it('runs from choosing an environment to the result', () => {
    expect(WIZARD_STEPS.map((step) => step.id)).toEqual(['environment', 'parameters', 'preview', 'confirm', 'progress', 'result']);
    expect(stepIndex('confirm')).toBe(3);
    expect(stepState('environment', 'preview')).toBe('done');
    expect(stepState('preview', 'preview')).toBe('current');
    expect(stepState('result', 'preview')).toBe('upcoming');
  });
});
