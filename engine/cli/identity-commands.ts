/**
 * Signing in to a shared server and managing who may do what there: `login`, `logout`, `whoami`,
 * personal access tokens, users, tenants, roles and grants. A secret (a new token, a one-time
 * password) is printed once, on stdout, and nowhere else.
 */
import { isPermission, PERMISSIONS, type Permission } from '../common/permissions.js';
import { NimbusError } from '../errors.js';
import { signIn, signOut, connectToServer } from '../remote/server-client.js';
import { isLocalAddress, normaliseServerUrl } from '../remote/server-url.js';
import { arg, call, emit, integer, required, str, type BareContext, type Command, type CommandContext } from './command-support.js';
import { table } from './format.js';
import { currentProfile, forgetProfile, profileFor, saveProfile } from './profiles.js';
import { UsageError } from './usage-error.js';
import { excerpt } from '../text/excerpt.js';

/** `--permissions a,b`: checked here so a typo is named with the permissions that exist. */
function permissionList(text: string | undefined, option = 'permissions'): Permission[] | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError(`--${option} needs at least one permission, e.g. --${option} topology:read,deploy:run`);
  const unknown = names.find((name) => !isPermission(name));
  if (unknown !== undefined)
    throw new UsageError(`${excerpt(unknown)} is not a permission; the permissions are: ${PERMISSIONS.join(', ')}`);
  return [...new Set(names)] as Permission[];
}

/** Tenants by id, for names in tables; empty when the caller may not list tenants (ids are shown then). */
async function tenantNames(context: CommandContext): Promise<Map<string, string>> {
  try {
    return new Map((await call(context.backend, 'listTenants', {})).map((tenant) => [tenant.id, tenant.name]));
  } catch (error) {
    if (error instanceof NimbusError && error.code === 'forbidden') return new Map();
    throw error;
  }
}

/** `--tenant T` by name or id, as the server's methods take it (an id); an unknown one is left for the server to refuse. */
async function tenantOption(context: CommandContext): Promise<string | undefined> {
  const wanted = str(context.options, 'tenant');
  if (wanted === undefined) return undefined;
  for (const [id, name] of await tenantNames(context)) if (id === wanted || name === wanted) return id;
  return wanted;
}

/** Refuses identity commands on the local data directory before calling, with what to do instead. */
function onServer(context: CommandContext, command: string): void {
  if (context.backend.kind === 'local')
    throw new NimbusError(
      'server_only',
      `${command} works on a shared Nimbus server: sign in with nimbus login URL, or add --server URL (the local data directory has one owner and no users)`,
      {},
    );
}

const when = (time: string | null) => (time ? time.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');

/** The password for login: NIMBUS_PASSWORD, else asked (no echo) on a terminal, else the first line of stdin. */
async function password(context: BareContext, user: string, url: string): Promise<string> {
  const fromEnv = context.env.NIMBUS_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!context.io.secret) throw new UsageError('no password: set NIMBUS_PASSWORD, or pipe the password on stdin');
  const given = await context.io.secret(`Password for ${user} at ${url}: `);
  if (given === '') throw new UsageError('no password given');
  return given;
}

const LOGIN: Command = {
  bare: true,
  words: ['login'],
  usage: 'nimbus login URL [--user NAME]',
  summary:
    'Sign in to a shared server (password asked without echo, or from stdin or NIMBUS_PASSWORD); later commands run there until nimbus logout',
  options: ['user'],
  async run(context) {
    const url = normaliseServerUrl(arg(context.args, 0, 'the server address (e.g. nimbus login https://nimbus.example.com)'));
    if (context.args.length > 1) throw new UsageError(`unexpected argument ${excerpt(context.args[1]!)}`);
    const user = str(context.options, 'user') ?? context.env.NIMBUS_USER ?? (context.io.ask ? await context.io.ask('User: ') : undefined);
    if (!user) throw new UsageError('--user NAME is required (or set NIMBUS_USER)');
    if (!url.startsWith('https:') && !isLocalAddress(url))
      context.io.err(`nimbus: warning: ${url} is not HTTPS: the password and the session cross the network unencrypted\n`);
    const session = await signIn(url, user, await password(context, user, url));
    // Who signed in, by name: the answer to sign-in names the tenant by id.
    const client = connectToServer({ url, token: session.token });
    let me;
    try {
      me = await client.call('whoAmI', {});
    } finally {
      await client.dispose();
    }
    saveProfile({ url, token: session.token, user: me.user.name, tenant: me.tenant.name, expiresAt: session.expiresAt }, context.env);
    return emit(
      context,
      { url, user: me.user.name, tenant: me.tenant.name, expiresAt: session.expiresAt, permissions: me.permissions },
      () =>
        `Signed in to ${url} as ${me.user.name} (tenant ${me.tenant.name}) until ${when(session.expiresAt)}.\nCommands now run on this server; nimbus logout (or --local) goes back to the local data directory.\n`,
    );
  },
};

