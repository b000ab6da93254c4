import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureCli } from '../../cli/capture-cli.js';
import { profilePath } from '../../cli/profiles.js';
import { startSharedServer, type SharedServer } from '../../cli/server-start.js';
import type { Io } from '../../cli/usage-error.js';
import { useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();
const PASSWORD_LINE = /One-time password for (\S+) \(shown once, change it after signing in\): (\S+)\n/;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const quietIo = (): Io => ({ out: () => undefined, err: () => undefined });

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A shared server on a fresh database, and a person's machine: its own config folder and local data directory. */
async function setUp(): Promise<{ server: SharedServer; adminPassword: string; configDir: string; localData: string }> {
  const database = await databases.empty();
  cleanups.push(() => database.drop());
  const init = await captureCli(['server', 'init', '--database', database.url, '--provider', 'acme', '--admin', 'root']);
  const adminPassword = PASSWORD_LINE.exec(init.out)?.[2];
  expect(adminPassword).toBeTruthy();
  const server = await startSharedServer({ database: database.url, dataDir: tempDir('nimbus-server-'), port: 0 }, quietIo(), {});
  cleanups.push(() => server.close());
  const configDir = path.join(tempDir('nimbus-config-'), 'nimbus');
  const localData = tempDir('nimbus-local-');
  vi.stubEnv('NIMBUS_CONFIG_DIR', configDir);
  vi.stubEnv('NIMBUS_DATA_DIR', localData);
  for (const name of ['NIMBUS_TOKEN', 'NIMBUS_SERVER', 'NIMBUS_PASSWORD', 'NIMBUS_USER']) vi.stubEnv(name, '');
  return { server, adminPassword: adminPassword!, configDir, localData };
}

/** `nimbus login` with the password given as CI gives it. */
async function login(url: string, user: string, password: string) {
  vi.stubEnv('NIMBUS_PASSWORD', password);
  try {
    return await captureCli(['login', url, '--user', user]);
  } finally {
    vi.stubEnv('NIMBUS_PASSWORD', '');
  }
}

const json = <T>(result: { code: number; out: string; err: string }): T => {
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.out) as T;
};

