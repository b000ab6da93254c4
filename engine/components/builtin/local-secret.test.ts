import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir.js';
import { loadComponentManifest } from '../component-manifest.js';
import { compileValidator } from '../json-schema.js';
import { runWithMocks, type MockRun } from '../testing/run-with-mocks.js';
import { componentDir, dynamicResource } from './local/dynamic-provider.js';

interface SecretInputs {
  localRoot: string;
  name: string;
  value: string;
}
interface SecretState {
  localRoot: string;
  name: string;
  secret_id: string;
  path: string;
  mode: string;
  fingerprint: string;
}

const dir = componentDir('local-secret');
const localRoot = '/srv/nimbus/local/dev';
const VALUE = 'correct-horse-battery-staple-7f3a';
let run: MockRun;
let secret: ReturnType<typeof dynamicResource<SecretInputs, SecretState>>;

beforeAll(async () => {
  run = await runWithMocks(loadComponentManifest(dir).programFile, {
    project: 'local-secret',
    config: { localRoot, name: 'db-password', value: VALUE },
    secretKeys: ['value'],
    state: () => ({ secret_id: 'secret-db-password', path: `${localRoot}/secrets/db-password`, mode: '600', fingerprint: 'f'.repeat(64) }),
  });
  secret = dynamicResource<SecretInputs, SecretState>(run);
});

describe('local-secret manifest', () => {
  it('loads and checks, with the value bound to the secret resolver and passed as secret config', () => {
    const manifest = loadComponentManifest(dir);
    expect(manifest).toMatchObject({
      name: 'local-secret',
      provider: 'local',
      semanticType: 'Secret',
      version: 1,
      changelog: 'Initial version',
      secretInputs: ['value'],
    });
    expect(manifest.resolverBindings).toEqual({ name: { resolver: 'naming' }, value: { resolver: 'secret' } });
    expect(Object.keys(manifest.outputSchema.properties as object)).not.toContain('value');
    expect(readFileSync(path.join(dir, 'Pulumi.yaml'), 'utf8')).toMatch(/^name: local-secret\nruntime: nodejs\n/);
    const validate = compileValidator(manifest.inputSchema);
    expect(validate({ name: 'db-password', value: VALUE })).toEqual([]);
    expect(validate({ name: 'db-password', value: '' }).map((issue) => issue.path)).toEqual(['/value']);
    expect(validate({ name: '../db', value: VALUE }).map((issue) => issue.path)).toContain('/name');
  });
});

describe('local-secret program', () => {
  it('reads the value as secret config and declares one secret resource', () => {
    expect(secret.type).toBe('pulumi-nodejs:dynamic/nimbus-local:Secret');
    // Pulumi's secret signature: the value travels as a secret, never as plain config.
    expect(secret.inputs).toEqual({
      localRoot,
      name: 'db-password',
      value: { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value: VALUE },
    });
    expect(run.outputs).toEqual({ secret_id: 'secret-db-password', path: `${localRoot}/secrets/db-password` });
    const outputSchema = loadComponentManifest(dir).outputSchema;
    expect(compileValidator(outputSchema)(run.outputs)).toEqual([]);
  });
});

