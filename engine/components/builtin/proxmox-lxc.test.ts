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

const manifest = loadProxmoxComponent('proxmox-lxc');
const containerType = 'proxmoxve:index/containerLegacy:ContainerLegacy';
// The default image catalog's Debian 12 entry for Proxmox.
const debianTemplate = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';
const userValues = {
  name: 'prod-container-003',
  node_name: 'pve1',
  cores: 2,
  memory_mb: 2048,
  disk_gb: 16,
  datastore_id: 'fast-thin',
  os_template: debianTemplate,
  ip_address: '10.20.30.23',
  gateway: '10.20.30.1',
  network_bridge: 'vmbr7',
};

describe('proxmox-lxc manifest', () => {
  it('loads with valid contracts and bindings', () => {
    expect(manifest).toMatchObject({
      name: 'proxmox-lxc',
      provider: 'proxmox',
      semanticType: 'Container',
      version: 1,
      changelog: 'Initial version',
    });
    expect(manifest.resolverBindings).toEqual({
      name: { resolver: 'naming' },
      ip_address: { resolver: 'ipam', allocate: 'address' },
      gateway: { resolver: 'ipam', allocate: 'gateway' },
      os_template: { resolver: 'image_catalog', osFamily: 'debian', osVersion: '12', kind: 'container-template' },
    });
  });

  it('accepts only LXC templates and known distributions', () => {
    const validate = compileValidator(manifest.inputSchema);
    const inputs = resolvedInputs(manifest, userValues);
    expect(validate({ ...inputs, os_template: 'local:iso/debian-12-generic-amd64.img' })).toEqual([
      expect.objectContaining({ path: '/os_template' }),
    ]);
    expect(validate({ ...inputs, os_type: 'windows' })).toEqual([expect.objectContaining({ path: '/os_type' })]);
    expect(validate({ ...inputs, memory_mb: 32 })).toEqual([expect.objectContaining({ path: '/memory_mb' })]);
  });
});

describe('proxmox-lxc program', () => {
  it('declares one container from the template with the requested address and bridge', async () => {
    const run = await runWithMocks(manifest.programFile, {
      project: 'proxmox-lxc',
      config: { ...resolvedInputs(manifest, userValues), ...proxmoxConnection },
      secretKeys: connectionSecretKeys,
      state: (resource) => (resource.type === containerType ? { vmId: 105 } : {}),
    });

    expectExplicitProvider(run);
    expect(run.resources).toHaveLength(2);
    const container = onlyResource(run, containerType);
    expect(container.inputs.vmId).toBeUndefined();
    expect(container.inputs).toMatchObject({
      nodeName: 'pve1',
      unprivileged: true,
      features: { nesting: true },
      operatingSystem: { templateFileId: debianTemplate, type: 'debian' },
      cpu: { cores: 2 },
      memory: { dedicated: 2048, swap: 512 },
      disk: { datastoreId: 'fast-thin', size: 16 },
      networkInterfaces: [{ name: 'eth0', bridge: 'vmbr7', firewall: true }],
      initialization: {
        hostname: 'prod-container-003',
        ipConfigs: [{ ipv4: { address: '10.20.30.23/24', gateway: '10.20.30.1' } }],
        userAccount: { keys: [] },
      },
    });
    expect(run.outputs).toEqual({ vm_id: 105, name: 'prod-container-003', ip_address: '10.20.30.23', node_name: 'pve1' });
    expectOutputsMatchSchema(manifest, run);
  });

  it('fails naming the missing input', async () => {
    const { os_template: _omitted, ...config } = resolvedInputs(manifest, userValues);
    await expect(
      runWithMocks(manifest.programFile, {
        project: 'proxmox-lxc',
        config: { ...config, ...proxmoxConnection },
        secretKeys: connectionSecretKeys,
      }),
    ).rejects.toThrow(/proxmox-lxc:os_template/);
  });
});
