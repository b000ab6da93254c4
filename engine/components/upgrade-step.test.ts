import { describe, expect, it } from 'vitest';
import { applyUpgradeStep, UpgradeStepSchema } from './upgrade-step.js';

describe('applyUpgradeStep', () => {
  it('renames, removes and sets inputs in that order', () => {
    const step = UpgradeStepSchema.parse({ renameInputs: { memory: 'memory_mb' }, removeInputs: ['legacy'], setInputs: { tier: 'gold' } });
    expect(applyUpgradeStep({ memory: 512, legacy: true, cores: 2 }, step)).toEqual({ memory_mb: 512, cores: 2, tier: 'gold' });
  });

  it('keeps the parameters as they are without a step', () => {
    const params = { cores: 2 };
    const result = applyUpgradeStep(params, undefined);
    expect(result).toEqual({ cores: 2 });
    expect(result).not.toBe(params);
  });

  it('refuses unknown keys in a step', () => {
    expect(() => UpgradeStepSchema.parse({ run: 'rm -rf /' })).toThrow();
  });
});
