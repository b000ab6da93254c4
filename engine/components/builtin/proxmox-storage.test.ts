import { describe, expect, it } from 'vitest';
import { compileValidator } from '../json-schema.js';
import { runWithMocks } from '../testing/run-with-mocks.js';
import {
  connectionSecretKeys,
  expectExplicitProvider,
  expectOutputsMatchSchema,
  loadProxmoxComponent,
  onlyResource,
  proxmoxConnection,
  resolvedInputs,
} from './proxmox-test-support.js';

const manifest = loadProxmoxComponent('proxmox-storage');
const storageType = 'proxmoxve:storage/lvmthin:Lvmthin';
const userValues = { name: 'prod-blockstorage-001', volume_group: 'vg_nvme', thin_pool: 'guests' };

describe('proxmox-storage manifest', () => {
  it('loads with valid contracts and a naming binding', () => {
    expect(manifest).toMatchObject({ name: 'proxmox-storage', provider: 'proxmox', semanticType: 'BlockStorage', version: 1 });
    expect(manifest.resolverBindings).toEqual({ name: { resolver: 'naming' } });
  });

  it('refuses storage ids and contents Proxmox would reject', () => {
    const validate = compileValidator(manifest.inputSchema);
    const inputs = resolvedInputs(manifest, userValues);
    expect(validate({ ...inputs, name: '1-storage' })).toEqual([expect.objectContaining({ path: '/name' })]);
    expect(validate({ ...inputs, contents: ['iso'] })).toEqual([expect.objectContaining({ path: '/contents/0' })]);
    expect(validate({ ...inputs, contents: [] })).toEqual([expect.objectContaining({ path: '/contents' })]);
  });
});

describe('proxmox-storage program', () => {
  it('registers the thin pool as a storage on every node by default', async () => {
    const run = await runWithMocks(manifest.programFile, {
      project: 'proxmox-storage',
      config: { ...resolvedInputs(manifest, userValues), ...proxmoxConnection },
      secretKeys: connectionSecretKeys,
    });

    expectExplicitProvider(run);
    expect(run.resources).toHaveLength(2);
    expect(onlyResource(run, storageType).inputs).toEqual({
      resourceId: 'prod-blockstorage-001',
      volumeGroup: 'vg_nvme',
      thinPool: 'guests',
      contents: ['images', 'rootdir'],
      disable: false,
    });
    expect(run.outputs).toEqual({
      datastore_id: 'prod-blockstorage-001',
      volume_group: 'vg_nvme',
      thin_pool: 'guests',
      contents: ['images', 'rootdir'],
    });
    expectOutputsMatchSchema(manifest, run);
  });

  it('limits the storage to the listed nodes', async () => {
    const run = await runWithMocks(manifest.programFile, {
      project: 'proxmox-storage',
      config: { ...resolvedInputs(manifest, { ...userValues, node_names: ['pve1', 'pve3'], contents: ['images'] }), ...proxmoxConnection },
      secretKeys: connectionSecretKeys,
    });
    expect(onlyResource(run, storageType).inputs).toMatchObject({ nodes: ['pve1', 'pve3'], contents: ['images'] });
  });

  it('fails naming the missing input', async () => {
    const { thin_pool: _omitted, ...config } = resolvedInputs(manifest, userValues);
    await expect(
      runWithMocks(manifest.programFile, {
        project: 'proxmox-storage',
        config: { ...config, ...proxmoxConnection },
        secretKeys: connectionSecretKeys,
      }),
    ).rejects.toThrow(/proxmox-storage:thin_pool/);
  });
});
