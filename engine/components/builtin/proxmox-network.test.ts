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

const manifest = loadProxmoxComponent('proxmox-network');
const bridgeType = 'proxmoxve:network/linux/bridge:Bridge';
const userValues = { name: 'prod-virtualnetwork-001', node_name: 'pve1', cidr: '10.20.30.0/24', bridge_name: 'vmbr7' };

describe('proxmox-network manifest', () => {
  it('binds the name to naming and the subnet to an ipam /24', () => {
    expect(manifest).toMatchObject({ name: 'proxmox-network', provider: 'proxmox', semanticType: 'VirtualNetwork', version: 1 });
    expect(manifest.resolverBindings).toEqual({
      name: { resolver: 'naming' },
      cidr: { resolver: 'ipam', allocate: 'subnet', prefix: 24 },
    });
  });

  it('refuses bridge names and subnets Proxmox would reject', () => {
    const validate = compileValidator(manifest.inputSchema);
    const inputs = resolvedInputs(manifest, userValues);
    // Naming-resolver style names are not valid interface names.
    expect(validate({ ...inputs, bridge_name: 'prod-net-001' })).toEqual([expect.objectContaining({ path: '/bridge_name' })]);
    expect(validate({ ...inputs, bridge_name: 'vmbr12345678' })).toEqual([expect.objectContaining({ path: '/bridge_name' })]);
    expect(validate({ ...inputs, cidr: '10.20.30.0/31' })).toEqual([expect.objectContaining({ path: '/cidr' })]);
    expect(validate({ ...inputs, cidr: '10.20.300.0/24' })).toEqual([expect.objectContaining({ path: '/cidr' })]);
  });
});

describe('proxmox-network program', () => {
  it('declares a bridge holding the first address of the subnet', async () => {
    const run = await runWithMocks(manifest.programFile, {
      project: 'proxmox-network',
      config: { ...resolvedInputs(manifest, userValues), ...proxmoxConnection },
      secretKeys: connectionSecretKeys,
    });

    expectExplicitProvider(run);
    expect(run.resources).toHaveLength(2);
    const bridge = onlyResource(run, bridgeType);
    expect(bridge.inputs).toEqual({
      nodeName: 'pve1',
      name: 'vmbr7',
      comment: 'prod-virtualnetwork-001',
      address: '10.20.30.1/24',
      vlanAware: false,
      mtu: 1500,
      autostart: true,
    });
    expect(run.outputs).toEqual({
      bridge: 'vmbr7',
      cidr: '10.20.30.0/24',
      gateway: '10.20.30.1',
      name: 'prod-virtualnetwork-001',
      node_name: 'pve1',
    });
    expectOutputsMatchSchema(manifest, run);
  });

  it('normalises the subnet, enslaves ports and can leave the host off the network', async () => {
    const run = await runWithMocks(manifest.programFile, {
      project: 'proxmox-network',
      config: {
        ...resolvedInputs(manifest, {
          ...userValues,
          cidr: '172.16.5.77/22',
          gateway_on_host: false,
          ports: ['eno2.40'],
          vlan_aware: true,
          mtu: 9000,
        }),
        ...proxmoxConnection,
      },
      secretKeys: connectionSecretKeys,
    });
    const bridge = onlyResource(run, bridgeType);
    expect(bridge.inputs).not.toHaveProperty('address');
    expect(bridge.inputs).toMatchObject({ ports: ['eno2.40'], vlanAware: true, mtu: 9000 });
    expect(run.outputs).toMatchObject({ cidr: '172.16.4.0/22', gateway: '172.16.4.1' });
  });

  it('fails naming the missing input', async () => {
    const { cidr: _omitted, ...config } = resolvedInputs(manifest, userValues);
    await expect(
      runWithMocks(manifest.programFile, {
        project: 'proxmox-network',
        config: { ...config, ...proxmoxConnection },
        secretKeys: connectionSecretKeys,
      }),
    ).rejects.toThrow(/proxmox-network:cidr/);
  });
});
