import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../api/contract.js';
import { permissionAuthorizer } from '../../api/authorization.js';
import { BUILT_IN_ROLES } from '../../common/permissions.js';
import { LOCAL_TENANT } from '../../context/tenant-scope.js';
import type { Logger } from '../../logging/logger.js';
import type { WireError } from '../../api/schemas/jobs.js';
import { createTestEngine, type TestEngine } from '../../test-support/test-engine.js';
import { selfSignedCertificate, startProxmoxReceiver } from '../../test-support/proxmox-receiver.js';

const SECRET = 'f00dfeed-2222-4333-8444-5555aaaabbbb';
const OTHER_SECRET = 'beefcafe-6666-4777-8888-9999ccccdddd';
const TOKEN = 'nimbus@pve!deploy';

const admin = { id: 'ada', tenant: LOCAL_TENANT, permissions: new Set(BUILT_IN_ROLES['tenant-admin']) };
const user = { id: 'uli', tenant: LOCAL_TENANT, permissions: new Set(BUILT_IN_ROLES.user) };

/** Every line the engine logs, at every level, with its context. */
const logged: string[] = [];
function capturingLogger(lines: string[], context: Record<string, unknown> = {}): Logger {
  const write =
    (level: string) =>
    (...parts: unknown[]) => {
      lines.push(JSON.stringify({ level, parts, context }));
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => capturingLogger(lines, { ...context, ...more }),
  };
}

