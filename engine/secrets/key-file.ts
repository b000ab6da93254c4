import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';

/**
 * The headless master key: 32 random bytes in a file readable only by its owner (0600). The desktop
 * app keeps the same key in the OS keychain instead. Used as the Pulumi passphrase and, later, to
 * encrypt secrets at rest.
 */
export function loadOrCreateKey(file: string): string {
  try {
    const key = readFileSync(file, 'utf8').trim();
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    if (/^[0-9a-f]{64}$/.test(key)) return key;
    throw new Error(`${file} does not hold a Nimbus key`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
