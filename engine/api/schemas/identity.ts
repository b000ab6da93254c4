/** Who the caller is, and the shared server's users, tokens, tenants and roles, as the API shows them. */
import { z } from 'zod';
import { PERMISSIONS } from '../../common/permissions.js';

const Name = z.string().min(1).max(63);
const PermissionName = z.enum(PERMISSIONS);
const Time = z.string();

/** The signed-in caller (the owner of the data directory on a local engine). */
export const WhoAmISchema = z.object({
  backend: z.enum(['local', 'server']),
  user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
  tenant: z.object({ id: z.string(), name: z.string() }),
  permissions: z.array(PermissionName),
});
export type WhoAmI = z.infer<typeof WhoAmISchema>;

/** A user, never its password hash. */
export const UserSchema = z.object({
  id: z.string(),
  name: z.string(),
  displayName: z.string(),
  tenant: z.string(),
  disabled: z.boolean(),
  createdAt: Time,
});

/** A token as listed: never its value or hash. */
export const AccessTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['session', 'personal']),
  tenant: z.string(),
  scope: z.array(PermissionName).nullable(),
  expiresAt: Time,
  revokedAt: Time.nullable(),
  lastUsedAt: Time.nullable(),
  createdAt: Time,
});

export const CreateAccessTokenInputSchema = z
  .object({
    name: z.string().min(1).max(100),
    /** Narrow the token to these permissions (each one the caller holds); all of the caller's when absent. */
    permissions: z.array(PermissionName).max(PERMISSIONS.length).optional(),
    /** The tenant (id) the token acts in: the caller's own or one below it. */
    tenant: z.string().min(1).max(100).optional(),
    expiresInDays: z.number().int().min(1).max(366),
  })
  .strict();

/** A new token: its value is shown this once. */
export const CreatedAccessTokenSchema = z.object({ token: z.string(), view: AccessTokenSchema });

export const CreateUserInputSchema = z
  .object({
    name: Name,
    displayName: z.string().min(1).max(200).optional(),
    tenant: z.string().min(1).max(100).optional(),
    role: z.string().min(1).max(63).optional(),
  })
  .strict();

/** A new user and its one-time password. */
export const CreatedUserSchema = z.object({ user: UserSchema, password: z.string() });

export const TenantSchema = z.object({ id: z.string(), name: z.string(), parent: z.string().nullable(), createdAt: Time });

export const CreateTenantInputSchema = z
  .object({ name: Name, parent: z.string().min(1).max(100).optional().describe('Parent tenant id or name; the caller’s own when absent') })
  .strict();

/** A role: built in, or custom to a tenant. */
export const RoleSchema = z.object({
  name: z.string(),
  builtIn: z.boolean(),
  tenant: z.string().nullable(),
  permissions: z.array(PermissionName),
});

export const CreateRoleInputSchema = z
  .object({
    name: Name,
    permissions: z.array(PermissionName).min(1).max(PERMISSIONS.length),
    tenant: z.string().min(1).max(100).optional(),
  })
  .strict();

export const RoleBindingSchema = z.object({
  id: z.string(),
  principalKind: z.enum(['user', 'group']),
  principalId: z.string(),
  role: z.string(),
  tenant: z.string(),
  createdAt: Time,
});

export const GrantRoleInputSchema = z
  .object({
    role: z.string().min(1).max(63),
    user: Name.optional(),
    group: Name.optional(),
    tenant: z.string().min(1).max(100).optional(),
  })
  .strict()
  .refine((input) => (input.user === undefined) !== (input.group === undefined), {
    message: 'Name exactly one of user or group',
  });

/** A group of users, with its members' names. */
export const GroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  tenant: z.string(),
  createdAt: Time,
  members: z.array(z.string()),
});

export const CreateGroupInputSchema = z.object({ name: Name, tenant: z.string().min(1).max(100).optional() }).strict();

export const AddGroupMemberInputSchema = z.object({ group: Name, user: Name }).strict();
