import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';

/**
 * The engine's master key in the desktop app: random, encrypted with the OS keychain through
 * `safeStorage`, and stored only in that encrypted form in the data directory.
 */
export function keychainKey(safeStorage: SafeStorage, dataDir: string): () => string {
  const file = path.join(dataDir, 'secret.key.enc');
  return () => {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error('The OS keychain is not available, so Nimbus cannot protect its secrets on this system.');
    }
    try {
      return safeStorage.decryptString(readFileSync(file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const key = randomBytes(32).toString('hex');
    writeFileSync(file, safeStorage.encryptString(key), { mode: 0o600, flag: 'wx' });
    return key;
  };
}
