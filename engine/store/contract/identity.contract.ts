import { describe, expect, it } from 'vitest';
import type { RoleBindingRecord, TenantRecord, TokenRecord, UserRecord } from '../ports/identity-records.js';
import type { Repositories } from '../ports/repositories.js';
import { useStore, type StoreFactory } from './harness.js';

const T0 = '2026-12-01T00:00:00.000Z';
const T1 = '2026-12-02T00:00:00.000Z';
const PASSWORD_HASH = 'scrypt$16384$8$1$c2FsdA$SECRET-PASSWORD-HASH';
const pause = () => new Promise((resolve) => setTimeout(resolve, 2));

const tenant = (id: string, parent: string | null = null): TenantRecord => ({ id, name: `tenant-${id}`, parent, createdAt: T0 });

const user = (id: string, tenantId = 'p', name = `user-${id}`): UserRecord => ({
  id,
  name,
  displayName: `User ${id}`,
  tenant: tenantId,
  passwordHash: `${PASSWORD_HASH}-${id}`,
  disabled: false,
  createdAt: T0,
});

const token = (id: string, userId: string, overrides: Partial<TokenRecord> = {}): TokenRecord => ({
  id,
  userId,
  kind: 'personal',
  name: `token ${id}`,
  hash: `SECRET-TOKEN-HASH-${id}`,
  tenant: 'p',
  scope: ['topology:read', 'job:read'],
  expiresAt: '2027-01-01T00:00:00.000Z',
  revokedAt: null,
  lastUsedAt: null,
  createdAt: T0,
  ...overrides,
});

const binding = (id: string, principalId: string, role = 'user', tenantId = 'p'): RoleBindingRecord => ({
  id,
  principalKind: 'user',
  principalId,
  role,
  tenant: tenantId,
  createdAt: T0,
});

/** A `server init`: asks whether anyone exists, yields, then makes the provider and its admin. */
async function bootstrap(tx: Repositories, n: number): Promise<boolean> {
  if (await tx.identity.hasUsers()) return false;
  await pause();
  await tx.identity.insertTenant({ ...tenant(`root-${n}`), name: `provider-${n}` });
  await tx.identity.insertUser(user(`admin-${n}`, `root-${n}`));
  return true;
}