describe('local-secret provider, on real files', () => {
  let temp: ReturnType<typeof tempDir>;
  let root: string;
  const inputs = (overrides: Partial<SecretInputs> = {}): SecretInputs => ({
    localRoot: root,
    name: 'db-password',
    value: VALUE,
    ...overrides,
  });
  const file = (name = 'db-password') => path.join(root, 'secrets', name);

  beforeEach(() => {
    temp = tempDir('nimbus-local-secret-');
    root = path.join(temp.dir, 'local', 'dev');
  });
  afterEach(() => temp.remove());

  it('writes the value to an owner-only file and keeps it out of the outputs', async () => {
    const { id, outs } = await secret.provider.create(inputs());
    expect(id).toBe('secret-db-password');
    expect(outs).toEqual({
      localRoot: root,
      name: 'db-password',
      secret_id: 'secret-db-password',
      path: file(),
      mode: '600',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
    });
    expect(JSON.stringify(outs)).not.toContain(VALUE);
    expect(readFileSync(file(), 'utf8')).toBe(VALUE);
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(root, 'secrets')).mode & 0o777).toBe(0o700);
    expect(readdirSync(path.join(root, 'secrets'))).toEqual(['db-password']);
  });

  it('sees content and mode changed behind its back, and the update puts both back', async () => {
    const { id, outs } = await secret.provider.create(inputs());
    expect(await secret.provider.read(id, outs)).toEqual({ id, props: outs });
    expect(await secret.provider.diff(id, outs, inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });

    writeFileSync(file(), 'tampered');
    chmodSync(file(), 0o644);
    const refreshed = await secret.provider.read(id, outs);
    expect(refreshed.props!).toMatchObject({ mode: '644' });
    expect(refreshed.props!.fingerprint).not.toBe(outs.fingerprint);
    expect(JSON.stringify(refreshed)).not.toContain('tampered');
    expect((await secret.provider.diff(id, refreshed.props!, inputs())).changes).toBe(true);

    expect((await secret.provider.update(id, refreshed.props!, inputs())).outs).toEqual(outs);
    expect(readFileSync(file(), 'utf8')).toBe(VALUE);
    expect(statSync(file()).mode & 0o777).toBe(0o600);

    chmodSync(file(), 0o640);
    expect((await secret.provider.diff(id, (await secret.provider.read(id, outs)).props!, inputs())).changes).toBe(true);
  });

  it('rewrites the file in place for a new value and replaces it for a new name', async () => {
    const { id, outs } = await secret.provider.create(inputs());
    expect(await secret.provider.diff(id, outs, inputs({ value: 'rotated' }))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: true,
    });
    expect((await secret.provider.diff(id, outs, inputs({ name: 'api-key' }))).replaces).toEqual(['name']);
    const { outs: rotated } = await secret.provider.update(id, outs, inputs({ value: 'rotated' }));
    expect(rotated.fingerprint).not.toBe(outs.fingerprint);
    expect(readFileSync(file(), 'utf8')).toBe('rotated');
    expect(statSync(file()).mode & 0o777).toBe(0o600);
  });

  it('reports a file removed behind its back as gone', async () => {
    const { id, outs } = await secret.provider.create(inputs());
    rmSync(file());
    expect(await secret.provider.read(id, outs)).toEqual({ id: '' });
  });

  it('deletes the file, and deleting what is already gone is fine', async () => {
    const { id, outs } = await secret.provider.create(inputs());
    await secret.provider.create(inputs({ name: 'api-key' }));
    await secret.provider.delete(id, outs);
    expect(readdirSync(path.join(root, 'secrets'))).toEqual(['api-key']);
    await expect(secret.provider.delete(id, outs)).resolves.toBeUndefined();
    temp.remove();
    await expect(secret.provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it('refuses a name with ../ and an empty value without writing anything or quoting the value', async () => {
    await expect(secret.provider.create(inputs({ name: '../../escape' }))).rejects.toThrow(/refusing name/);
    expect(existsSync(root)).toBe(false);
    const failures = (await secret.provider.check(inputs(), inputs({ name: '../x', value: '' }))).failures;
    expect(failures.map((failure) => failure.property)).toEqual(['name', 'value']);
    await expect(secret.provider.create(inputs({ value: '' }))).rejects.toThrow(/non-empty/);
  });

  it('refuses a secret already in the way, even a dangling link, and leaves it alone', async () => {
    mkdirSync(path.join(root, 'secrets'), { recursive: true });
    writeFileSync(file(), 'theirs');
    await expect(secret.provider.create(inputs())).rejects.toThrow(/a secret is in the way/);
    expect(readFileSync(file(), 'utf8')).toBe('theirs');

    const elsewhere = path.join(temp.dir, 'would-be-created');
    symlinkSync(elsewhere, file('api-key'));
    await expect(secret.provider.create(inputs({ name: 'api-key' }))).rejects.toThrow(/a secret is in the way/);
    expect(existsSync(elsewhere)).toBe(false);
    expect(readdirSync(path.join(root, 'secrets')).sort()).toEqual(['api-key', 'db-password']);
  });

  it('replaces a symbolic link planted on the file instead of writing the value through it', async () => {
    const { id, outs } = await secret.provider.create(inputs());
    const victim = path.join(temp.dir, 'world-readable.txt');
    writeFileSync(victim, 'untouched');
    rmSync(file());
    symlinkSync(victim, file());
    const refreshed = await secret.provider.read(id, outs);
    expect(refreshed.props!).toMatchObject({ mode: '', fingerprint: '' });
    await secret.provider.update(id, refreshed.props!, inputs());
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(readFileSync(file(), 'utf8')).toBe(VALUE);
  });
});
