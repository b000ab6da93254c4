import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configDir, currentProfile, forgetProfile, profileFor, profilePath, readProfiles, saveProfile, type Profile } from './profiles.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'nimbus-config-'));
  folders.push(folder);
  return { NIMBUS_CONFIG_DIR: path.join(folder, 'deeper', 'nimbus') };
}

const profile = (url: string, user = 'root'): Profile => ({
  url,
  token: `nmb_s_${user}`,
  user,
  tenant: 'acme',
  expiresAt: '2030-01-01T00:00:00.000Z',
});

describe('server profiles', () => {
  it('finds the config folder from NIMBUS_CONFIG_DIR, else XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configDir({ NIMBUS_CONFIG_DIR: '/x/y', XDG_CONFIG_HOME: '/z' })).toBe('/x/y');
    expect(configDir({ XDG_CONFIG_HOME: '/z' })).toBe('/z/nimbus');
    expect(configDir({})).toBe(path.join(os.homedir(), '.config', 'nimbus'));
  });

  it('saves sign-ins readable by their owner only, one per server, the last one current', () => {
    const e = env();
    expect(currentProfile(e)).toBeUndefined();
    saveProfile(profile('https://a.example'), e);
    saveProfile(profile('https://b.example', 'rita'), e);
    expect(statSync(profilePath(e)).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(profilePath(e))).mode & 0o777).toBe(0o700);
    expect(currentProfile(e)?.url).toBe('https://b.example');
    expect(profileFor('https://a.example', e)?.token).toBe('nmb_s_root');
    // Signing in again to a server replaces its profile instead of adding one.
    saveProfile(profile('https://a.example', 'other'), e);
    expect(Object.keys(readProfiles(e).profiles)).toEqual(['https://a.example', 'https://b.example']);
    expect(currentProfile(e)?.user).toBe('other');
  });

  it('forgets one server; forgetting the current one goes back to no server, and the last one removes the file', () => {
    const e = env();
    saveProfile(profile('https://a.example'), e);
    saveProfile(profile('https://b.example'), e);
    forgetProfile('https://b.example', e);
    expect(currentProfile(e)).toBeUndefined();
    expect(profileFor('https://a.example', e)).toBeDefined();
    forgetProfile('https://a.example', e);
    expect(() => statSync(profilePath(e))).toThrow();
  });

  it('names a damaged profile file and what to do, rather than guessing', () => {
    const e = env();
    saveProfile(profile('https://a.example'), e);
    writeFileSync(profilePath(e), '{ not json');
    expect(() => readProfiles(e)).toThrow(
      expect.objectContaining({ code: 'profile_unusable', message: expect.stringContaining(profilePath(e)) }),
    );
    writeFileSync(profilePath(e), JSON.stringify({ current: 'x', profiles: { x: { url: 'x' } } }));
    expect(() => currentProfile(e)).toThrow(/not in the expected form; delete the file and sign in again/);
    expect(readFileSync(profilePath(e), 'utf8')).toContain('"url":"x"');
  });
});
