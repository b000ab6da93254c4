/**
 * The permissions a caller can hold, and the built-in roles as sets of them. Shared by the engine
 * (the dispatcher checks one permission per method), the server (roles and bindings) and the renderer
 * (an action the user may not take is shown disabled, with the permission it lacks as the reason).
 *
 * Names read `area:object:action`. Reading and writing are separate permissions everywhere, so a
 * read-only role is simply every `…:read` one.
 */
export const PERMISSIONS = [
  // Components: drafts, versions, governance.
  'component:definition:read',
  'component:definition:create',
  'component:definition:update',
  'component:definition:delete',
  'component:definition:publish',
  'component:governance:manage',
  // Deploying components and topologies.
  'component:preview',
  'component:deploy',
  'component:destroy',
  'component:upgrade',
  'deployment:read',
  // Resolvers (IPAM pools and allocations, naming, images, secrets) and landing zones.
  'resolver:config:read',
  'resolver:config:manage',
  'landingzone:bootstrap:manage',
  // Stacks and their instances.
  'stack:definition:read',
  'stack:definition:create',
  'stack:definition:update',
  'stack:definition:publish',
  'stack:instance:deploy',
  'stack:instance:destroy',
  'stack:instance:upgrade',
  'stack:instance:day2',
  // Events.
  'events:source:manage',
  'events:rules:manage',
  'events:log:read',
  // Topologies (designs) and jobs.
  'topology:read',
  'topology:create',
  'topology:update',
  'topology:delete',
  'sync:lease:manage',
  // Offline planning: leases of addresses and names from a shared server.
  'sync:lease:manage',
  'job:read',
  'job:cancel',
  // The engine itself, and what belongs to the calling user alone (settings, own tokens).
  'system:read',
  'system:manage',
  'profile:manage',
  // The team: audit, users, tenants, roles.
  'audit:read',
  'user:manage',
  'tenant:manage',
  'role:manage',
  // Approvals before deploy: policies per environment, deciding on requests, reading them.
  'approval:policy:manage',
  'approval:decide',
  'approval:read',
  // Notifications: the delivery log and dead letters, channels and templates, subscribing.
  'notification:read',
  'notification:manage',
  'notification:subscribe',
  // Bare metal: reading the provider registry (machines, capacity), and adding and syncing registries.
  'baremetal:registry:read',
  'baremetal:registry:manage',
  // Cloud accounts: provider credentials per landing zone (reading never shows a secret).
  'landingzone:account:read',
  'landingzone:account:manage',
] as const;

/** One permission (see {@link PERMISSIONS}). */
export type Permission = (typeof PERMISSIONS)[number];

/** Whether a string that came from a file, a database or a wire is a known permission. */
export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/** The names of the built-in roles; custom roles take any other name. */
export const BUILT_IN_ROLE_NAMES = ['provider-admin', 'tenant-admin', 'user', 'read-only'] as const;

/** One built-in role. */
export type BuiltInRoleName = (typeof BUILT_IN_ROLE_NAMES)[number];

const READS = PERMISSIONS.filter((permission) => permission.endsWith(':read'));

/** Everything but the provider's own business: other tenants and the engine's machine-wide checks. */
const TENANT_ADMIN = PERMISSIONS.filter((permission) => permission !== 'tenant:manage' && permission !== 'system:manage');

/** Designing and deploying with what the admins published, without changing the catalog or its rules. */
const USER: readonly Permission[] = [
  ...READS.filter((permission) => permission !== 'audit:read' && permission !== 'notification:read'),
  'component:preview',
  'component:deploy',
  'component:destroy',
  'component:upgrade',
  'stack:instance:deploy',
  'stack:instance:destroy',
  'stack:instance:upgrade',
  'stack:instance:day2',
  'topology:create',
  'topology:update',
  'topology:delete',
  'job:cancel',
  'profile:manage',
  'approval:decide',
  'notification:subscribe',
];

/** The permissions of each built-in role. Provider admins hold every permission. */
export const BUILT_IN_ROLES: Readonly<Record<BuiltInRoleName, readonly Permission[]>> = {
  'provider-admin': PERMISSIONS,
  'tenant-admin': TENANT_ADMIN,
  user: USER,
  // Read-only users keep their in-app bell (profile:manage); an admin subscribes them.
  'read-only': [...READS.filter((permission) => permission !== 'audit:read' && permission !== 'notification:read'), 'profile:manage'],
};