const LOGOUT: Command = {
  bare: true,
  words: ['logout'],
  usage: 'nimbus logout [URL]',
  summary: 'End the session on the server and forget it here (commands use the local data directory again)',
  options: [],
  async run(context) {
    const given = context.args[0];
    const profile = given !== undefined ? profileFor(normaliseServerUrl(given), context.env) : currentProfile(context.env);
    if (!profile) {
      const message = given !== undefined ? `Not signed in to ${normaliseServerUrl(given)}.` : 'Not signed in to any server.';
      return emit(context, { signedOut: false }, () => `${message} Commands use the local data directory.\n`);
    }
    let ended = true;
    try {
      await signOut(profile.url, profile.token);
    } catch (error) {
      // The sign-in is forgotten here whatever the server says: a server that is down must not keep
      // anybody signed in on this machine. The session itself then ends when it expires.
      ended = false;
      const why = error instanceof NimbusError ? error.message : String(error);
      context.io.err(
        `nimbus: warning: could not end the session on the server (${why}); it was forgotten here and ends by itself at ${when(profile.expiresAt)}\n`,
      );
    }
    forgetProfile(profile.url, context.env);
    return emit(
      context,
      { signedOut: true, url: profile.url, endedOnServer: ended },
      () => `Signed out of ${profile.url}. Commands use the local data directory again.\n`,
    );
  },
};

const WHOAMI: Command = {
  words: ['whoami'],
  usage: 'nimbus whoami',
  summary: 'Where commands run (the local data directory or a server), as whom, in which tenant, with which permissions',
  options: [],
  async run(context) {
    const me = await call(context.backend, 'whoAmI', {});
    const where =
      context.backend.kind === 'local' ? `local data directory ${context.backend.location}` : `server ${context.backend.location}`;
    return emit(context, { ...me, location: context.backend.location }, () =>
      [
        `Backend:     ${where}`,
        `User:        ${me.user.name}${me.user.displayName && me.user.displayName !== me.user.name ? ` (${me.user.displayName})` : ''}${context.backend.kind === 'local' ? ' — the owner of the data directory' : ''}`,
        `Tenant:      ${me.tenant.name}`,
        `Permissions: ${me.permissions.join(', ')}`,
        '',
      ].join('\n'),
    );
  },
};

const TOKEN_COMMANDS: Command[] = [
  {
    words: ['token', 'create'],
    usage: 'nimbus token create NAME [--permissions a,b] [--tenant T] [--days N]',
    summary: 'Create a personal access token (for NIMBUS_TOKEN in CI); its value is printed this once',
    options: ['permissions', 'tenant', 'days'],
    async run(context) {
      onServer(context, 'token create');
      const name = arg(context.args, 0, 'the token name');
      const permissions = permissionList(str(context.options, 'permissions'));
      const tenant = await tenantOption(context);
      const days = integer(str(context.options, 'days'), 'days') ?? 90;
      const created = await call(context.backend, 'createAccessToken', {
        name,
        expiresInDays: days,
        ...(permissions ? { permissions } : {}),
        ...(tenant ? { tenant } : {}),
      });
      return emit(
        context,
        created,
        () =>
          `Created token ${created.view.name} (id ${created.view.id}), valid until ${when(created.view.expiresAt)}.\nThe token (shown once, keep it in a secret store):\n${created.token}\n`,
      );
    },
  },
  {
    words: ['token', 'list'],
    usage: 'nimbus token list',
    summary: 'Your tokens (sessions and personal access tokens), newest first; never their values',
    options: [],
    async run(context) {
      onServer(context, 'token list');
      const tokens = await call(context.backend, 'listAccessTokens', {});
      const now = Date.now();
      return emit(context, tokens, () =>
        tokens.length
          ? table(
              ['ID', 'NAME', 'KIND', 'PERMISSIONS', 'EXPIRES', 'LAST USED', 'STATUS'],
              tokens.map((t) => [
                t.id,
                t.name,
                t.kind,
                t.scope ? t.scope.join(',') : 'all of yours',
                when(t.expiresAt),
                when(t.lastUsedAt),
                t.revokedAt ? 'revoked' : Date.parse(t.expiresAt) <= now ? 'expired' : 'active',
              ]),
            )
          : 'No tokens. Create one with nimbus token create NAME.\n',
      );
    },
  },
  {
    words: ['token', 'revoke'],
    usage: 'nimbus token revoke ID',
    summary: 'Revoke one of your tokens: it stops working at once',
    options: [],
    async run(context) {
      onServer(context, 'token revoke');
      const revoked = await call(context.backend, 'revokeAccessToken', {
        id: arg(context.args, 0, 'the token id (see nimbus token list)'),
      });
      return emit(context, revoked, () => `Revoked token ${revoked.name} (${revoked.id}).\n`);
    },
  },
];

