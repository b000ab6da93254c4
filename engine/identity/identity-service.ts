/**
 * Users, sign-in, tokens, tenants and role bindings of the shared server. The dispatcher has already
 * checked the method's permission in the caller's tenant; this service adds the rules of scope: a
 * caller manages only its own tenant and the tenants below it, grants only roles whose permissions it
 * holds itself, and narrows a personal token only to permissions it holds. Answers for what the
 * caller may not see are `not_found`, the same as for what does not exist.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Caller } from '../api/authorization.js';
import { BUILT_IN_ROLE_NAMES, BUILT_IN_ROLES, type Permission } from '../common/permissions.js';
import { NimbusError, NotFoundError } from '../errors.js';
import type {
  GroupRecord,
  IdentityPort,
  RoleBindingRecord,
  RoleRecord,
  TenantRecord,
  TokenRecord,
  UserRecord,
} from '../store/ports/identity-records.js';
import { hashToken, issueToken, tokenKind } from './access-tokens.js';
import { LoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword, type ScryptCost, DEFAULT_SCRYPT_COST } from './password-hash.js';
import { ancestry, effectivePermissions, isWithin, permissionsOfRole, type TenantNode } from './tenancy.js';

/** A refusal of an identity operation (bad credentials, throttled, out of scope). */
export class IdentityError extends NimbusError {
  override name = 'IdentityError';
}

/** How long a session token lives. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** How stale a token's `lastUsedAt` may get before authenticating writes it again. */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;
/**
 * How long this process trusts what it found for a token before it reads the store again. A token
 * revoked (or a user disabled, a role changed) through this process stops working at once; through
 * another server process, within this time.
 */
export const AUTHENTICATION_CACHE_MS = 5_000;
const AUTHENTICATION_CACHE_SIZE = 10_000;
/** The longest a personal access token may live. */
export const MAX_TOKEN_DAYS = 366;

const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** What signing in gives: the token (shown once) and who it is for. */
export interface Session {
  token: string;
  expiresAt: string;
  user: { id: string; name: string; tenant: string };
}

/** The view of a user that leaves the server (never the hash). */
export interface UserView {
  id: string;
  name: string;
  displayName: string;
  tenant: string;
  disabled: boolean;
  createdAt: string;
}