/** Tenants, users, groups, tokens, roles and bindings on every store. */
export function identityContract(factory: StoreFactory): void {
  describe('identity', () => {
    const store = useStore(factory);

    it('stores tenants, users, groups, roles and bindings and reads them back as records', async () => {
      const identity = store().identity;
      expect(await identity.hasUsers()).toBe(false);
      await identity.insertTenant(tenant('p'));
      await identity.insertTenant(tenant('a', 'p'));
      await identity.insertUser(user('u1'));
      await identity.insertUser({ ...user('u2', 'a'), disabled: true });
      expect(await identity.hasUsers()).toBe(true);
      expect(await identity.tenants()).toEqual([tenant('a', 'p'), tenant('p')]);
      expect(await identity.userByName('user-u1')).toEqual(user('u1'));
      expect(await identity.userById('u2')).toEqual({ ...user('u2', 'a'), disabled: true });
      expect(await identity.userByName('nobody')).toBeUndefined();
      expect((await identity.users()).map((u) => u.id)).toEqual(['u1', 'u2']);

      await identity.updateUser('u2', { disabled: false, displayName: 'Second' });
      expect(await identity.userById('u2')).toMatchObject({ disabled: false, displayName: 'Second', passwordHash: `${PASSWORD_HASH}-u2` });
      await expect(identity.updateUser('ghost', { disabled: true })).rejects.toMatchObject({ code: 'not_found' });

      await identity.insertGroup({ id: 'g1', name: 'ops', tenant: 'p', createdAt: T0 });
      await identity.addMember('g1', 'u1');
      await identity.addMember('g1', 'u1');
      expect(await identity.groups()).toEqual([{ id: 'g1', name: 'ops', tenant: 'p', createdAt: T0 }]);
      expect(await identity.memberships()).toEqual([{ groupId: 'g1', userName: 'user-u1' }]);
      expect(await identity.groupsOf('u1')).toEqual(['g1']);
      expect(await identity.groupsOf('u2')).toEqual([]);
      await identity.insertGroup({ id: 'g0', name: 'dev', tenant: 'a', createdAt: T0 });
      await identity.addMember('g0', 'u2');
      await identity.addMember('g0', 'u1');
      expect(await identity.memberships()).toEqual([
        { groupId: 'g0', userName: 'user-u1' },
        { groupId: 'g1', userName: 'user-u1' },
        { groupId: 'g0', userName: 'user-u2' },
      ]);

      await identity.insertRole({ name: 'auditor', tenant: 'p', permissions: ['audit:read', 'job:read'], createdAt: T0 });
      expect(await identity.roles()).toEqual([{ name: 'auditor', tenant: 'p', permissions: ['audit:read', 'job:read'], createdAt: T0 }]);
    });

    it('refuses taken names, token hashes and duplicate bindings with clear codes, writing nothing', async () => {
      const identity = store().identity;
      await identity.insertTenant(tenant('p'));
      await expect(identity.insertTenant({ ...tenant('other'), name: 'tenant-p' })).rejects.toMatchObject({ code: 'tenant_exists' });
      await identity.insertUser(user('u1'));
      await expect(identity.insertUser({ ...user('u9'), name: 'user-u1' })).rejects.toMatchObject({ code: 'user_exists' });
      await identity.insertGroup({ id: 'g1', name: 'ops', tenant: 'p', createdAt: T0 });
      await expect(identity.insertGroup({ id: 'g2', name: 'ops', tenant: 'p', createdAt: T0 })).rejects.toMatchObject({
        code: 'group_exists',
      });
      await identity.insertRole({ name: 'auditor', tenant: 'p', permissions: [], createdAt: T0 });
      await expect(identity.insertRole({ name: 'auditor', tenant: 'p', permissions: ['job:read'], createdAt: T0 })).rejects.toMatchObject({
        code: 'role_exists',
      });
      await identity.insertToken(token('t1', 'u1'));
      await expect(identity.insertToken(token('t2', 'u1', { hash: 'SECRET-TOKEN-HASH-t1' }))).rejects.toMatchObject({
        code: 'token_exists',
      });
      await identity.insertBinding(binding('b1', 'u1'));
      await expect(identity.insertBinding(binding('b2', 'u1'))).rejects.toMatchObject({ code: 'binding_exists' });

      expect((await identity.users()).map((u) => u.id)).toEqual(['u1']);
      expect((await identity.tokensOf('u1')).map((t) => t.id)).toEqual(['t1']);
      expect((await identity.bindings()).map((b) => b.id)).toEqual(['b1']);
      const audited = await store().audit.list();
      expect(audited.filter((row) => row.action === 'user.create').map((row) => row.entityId)).toEqual(['u1']);
    });

    it('finds a token by its hash, revokes one and then every live token of a user', async () => {
      const identity = store().identity;
      await identity.insertTenant(tenant('p'));
      await identity.insertUser(user('u1'));
      await identity.insertUser(user('u2'));
      await identity.insertToken(token('t1', 'u1', { kind: 'session', name: 'session', scope: null }));
      await identity.insertToken(token('t2', 'u1', { createdAt: T1 }));
      await identity.insertToken(token('t3', 'u1', { createdAt: T1 }));
      await identity.insertToken(token('t4', 'u2'));

      expect(await identity.tokenByHash('SECRET-TOKEN-HASH-t2')).toEqual(token('t2', 'u1', { createdAt: T1 }));
      expect(await identity.tokenByHash('SECRET-TOKEN-HASH-t1')).toMatchObject({ kind: 'session', scope: null });
      expect(await identity.tokenByHash('no-such-hash')).toBeUndefined();

      await identity.touchToken('t2', T1);
      expect(await identity.tokenByHash('SECRET-TOKEN-HASH-t2')).toMatchObject({ lastUsedAt: T1 });
      await identity.revokeToken('t2', T1);
      await identity.revokeToken('t2', '2026-12-03T00:00:00.000Z');
      expect(await identity.tokenByHash('SECRET-TOKEN-HASH-t2')).toMatchObject({ revokedAt: T1 });
      await expect(identity.revokeToken('ghost', T1)).rejects.toMatchObject({ code: 'not_found' });

      expect(await identity.revokeTokensOf('u1', '2026-12-04T00:00:00.000Z')).toBe(2);
      expect(await identity.revokeTokensOf('u1', '2026-12-05T00:00:00.000Z')).toBe(0);
      const tokens = await identity.tokensOf('u1');
      expect(tokens.map((t) => [t.id, t.revokedAt])).toEqual([
        ['t1', '2026-12-04T00:00:00.000Z'],
        ['t2', T1],
        ['t3', '2026-12-04T00:00:00.000Z'],
      ]);
      expect(await identity.tokenByHash('SECRET-TOKEN-HASH-t4')).toMatchObject({ revokedAt: null });
      const revokes = (await store().audit.list({ action: 'token.revoke' })).map((row) => row.entityId).sort();
      expect(revokes).toEqual(['t1', 't2', 't3']);
    });

    it('lists and deletes role bindings, keeping the removal in the audit log', async () => {
      const identity = store().identity;
      await identity.insertTenant(tenant('p'));
      await identity.insertTenant(tenant('a', 'p'));
      await identity.insertUser(user('u1'));
      await identity.insertBinding(binding('b1', 'u1'));
      await identity.insertBinding({ ...binding('b2', 'g1', 'read-only', 'a'), principalKind: 'group', createdAt: T1 });
      expect(await identity.bindings()).toEqual([
        binding('b1', 'u1'),
        { ...binding('b2', 'g1', 'read-only', 'a'), principalKind: 'group', createdAt: T1 },
      ]);
      await identity.deleteBinding('b1');
      expect((await identity.bindings()).map((b) => b.id)).toEqual(['b2']);
      await expect(identity.deleteBinding('b1')).rejects.toMatchObject({ code: 'not_found' });
      const history = await store().audit.history('binding', 'b1');
      expect(history.map((row) => row.action)).toEqual(['binding.create', 'binding.delete']);
      expect(history[1]?.oldValue).toMatchObject({ principalId: 'u1', role: 'user' });
    });

    it('audits every write without a password hash or a token hash', async () => {
      const identity = store().identity;
      await identity.insertTenant(tenant('p'));
      await identity.insertUser(user('u1'));
      await identity.updateUser('u1', { passwordHash: `${PASSWORD_HASH}-new`, displayName: 'Renamed' });
      await identity.insertGroup({ id: 'g1', name: 'ops', tenant: 'p', createdAt: T0 });
      await identity.addMember('g1', 'u1');
      await identity.insertToken(token('t1', 'u1'));
      await identity.revokeToken('t1', T1);
      await identity.insertToken(token('t2', 'u1'));
      await identity.revokeTokensOf('u1', T1);
      await identity.insertRole({ name: 'auditor', tenant: 'p', permissions: ['audit:read'], createdAt: T0 });
      await identity.insertBinding(binding('b1', 'u1'));
      await identity.deleteBinding('b1');

      const rows = await store().audit.list();
      expect(new Set(rows.map((row) => row.action))).toEqual(
        new Set([
          'tenant.create',
          'user.create',
          'user.update',
          'group.create',
          'group.member.add',
          'token.create',
          'token.revoke',
          'role.create',
          'binding.create',
          'binding.delete',
        ]),
      );
      const text = JSON.stringify(rows);
      expect(text).not.toContain('SECRET');
      expect(text).not.toMatch(/passwordHash|"hash"/);
      const update = rows.find((row) => row.action === 'user.update');
      expect(update?.oldValue).toEqual({ displayName: 'User u1' });
      expect(update?.newValue).toEqual({ displayName: 'Renamed', passwordChanged: true });
      const created = rows.find((row) => row.action === 'token.create' && row.entityId === 't1');
      expect(created?.newValue).toMatchObject({ id: 't1', userId: 'u1', scope: ['topology:read', 'job:read'] });
    });

    it('undoes identity writes with the unit of work that made them', async () => {
      await store().identity.insertTenant(tenant('p'));
      await expect(
        store().unitOfWork(async (tx) => {
          await tx.identity.insertUser(user('u1'));
          await tx.identity.insertBinding(binding('b1', 'u1'));
          throw new Error('changed its mind');
        }),
      ).rejects.toThrow('changed its mind');
      expect(await store().identity.hasUsers()).toBe(false);
      expect(await store().identity.bindings()).toEqual([]);
      expect(await store().audit.list({ action: 'user.create' })).toEqual([]);
    });

    it('lets exactly one of two racing first starts make the first user', async () => {
      const outcomes = await Promise.all([1, 2, 3].map((n) => store().unitOfWork((tx) => bootstrap(tx, n))));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await store().identity.users()).toHaveLength(1);
      expect(await store().identity.tenants()).toHaveLength(1);
    });
  });
}
