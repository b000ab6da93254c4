import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir.js';
import { loadComponentManifest } from '../component-manifest.js';
import { compileValidator } from '../json-schema.js';
import { runWithMocks, type MockRun } from '../testing/run-with-mocks.js';
import { componentDir, dynamicResource } from './local/dynamic-provider.js';

interface RecordInputs {
  localRoot: string;
  hostname: string;
  zone: string;
  ip_address: string;
}
interface RecordState extends RecordInputs {
  record_id: string;
  fqdn: string;
  path: string;
}

const dir = componentDir('local-dns');
const localRoot = '/srv/nimbus/local/dev';
let run: MockRun;
let record: ReturnType<typeof dynamicResource<RecordInputs, RecordState>>;

beforeAll(async () => {
  run = await runWithMocks(loadComponentManifest(dir).programFile, {
    project: 'local-dns',
    config: { localRoot, hostname: 'web-01', zone: 'nimbus.internal', ip_address: '10.20.0.10' },
    state: () => ({
      record_id: 'dns-web-01.nimbus.internal',
      fqdn: 'web-01.nimbus.internal',
      path: `${localRoot}/dns/nimbus.internal.hosts`,
    }),
  });
  record = dynamicResource<RecordInputs, RecordState>(run);
});

describe('local-dns manifest and program', () => {
  it('loads and checks', () => {
    const manifest = loadComponentManifest(dir);
    expect(manifest).toMatchObject({
      name: 'local-dns',
      provider: 'local',
      semanticType: 'DNS',
      version: 1,
      changelog: 'Initial version',
      resolverBindings: {},
    });
    expect(readFileSync(path.join(dir, 'Pulumi.yaml'), 'utf8')).toMatch(/^name: local-dns\nruntime: nodejs\n/);
    const validate = compileValidator(manifest.inputSchema);
    expect(validate({ hostname: 'web-01', ip_address: '10.20.0.10' })).toEqual([]);
    expect(validate({ hostname: 'web-01', zone: '../etc', ip_address: '10.20.0.10' }).map((issue) => issue.path)).toContain('/zone');
  });

  it('declares one record from the stack config and exports the contract outputs', () => {
    expect(record.type).toBe('pulumi-nodejs:dynamic/nimbus-local:Record');
    expect(record.inputs).toEqual({ localRoot, hostname: 'web-01', zone: 'nimbus.internal', ip_address: '10.20.0.10' });
    expect(run.outputs).toEqual({
      record_id: 'dns-web-01.nimbus.internal',
      fqdn: 'web-01.nimbus.internal',
      ip_address: '10.20.0.10',
      path: `${localRoot}/dns/nimbus.internal.hosts`,
    });
    expect(compileValidator(loadComponentManifest(dir).outputSchema)(run.outputs)).toEqual([]);
  });
});

