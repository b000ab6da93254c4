import { describe, expect, it } from 'vitest';
import { hashToken, issueToken, sameToken, tokenKind } from './access-tokens.js';
import { LoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { ancestry, effectivePermissions, isWithin, type RoleBinding, type TenantNode } from './tenancy.js';

const cheap = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashes', () => {
  it('verifies the right password and refuses a wrong one, without storing the password', async () => {
    const hash = await hashPassword('correct horse battery', cheap);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(hash).not.toContain('correct');
    expect((await verifyPassword('correct horse battery', hash, cheap)).ok).toBe(true);
    expect((await verifyPassword('correct horse batterY', hash, cheap)).ok).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same password here', cheap)).not.toBe(await hashPassword('same password here', cheap));
  });

  it('refuses short and huge passwords with the rule named', async () => {
    await expect(hashPassword('short', cheap)).rejects.toMatchObject({ code: 'weak_password', message: /at least 12/ });
    await expect(hashPassword('x'.repeat(5000), cheap)).rejects.toMatchObject({ code: 'weak_password' });
  });

  it('never matches a malformed or hostile stored hash', async () => {
    for (const stored of ['', 'scrypt$', 'plain', 'scrypt$1099511627776$8$1$AAAAAAAAAAA$AAAA', 'bcrypt$x$y$z$a$b']) {
      expect((await verifyPassword('anything at all', stored)).ok, stored).toBe(false);
    }
  });

  it('asks for a rehash when the stored cost is below today’s', async () => {
    const hash = await hashPassword('correct horse battery', cheap);
    expect(await verifyPassword('correct horse battery', hash, { N: 2 ** 11, r: 8, p: 1 })).toEqual({ ok: true, needsRehash: true });
  });
});

describe('access tokens', () => {
  it('shows the kind in the prefix and matches only its own hash', () => {
    const session = issueToken('session');
    const personal = issueToken('personal');
    expect(tokenKind(session.value)).toBe('session');
    expect(tokenKind(personal.value)).toBe('personal');
    expect(sameToken(hashToken(session.value), session.hash)).toBe(true);
    expect(sameToken(hashToken(personal.value), session.hash)).toBe(false);
    expect(session.hash).not.toContain(session.value.slice(6));
  });

  it('recognises nothing but well-formed tokens', () => {
    for (const value of ['', 'nmb_s_', 'nmb_x_' + 'a'.repeat(43), 'Bearer nmb_s_' + 'a'.repeat(43), 'nmb_s_' + 'a'.repeat(44)]) {
      expect(tokenKind(value), value).toBeNull();
    }
  });
});

describe('login throttle', () => {
  it('lets the first attempts through, then doubles the wait, and forgets after success', () => {
    let now = 0;
    const throttle = new LoginThrottle({ freeAttempts: 3, baseDelayMs: 1000, maxDelayMs: 8000, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfter('ann')).toBe(0);
      throttle.fail('ann');
    }
    expect(throttle.retryAfter('ann')).toBe(1000);
    throttle.fail('ann');
    expect(throttle.retryAfter('ann')).toBe(2000);
    for (let i = 0; i < 10; i++) throttle.fail('ann');
    expect(throttle.retryAfter('ann')).toBe(8000);
    now += 8000;
    expect(throttle.retryAfter('ann')).toBe(0);
    expect(throttle.retryAfter('bob')).toBe(0);
    throttle.succeed('ann');
    throttle.fail('ann');
    expect(throttle.retryAfter('ann')).toBe(0);
  });

  it('forgets failures older than the window and bounds the keys it keeps', () => {
    let now = 0;
    const throttle = new LoginThrottle({ freeAttempts: 0, baseDelayMs: 10, maxDelayMs: 10, windowMs: 100 }, () => now, 2);
    throttle.fail('a');
    now = 101;
    expect(throttle.retryAfter('a')).toBe(0);
    throttle.fail('b');
    throttle.fail('c');
    throttle.fail('d');
    expect(throttle.retryAfter('b')).toBe(0);
    expect(throttle.retryAfter('d')).toBe(10);
  });
});

describe('tenancy', () => {
  const tenants = new Map<string, TenantNode>([
    ['provider', { id: 'provider', name: 'provider', parent: null }],
    ['acme', { id: 'acme', name: 'acme', parent: 'provider' }],
    ['acme-dev', { id: 'acme-dev', name: 'acme-dev', parent: 'acme' }],
    ['globex', { id: 'globex', name: 'globex', parent: 'provider' }],
  ]);

  it('walks up to the provider and answers containment', () => {
    expect(ancestry('acme-dev', tenants)).toEqual(['acme-dev', 'acme', 'provider']);
    expect(isWithin('acme-dev', 'acme', tenants)).toBe(true);
    expect(isWithin('acme', 'acme-dev', tenants)).toBe(false);
    expect(isWithin('globex', 'acme', tenants)).toBe(false);
  });

  it('refuses a cyclic or broken tree', () => {
    const cyclic = new Map<string, TenantNode>([
      ['a', { id: 'a', name: 'a', parent: 'b' }],
      ['b', { id: 'b', name: 'b', parent: 'a' }],
    ]);
    expect(() => ancestry('a', cyclic)).toThrow(expect.objectContaining({ code: 'tenant_cycle' }));
    expect(() => ancestry('nowhere', tenants)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('inherits bindings downward only, through users and groups', () => {
    const bindings: RoleBinding[] = [
      { principal: { kind: 'user', id: 'ann' }, role: 'tenant-admin', tenant: 'acme' },
      { principal: { kind: 'group', id: 'ops' }, role: 'deployer', tenant: 'acme-dev' },
      { principal: { kind: 'user', id: 'bob' }, role: 'read-only', tenant: 'provider' },
    ];
    const customRoles = new Map([['deployer', { name: 'deployer', permissions: ['component:deploy', 'not:a:permission'] }]]);
    const of = (user: string, groups: string[], tenant: string) =>
      effectivePermissions({ user, groups, tenant, tenants, bindings, customRoles });
    expect(of('ann', [], 'acme-dev').has('component:definition:publish')).toBe(true);
    expect(of('ann', [], 'provider').size).toBe(0);
    expect(of('ann', [], 'globex').size).toBe(0);
    expect([...of('carl', ['ops'], 'acme-dev')]).toEqual(['component:deploy']);
    expect(of('carl', ['ops'], 'acme').size).toBe(0);
    expect(of('bob', [], 'globex').has('topology:read')).toBe(true);
    expect(of('bob', [], 'globex').has('topology:create')).toBe(false);
  });
});