const USER_COMMANDS: Command[] = [
  {
    words: ['user', 'create'],
    usage: 'nimbus user create NAME [--tenant T] [--role R] [--display-name D]',
    summary: 'Create a user (with a role at its tenant); its one-time password is printed this once',
    options: ['tenant', 'role', 'display-name'],
    async run(context) {
      onServer(context, 'user create');
      const name = arg(context.args, 0, 'the user name');
      const tenant = await tenantOption(context);
      const role = str(context.options, 'role');
      const displayName = str(context.options, 'display-name');
      const created = await call(context.backend, 'createUser', {
        name,
        ...(tenant ? { tenant } : {}),
        ...(role ? { role } : {}),
        ...(displayName ? { displayName } : {}),
      });
      return emit(
        context,
        created,
        () =>
          `Created user ${created.user.name}${role ? ` with role ${role}` : ''}.\nOne-time password (shown once; they sign in with it and change it):\n${created.password}\n`,
      );
    },
  },
  {
    words: ['user', 'list'],
    usage: 'nimbus user list',
    summary: 'Users of your tenant and the tenants below it',
    options: [],
    async run(context) {
      onServer(context, 'user list');
      const users = await call(context.backend, 'listUsers', {});
      const tenants = await tenantNames(context);
      return emit(context, users, () =>
        table(
          ['NAME', 'DISPLAY NAME', 'TENANT', 'STATUS', 'CREATED'],
          users.map((u) => [
            u.name,
            u.displayName,
            tenants.get(u.tenant) ?? u.tenant,
            u.disabled ? 'disabled' : 'active',
            when(u.createdAt),
          ]),
        ),
      );
    },
  },
  {
    words: ['user', 'disable'],
    usage: 'nimbus user disable NAME [--yes]',
    summary: 'Disable a user and revoke every token it holds (asks first)',
    options: ['yes'],
    async run(context) {
      onServer(context, 'user disable');
      const name = arg(context.args, 0, 'the user name');
      if (context.options.yes !== true) {
        if (!context.io.confirm)
          throw new NimbusError(
            'confirmation_required',
            `Disable ${name}? Nobody can answer here (no terminal): add --yes to go ahead.`,
            {},
          );
        if (!(await context.io.confirm(`Disable ${name} and revoke every token it holds?`))) {
          context.io.err('Nothing was changed.\n');
          return 1;
        }
      }
      const user = await call(context.backend, 'disableUser', { name });
      return emit(context, user, () => `Disabled ${user.name}; its sessions and tokens no longer work.\n`);
    },
  },
];

const TENANT_COMMANDS: Command[] = [
  {
    words: ['tenant', 'create'],
    usage: 'nimbus tenant create NAME [--parent T]',
    summary: 'Create a tenant below yours (or below --parent, one of yours)',
    options: ['parent'],
    async run(context) {
      onServer(context, 'tenant create');
      const parent = str(context.options, 'parent');
      const tenant = await call(context.backend, 'createTenant', {
        name: arg(context.args, 0, 'the tenant name'),
        ...(parent ? { parent } : {}),
      });
      const names = await tenantNames(context);
      return emit(
        context,
        tenant,
        () => `Created tenant ${tenant.name} (id ${tenant.id}) below ${names.get(tenant.parent ?? '') ?? tenant.parent}.\n`,
      );
    },
  },
  {
    words: ['tenant', 'list'],
    usage: 'nimbus tenant list',
    summary: 'Your tenant and every tenant below it',
    options: [],
    async run(context) {
      onServer(context, 'tenant list');
      const tenants = await call(context.backend, 'listTenants', {});
      const names = new Map(tenants.map((t) => [t.id, t.name]));
      return emit(context, tenants, () =>
        table(
          ['NAME', 'PARENT', 'ID', 'CREATED'],
          tenants.map((t) => [t.name, t.parent ? (names.get(t.parent) ?? t.parent) : '', t.id, when(t.createdAt)]),
        ),
      );
    },
  },
];