describe('local-dns provider, on a real zone file', () => {
  let temp: ReturnType<typeof tempDir>;
  let root: string;
  const inputs = (overrides: Partial<RecordInputs> = {}): RecordInputs => ({
    localRoot: root,
    hostname: 'web-01',
    zone: 'nimbus.internal',
    ip_address: '10.20.0.10',
    ...overrides,
  });
  const zone = () => path.join(root, 'dns', 'nimbus.internal.hosts');
  const lines = () => readFileSync(zone(), 'utf8').trimEnd().split('\n');

  beforeEach(() => {
    temp = tempDir('nimbus-local-dns-');
    root = path.join(temp.dir, 'local', 'dev');
  });
  afterEach(() => temp.remove());

  it('adds one hosts line per record and keeps lines it did not write', async () => {
    mkdirSync(path.join(root, 'dns'), { recursive: true });
    writeFileSync(zone(), '192.168.1.1\trouter.nimbus.internal\n');
    const { id, outs } = await record.provider.create(inputs());
    expect(id).toBe('dns-web-01.nimbus.internal');
    expect(outs).toEqual({ ...inputs(), record_id: id, fqdn: 'web-01.nimbus.internal', path: zone() });
    await record.provider.create(inputs({ hostname: 'db-01', ip_address: '10.20.0.20' }));
    expect(lines()).toEqual([
      '192.168.1.1\trouter.nimbus.internal',
      '10.20.0.10\tweb-01.nimbus.internal\t# nimbus:web-01',
      '10.20.0.20\tdb-01.nimbus.internal\t# nimbus:db-01',
    ]);
    expect(existsSync(`${zone()}.lock`)).toBe(false);
  });

  it('sees an address edited or a line removed behind its back, and the update writes it back', async () => {
    const { id, outs } = await record.provider.create(inputs());
    expect(await record.provider.read(id, outs)).toEqual({ id, props: outs });
    writeFileSync(zone(), readFileSync(zone(), 'utf8').replace('10.20.0.10', '10.66.6.6'));
    const refreshed = await record.provider.read(id, outs);
    expect(refreshed.props!).toMatchObject({ ip_address: '10.66.6.6', fqdn: 'web-01.nimbus.internal' });
    expect(await record.provider.diff(id, refreshed.props!, inputs())).toEqual({ changes: true, replaces: [], deleteBeforeReplace: true });
    expect((await record.provider.update(id, refreshed.props!, inputs())).outs).toEqual(outs);
    expect(lines()).toEqual(['10.20.0.10\tweb-01.nimbus.internal\t# nimbus:web-01']);

    writeFileSync(zone(), '127.0.0.1\tlocalhost\n');
    expect(await record.provider.read(id, outs)).toEqual({ id: '' });
    rmSync(zone());
    expect(await record.provider.read(id, outs)).toEqual({ id: '' });
  });

  it('changes the address in place and replaces the record for a new hostname or zone', async () => {
    const { id, outs } = await record.provider.create(inputs());
    expect((await record.provider.diff(id, outs, inputs())).changes).toBe(false);
    expect((await record.provider.diff(id, outs, inputs({ ip_address: '10.20.0.11' }))).replaces).toEqual([]);
    expect((await record.provider.diff(id, outs, inputs({ zone: 'lab.internal' }))).replaces).toEqual(['zone']);
    await record.provider.update(id, outs, inputs({ ip_address: '10.20.0.11' }));
    expect(lines()).toEqual(['10.20.0.11\tweb-01.nimbus.internal\t# nimbus:web-01']);
  });

  it('removes only its own line, the file with the last one, and deleting again is fine', async () => {
    const web = await record.provider.create(inputs());
    const db = await record.provider.create(inputs({ hostname: 'db-01', ip_address: '10.20.0.20' }));
    await record.provider.delete(web.id, web.outs);
    expect(lines()).toEqual(['10.20.0.20\tdb-01.nimbus.internal\t# nimbus:db-01']);
    await expect(record.provider.delete(web.id, web.outs)).resolves.toBeUndefined();
    await record.provider.delete(db.id, db.outs);
    expect(existsSync(zone())).toBe(false);
    await expect(record.provider.delete(db.id, db.outs)).resolves.toBeUndefined();
  });

  it('refuses a name already in the zone, and hostile names, leaving the file as it was', async () => {
    mkdirSync(path.join(root, 'dns'), { recursive: true });
    writeFileSync(zone(), '10.0.0.1\tweb-01.nimbus.internal\n');
    await expect(record.provider.create(inputs())).rejects.toThrow(/a record is in the way/);
    expect(lines()).toEqual(['10.0.0.1\tweb-01.nimbus.internal']);
    await expect(record.provider.create(inputs({ hostname: '../x' }))).rejects.toThrow(/refusing name/);
    await expect(record.provider.create(inputs({ zone: '../../etc/hosts' }))).rejects.toThrow(/refusing zone/);
    expect(
      (await record.provider.check(inputs(), inputs({ zone: 'a/b', ip_address: 'x' }))).failures.map((failure) => failure.property),
    ).toEqual(['zone', 'ip_address']);
  });

  it('keeps every record when deploys add them to one zone at the same time (threads, one lock)', async () => {
    const hosts = Array.from({ length: 8 }, (_, index) => `host-${index}`);
    // Each thread loads the serialized provider on its own, as separate provider hosts would.
    const source = `
      const { workerData, parentPort } = require('node:worker_threads');
      const vm = require('node:vm');
      const module = { exports: {} };
      vm.runInThisContext('(function (exports, require, module) {' + workerData.serialized + '\\n})')(module.exports, require, module);
      module.exports.handler().create(workerData.inputs).then(() => parentPort.postMessage('ok'), (error) => parentPort.postMessage(String(error)));
    `;
    const results = await Promise.all(
      hosts.map(
        (hostname, index) =>
          new Promise<string>((resolve, reject) => {
            const worker = new Worker(source, {
              eval: true,
              workerData: { serialized: record.serialized, inputs: inputs({ hostname, ip_address: `10.20.0.${index + 10}` }) },
            });
            worker.once('message', (message: string) => void worker.terminate().then(() => resolve(message)));
            worker.once('error', reject);
          }),
      ),
    );
    expect(results).toEqual(hosts.map(() => 'ok'));
    expect(lines().sort()).toEqual(
      hosts.map((hostname, index) => `10.20.0.${index + 10}\t${hostname}.nimbus.internal\t# nimbus:${hostname}`).sort(),
    );
    expect(existsSync(`${zone()}.lock`)).toBe(false);
  });
});
