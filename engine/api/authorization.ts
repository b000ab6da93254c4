/**
 * Who may call which method. Every call reaches the dispatcher with the caller its transport
 * authenticated (or none), and the dispatcher asks an {@link Authorizer} whether that caller holds the
 * method's permission (`engine/common/method-permissions.ts`) before it reads the input.
 *
 * The desktop and `nimbus serve` run for the one person who owns the data directory: their engine uses
 * {@link ownerAuthorizer}. A shared server authenticates each request and uses
 * {@link permissionAuthorizer}, so a missing caller is refused rather than trusted.
 */
import type { MethodName } from '../common/method-names.js';
import type { Permission } from '../common/permissions.js';
import { NimbusError } from '../errors.js';

/** An authenticated caller: a user or a token acting in one tenant with the permissions granted there. */
export interface Caller {
  /** The user (or token) id, as audit rows name the actor. */
  readonly id: string;
  /** The tenant the call acts in. */
  readonly tenant: string;
  /** Every permission the caller holds in that tenant, inherited grants included. */
  readonly permissions: ReadonlySet<Permission>;
}

/** Decides whether a call may run; throws an {@link AuthorizationError} when it may not. */
export interface Authorizer {
  authorize(method: MethodName, permission: Permission, caller: Caller | undefined): void;
}

/** A call was refused before it ran: nobody authenticated, or the caller lacks the permission. */
export class AuthorizationError extends NimbusError {
  override name = 'AuthorizationError';
  constructor(code: 'unauthorized' | 'forbidden', message: string, details: { method: MethodName; permission: Permission }) {
    super(code, message, details);
  }
}

/** The single-user engine: whoever can reach it owns the data directory and may do everything. */
export const ownerAuthorizer: Authorizer = { authorize: () => undefined };

/** Checks the caller's permissions; a call without an authenticated caller is refused. */
export const permissionAuthorizer: Authorizer = {
  authorize(method, permission, caller) {
    if (!caller) {
      throw new AuthorizationError('unauthorized', `Sign in to call ${method}`, { method, permission });
    }
    if (!caller.permissions.has(permission)) {
      throw new AuthorizationError('forbidden', `You lack the permission ${permission}, which ${method} needs`, { method, permission });
    }
  },
};