describe('cloud accounts through the API', () => {
  let made: TestEngine;
  let tls: { key: string; cert: string };
  beforeAll(() => {
    tls = selfSignedCertificate();
  });
  beforeEach(async () => {
    logged.length = 0;
    made = await createTestEngine({ authorizer: permissionAuthorizer, logger: capturingLogger(logged) });
    await ok('createLandingZone', { name: 'pve', provider: 'proxmox' });
    await ok('createLandingZone', { name: 'aws-zone', provider: 'aws' });
    await ok('createLandingZone', { name: 'local-zone', provider: 'local' });
  });
  afterEach(() => made.dispose());

  async function call<M extends MethodName>(method: M, input: MethodInput<M>, caller = admin) {
    return made.engine.dispatcher.dispatch(method, input, { caller });
  }
  async function ok<M extends MethodName>(method: M, input: MethodInput<M>, caller = admin): Promise<MethodOutput<M>> {
    const outcome = await call(method, input, caller);
    if (!outcome.ok) throw new Error(`${method} failed: ${outcome.error.code} ${outcome.error.message}`);
    return outcome.result as MethodOutput<M>;
  }
  async function refused<M extends MethodName>(method: M, input: MethodInput<M>, caller = admin): Promise<WireError> {
    const outcome = await call(method, input, caller);
    if (outcome.ok) throw new Error(`${method} was expected to fail`);
    return outcome.error;
  }
  const proxmox = (endpoint: string, extra: Record<string, unknown> = {}) =>
    ({
      provider: 'proxmox',
      endpoint,
      tokenId: TOKEN,
      tokenSecret: SECRET,
      verifyTls: false,
      ...extra,
    }) as MethodInput<'setCloudAccount'>['account'];

  it('stores a Proxmox account, answers without the secret, tests it for real, and replaces the secret as a new entry', async () => {
    const receiver = await startProxmoxReceiver({ tls, version: '8.2.7' });
    try {
      const saved = await ok('setCloudAccount', { landingZone: 'pve', account: proxmox(`${receiver.url}/`) });
      expect(saved).toMatchObject({
        provider: 'proxmox',
        landingZone: 'pve',
        settings: { endpoint: receiver.url, tokenId: TOKEN, verifyTls: false },
        secretFields: ['tokenSecret'],
        deployable: true,
      });
      expect(JSON.stringify(saved)).not.toContain(SECRET);
      const shown = await ok('getCloudAccount', { landingZone: 'pve' });
      expect(shown.account?.secretSetAt).toBe(saved.secretSetAt);
      expect(JSON.stringify(shown)).not.toContain(SECRET);

      const tested = await ok('testCloudAccount', { landingZone: 'pve' });
      expect(tested).toMatchObject({ outcome: 'ok', version: '8.2.7' });
      expect(receiver.authorizations).toEqual([`PVEAPIToken=${TOKEN}=${SECRET}`]);

      // Changing a setting without the secret keeps it; entering one replaces it, dated anew.
      const { tokenSecret: _kept, ...withoutSecret } = proxmox(receiver.url, { verifyTls: false }) as Record<string, unknown>;
      const kept = await ok('setCloudAccount', { landingZone: 'pve', account: withoutSecret as never });
      expect(kept.secretSetAt).toBe(saved.secretSetAt);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const replaced = await ok('setCloudAccount', { landingZone: 'pve', account: proxmox(receiver.url, { tokenSecret: OTHER_SECRET }) });
      expect(replaced.secretSetAt > saved.secretSetAt).toBe(true);
      await ok('testCloudAccount', { landingZone: 'pve' });
      expect(receiver.authorizations.at(-1)).toBe(`PVEAPIToken=${TOKEN}=${OTHER_SECRET}`);

      // A refused call is logged (with its message): the secret it carried is not.
      expect((await refused('setCloudAccount', { landingZone: 'pve', account: proxmox('ftp://pve:8006') })).code).toBe('invalid_input');
      // The secret is in no audit row, no log line and not in clear in the database file.
      const audit = await ok('listAuditEntries', { entity: 'cloud_account' });
      expect(audit.length).toBeGreaterThanOrEqual(3);
      const everything = [JSON.stringify(audit), ...logTexts(made.dataDir), databaseBytes(made.dataDir)].join('\n');
      expect(everything).not.toContain(SECRET);
      expect(everything).not.toContain(OTHER_SECRET);
      // The log did record the calls (so the check above looked at something).
      expect(logged.length).toBeGreaterThan(0);

      expect(await ok('removeCloudAccount', { landingZone: 'pve' })).toEqual({ removed: true });
      expect(await ok('getCloudAccount', { landingZone: 'pve' })).toEqual({ account: null });
      expect((await refused('testCloudAccount', { landingZone: 'pve' })).code).toBe('cloud_account_missing');
    } finally {
      await receiver.close();
    }
  });

  it('stores the other providers for later: shape checked, marked not deployable, secrets never shown', async () => {
    const account = await ok('setCloudAccount', {
      landingZone: 'aws-zone',
      account: { provider: 'aws', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, region: 'eu-central-1' },
    });
    expect(account).toMatchObject({ deployable: false, settings: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'eu-central-1' } });
    expect(JSON.stringify(account)).not.toContain(SECRET);
    expect(await ok('testCloudAccount', { landingZone: 'aws-zone' })).toMatchObject({ outcome: 'shape_only' });
    const wrongShape = await refused('setCloudAccount', {
      landingZone: 'aws-zone',
      account: { provider: 'aws', accessKeyId: 'not a key', secretAccessKey: SECRET, region: 'mars' },
    });
    expect(wrongShape.code).toBe('invalid_input');
    expect(JSON.stringify(wrongShape)).not.toContain(SECRET);
  });

  it('refuses hostile input without echoing a secret', async () => {
    const cases: [unknown, string][] = [
      [proxmox('ftp://pve:8006'), 'invalid_input'],
      [proxmox('file:///etc/passwd'), 'invalid_input'],
      [proxmox('https://root:hunter2@pve:8006'), 'invalid_input'],
      [proxmox('https://pve:8006/?ticket=x'), 'invalid_input'],
      [proxmox('not a url'), 'invalid_input'],
      [proxmox(`https://${'a'.repeat(3000)}.example`), 'invalid_input'],
      [proxmox('https://pve:8006', { tokenId: 'root' }), 'invalid_input'],
      [proxmox('https://pve:8006', { tokenSecret: `${SECRET}\r\nX-Injected: 1` }), 'invalid_input'],
      [proxmox('https://pve:8006', { tokenSecret: 'x'.repeat(100_000) }), 'invalid_input'],
      [proxmox('https://pve:8006', { tokenSecret: '' }), 'invalid_input'],
      [proxmox('https://pve:8006', { unknownField: 'x' }), 'invalid_input'],
      [{ provider: 'vsphere', endpoint: 'https://vc' }, 'invalid_input'],
      [{ provider: 'azure', tenantId: 'x', clientId: 'y', clientSecret: SECRET, subscriptionId: 'z' }, 'invalid_input'],
    ];
    for (const [account, code] of cases) {
      const error = await refused('setCloudAccount', { landingZone: 'pve', account: account as never });
      expect(error.code, JSON.stringify(account).slice(0, 120)).toBe(code);
      expect(JSON.stringify(error)).not.toContain(SECRET);
    }
    // The landing zone decides the provider; the local provider takes no account; unknown zones are not found.
    expect((await refused('setCloudAccount', { landingZone: 'aws-zone', account: proxmox('https://pve:8006') })).code).toBe(
      'cloud_account_wrong_provider',
    );
    expect((await refused('setCloudAccount', { landingZone: 'local-zone', account: proxmox('https://pve:8006') })).code).toBe(
      'cloud_account_not_applicable',
    );
    expect((await refused('setCloudAccount', { landingZone: 'nope', account: proxmox('https://pve:8006') })).code).toBe('not_found');
    const { tokenSecret: _none, ...noSecret } = proxmox('https://pve:8006') as Record<string, unknown>;
    expect((await refused('setCloudAccount', { landingZone: 'pve', account: noSecret as never })).code).toBe(
      'cloud_account_secret_missing',
    );
    expect(await ok('getCloudAccount', { landingZone: 'pve' })).toEqual({ account: null });
    expect(logTexts(made.dataDir).join('\n')).not.toContain(SECRET);
  });

  it('lets a user read an account but not set, test or remove it', async () => {
    await ok('setCloudAccount', { landingZone: 'pve', account: proxmox('https://pve:8006') });
    expect((await ok('getCloudAccount', { landingZone: 'pve' }, user)).account?.provider).toBe('proxmox');
    for (const method of ['testCloudAccount', 'removeCloudAccount'] as const)
      expect((await refused(method, { landingZone: 'pve' }, user)).code).toBe('forbidden');
    expect((await refused('setCloudAccount', { landingZone: 'pve', account: proxmox('https://evil:8006') }, user)).code).toBe('forbidden');
    expect((await ok('getCloudAccount', { landingZone: 'pve' })).account?.settings.endpoint).toBe('https://pve:8006');
  });
});

/** What the engine logged (captured), and any log file in the data directory. */
function logTexts(dataDir: string): string[] {
  const dir = path.join(dataDir, 'logs');
  let files: string[] = [];
  try {
    files = readdirSync(dir).map((file) => readFileSync(path.join(dir, file), 'utf8'));
  } catch {
    // No log directory: the captured lines are the log.
  }
  return [...logged, ...files];
}

/** The database files as text (latin1 keeps every byte), to find a secret stored in clear. */
function databaseBytes(dataDir: string): string {
  return readdirSync(dataDir)
    .filter((file) => file.startsWith('nimbus.db'))
    .map((file) => readFileSync(path.join(dataDir, file)).toString('latin1'))
    .join('\n');
}
