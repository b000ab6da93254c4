import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The file in a data directory that holds the desktop's id on shared servers. */
export const DESKTOP_CLIENT_FILE = 'desktop-client-id';

const CLIENT_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * This desktop's id on shared servers (a lease is granted to one desktop and listed by it): made once
 * per data directory and kept in it, so a restart finds its leases again. A file that is missing or
 * not an id is written anew.
 */
export function desktopClientId(dataDir: string): string {
  const file = path.join(dataDir, DESKTOP_CLIENT_FILE);
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (CLIENT_ID.test(kept)) return kept;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const made = `desktop-${randomBytes(8).toString('hex')}`;
  writeFileSync(file, `${made}\n`, { mode: 0o600 });
  return made;
}