describe('the CLI against a shared server', () => {
  it('signs in, says who and where, creates a token that works with --server and NIMBUS_TOKEN until it is revoked', async () => {
    const { server, adminPassword, configDir } = await setUp();
    const url = server.url.replace(/\/$/, '');

    const signedIn = await login(`${url}/`, 'root', adminPassword);
    expect(signedIn).toMatchObject({ code: 0, err: '' });
    expect(signedIn.out).toContain(`Signed in to ${url} as root (tenant acme)`);
    expect(signedIn.out).not.toMatch(/nmb_s_/);

    // The profile: owner-only, the session token, never the password.
    const file = profilePath({ NIMBUS_CONFIG_DIR: configDir });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = readFileSync(file, 'utf8');
    expect(saved).toMatch(/nmb_s_/);
    expect(saved).not.toContain(adminPassword);
    expect(JSON.parse(saved)).toMatchObject({ current: url, profiles: { [url]: { url, user: 'root', tenant: 'acme' } } });

    const whoami = await captureCli(['whoami']);
    expect(whoami.code).toBe(0);
    expect(whoami.out).toContain(`Backend:     server ${url}`);
    expect(whoami.out).toContain('User:        root');
    expect(whoami.out).toContain('Tenant:      acme');
    expect(whoami.out).toMatch(/Permissions: .*tenant:manage/);

    // A narrowed personal access token, printed once.
    const created = json<{ token: string; view: { id: string } }>(
      await captureCli(['token', 'create', 'ci', '--permissions', 'resolver:config:read,profile:manage', '--days', '7', '--json']),
    );
    expect(created.token).toMatch(/^nmb_p_/);
    const listed = await captureCli(['token', 'list']);
    expect(listed.out).toMatch(/ci\s+personal\s+resolver:config:read,profile:manage/);
    expect(listed.out).not.toContain(created.token);

    // CI: no profile involved, --server and NIMBUS_TOKEN.
    vi.stubEnv('NIMBUS_CONFIG_DIR', path.join(configDir, 'elsewhere'));
    vi.stubEnv('NIMBUS_TOKEN', created.token);
    expect(await captureCli(['landing-zone', 'list', '--server', url])).toMatchObject({ code: 0, err: '' });
    const refused = await captureCli(['landing-zone', 'create', 'lab', '--provider', 'local', '--server', url]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/You lack the permission landingzone:bootstrap:manage, which createLandingZone needs \[forbidden\]/);
    vi.stubEnv('NIMBUS_CONFIG_DIR', configDir);
    vi.stubEnv('NIMBUS_TOKEN', '');

    expect((await captureCli(['token', 'revoke', created.view.id])).out).toContain('Revoked token ci');
    vi.stubEnv('NIMBUS_TOKEN', created.token);
    const revoked = await captureCli(['landing-zone', 'list', '--server', url]);
    expect(revoked.code).toBe(1);
    expect(revoked.err).toBe(
      `nimbus: The token in NIMBUS_TOKEN is not accepted by ${url} (wrong, expired or revoked); create a new one with nimbus token create NAME [unauthorized]\n`,
    );
    expect(revoked.err).not.toContain(created.token);
  });

  it('creates tenants, users, roles and grants; a read-only user is refused with the permission named', async () => {
    const { server, adminPassword } = await setUp();
    const url = server.url.replace(/\/$/, '');
    expect((await login(url, 'root', adminPassword)).code).toBe(0);

    expect((await captureCli(['tenant', 'create', 'blue'])).out).toMatch(/Created tenant blue \(id \S+\) below acme/);
    const tenants = await captureCli(['tenant', 'list']);
    expect(tenants.out).toMatch(/blue\s+acme/);

    const made = json<{ user: { name: string }; password: string }>(
      await captureCli(['user', 'create', 'rita', '--tenant', 'blue', '--role', 'read-only', '--display-name', 'Rita R', '--json']),
    );
    expect(made.password.length).toBeGreaterThan(8);
    const users = await captureCli(['user', 'list']);
    expect(users.out).toMatch(/rita\s+Rita R\s+blue\s+active/);
    expect(users.out).not.toContain(made.password);

    const role = await captureCli(['role', 'create', 'lz-admin', '--permissions', 'landingzone:bootstrap:manage,resolver:config:read']);
    expect(role).toMatchObject({ code: 0, out: 'Created role lz-admin: landingzone:bootstrap:manage, resolver:config:read\n' });
    expect((await captureCli(['role', 'list'])).out).toMatch(
      /lz-admin\s+custom\s+acme\s+landingzone:bootstrap:manage,resolver:config:read/,
    );
    const badPermission = await captureCli(['role', 'create', 'x', '--permissions', 'topology:raed']);
    expect(badPermission.code).toBe(2);
    expect(badPermission.err).toMatch(/"topology:raed" is not a permission; the permissions are: component:definition:read, /);

    // Rita, read-only: reads, and is refused a change with the permission she lacks.
    expect((await login(url, 'rita', made.password)).code).toBe(0);
    expect((await captureCli(['landing-zone', 'list'])).code).toBe(0);
    const refused = await captureCli(['landing-zone', 'create', 'lab', '--provider', 'local']);
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.err).toContain('You lack the permission landingzone:bootstrap:manage, which createLandingZone needs [forbidden]');
    expect((await captureCli(['user', 'list'])).err).toContain('You lack the permission user:manage');

    // Granted the custom role at her tenant, she may.
    expect((await login(url, 'root', adminPassword)).code).toBe(0);
    const granted = await captureCli(['grant', 'lz-admin', '--user', 'rita', '--tenant', 'blue']);
    expect(granted.out).toMatch(/Granted lz-admin to user rita at tenant blue \(binding (\S+)\)/);
    const bindingId = /binding (\S+)\)/.exec(granted.out)![1]!;
    expect((await captureCli(['role', 'bindings'])).out).toMatch(new RegExp(`${bindingId}\\s+lz-admin\\s+user rita\\s+blue`));
    expect((await login(url, 'rita', made.password)).code).toBe(0);
    expect((await captureCli(['landing-zone', 'create', 'lab', '--provider', 'local'])).code).toBe(0);

    // Revoked again, refused again; disabled, signed out everywhere.
    expect((await login(url, 'root', adminPassword)).code).toBe(0);
    expect((await captureCli(['revoke', bindingId])).out).toContain(`Removed binding ${bindingId}`);
    expect((await captureCli(['user', 'disable', 'rita'])).err).toMatch(
      /Nobody can answer here \(no terminal\): add --yes to go ahead\. \[confirmation_required\]/,
    );
    expect((await captureCli(['user', 'disable', 'rita', '--yes'])).out).toContain('Disabled rita');
    expect((await captureCli(['user', 'list'])).out).toMatch(/rita\s+Rita R\s+blue\s+disabled/);
    const disabled = await login(url, 'rita', made.password);
    expect(disabled.code).toBe(1);
    expect(disabled.err).toContain('[invalid_credentials]');
  });

  it('goes back to the local data directory, its data intact, on logout and with --local', async () => {
    const { server, adminPassword, localData } = await setUp();
    const url = server.url.replace(/\/$/, '');
    expect((await captureCli(['landing-zone', 'create', 'home-lab', '--provider', 'local'])).code).toBe(0);
    expect((await captureCli(['whoami'])).out).toContain(`Backend:     local data directory ${localData}`);
    expect((await captureCli(['token', 'list'])).err).toMatch(
      /works on a shared Nimbus server: sign in with nimbus login URL.*\[server_only\]/,
    );

    expect((await login(url, 'root', adminPassword)).code).toBe(0);
    expect((await captureCli(['landing-zone', 'create', 'team-lab', '--provider', 'local'])).code).toBe(0);
    const onServer = await captureCli(['landing-zone', 'list']);
    expect(onServer.out).toContain('team-lab');
    expect(onServer.out).not.toContain('home-lab');
    const local = await captureCli(['landing-zone', 'list', '--local']);
    expect(local.out).toContain('home-lab');
    expect(local.out).not.toContain('team-lab');
    // What needs the local engine says so on a server.
    expect((await captureCli(['api', 'token'])).err).toMatch(
      /api token works on a local data directory only, not on the server .*\[local_only\]/,
    );

    const out = await captureCli(['logout']);
    expect(out).toMatchObject({ code: 0, err: '', out: `Signed out of ${url}. Commands use the local data directory again.\n` });
    const back = await captureCli(['landing-zone', 'list']);
    expect(back.out).toContain('home-lab');
    expect(back.out).not.toContain('team-lab');
    expect((await captureCli(['logout'])).out).toContain('Not signed in to any server.');
  });

  it('says clearly when the password is wrong, the sign-in has ended, or the server is down', async () => {
    const { server, adminPassword, configDir } = await setUp();
    const url = server.url.replace(/\/$/, '');

    const wrong = await login(url, 'root', 'not-the-password');
    expect(wrong).toMatchObject({ code: 1, out: '' });
    expect(wrong.err).toMatch(/\[invalid_credentials\]\n$/);
    expect(wrong.err).not.toContain('not-the-password');
    expect(() => statSync(profilePath({ NIMBUS_CONFIG_DIR: configDir }))).toThrow();

    // A sign-in ended on the server (by another client signing out with the same token).
    expect((await login(url, 'root', adminPassword)).code).toBe(0);
    const token = (
      JSON.parse(readFileSync(profilePath({ NIMBUS_CONFIG_DIR: configDir }), 'utf8')) as { profiles: Record<string, { token: string }> }
    ).profiles[url]!.token;
    await fetch(new URL('api/v1/session', server.url), { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    const ended = await captureCli(['landing-zone', 'list']);
    expect(ended).toMatchObject({
      code: 1,
      err: `nimbus: Your sign-in to ${url} has expired or was ended; sign in again with nimbus login ${url} [unauthorized]\n`,
    });

    // The server goes down: commands name it; logout still forgets the sign-in here.
    expect((await login(url, 'root', adminPassword)).code).toBe(0);
    await server.close();
    const down = await captureCli(['landing-zone', 'list']);
    expect(down.code).toBe(1);
    // A connection kept from the calls before breaks, or a new one is refused: either way, the server is named.
    expect(down.err).toMatch(
      new RegExp(
        `^nimbus: Cannot reach the Nimbus server at ${url} \\((connection refused|the connection broke): is the server running\\?\\) \\[server_unreachable\\]\n$`,
      ),
    );
    const out = await captureCli(['logout']);
    expect(out.code).toBe(0);
    expect(out.err).toMatch(/could not end the session on the server \(Cannot reach the Nimbus server at .*\); it was forgotten here/);
    expect(out.out).toContain(`Signed out of ${url}`);
    expect((await captureCli(['whoami'])).out).toContain('Backend:     local data directory');
    expect((await captureCli(['landing-zone', 'list', '--server', url])).err).toMatch(
      new RegExp(`Not signed in to ${url}: sign in with nimbus login ${url}, or set NIMBUS_TOKEN`),
    );
  });

  it('deploys and destroys on the server, following the job’s events there', { timeout: 240_000 }, async () => {
    const { server, adminPassword, localData } = await setUp();
    const url = server.url.replace(/\/$/, '');
    expect((await login(url, 'root', adminPassword)).code).toBe(0);
    expect((await captureCli(['landing-zone', 'create', 'zone', '--provider', 'local'])).code).toBe(0);
    expect((await captureCli(['env', 'create', 'dev', '--landing-zone', 'zone'])).code).toBe(0);
    const file = path.join(tempDir('nimbus-files-'), 'disks.yaml');
    writeFileSync(
      file,
      `kind: Topology
version: 1
name: disks
nodes:
  - { id: d1, label: data, component: local-storage@1, position: { x: 0, y: 0 }, params: { size_mb: 4 } }
wires: []
`,
    );
    const deployed = await captureCli(['deploy', file, '--env', 'dev', '--yes', '--json']);
    expect(deployed.err).toBe('');
    expect(deployed.code).toBe(0);
    const lines = deployed.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; seq?: number; status?: string });
    // Every event of the job, in order and once, then the summary.
    const seqs = lines.filter((line) => line.seq !== undefined).map((line) => line.seq!);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    expect(lines[0]).toMatchObject({ type: 'job.started', seq: 1 });
    expect(lines.at(-2)).toMatchObject({ type: 'job.finished', status: 'succeeded' });
    expect(lines.at(-1)).toMatchObject({ type: 'summary', status: 'succeeded' });

    const listed = await captureCli(['deployments', 'list']);
    expect(listed.out).toMatch(/dev\s+disks\s+data\s+local-storage@1\s+deployed/);
    const destroyed = await captureCli(['destroy', file, '--env', 'dev', '--yes']);
    expect(destroyed.err).toBe('');
    expect(destroyed.out).toContain('Finished: succeeded');
    expect((await captureCli(['deployments', 'list'])).out).toBe('Nothing is deployed.\n');
    // Nothing of it happened in the local data directory.
    expect((await captureCli(['deployments', 'list', '--local'])).out).toBe('Nothing is deployed.\n');
    expect(localData).toBeTruthy();
  });
});
