/**
 * The identity service end to end against a real store: declared once, run on SQLite
 * (`../identity-service.test.ts`) and PostgreSQL (`../../store/postgres/postgres-identity-service.test.ts`).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../api/authorization.js';
import { useStore, type StoreFactory } from '../../store/contract/harness.js';
import type { StorePort } from '../../store/ports/store-port.js';
import { hashToken } from '../access-tokens.js';
import { IdentityService, SESSION_LIFETIME_MS } from '../identity-service.js';
import { DEFAULT_THROTTLE_POLICY, LoginThrottle } from '../login-throttle.js';
import type { ScryptCost } from '../password-hash.js';

const CHEAP: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };
const START = Date.parse('2026-12-01T09:00:00.000Z');
const ADDRESS = '192.0.2.10';

/** A service on `store` with a cheap scrypt cost and a clock the test moves. */
function harness(store: () => StorePort) {
  const clock = { now: START };
  const make = (cost: ScryptCost = CHEAP) =>
    new IdentityService(store(), new LoginThrottle(DEFAULT_THROTTLE_POLICY, () => clock.now), cost, () => new Date(clock.now));
  return { clock, make };
}

async function signIn(service: IdentityService, name: string, password: string): Promise<{ token: string; caller: Caller }> {
  const session = await service.login({ name, password, address: ADDRESS });
  const caller = await service.authenticate(session.token);
  if (!caller) throw new Error(`${name} signed in but the session does not authenticate`);
  return { token: session.token, caller };
}

/** A tenant admin of a second tenant beside acme, made by the provider admin. */
async function twoTenantsBob(service: IdentityService, root: Caller): Promise<Caller> {
  const tenant = await service.createTenant(root, { name: 'initech' });
  const user = await service.createUser(root, { name: 'ida', tenant: tenant.id, role: 'tenant-admin' });
  return (await signIn(service, 'ida', user.password)).caller;
}

