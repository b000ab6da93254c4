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

const manifest = loadProxmoxComponent('proxmox-vm');
const userValues = {
  name: 'prod-virtualmachine-001',
  node_name: 'pve2',
  cores: 4,
  memory_mb: 8192,
  disk_gb: 40,
  os_template: 'local:import/debian-12-genericcloud-amd64.qcow2',
  ip_address: '10.20.30.11',
  gateway: '10.20.30.1',
  network_bridge: 'vmbr7',
  ssh_keys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHq0kE5m9vYp4cXxL2wq8d3Jr1b7n6Tt0sUe9fVg2KcZ ops@nimbus'],
};

describe('proxmox-vm manifest', () => {
  it('loads with valid contracts and bindings', () => {
    expect(manifest).toMatchObject({ name: 'proxmox-vm', provider: 'proxmox', semanticType: 'VirtualMachine', version: 1 });
    expect(manifest.resolverBindings).toEqual({
      name: { resolver: 'naming' },
      ip_address: { resolver: 'ipam', allocate: 'address' },
      gateway: { resolver: 'ipam', allocate: 'gateway' },
      os_template: { resolver: 'image_catalog', osFamily: 'debian', osVersion: '12' },
    });
  });

  it('refuses values the program could not deploy', () => {
    const validate = compileValidator(manifest.inputSchema);
    const inputs = resolvedInputs(manifest, userValues);
    expect(validate({ ...inputs, cores: 0 })).toEqual([expect.objectContaining({ path: '/cores' })]);
    expect(validate({ ...inputs, ip_address: '10.20.30.11/24' })).toEqual([expect.objectContaining({ path: '/ip_address' })]);
    // An LXC template is not a disk image a VM can boot.
    expect(validate({ ...inputs, os_template: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' })).toEqual([
      expect.objectContaining({ path: '/os_template' }),
    ]);
    expect(validate({ ...inputs, network_bridge: 'prod-net-001' })).toEqual([expect.objectContaining({ path: '/network_bridge' })]);
    expect(validate({ ...inputs, colour: 'blue' })).toEqual([expect.objectContaining({ message: 'must NOT have additional properties' })]);
  });
});

describe('proxmox-vm program', () => {
  it('declares one VM with the requested size, image, address and bridge', async () => {
    const run = await runWithMocks(manifest.programFile, {
      project: 'proxmox-vm',
      config: { ...resolvedInputs(manifest, userValues), ...proxmoxConnection },
      secretKeys: connectionSecretKeys,
      // Proxmox picks the id when vm_id is 0.
      state: (resource) => (resource.type === 'proxmoxve:index/vmLegacy:VmLegacy' ? { vmId: 4242 } : {}),
    });

    expectExplicitProvider(run);
    const vm = onlyResource(run, 'proxmoxve:index/vmLegacy:VmLegacy');
    expect(run.resources).toHaveLength(2);
    expect(vm.inputs.vmId).toBeUndefined();
    expect(vm.inputs).toMatchObject({
      name: 'prod-virtualmachine-001',
      nodeName: 'pve2',
      started: true,
      cpu: { cores: 4, type: 'x86-64-v2-AES' },
      memory: { dedicated: 8192 },
      agent: { enabled: false },
      disks: [{ interface: 'scsi0', datastoreId: 'local-lvm', size: 40, importFrom: 'local:import/debian-12-genericcloud-amd64.qcow2' }],
      networkDevices: [{ bridge: 'vmbr7', model: 'virtio', firewall: true }],
      initialization: {
        datastoreId: 'local-lvm',
        ipConfigs: [{ ipv4: { address: '10.20.30.11/24', gateway: '10.20.30.1' } }],
        userAccount: { username: 'debian', keys: userValues.ssh_keys },
      },
    });
    expect(run.outputs).toEqual({ vm_id: 4242, name: 'prod-virtualmachine-001', ip_address: '10.20.30.11', node_name: 'pve2' });
    expectOutputsMatchSchema(manifest, run);
  });

  it('pins a chosen vm id and boots a raw image from iso storage', async () => {
    const run = await runWithMocks(manifest.programFile, {
      project: 'proxmox-vm',
      config: {
        ...resolvedInputs(manifest, { ...userValues, vm_id: 120, prefix_length: 26, os_template: 'local:iso/debian-12-generic-amd64.img' }),
        ...proxmoxConnection,
      },
      secretKeys: connectionSecretKeys,
    });
    const vm = onlyResource(run, 'proxmoxve:index/vmLegacy:VmLegacy');
    expect(vm.inputs.vmId).toBe(120);
    expect(vm.inputs.disks).toEqual([expect.objectContaining({ fileId: 'local:iso/debian-12-generic-amd64.img' })]);
    expect(vm.inputs.disks).toEqual([expect.not.objectContaining({ importFrom: expect.anything() })]);
    expect(vm.inputs.initialization).toMatchObject({ ipConfigs: [{ ipv4: { address: '10.20.30.11/26' } }] });
    expect(run.outputs.vm_id).toBe(120);
  });

  it('fails naming the missing input', async () => {
    const { gateway: _omitted, ...config } = resolvedInputs(manifest, userValues);
    await expect(
      runWithMocks(manifest.programFile, {
        project: 'proxmox-vm',
        config: { ...config, ...proxmoxConnection },
        secretKeys: connectionSecretKeys,
      }),
    ).rejects.toThrow(/proxmox-vm:gateway/);
  });

  it('fails without the API connection', async () => {
    await expect(
      runWithMocks(manifest.programFile, { project: 'proxmox-vm', config: resolvedInputs(manifest, userValues) }),
    ).rejects.toThrow(/proxmox-vm:proxmox_endpoint/);
  });
});
