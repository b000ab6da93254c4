import { describe, expect, it } from 'vitest';
import { isLifecycleWorkflow, LIFECYCLE_WORKFLOWS } from './lifecycle-workflows.js';

describe('lifecycle workflows', () => {
  it('are deploy, destroy and upgrade, and no operation name', () => {
    expect(LIFECYCLE_WORKFLOWS).toEqual(['deploy', 'destroy', 'upgrade']);
    expect(LIFECYCLE_WORKFLOWS.every(isLifecycleWorkflow)).toBe(true);
    for (const name of ['heal', 'Deploy', 'deploy.succeeded', '']) expect(isLifecycleWorkflow(name), name).toBe(false);
  });
});