/** Declares the identity service's behaviour on the store `factory` opens. */
export function identityServiceSuite(name: string, factory: StoreFactory): void {
  describe(`identity service on ${name}`, () => {
    const store = useStore(factory);
    let clock: { now: number };
    let service: IdentityService;
    let make: (cost?: ScryptCost) => IdentityService;

    beforeEach(() => {
      ({ clock, make } = harness(store));
      service = make();
    });

    /** The provider, tenants acme and globex below it, and a tenant admin in each. */
    async function twoTenants() {
      const boot = await service.bootstrap({ provider: 'provider', admin: 'root' });
      const root = { ...(await signIn(service, 'root', boot.password)), password: boot.password };
      const acme = await service.createTenant(root.caller, { name: 'acme' });
      const globex = await service.createTenant(root.caller, { name: 'globex' });
      const alice = await service.createUser(root.caller, { name: 'alice', tenant: acme.id, role: 'tenant-admin' });
      const bob = await service.createUser(root.caller, { name: 'bob', tenant: globex.id, role: 'tenant-admin' });
      return {
        root,
        acme,
        globex,
        alice: { ...alice, ...(await signIn(service, 'alice', alice.password)) },
        bob: { ...bob, ...(await signIn(service, 'bob', bob.password)) },
      };
    }

    it('bootstraps the provider and its first admin once; a second start is refused', async () => {
      const boot = await service.bootstrap({ provider: 'provider', admin: 'root' });
      expect(boot.tenant).toMatchObject({ name: 'provider', parent: null });
      expect(boot.user).toMatchObject({ name: 'root', tenant: boot.tenant.id, disabled: false });
      expect(boot.user).not.toHaveProperty('passwordHash');
      expect(boot.password.length).toBeGreaterThanOrEqual(20);
      await expect(service.bootstrap({ provider: 'other', admin: 'admin2' })).rejects.toMatchObject({ code: 'already_initialised' });
      expect(await store().identity.users()).toHaveLength(1);
      const root = await signIn(service, 'root', boot.password);
      expect(root.caller.permissions.has('system:manage')).toBe(true);
      expect(root.caller.tenant).toBe(boot.tenant.id);
    });

    it('lets exactly one of several simultaneous first starts through', async () => {
      const results = await Promise.allSettled(
        ['one', 'two', 'three', 'four'].map((n) => make().bootstrap({ provider: `provider-${n}`, admin: `admin-${n}` })),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: { code: 'already_initialised' } });
      expect(await store().identity.users()).toHaveLength(1);
      expect(await store().identity.tenants()).toHaveLength(1);
    });

    it('answers a wrong password, an unknown user and a disabled user alike', async () => {
      const { root, alice } = await twoTenants();
      await service.disableUser(root.caller, 'alice');
      const attempts = [
        { name: 'root', password: 'not the password at all' },
        { name: 'nobody', password: 'not the password at all' },
        { name: 'alice', password: alice.password },
      ];
      for (const attempt of attempts) {
        const failure = await service
          .login({ ...attempt, address: `198.51.100.${attempts.indexOf(attempt)}` })
          .catch((error: unknown) => error);
        expect(failure, attempt.name).toMatchObject({ code: 'invalid_credentials', message: 'Wrong user name or password' });
      }
      // Names are not case-sensitive.
      expect((await service.login({ name: 'ROOT', password: root.password, address: ADDRESS })).user.name).toBe('root');
    });

    it('throttles repeated failures, even with the right password, until the delay has passed', async () => {
      const boot = await service.bootstrap({ provider: 'provider', admin: 'root' });
      for (let attempt = 0; attempt < DEFAULT_THROTTLE_POLICY.freeAttempts; attempt++) {
        await expect(service.login({ name: 'root', password: 'guess number one', address: ADDRESS })).rejects.toMatchObject({
          code: 'invalid_credentials',
        });
      }
      await expect(service.login({ name: 'root', password: boot.password, address: '203.0.113.9' })).rejects.toMatchObject({
        code: 'login_throttled',
        details: { retryAfterSeconds: 1 },
      });
      clock.now += DEFAULT_THROTTLE_POLICY.baseDelayMs + 1;
      const session = await service.login({ name: 'root', password: boot.password, address: '203.0.113.9' });
      expect(session.user.name).toBe('root');
    });

    it('authenticates session and personal tokens; expired, revoked and malformed ones are refused', async () => {
      const { root } = await twoTenants();
      expect(await service.authenticate('nmb_s_not-a-token')).toBeUndefined();
      expect(await service.authenticate('')).toBeUndefined();
      expect(await service.authenticate(`nmb_s_${'A'.repeat(43)}`)).toBeUndefined();

      const personal = await service.createToken(root.caller, { name: 'ci', expiresInDays: 2 });
      expect(personal.token).toMatch(/^nmb_p_/);
      expect(personal.view).not.toHaveProperty('hash');
      expect(await service.authenticate(personal.token)).toMatchObject({ id: root.caller.id, tenant: root.caller.tenant });
      const used = (await service.listTokens(root.caller)).find((view) => view.id === personal.view.id);
      expect(used?.lastUsedAt).toBe(new Date(clock.now).toISOString());
      clock.now += 1000;
      await service.authenticate(personal.token);
      expect((await store().identity.tokenByHash(hashToken(personal.token)))?.lastUsedAt).toBe(used?.lastUsedAt);

      clock.now += SESSION_LIFETIME_MS;
      expect(await service.authenticate(root.token)).toBeUndefined();
      expect(await service.authenticate(personal.token)).toBeDefined();
      clock.now += 2 * 86_400_000;
      expect(await service.authenticate(personal.token)).toBeUndefined();

      clock.now = START;
      const again = await service.createToken(root.caller, { name: 'cli', expiresInDays: 30 });
      await service.revokeToken(root.caller, again.view.id);
      expect(await service.authenticate(again.token)).toBeUndefined();
      await service.logout(root.token);
      expect(await service.authenticate(root.token)).toBeUndefined();
      const views = await service.listTokens(root.caller);
      expect(views.map((view) => view.name).sort()).toEqual(['ci', 'cli', 'session']);
      expect(JSON.stringify(views)).not.toMatch(/hash/i);
    });

    it('narrows a personal token and never lets it carry permissions its maker lacks', async () => {
      const { alice } = await twoTenants();
      const reader = await service.createToken(alice.caller, {
        name: 'reader',
        permissions: ['topology:read', 'job:read'],
        expiresInDays: 7,
      });
      const narrowed = await service.authenticate(reader.token);
      expect([...(narrowed?.permissions ?? [])].sort()).toEqual(['job:read', 'topology:read']);

      await expect(
        service.createToken(alice.caller, { name: 'too much', permissions: ['tenant:manage'], expiresInDays: 7 }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(
        service.createToken(narrowed!, { name: 'escalate', permissions: ['user:manage'], expiresInDays: 7 }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      // A token made with a narrowed token, naming no permissions, is no wider than the one it was made with.
      const minted = await service.createToken(narrowed!, { name: 'minted', expiresInDays: 7 });
      const mintedCaller = await service.authenticate(minted.token);
      expect([...(mintedCaller?.permissions ?? [])].sort()).toEqual(['job:read', 'topology:read']);
    });

    it('keeps a tenant admin of one tenant away from the users, tenants and bindings of another', async () => {
      const { alice, bob, acme, globex } = await twoTenants();
      expect((await service.listUsers(alice.caller)).map((user) => user.name)).toEqual(['alice']);
      expect((await service.listTenants(alice.caller)).map((tenant) => tenant.name)).toEqual(['acme']);
      await expect(service.disableUser(alice.caller, 'bob')).rejects.toMatchObject({ code: 'not_found' });
      await expect(service.createUser(alice.caller, { name: 'mallory', tenant: globex.id })).rejects.toMatchObject({ code: 'not_found' });
      await expect(service.createTenant(alice.caller, { name: 'sub', parent: 'globex' })).rejects.toMatchObject({ code: 'not_found' });
      await expect(service.grant(alice.caller, { principal: { kind: 'user', name: 'bob' }, role: 'user' })).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(
        service.grant(alice.caller, { principal: { kind: 'user', name: 'alice' }, role: 'user', tenant: globex.id }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(service.createToken(alice.caller, { name: 'x', tenant: globex.id, expiresInDays: 1 })).rejects.toMatchObject({
        code: 'not_found',
      });
      const bobsBinding = (await store().identity.bindings()).find((binding) => binding.principalId === bob.user.id)!;
      await expect(service.revokeBinding(alice.caller, bobsBinding.id)).rejects.toMatchObject({ code: 'not_found' });
      expect(await service.authenticate(bob.token)).toBeDefined();
      expect((await store().identity.userByName('bob'))?.disabled).toBe(false);

      const carol = await service.createUser(alice.caller, { name: 'Carol', role: 'user' });
      expect(carol.user).toMatchObject({ name: 'carol', tenant: acme.id });
      expect((await service.listUsers(alice.caller)).map((user) => user.name)).toEqual(['alice', 'carol']);
      await expect(service.createUser(bob.caller, { name: 'carol' })).rejects.toMatchObject({ code: 'user_exists' });
      expect((await service.listUsers(bob.caller)).map((user) => user.name)).toEqual(['bob']);
    });

    it('grants only roles whose permissions the granter holds, and revokes bindings in scope', async () => {
      const { root, alice, acme } = await twoTenants();
      const carol = await service.createUser(alice.caller, { name: 'carol' });
      await expect(
        service.grant(alice.caller, { principal: { kind: 'user', name: 'carol' }, role: 'provider-admin' }),
      ).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(service.createUser(alice.caller, { name: 'dave', role: 'provider-admin' })).rejects.toMatchObject({ code: 'forbidden' });
      expect(await store().identity.userByName('dave')).toBeUndefined();
      await expect(service.grant(alice.caller, { principal: { kind: 'user', name: 'carol' }, role: 'no-such-role' })).rejects.toMatchObject(
        {
          code: 'not_found',
        },
      );

      await store().identity.insertRole({
        name: 'auditor',
        tenant: acme.id,
        permissions: ['audit:read'],
        createdAt: new Date(START).toISOString(),
      });
      await store().identity.insertRole({
        name: 'boss',
        tenant: acme.id,
        permissions: ['tenant:manage'],
        createdAt: new Date(START).toISOString(),
      });
      await expect(service.grant(alice.caller, { principal: { kind: 'user', name: 'carol' }, role: 'boss' })).rejects.toMatchObject({
        code: 'forbidden',
      });
      const binding = await service.grant(alice.caller, { principal: { kind: 'user', name: 'carol' }, role: 'auditor' });
      expect(binding).toMatchObject({ principalKind: 'user', principalId: carol.user.id, role: 'auditor', tenant: acme.id });
      await expect(service.grant(alice.caller, { principal: { kind: 'user', name: 'carol' }, role: 'auditor' })).rejects.toMatchObject({
        code: 'binding_exists',
      });
      const carolIn = await signIn(service, 'carol', carol.password);
      expect([...carolIn.caller.permissions]).toEqual(['audit:read']);

      // Granted by the provider admin, a role is inherited by the tenants below.
      await service.grant(root.caller, { principal: { kind: 'user', name: 'carol' }, role: 'read-only', tenant: root.caller.tenant });
      expect((await service.authenticate(carolIn.token))?.permissions.has('topology:read')).toBe(true);

      await service.revokeBinding(alice.caller, binding.id);
      expect((await service.authenticate(carolIn.token))?.permissions.has('audit:read')).toBe(false);
      await expect(service.revokeBinding(alice.caller, binding.id)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('answers unknown, malformed and other people’s things without changing anything', async () => {
      const { root, alice, bob } = await twoTenants();
      const before = (await store().audit.list()).length;
      await expect(service.createUser(root.caller, { name: 'eve', tenant: 'ghost' })).rejects.toMatchObject({ code: 'not_found' });
      await expect(service.createUser(root.caller, { name: '' })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(service.createUser(root.caller, { name: 'x'.repeat(5000) })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(service.createTenant(root.caller, { name: 'sub', parent: 'ghost' })).rejects.toMatchObject({ code: 'not_found' });
      await expect(service.grant(root.caller, { principal: { kind: 'group', name: 'ghosts' }, role: 'user' })).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(service.revokeBinding(root.caller, 'ghost')).rejects.toMatchObject({ code: 'not_found' });
      const bobs = await service.createToken(bob.caller, { name: 'mine', expiresInDays: 1 });
      await expect(service.revokeToken(alice.caller, bobs.view.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(service.createToken(alice.caller, { name: ' ', expiresInDays: 1 })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(service.createToken(alice.caller, { name: 'long', expiresInDays: 10_000 })).rejects.toMatchObject({
        code: 'invalid_input',
      });
      await expect(service.login({ name: 'alice', password: 'x'.repeat(100_000), address: ADDRESS })).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
      expect(await service.authenticate(bobs.token)).toBeDefined();
      // Only the token bob made was written.
      expect((await store().audit.list()).length).toBe(before + 1);
    });

    it('grants through groups and custom roles, and a removed grant stops working at once', async () => {
      const { root, acme, alice } = await twoTenants();
      const carol = await service.createUser(alice.caller, { name: 'carol' });
      const carolSession = await signIn(service, 'carol', carol.password);
      expect(carolSession.caller.permissions.size).toBe(0);

      const role = await service.createRole(alice.caller, { name: 'viewer', permissions: ['topology:read', 'deployment:read'] });
      expect(role).toMatchObject({ name: 'viewer', builtIn: false, tenant: acme.id });
      await expect(service.createRole(alice.caller, { name: 'wide', permissions: ['tenant:manage'] })).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(service.createRole(alice.caller, { name: 'user', permissions: ['topology:read'] })).rejects.toMatchObject({
        code: 'role_exists',
      });
      expect((await service.listRoles(alice.caller)).map((listed) => listed.name)).toEqual([
        'provider-admin',
        'tenant-admin',
        'user',
        'read-only',
        'viewer',
      ]);
      // Custom roles of one tenant are not offered to the tenants beside it.
      const globexAdmin = await service.listRoles({
        ...root.caller,
        tenant: (await service.listTenants(root.caller)).find((t) => t.name === 'globex')!.id,
      });
      expect(globexAdmin.map((listed) => listed.name)).not.toContain('viewer');

      const group = await service.createGroup(alice.caller, { name: 'operators' });
      await service.addGroupMember(alice.caller, { group: 'operators', user: 'carol' });
      expect((await service.listGroups(alice.caller)).find((listed) => listed.id === group.id)?.members).toEqual(['carol']);
      const binding = await service.grant(alice.caller, { principal: { kind: 'group', name: 'operators' }, role: 'viewer' });
      expect([...((await service.authenticate(carolSession.token))?.permissions ?? [])].sort()).toEqual([
        'deployment:read',
        'topology:read',
      ]);
      expect((await service.listBindings(alice.caller)).map((listed) => listed.id)).toContain(binding.id);

      await service.revokeBinding(alice.caller, binding.id);
      expect((await service.authenticate(carolSession.token))?.permissions.size).toBe(0);
      // Another tenant's admin sees none of it.
      const bob = await twoTenantsBob(service, root.caller);
      expect(await service.listGroups(bob)).toEqual([]);
      await expect(service.addGroupMember(bob, { group: 'operators', user: 'carol' })).rejects.toMatchObject({ code: 'not_found' });
    });

    it('lists groups with their members in the same few store reads however many users there are', async () => {
      const { root, alice } = await twoTenants();
      const names = ['dora', 'carl', 'erin', 'finn', 'gus', 'hana'];
      for (const name of names) await service.createUser(alice.caller, { name });
      await service.createGroup(alice.caller, { name: 'operators' });
      await service.createGroup(alice.caller, { name: 'auditors' });
      await service.createGroup(alice.caller, { name: 'empty' });
      for (const name of ['hana', 'carl', 'dora']) await service.addGroupMember(alice.caller, { group: 'operators', user: name });
      await service.addGroupMember(alice.caller, { group: 'auditors', user: 'dora' });
      await service.addGroupMember(root.caller, { group: 'auditors', user: 'root' });

      const calls: string[] = [];
      const real = store();
      const identity = new Proxy(real.identity, {
        get: (target, method) => {
          const value: unknown = Reflect.get(target, method);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            calls.push(String(method));
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      const counted = new Proxy(real, {
        get: (target, key) => {
          if (key === 'identity') return identity;
          const value: unknown = Reflect.get(target, key);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      const listing = await new IdentityService(
        counted,
        new LoginThrottle(DEFAULT_THROTTLE_POLICY, () => clock.now),
        CHEAP,
        () => new Date(clock.now),
      ).listGroups(alice.caller);
      expect(listing.map((group) => [group.name, group.members])).toEqual([
        ['auditors', ['dora', 'root']],
        ['empty', []],
        ['operators', ['carl', 'dora', 'hana']],
      ]);
      expect(calls.filter((method) => method === 'groupsOf')).toEqual([]);
      expect(calls.length).toBeLessThanOrEqual(3);
    });

    it('disabling a user revokes every token it holds', async () => {
      const { root, bob } = await twoTenants();
      const personal = await service.createToken(bob.caller, { name: 'ci', expiresInDays: 30 });
      await expect(service.disableUser(bob.caller, 'bob')).rejects.toMatchObject({ code: 'invalid_input' });
      const disabled = await service.disableUser(root.caller, 'bob');
      expect(disabled).toMatchObject({ name: 'bob', disabled: true });
      expect(await service.authenticate(bob.token)).toBeUndefined();
      expect(await service.authenticate(personal.token)).toBeUndefined();
      const tokens = await store().identity.tokensOf(bob.user.id);
      expect(tokens.length).toBe(2);
      expect(tokens.every((token) => token.revokedAt !== null)).toBe(true);
      await expect(service.login({ name: 'bob', password: bob.password, address: ADDRESS })).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
    });

    it('refuses a tenant name twice and rehashes a password made at a lower cost', async () => {
      const boot = await service.bootstrap({ provider: 'provider', admin: 'root' });
      const root = await signIn(service, 'root', boot.password);
      await service.createTenant(root.caller, { name: 'acme' });
      await expect(service.createTenant(root.caller, { name: 'acme' })).rejects.toMatchObject({ code: 'tenant_exists' });

      const stronger = make({ N: 2 ** 11, r: 8, p: 1 });
      await stronger.login({ name: 'root', password: boot.password, address: ADDRESS });
      expect((await store().identity.userByName('root'))?.passwordHash).toMatch(/^scrypt\$2048\$/);
      await signIn(stronger, 'root', boot.password);
    });

    it('writes audit rows for its changes and never a password or token hash in them', async () => {
      const { root } = await twoTenants();
      const personal = await service.createToken(root.caller, { name: 'ci', expiresInDays: 1 });
      await service.disableUser(root.caller, 'bob');
      const rows = JSON.stringify(await store().audit.list());
      const hashes = [
        ...(await store().identity.users()).map((user) => user.passwordHash),
        ...(await Promise.all((await store().identity.users()).map((user) => store().identity.tokensOf(user.id))))
          .flat()
          .map((t) => t.hash),
      ];
      expect(hashes.length).toBe(7);
      for (const hash of hashes) expect(rows).not.toContain(hash);
      expect(rows).not.toContain(personal.token);
      for (const action of ['tenant.create', 'user.create', 'binding.create', 'token.create', 'token.revoke', 'user.update']) {
        expect(rows).toContain(`"${action}"`);
      }
    });
  });
}
