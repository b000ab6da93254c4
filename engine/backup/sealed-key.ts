/**
 * Seals the data directory's master key (the Pulumi passphrase and the key of stored secrets) with a
 * passphrase the user chooses, so a backup file on its own reveals nothing: scrypt derives a key
 * from the passphrase and a random salt, AES-256-GCM encrypts and authenticates the master key.
 * A wrong passphrase fails GCM's authentication, never yields a wrong key.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';
import { WeakPassphraseError } from './backup-errors.js';

/** The shortest passphrase a backup accepts. */
export const MIN_PASSPHRASE_LENGTH = 10;

/** scrypt's cost: 2^15 iterations of 8-block mixing, about 32 MiB and a tenth of a second. */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;

/** The sealed key as stored in the archive (`key.sealed.json`). */
export const SealedKeySchema = z.object({
  format: z.literal('nimbus-sealed-key-1'),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z.number().int().positive(),
    r: z.number().int().positive(),
    p: z.number().int().positive(),
    salt: z.string().regex(/^[0-9a-f]{32,}$/),
  }),
  cipher: z.literal('aes-256-gcm'),
  iv: z.string().regex(/^[0-9a-f]{24}$/),
  tag: z.string().regex(/^[0-9a-f]{32}$/),
  ciphertext: z.string().regex(/^[0-9a-f]+$/),
});
export type SealedKey = z.infer<typeof SealedKeySchema>;

/** Throws unless `passphrase` is long enough to seal a key. */
export function checkPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) throw new WeakPassphraseError(MIN_PASSPHRASE_LENGTH);
}

function derive(passphrase: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** Seals `secret`; `context` (the backup's id) is authenticated with it, so a key cannot be moved to another backup. */
export async function sealKey(secret: string, passphrase: string, context: string): Promise<SealedKey> {
  checkPassphrase(passphrase);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await derive(passphrase, salt, COST);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return {
    format: 'nimbus-sealed-key-1',
    kdf: { name: 'scrypt', ...COST, salt: salt.toString('hex') },
    cipher: 'aes-256-gcm',
    iv: iv.toString('hex'),
    tag: cipher.getAuthTag().toString('hex'),
    ciphertext: ciphertext.toString('hex'),
  };
}

/** Opens a sealed key; resolves null when the passphrase (or the context) is not the one it was sealed with. */
export async function unsealKey(sealed: SealedKey, passphrase: string, context: string): Promise<string | null> {
  // A cost far above ours would be a damaged or hostile file asking for gigabytes of memory.
  if (sealed.kdf.N > 2 ** 20 || sealed.kdf.r > 32 || sealed.kdf.p > 16) return null;
  const key = await derive(passphrase, Buffer.from(sealed.kdf.salt, 'hex'), sealed.kdf);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'hex'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'hex'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'hex')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
