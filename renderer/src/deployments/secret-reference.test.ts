import { describe, expect, it } from 'vitest';
import { isSecretReference } from './secret-reference';

describe('isSecretReference', () => {
  it('recognises secret:// references only', () => {
    expect(isSecretReference('secret://dev/db-password')).toBe(true);
    expect(isSecretReference('hunter2')).toBe(false);
    expect(isSecretReference(undefined)).toBe(false);
  });
});