const ROLE_COMMANDS: Command[] = [
  {
    words: ['role', 'create'],
    usage: 'nimbus role create NAME --permissions a,b [--tenant T]',
    summary: 'Create a custom role from permissions you hold',
    options: ['permissions', 'tenant'],
    async run(context) {
      onServer(context, 'role create');
      const permissions = permissionList(required(context.options, 'permissions'))!;
      const tenant = await tenantOption(context);
      const role = await call(context.backend, 'createRole', {
        name: arg(context.args, 0, 'the role name'),
        permissions,
        ...(tenant ? { tenant } : {}),
      });
      return emit(context, role, () => `Created role ${role.name}: ${role.permissions.join(', ')}\n`);
    },
  },
  {
    words: ['role', 'list'],
    usage: 'nimbus role list',
    summary: 'Built-in roles and the custom roles of your tenants, with their permissions',
    options: [],
    async run(context) {
      onServer(context, 'role list');
      const roles = await call(context.backend, 'listRoles', {});
      const tenants = await tenantNames(context);
      return emit(context, roles, () =>
        table(
          ['ROLE', 'KIND', 'TENANT', 'PERMISSIONS'],
          roles.map((r) => [
            r.name,
            r.builtIn ? 'built-in' : 'custom',
            r.tenant ? (tenants.get(r.tenant) ?? r.tenant) : '',
            r.permissions.join(','),
          ]),
        ),
      );
    },
  },
  {
    words: ['role', 'bindings'],
    usage: 'nimbus role bindings',
    summary: 'Who holds which role at which tenant (the ids nimbus revoke takes)',
    options: [],
    async run(context) {
      onServer(context, 'role bindings');
      const bindings = await call(context.backend, 'listRoleBindings', {});
      const tenants = await tenantNames(context);
      const users = new Map((await call(context.backend, 'listUsers', {}).catch(() => [])).map((u) => [u.id, u.name]));
      return emit(context, bindings, () =>
        bindings.length
          ? table(
              ['ID', 'ROLE', 'HOLDER', 'TENANT', 'GRANTED'],
              bindings.map((b) => [
                b.id,
                b.role,
                `${b.principalKind} ${users.get(b.principalId) ?? b.principalId}`,
                tenants.get(b.tenant) ?? b.tenant,
                when(b.createdAt),
              ]),
            )
          : 'No role bindings.\n',
      );
    },
  },
  {
    words: ['grant'],
    usage: 'nimbus grant ROLE (--user U | --group G) [--tenant T]',
    summary: 'Grant a role to a user or group at a tenant (yours by default; inherited below it)',
    options: ['user', 'group', 'tenant'],
    async run(context) {
      onServer(context, 'grant');
      const role = arg(context.args, 0, 'the role name');
      const user = str(context.options, 'user');
      const group = str(context.options, 'group');
      if ((user === undefined) === (group === undefined)) throw new UsageError('give --user NAME or --group NAME (one of them)');
      const tenant = await tenantOption(context);
      const binding = await call(context.backend, 'grantRole', {
        role,
        ...(user !== undefined ? { user } : {}),
        ...(group !== undefined ? { group } : {}),
        ...(tenant ? { tenant } : {}),
      });
      const tenants = await tenantNames(context);
      return emit(
        context,
        binding,
        () =>
          `Granted ${binding.role} to ${user !== undefined ? `user ${user}` : `group ${group}`} at tenant ${tenants.get(binding.tenant) ?? binding.tenant} (binding ${binding.id}).\n`,
      );
    },
  },
  {
    words: ['revoke'],
    usage: 'nimbus revoke BINDING_ID',
    summary: 'Remove a role binding (see nimbus role bindings)',
    options: [],
    async run(context) {
      onServer(context, 'revoke');
      const binding = await call(context.backend, 'revokeRoleBinding', {
        id: arg(context.args, 0, 'the binding id (see nimbus role bindings)'),
      });
      return emit(context, binding, () => `Removed binding ${binding.id}: ${binding.role} no longer held there.\n`);
    },
  },
];

/** Sign-in, identity and access commands. */
export const IDENTITY_COMMANDS: Command[] = [
  LOGIN,
  LOGOUT,
  WHOAMI,
  ...TOKEN_COMMANDS,
  ...USER_COMMANDS,
  ...TENANT_COMMANDS,
  ...ROLE_COMMANDS,
];
