import { describe, expect, it } from 'vitest';
import { actorForUser, userOfActor } from './actor-id.js';

describe('actor ids', () => {
  it('carry the user id, and differ for two replicas of one user', () => {
    const a = actorForUser('5b0f6c1e-2f0e-4a59-9a64-1f1f3d0c0a01');
    const b = actorForUser('5b0f6c1e-2f0e-4a59-9a64-1f1f3d0c0a01');
    expect(a).not.toBe(b);
    expect(userOfActor(a)).toBe('5b0f6c1e-2f0e-4a59-9a64-1f1f3d0c0a01');
    expect(userOfActor(actorForUser('zoë ✓'))).toBe('zoë ✓');
  });

  it('name no user for an actor no Nimbus replica made', () => {
    expect(userOfActor('c20fec6643766b0e0d1dc4255bf0ac3f')).toBeUndefined();
    expect(userOfActor('zz')).toBeUndefined();
    expect(userOfActor('')).toBeUndefined();
    expect(userOfActor('ff0102030405060708')).toBeUndefined();
    expect(userOfActor('61ff0102')).toBeUndefined();
    expect(userOfActor('80ff0102030405060708')).toBeUndefined();
    expect(() => actorForUser('')).toThrow(RangeError);
  });
});
