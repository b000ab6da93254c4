/**
 * Saved sign-ins to shared servers (`nimbus login`): one profile per server address, one of them
 * current. The file holds session tokens, so it is written readable by its owner only (0600, in a
 * 0700 directory) and holds no password.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NimbusError } from '../errors.js';

/** One server's sign-in: the session token and who it belongs to. */
export interface Profile {
  url: string;
  token: string;
  user: string;
  tenant: string;
  expiresAt: string;
}

/** The profile file's content. */
export interface ProfileFile {
  current: string | null;
  profiles: Record<string, Profile>;
}

/** Where the CLI keeps its configuration: $NIMBUS_CONFIG_DIR, else $XDG_CONFIG_HOME/nimbus, else ~/.config/nimbus. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NIMBUS_CONFIG_DIR) return path.resolve(env.NIMBUS_CONFIG_DIR);
  if (env.XDG_CONFIG_HOME) return path.join(path.resolve(env.XDG_CONFIG_HOME), 'nimbus');
  return path.join(os.homedir(), '.config', 'nimbus');
}

/** The profile file's path. */
export function profilePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'profiles.json');
}

const isProfile = (value: unknown): value is Profile => {
  const p = value as Partial<Profile> | null;
  return (
    !!p &&
    typeof p === 'object' &&
    typeof p.url === 'string' &&
    typeof p.token === 'string' &&
    typeof p.user === 'string' &&
    typeof p.tenant === 'string' &&
    typeof p.expiresAt === 'string'
  );
};

/** The saved profiles (none when the file does not exist); a damaged file is named, with what to do. */
export function readProfiles(env: NodeJS.ProcessEnv = process.env): ProfileFile {
  const file = profilePath(env);
  if (!existsSync(file)) return { current: null, profiles: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new NimbusError(
      'profile_unusable',
      `The server profiles in ${file} cannot be read (${(error as Error).message}); delete the file and sign in again with nimbus login URL`,
      { file },
    );
  }
  const content = parsed as Partial<ProfileFile> | null;
  const profiles = content && typeof content.profiles === 'object' && content.profiles !== null ? content.profiles : undefined;
  if (!profiles || !Object.values(profiles).every(isProfile))
    throw new NimbusError(
      'profile_unusable',
      `The server profiles in ${file} are not in the expected form; delete the file and sign in again with nimbus login URL`,
      { file },
    );
  const current = typeof content?.current === 'string' && profiles[content.current] ? content.current : null;
  return { current, profiles };
}

/** Writes the profiles: to a 0600 file beside the old one, then renamed over it (never half written). */
function writeProfiles(content: ProfileFile, env: NodeJS.ProcessEnv): void {
  const file = profilePath(env);
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    if (Object.keys(content.profiles).length === 0) {
      rmSync(file, { force: true });
      return;
    }
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
  } catch (error) {
    throw new NimbusError('profile_unusable', `Cannot save the server profiles in ${file}: ${(error as Error).message}`, { file });
  }
}

/** Saves a sign-in and makes it the current profile (replacing an earlier one for the same server). */
export function saveProfile(profile: Profile, env: NodeJS.ProcessEnv = process.env): void {
  const content = readProfiles(env);
  writeProfiles({ current: profile.url, profiles: { ...content.profiles, [profile.url]: profile } }, env);
}

/** Forgets one server's sign-in; the current profile is cleared when it was that one. */
export function forgetProfile(url: string, env: NodeJS.ProcessEnv = process.env): void {
  const content = readProfiles(env);
  const { [url]: _forgotten, ...rest } = content.profiles;
  writeProfiles({ current: content.current === url ? null : content.current, profiles: rest }, env);
}

/** The current profile, if any. */
export function currentProfile(env: NodeJS.ProcessEnv = process.env): Profile | undefined {
  const content = readProfiles(env);
  return content.current ? content.profiles[content.current] : undefined;
}

/** The saved sign-in for one server address (normalised), if any. */
export function profileFor(url: string, env: NodeJS.ProcessEnv = process.env): Profile | undefined {
  return readProfiles(env).profiles[url];
}
