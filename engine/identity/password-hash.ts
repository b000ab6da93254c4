/**
 * Password hashes for the shared server's users: scrypt (memory-hard, in Node's crypto, no native
 * addon) with a random salt, stored as one self-describing string so the cost can be raised later
 * without breaking stored hashes. Plain passwords are never stored or logged.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { NimbusError } from '../errors.js';

/** scrypt cost parameters; N = 2^15 with r = 8 takes about 32 MiB and 50–100 ms on one core. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** The cost new hashes are made with. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Passwords longer than this are refused before hashing (a huge input would cost memory, not safety). */
export const MAX_PASSWORD_LENGTH = 1024;
/** The shortest password a user may set. */
export const MIN_PASSWORD_LENGTH = 12;

/** A password that cannot be used: too short, too long. */
export class PasswordPolicyError extends NimbusError {
  override name = 'PasswordPolicyError';
  constructor(message: string) {
    super('weak_password', message, {});
  }
}

function scrypt(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Checks a new password against the policy; throws a {@link PasswordPolicyError} naming the rule. */
export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new PasswordPolicyError(`A password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new PasswordPolicyError(`A password may have at most ${MAX_PASSWORD_LENGTH} characters`);
  }
}

/** Hashes a password as `scrypt$N$r$p$salt$key` (salt and key in base64url). */
export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  checkPasswordPolicy(password);
  const salt = randomBytes(SALT_LENGTH);
  const key = await scrypt(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

function parseHash(encoded: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | null {
  const [scheme, costN, costR, costP, saltText, keyText, ...rest] = encoded.split('$');
  if (scheme !== 'scrypt' || keyText === undefined || saltText === undefined || rest.length > 0) return null;
  const [N, r, p] = [costN, costR, costP].map(Number) as [number, number, number];
  if (![N, r, p].every((value) => Number.isSafeInteger(value) && value > 0)) return null;
  if (N > 2 ** 20 || r > 32 || p > 16) return null;
  const salt = Buffer.from(saltText, 'base64url');
  const key = Buffer.from(keyText, 'base64url');
  if (salt.length < 8 || key.length !== KEY_LENGTH) return null;
  return { cost: { N, r, p }, salt, key };
}

/**
 * Whether `password` matches the stored hash, in time independent of where they differ. An
 * unreadable stored hash never matches. `needsRehash` says the hash was made with a lower cost than
 * today's, so the caller can store a new one after a successful sign-in.
 */
export async function verifyPassword(
  password: string,
  encoded: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<{ ok: boolean; needsRehash: boolean }> {
  const parsed = parseHash(encoded);
  if (!parsed || password.length > MAX_PASSWORD_LENGTH) return { ok: false, needsRehash: false };
  const key = await scrypt(password, parsed.salt, parsed.cost);
  const ok = timingSafeEqual(key, parsed.key);
  return { ok, needsRehash: ok && (parsed.cost.N < cost.N || parsed.cost.r < cost.r || parsed.cost.p < cost.p) };
}
