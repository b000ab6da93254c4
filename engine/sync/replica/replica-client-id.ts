import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The file in a data directory that names its desktop to the shared server (for leases). */
export const CLIENT_ID_FILE = 'desktop-client-id';

const CLIENT_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * The stable client id of a data directory: made once (`desktop-` and 12 random hex digits) and kept
 * in the directory, so its leases stay its own across restarts, and two data directories of one user
 * (two laptops) never share one.
 */
export function dataDirClientId(dataDir: string): string {
  const kept = readClientId(dataDir);
  if (kept) return kept;
  const made = `desktop-${randomBytes(6).toString('hex')}`;
  writeFileSync(path.join(dataDir, CLIENT_ID_FILE), `${made}\n`, { mode: 0o600 });
  return made;
}

/** The data directory's client id if it has one (never made here). */
export function readClientId(dataDir: string): string | undefined {
  try {
    const kept = readFileSync(path.join(dataDir, CLIENT_ID_FILE), 'utf8').trim();
    return CLIENT_ID.test(kept) ? kept : undefined;
  } catch {
    return undefined;
  }
}
