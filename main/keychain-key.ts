import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    // A data directory restored from a backup holds its key in plain `secret.key` (0600): it moves into the keychain.
    const restored = adoptRestoredKey(dataDir);
    const key = restored ?? randomBytes(32).toString('hex');
    writeFileSync(file, safeStorage.encryptString(key), { mode: 0o600, flag: 'wx' });
    if (restored) rmSync(path.join(dataDir, RESTORED_KEY_FILE), { force: true });
    return key;
  };
}

/** The key file `nimbus restore` writes (the headless key file's name). */
const RESTORED_KEY_FILE = 'secret.key';

/** The key of a restored data directory, or null when it has none. */
function adoptRestoredKey(dataDir: string): string | null {
  const file = path.join(dataDir, RESTORED_KEY_FILE);
  if (!existsSync(file)) return null;
  const key = readFileSync(file, 'utf8').trim();
  return /^[0-9a-f]{64}$/.test(key) ? key : null;
}
