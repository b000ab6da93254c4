/**
 * Bearer tokens for sessions and personal access tokens. A token is shown once and stored only as its
 * SHA-256 hash: a leaked database holds nothing that signs in. 32 random bytes make guessing hopeless,
 * so a fast hash is enough (unlike passwords). The kind is visible in the prefix (`nmb_s_` for a
 * session, `nmb_p_` for a personal access token) so secret scanners and people recognise them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a token stands for. */
export type TokenKind = 'session' | 'personal';

const PREFIX: Record<TokenKind, string> = { session: 'nmb_s_', personal: 'nmb_p_' };
const TOKEN_PATTERN = /^nmb_([sp])_([A-Za-z0-9_-]{43})$/;

/** A new token: the value to show once, and the hash to store. */
export interface IssuedToken {
  value: string;
  hash: string;
}

/** Hash of a token as stored (hex SHA-256). */
export function hashToken(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Makes a token of the given kind. */
export function issueToken(kind: TokenKind): IssuedToken {
  const value = PREFIX[kind] + randomBytes(32).toString('base64url');
  return { value, hash: hashToken(value) };
}

/** The kind of a well-formed token, or null for anything else (which is then refused unread). */
export function tokenKind(value: string): TokenKind | null {
  const match = TOKEN_PATTERN.exec(value);
  if (!match) return null;
  return match[1] === 's' ? 'session' : 'personal';
}

/**
 * Whether a presented secret (a token, a hash) equals the expected one, in time that tells nothing
 * of where they differ or how long the expected one is (both are compared as SHA-256 digests).
 */
export function sameToken(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
