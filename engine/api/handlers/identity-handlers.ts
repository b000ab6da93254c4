import { currentRequest } from '../../context/request-context.js';
import { NimbusError } from '../../errors.js';
import type { IdentityService } from '../../identity/identity-service.js';
import { AuthorizationError, type Caller } from '../authorization.js';
import type { Handlers } from '../dispatcher.js';

type IdentityMethods =
  | 'whoAmI'
  | 'listAccessTokens'
  | 'createAccessToken'
  | 'revokeAccessToken'
  | 'listUsers'
  | 'createUser'
  | 'disableUser'
  | 'listTenants'
  | 'createTenant'
  | 'listGroups'
  | 'createGroup'
  | 'addGroupMember'
  | 'listRoles'
  | 'createRole'
  | 'listRoleBindings'
  | 'grantRole'
  | 'revokeRoleBinding';

/** The caller of the call being served; the dispatcher put it in the request context. */
function requestCaller(): Caller {
  const request = currentRequest();
  if (!request?.actor || !request.tenant || !request.permissions) {
    throw new AuthorizationError('unauthorized', 'Sign in first', { method: 'whoAmI', permission: 'profile:manage' });
  }
  return { id: request.actor, tenant: request.tenant, permissions: request.permissions };
}

/**
 * API methods of users, tokens, tenants and roles on a shared server. The dispatcher has checked the
 * method's permission; the identity service adds the rules of scope (own tenant and below).
 */
export function identityHandlers(identity: IdentityService): Pick<Handlers, IdentityMethods> {
  return {
    whoAmI: async () => {
      const caller = requestCaller();
      const { user, tenant } = await identity.describe(caller);
      return {
        backend: 'server' as const,
        user: { id: user.id, name: user.name, displayName: user.displayName },
        tenant: { id: tenant.id, name: tenant.name },
        permissions: [...caller.permissions].sort(),
      };
    },
    listAccessTokens: () => identity.listTokens(requestCaller()),
    createAccessToken: (input) => identity.createToken(requestCaller(), input),
    revokeAccessToken: ({ id }) => identity.revokeToken(requestCaller(), id),
    listUsers: () => identity.listUsers(requestCaller()),
    createUser: (input) => identity.createUser(requestCaller(), input),
    disableUser: ({ name }) => identity.disableUser(requestCaller(), name),
    listTenants: () => identity.listTenants(requestCaller()),
    createTenant: (input) => identity.createTenant(requestCaller(), input),
    listGroups: () => identity.listGroups(requestCaller()),
    createGroup: async (input) => ({ ...(await identity.createGroup(requestCaller(), input)), members: [] }),
    addGroupMember: (input) => identity.addGroupMember(requestCaller(), input),
    listRoles: () => identity.listRoles(requestCaller()),
    createRole: (input) => identity.createRole(requestCaller(), input),
    listRoleBindings: () => identity.listBindings(requestCaller()),
    grantRole: ({ role, user, group, tenant }) =>
      identity.grant(requestCaller(), {
        principal: user !== undefined ? { kind: 'user', name: user } : { kind: 'group', name: group ?? '' },
        role,
        ...(tenant ? { tenant } : {}),
      }),
    revokeRoleBinding: ({ id }) => identity.revokeBinding(requestCaller(), id),
  };
}

/**
 * The same methods on the single-user engine: the owner is the only user, with every permission, and
 * the team's records live on a shared server.
 */
export function localIdentityHandlers(owner: Caller): Pick<Handlers, IdentityMethods> {
  const serverOnly = (): never => {
    throw new NimbusError('server_only', 'Users, access tokens, tenants and roles live on a shared Nimbus server; connect to one first');
  };
  return {
    whoAmI: () => ({
      backend: 'local' as const,
      user: { id: owner.id, name: owner.id, displayName: owner.id },
      tenant: { id: owner.tenant, name: owner.tenant },
      permissions: [...owner.permissions].sort(),
    }),
    listAccessTokens: serverOnly,
    createAccessToken: serverOnly,
    revokeAccessToken: serverOnly,
    listUsers: serverOnly,
    createUser: serverOnly,
    disableUser: serverOnly,
    listTenants: serverOnly,
    createTenant: serverOnly,
    listGroups: serverOnly,
    createGroup: serverOnly,
    addGroupMember: serverOnly,
    listRoles: serverOnly,
    createRole: serverOnly,
    listRoleBindings: serverOnly,
    grantRole: serverOnly,
    revokeRoleBinding: serverOnly,
  };
}
