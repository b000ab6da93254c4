/**
 * What the audit log may show of identity records, shared by both stores so neither ever writes a
 * password hash or a token hash into an audit value.
 */
import type { TokenRecord, UserPatch, UserRecord } from './ports/identity-records.js';

/** A user as the audit log shows it: never the password hash. */
export const auditedUser = ({ passwordHash: _hash, ...user }: UserRecord): Omit<UserRecord, 'passwordHash'> => user;

/** A token as the audit log shows it: never the hash of its value. */
export const auditedToken = ({ hash: _hash, ...token }: TokenRecord): Omit<TokenRecord, 'hash'> => token;

/** A user change as the audit log shows it: a new password only as the fact that it changed. */
export function auditedPatch({ passwordHash, ...patch }: UserPatch): Record<string, unknown> {
  return passwordHash === undefined ? patch : { ...patch, passwordChanged: true };
}

/** The fields of `before` that a change touched, for the audit row's old value. */
export function auditedBefore(before: UserRecord, change: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(change)
      .filter((key) => key in before && key !== 'passwordHash')
      .map((key) => [key, before[key as keyof UserRecord]]),
  );
}