/** The view of a token that leaves the server (never the value or its hash). */
export interface TokenView {
  id: string;
  name: string;
  kind: TokenRecord['kind'];
  tenant: string;
  scope: Permission[] | null;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

/** A role as listed: built in (no tenant) or custom to a tenant. */
export interface RoleView {
  name: string;
  builtIn: boolean;
  tenant: string | null;
  permissions: Permission[];
}

const userView = ({ passwordHash: _hash, ...user }: UserRecord): UserView => user;
const tokenView = ({ hash: _hash, userId: _user, ...token }: TokenRecord): TokenView => token;

export class IdentityService {
  constructor(
    private readonly store: { identity: IdentityPort; unitOfWork<T>(work: (tx: { identity: IdentityPort }) => Promise<T>): Promise<T> },
    private readonly throttle = new LoginThrottle(),
    private readonly cost: ScryptCost = DEFAULT_SCRYPT_COST,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The first start of a server: the provider tenant and its first administrator, with a one-time
   * password to print. Refused once any user exists, also when two run at once (one unit).
   */
  async bootstrap(input: { provider: string; admin: string }): Promise<{ tenant: TenantRecord; user: UserView; password: string }> {
    checkName(input.provider, 'provider tenant name');
    checkName(input.admin, 'administrator name');
    const password = randomBytes(18).toString('base64url');
    const passwordHash = await hashPassword(password, this.cost);
    return this.store.unitOfWork(async ({ identity }) => {
      if (await identity.hasUsers()) {
        throw new IdentityError('already_initialised', 'This server already has users; sign in as an administrator instead');
      }
      const at = this.now().toISOString();
      const tenant: TenantRecord = { id: randomUUID(), name: input.provider, parent: null, createdAt: at };
      await identity.insertTenant(tenant);
      const user: UserRecord = {
        id: randomUUID(),
        name: input.admin,
        displayName: input.admin,
        tenant: tenant.id,
        passwordHash,
        disabled: false,
        createdAt: at,
      };
      await identity.insertUser(user);
      await identity.insertBinding({
        id: randomUUID(),
        principalKind: 'user',
        principalId: user.id,
        role: 'provider-admin',
        tenant: tenant.id,
        createdAt: at,
      });
      return { tenant, user: userView(user), password };
    });
  }

  /**
   * Signs in with a name and password from `address`. Wrong name and wrong password give the same
   * answer; repeated failures for the name or from the address are throttled.
   */
  async login(input: { name: string; password: string; address: string }): Promise<Session> {
    const keys = [`user:${input.name.toLowerCase()}`, `address:${input.address}`];
    const wait = Math.max(...keys.map((key) => this.throttle.retryAfter(key)));
    if (wait > 0) {
      throw new IdentityError('login_throttled', `Too many failed sign-ins; try again in ${Math.ceil(wait / 1000)} s`, {
        retryAfterSeconds: Math.ceil(wait / 1000),
      });
    }
    const user = await this.store.identity.userByName(input.name.toLowerCase());
    // A missing user still costs a hash, so timing does not tell which names exist.
    const verdict = await verifyPassword(input.password, user?.passwordHash ?? (await this.dummyHash()), this.cost);
    if (!user || !verdict.ok || user.disabled) {
      for (const key of keys) this.throttle.fail(key);
      throw new IdentityError('invalid_credentials', 'Wrong user name or password');
    }
    for (const key of keys) this.throttle.succeed(key);
    const issued = issueToken('session');
    const at = this.now();
    const expiresAt = new Date(at.getTime() + SESSION_LIFETIME_MS).toISOString();
    // Hashed before the unit: a unit awaits nothing but its repositories (SQLite holds its write lock).
    const rehashed = verdict.needsRehash ? await hashPassword(input.password, this.cost) : undefined;
    await this.store.unitOfWork(async ({ identity }) => {
      if (rehashed) await identity.updateUser(user.id, { passwordHash: rehashed });
      await identity.insertToken({
        id: randomUUID(),
        userId: user.id,
        kind: 'session',
        name: 'session',
        hash: issued.hash,
        tenant: user.tenant,
        scope: null,
        expiresAt,
        revokedAt: null,
        lastUsedAt: null,
        createdAt: at.toISOString(),
      });
    });
    return { token: issued.value, expiresAt, user: { id: user.id, name: user.name, tenant: user.tenant } };
  }

  private readonly recentCallers = new Map<string, { caller: Caller; until: number; expires: number }>();

  /** Who presents `token`: undefined for an unknown, expired or revoked token or a disabled user. */
  async authenticate(token: string): Promise<Caller | undefined> {
    if (tokenKind(token) === null) return undefined;
    const hash = hashToken(token);
    const at = this.now();
    const recent = this.recentCallers.get(hash);
    if (recent && recent.until > at.getTime() && recent.expires > at.getTime()) return recent.caller;
    const caller = await this.lookUp(hash, at);
    if (caller) {
      if (this.recentCallers.size >= AUTHENTICATION_CACHE_SIZE) this.recentCallers.clear();
      this.recentCallers.set(hash, { caller: caller.caller, until: at.getTime() + AUTHENTICATION_CACHE_MS, expires: caller.expires });
    }
    return caller?.caller;
  }

  /** Forgets every token this process trusted recently: after any change to users, tokens, roles or grants. */
  private forgetCallers(): void {
    this.recentCallers.clear();
  }

  private async lookUp(hash: string, at: Date): Promise<{ caller: Caller; expires: number } | undefined> {
    const record = await this.store.identity.tokenByHash(hash);
    if (!record || record.revokedAt !== null || Date.parse(record.expiresAt) <= at.getTime()) return undefined;
    const user = await this.store.identity.userById(record.userId);
    if (!user || user.disabled) return undefined;
    // Shown in the token list; written at most once a minute so authenticating stays a read.
    if (record.lastUsedAt === null || at.getTime() - Date.parse(record.lastUsedAt) >= TOKEN_TOUCH_INTERVAL_MS) {
      await this.store.identity.touchToken(record.id, at.toISOString());
    }
    const held = await this.permissionsOf(user, record.tenant);
    const permissions = record.scope ? new Set(record.scope.filter((permission) => held.has(permission))) : held;
    return { caller: { id: user.id, tenant: record.tenant, permissions }, expires: Date.parse(record.expiresAt) };
  }

  /** Ends the session or revokes the token presented. */
  async logout(token: string): Promise<void> {
    const record = await this.store.identity.tokenByHash(hashToken(token));
    if (record && record.revokedAt === null) await this.store.identity.revokeToken(record.id, this.now().toISOString());
    this.forgetCallers();
  }

  /** Makes a personal access token for the caller, narrowed to permissions the caller holds. */
  async createToken(
    caller: Caller,
    input: { name: string; permissions?: Permission[]; tenant?: string; expiresInDays: number },
  ): Promise<{ token: string; view: TokenView }> {
    if (!input.name.trim() || input.name.length > 100)
      throw new IdentityError('invalid_input', 'A token needs a name (at most 100 characters)');
    if (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > MAX_TOKEN_DAYS) {
      throw new IdentityError('invalid_input', `A token expires in 1 to ${MAX_TOKEN_DAYS} days`, { expiresInDays: input.expiresInDays });
    }
    const tenant = input.tenant ?? caller.tenant;
    await this.requireWithin(caller, tenant);
    const missing = (input.permissions ?? []).filter((permission) => !caller.permissions.has(permission));
    if (missing.length > 0) {
      throw new IdentityError('forbidden', `A token cannot carry permissions you lack: ${missing.join(', ')}`, { missing });
    }
    // A caller that is itself a narrowed token makes tokens no wider than itself: naming no
    // permissions then means the caller's own, not everything its user holds.
    let scope = input.permissions ? [...new Set(input.permissions)] : null;
    if (!scope) {
      const user = await this.store.identity.userById(caller.id);
      const held = user ? await this.permissionsOf(user, tenant) : new Set<Permission>();
      if ([...held].some((permission) => !caller.permissions.has(permission))) {
        scope = [...held].filter((permission) => caller.permissions.has(permission));
      }
    }
    const issued = issueToken('personal');
    const at = this.now();
    const record: TokenRecord = {
      id: randomUUID(),
      userId: caller.id,
      kind: 'personal',
      name: input.name.trim(),
      hash: issued.hash,
      tenant,
      scope,
      expiresAt: new Date(at.getTime() + input.expiresInDays * 86_400_000).toISOString(),
      revokedAt: null,
      lastUsedAt: null,
      createdAt: at.toISOString(),
    };
    await this.store.identity.insertToken(record);
    return { token: issued.value, view: tokenView(record) };
  }

  /** The caller's own tokens (sessions and personal), newest first. */
  async listTokens(caller: Caller): Promise<TokenView[]> {
    const tokens = await this.store.identity.tokensOf(caller.id);
    return tokens.map(tokenView).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Revokes one of the caller's own tokens. */
  async revokeToken(caller: Caller, id: string): Promise<TokenView> {
    const token = (await this.store.identity.tokensOf(caller.id)).find((candidate) => candidate.id === id);
    if (!token) throw new NotFoundError('token', id);
    const at = this.now().toISOString();
    if (token.revokedAt === null) await this.store.identity.revokeToken(id, at);
    this.forgetCallers();
    return tokenView({ ...token, revokedAt: token.revokedAt ?? at });
  }

  /** Creates a user in the caller's tenant or below, with a one-time password to hand over. */
  async createUser(
    caller: Caller,
    input: { name: string; displayName?: string; tenant?: string; role?: string },
  ): Promise<{ user: UserView; password: string }> {
    const name = input.name.toLowerCase();
    checkName(name, 'user name');
    const tenant = input.tenant ?? caller.tenant;
    await this.requireWithin(caller, tenant);
    if (input.role) await this.requireGrantable(caller, input.role, tenant);
    const password = randomBytes(18).toString('base64url');
    const passwordHash = await hashPassword(password, this.cost);
    return this.store.unitOfWork(async ({ identity }) => {
      if (await identity.userByName(name)) throw new IdentityError('user_exists', `A user named ${name} already exists`, { name });
      const at = this.now().toISOString();
      const user: UserRecord = {
        id: randomUUID(),
        name,
        displayName: input.displayName ?? name,
        tenant,
        passwordHash,
        disabled: false,
        createdAt: at,
      };
      await identity.insertUser(user);
      if (input.role) {
        await identity.insertBinding({
          id: randomUUID(),
          principalKind: 'user',
          principalId: user.id,
          role: input.role,
          tenant,
          createdAt: at,
        });
      }
      return { user: userView(user), password };
    });
  }

  /** Users of the caller's tenant and the tenants below it. */
  async listUsers(caller: Caller): Promise<UserView[]> {
    const tenants = await this.tenantMap();
    const users = await this.store.identity.users();
    return users.filter((user) => tenants.has(user.tenant) && isWithin(user.tenant, caller.tenant, tenants)).map(userView);
  }

  /** Disables a user (in scope) and revokes every token the user holds. */
  async disableUser(caller: Caller, name: string): Promise<UserView> {
    const user = await this.store.identity.userByName(name.toLowerCase());
    if (!user || !(await this.isWithinCaller(caller, user.tenant))) throw new NotFoundError('user', name);
    if (user.id === caller.id) throw new IdentityError('invalid_input', 'You cannot disable yourself');
    await this.store.unitOfWork(async ({ identity }) => {
      await identity.updateUser(user.id, { disabled: true });
      await identity.revokeTokensOf(user.id, this.now().toISOString());
    });
    this.forgetCallers();
    return userView({ ...user, disabled: true });
  }

  /** Creates a tenant below the caller's tenant (or below one of its sub-tenants). */
  async createTenant(caller: Caller, input: { name: string; parent?: string }): Promise<TenantRecord> {
    checkName(input.name, 'tenant name');
    const tenants = await this.tenantMap();
    const parent = input.parent
      ? [...tenants.values()].find((t) => t.id === input.parent || t.name === input.parent)
      : tenants.get(caller.tenant);
    if (!parent || !isWithin(parent.id, caller.tenant, tenants)) throw new NotFoundError('tenant', input.parent ?? caller.tenant);
    return this.store.unitOfWork(async ({ identity }) => {
      if ((await identity.tenants()).some((tenant) => tenant.name === input.name)) {
        throw new IdentityError('tenant_exists', `A tenant named ${input.name} already exists`, { name: input.name });
      }
      const tenant: TenantRecord = { id: randomUUID(), name: input.name, parent: parent.id, createdAt: this.now().toISOString() };
      await identity.insertTenant(tenant);
      return tenant;
    });
  }

  /** The caller's tenant and every tenant below it. */
  async listTenants(caller: Caller): Promise<TenantRecord[]> {
    const records = await this.store.identity.tenants();
    const tenants = new Map<string, TenantNode>(records.map((tenant) => [tenant.id, tenant]));
    return records.filter((tenant) => isWithin(tenant.id, caller.tenant, tenants));
  }

  /** Grants a role to a user or group at a tenant in the caller's scope. */
  async grant(
    caller: Caller,
    input: { principal: { kind: 'user' | 'group'; name: string }; role: string; tenant?: string },
  ): Promise<RoleBindingRecord> {
    const tenant = input.tenant ?? caller.tenant;
    await this.requireWithin(caller, tenant);
    await this.requireGrantable(caller, input.role, tenant);
    const principalId = await this.principalId(caller, input.principal);
    const binding: RoleBindingRecord = {
      id: randomUUID(),
      principalKind: input.principal.kind,
      principalId,
      role: input.role,
      tenant,
      createdAt: this.now().toISOString(),
    };
    await this.store.identity.insertBinding(binding);
    this.forgetCallers();
    return binding;
  }

  /** Removes a binding in the caller's scope; returns it as it was. */
  async revokeBinding(caller: Caller, id: string): Promise<RoleBindingRecord> {
    const binding = (await this.store.identity.bindings()).find((candidate) => candidate.id === id);
    if (!binding || !(await this.isWithinCaller(caller, binding.tenant))) throw new NotFoundError('role binding', id);
    await this.store.identity.deleteBinding(id);
    this.forgetCallers();
    return binding;
  }

  /** A group of users at a tenant in the caller's scope, for role bindings. */
  async createGroup(caller: Caller, input: { name: string; tenant?: string }): Promise<GroupRecord> {
    checkName(input.name, 'group name');
    const tenant = input.tenant ?? caller.tenant;
    await this.requireWithin(caller, tenant);
    const group: GroupRecord = { id: randomUUID(), name: input.name, tenant, createdAt: this.now().toISOString() };
    await this.store.identity.insertGroup(group);
    return group;
  }

  /** Groups of the caller's tenant and below, each with its members' names. */
  async listGroups(caller: Caller): Promise<(GroupRecord & { members: string[] })[]> {
    const tenants = await this.tenantMap();
    const [groups, memberships] = await Promise.all([this.store.identity.groups(), this.store.identity.memberships()]);
    const visible = groups.filter((group) => tenants.has(group.tenant) && isWithin(group.tenant, caller.tenant, tenants));
    const members = new Map<string, string[]>();
    for (const { groupId, userName } of memberships) members.set(groupId, [...(members.get(groupId) ?? []), userName]);
    return visible.map((group) => ({ ...group, members: members.get(group.id) ?? [] }));
  }

  /** Adds a user in scope to a group in scope; the user then holds the roles bound to the group. */
  async addGroupMember(caller: Caller, input: { group: string; user: string }): Promise<GroupRecord & { members: string[] }> {
    const group = (await this.store.identity.groups()).find((candidate) => candidate.name === input.group);
    if (!group || !(await this.isWithinCaller(caller, group.tenant))) throw new NotFoundError('group', input.group);
    const user = await this.store.identity.userByName(input.user.toLowerCase());
    if (!user || !(await this.isWithinCaller(caller, user.tenant))) throw new NotFoundError('user', input.user);
    await this.store.identity.addMember(group.id, user.id);
    this.forgetCallers();
    const listed = (await this.listGroups(caller)).find((candidate) => candidate.id === group.id);
    return listed ?? { ...group, members: [user.name] };
  }

  /** Bindings at the caller's tenant and below, oldest first. */
  async listBindings(caller: Caller): Promise<RoleBindingRecord[]> {
    const tenants = await this.tenantMap();
    const bindings = await this.store.identity.bindings();
    return bindings.filter((binding) => tenants.has(binding.tenant) && isWithin(binding.tenant, caller.tenant, tenants));
  }

  /** The built-in roles, then the custom roles of the caller's tenant and the tenants above it. */
  async listRoles(caller: Caller): Promise<RoleView[]> {
    const tenants = await this.tenantMap();
    const above = tenants.has(caller.tenant) ? ancestry(caller.tenant, tenants) : [];
    const custom = (await this.store.identity.roles()).filter((role) => above.includes(role.tenant));
    return [
      ...BUILT_IN_ROLE_NAMES.map((name) => ({ name, builtIn: true, tenant: null, permissions: [...BUILT_IN_ROLES[name]] })),
      ...custom.map((role) => ({ name: role.name, builtIn: false, tenant: role.tenant, permissions: role.permissions })),
    ];
  }

  /** A custom role at a tenant in the caller's scope, made only of permissions the caller holds. */
  async createRole(caller: Caller, input: { name: string; permissions: Permission[]; tenant?: string }): Promise<RoleView> {
    checkName(input.name, 'role name');
    if ((BUILT_IN_ROLE_NAMES as readonly string[]).includes(input.name)) {
      throw new IdentityError('role_exists', `${input.name} is a built-in role`, { name: input.name });
    }
    const tenant = input.tenant ?? caller.tenant;
    await this.requireWithin(caller, tenant);
    const missing = input.permissions.filter((permission) => !caller.permissions.has(permission));
    if (missing.length > 0) {
      throw new IdentityError('forbidden', `A role cannot hold permissions you lack: ${missing.slice(0, 5).join(', ')}`, { missing });
    }
    const role: RoleRecord = {
      name: input.name,
      tenant,
      permissions: [...new Set(input.permissions)],
      createdAt: this.now().toISOString(),
    };
    await this.store.identity.insertRole(role);
    this.forgetCallers();
    return { name: role.name, builtIn: false, tenant, permissions: role.permissions };
  }

  /** The caller's user and tenant by name (a token acts in its own tenant, possibly below the user's). */
  async describe(caller: Caller): Promise<{ user: UserView; tenant: TenantRecord }> {
    const user = await this.store.identity.userById(caller.id);
    const tenant = (await this.store.identity.tenants()).find((candidate) => candidate.id === caller.tenant);
    if (!user || !tenant) throw new NotFoundError('user', caller.id);
    return { user: userView(user), tenant };
  }

  /** Every permission `user` holds in `tenant`. */
  async permissionsOf(user: UserRecord, tenant: string): Promise<Set<Permission>> {
    const [tenants, bindings, groups, roles] = await Promise.all([
      this.tenantMap(),
      this.store.identity.bindings(),
      this.store.identity.groupsOf(user.id),
      this.store.identity.roles(),
    ]);
    if (!tenants.has(tenant) || !isWithin(tenant, user.tenant, tenants)) return new Set();
    const customRoles = new Map(
      roles
        .filter((role) => ancestry(tenant, tenants).includes(role.tenant))
        .map((role) => [role.name, { name: role.name, permissions: role.permissions }]),
    );
    return effectivePermissions({
      user: user.id,
      groups,
      tenant,
      tenants,
      bindings: bindings.map((binding) => ({
        principal: { kind: binding.principalKind, id: binding.principalId },
        role: binding.role,
        tenant: binding.tenant,
      })),
      customRoles,
    });
  }

  private dummy: Promise<string> | undefined;

  /** A hash of a random password at today's cost, checked when the user does not exist. */
  private dummyHash(): Promise<string> {
    return (this.dummy ??= hashPassword(randomBytes(18).toString('base64url'), this.cost));
  }

  private async tenantMap(): Promise<Map<string, TenantNode>> {
    return new Map((await this.store.identity.tenants()).map((tenant) => [tenant.id, tenant]));
  }

  private async isWithinCaller(caller: Caller, tenant: string): Promise<boolean> {
    const tenants = await this.tenantMap();
    return tenants.has(tenant) && isWithin(tenant, caller.tenant, tenants);
  }

  private async requireWithin(caller: Caller, tenant: string): Promise<void> {
    if (!(await this.isWithinCaller(caller, tenant))) throw new NotFoundError('tenant', tenant);
  }

  private async requireGrantable(caller: Caller, role: string, tenant: string): Promise<void> {
    const tenants = await this.tenantMap();
    const custom = (await this.store.identity.roles()).find(
      (candidate) => candidate.name === role && ancestry(tenant, tenants).includes(candidate.tenant),
    );
    const builtIn = (BUILT_IN_ROLE_NAMES as readonly string[]).includes(role);
    if (!builtIn && !custom) throw new NotFoundError('role', role);
    const needed = permissionsOfRole(role, new Map(custom ? [[custom.name, custom]] : []));
    const missing = needed.filter((permission) => !caller.permissions.has(permission));
    if (missing.length > 0) {
      throw new IdentityError('forbidden', `You cannot grant ${role}: it holds permissions you lack (${missing.slice(0, 5).join(', ')})`, {
        missing,
      });
    }
  }

  private async principalId(caller: Caller, principal: { kind: 'user' | 'group'; name: string }): Promise<string> {
    if (principal.kind === 'user') {
      const user = await this.store.identity.userByName(principal.name.toLowerCase());
      if (!user || !(await this.isWithinCaller(caller, user.tenant))) throw new NotFoundError('user', principal.name);
      return user.id;
    }
    const group = (await this.store.identity.groups()).find((candidate) => candidate.name === principal.name);
    if (!group || !(await this.isWithinCaller(caller, group.tenant))) throw new NotFoundError('group', principal.name);
    return group.id;
  }
}

function checkName(name: string, what: string): void {
  if (!NAME.test(name)) {
    throw new IdentityError(
      'invalid_input',
      `The ${what} must be lowercase letters, digits, ".", "_" or "-" (at most 63), starting with a letter or digit`,
      {
        name: name.slice(0, 80),
      },
    );
  }
}
