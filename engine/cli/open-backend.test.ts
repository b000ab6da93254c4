import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseBackend } from './open-backend.js';
import { saveProfile } from './profiles.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'nimbus-choose-'));
  folders.push(folder);
  return { NIMBUS_CONFIG_DIR: folder, NIMBUS_DATA_DIR: path.join(folder, 'data'), ...extra };
}

const signedIn = (e: NodeJS.ProcessEnv, url = 'https://team.example') =>
  saveProfile({ url, token: 'nmb_s_x', user: 'root', tenant: 'acme', expiresAt: '2099-01-01T00:00:00Z' }, e);

describe('choosing where a command runs', () => {
  it('runs locally without a sign-in, and on the signed-in server otherwise', () => {
    const e = env();
    expect(chooseBackend({}, e)).toEqual({ kind: 'local', dataDir: e.NIMBUS_DATA_DIR });
    signedIn(e);
    expect(chooseBackend({}, e)).toMatchObject({ kind: 'server', url: 'https://team.example', token: 'nmb_s_x', source: 'profile' });
  });

  it('goes local with --local or --data, whatever the sign-in', () => {
    const e = env({ NIMBUS_SERVER: 'https://ci.example', NIMBUS_TOKEN: 'nmb_p_y' });
    signedIn(e);
    expect(chooseBackend({ local: true }, e)).toEqual({ kind: 'local', dataDir: e.NIMBUS_DATA_DIR });
    expect(chooseBackend({ data: '/tmp/elsewhere' }, e)).toEqual({ kind: 'local', dataDir: '/tmp/elsewhere' });
  });

  it('takes --server (or NIMBUS_SERVER) with NIMBUS_TOKEN first, else that server’s saved sign-in', () => {
    const e = env();
    signedIn(e, 'https://a.example');
    signedIn(e, 'https://b.example');
    expect(chooseBackend({ server: 'https://a.example/' }, e)).toMatchObject({ url: 'https://a.example', source: 'profile' });
    e.NIMBUS_TOKEN = 'nmb_p_y';
    expect(chooseBackend({ server: 'https://a.example' }, e)).toMatchObject({
      url: 'https://a.example',
      token: 'nmb_p_y',
      source: 'NIMBUS_TOKEN',
    });
    e.NIMBUS_SERVER = 'https://c.example';
    expect(chooseBackend({}, e)).toMatchObject({ url: 'https://c.example', token: 'nmb_p_y' });
  });

  it('refuses contradicting options and a server it has no token for', () => {
    const e = env();
    expect(() => chooseBackend({ local: true, server: 'https://a.example' }, e)).toThrow(/--server URL or --local, not both/);
    expect(() => chooseBackend({ data: '/x', server: 'https://a.example' }, e)).toThrow(/does not go with --server/);
    expect(() => chooseBackend({ server: 'https://a.example' }, e)).toThrow(
      expect.objectContaining({ code: 'unauthorized', message: expect.stringContaining('nimbus login https://a.example') }),
    );
    expect(() => chooseBackend({ server: 'a.example' }, e)).toThrow(/not a server address/);
  });
});
