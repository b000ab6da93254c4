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

const manifest = loadProxmoxComponent('proxmox-firewall-rule');
const rulesType = 'proxmoxve:firewall/rulesLegacy:RulesLegacy';
const optionsType = 'proxmoxve:firewall/optionsLegacy:OptionsLegacy';
const webRules = [
  { direction: 'in', action: 'DROP', source: '+blocklist', comment: 'blocked hosts' },
  { direction: 'in', action: 'ACCEPT', protocol: 'tcp', dest_port: '80,443', comment: 'web' },
  { direction: 'in', action: 'ACCEPT', protocol: 'tcp', dest_port: '22', source: '10.0.0.0/8', comment: 'SSH from the LAN' },
  { direction: 'in', action: 'ACCEPT', protocol: 'icmp' },
];

describe('proxmox-firewall-rule manifest', () => {
  it('loads with valid contracts and no resolver bindings', () => {
    expect(manifest).toMatchObject({ name: 'proxmox-firewall-rule', provider: 'proxmox', semanticType: 'FirewallRule', version: 1 });
    expect(manifest.resolverBindings).toEqual({});
  });

  it('refuses rules Proxmox would reject', () => {
    const validate = compileValidator(manifest.inputSchema);
    const inputs = resolvedInputs(manifest, { vm_id: 120 });
    const withRule = (rule: Record<string, unknown>) => validate({ ...inputs, rules: [rule] });
    expect(withRule({ direction: 'in', action: 'ALLOW' })).toEqual([expect.objectContaining({ path: '/rules/0/action' })]);
    // A port needs tcp or udp.
    expect(withRule({ direction: 'in', action: 'ACCEPT', dest_port: '22' })).toContainEqual(
      expect.objectContaining({ path: '/rules/0', missing: 'protocol' }),
    );
    expect(withRule({ direction: 'in', action: 'ACCEPT', protocol: 'icmp', dest_port: '22' })).toContainEqual(
      expect.objectContaining({ path: '/rules/0/protocol' }),
    );
    expect(withRule({ direction: 'in', action: 'ACCEPT', protocol: 'tcp', dest_port: 'http' })).toEqual([
      expect.objectContaining({ path: '/rules/0/dest_port' }),
    ]);
    expect(validate({ ...inputs, rules: [] })).toEqual([expect.objectContaining({ path: '/rules' })]);
    expect(validate({ ...inputs, vm_id: 42 })).toEqual([expect.objectContaining({ path: '/vm_id' })]);
  });
});

describe('proxmox-firewall-rule program', () => {
  it('turns on the VM firewall and sets the rules in order', async () => {
    const run = await runWithMocks(manifest.programFile, {
      project: 'proxmox-firewall-rule',
      config: { ...resolvedInputs(manifest, { node_name: 'pve2', vm_id: 4242, rules: webRules }), ...proxmoxConnection },
      secretKeys: connectionSecretKeys,
    });

    expectExplicitProvider(run);
    expect(run.resources).toHaveLength(3);
    expect(onlyResource(run, optionsType).inputs).toEqual({
      nodeName: 'pve2',
      vmId: 4242,
      enabled: true,
      inputPolicy: 'DROP',
      outputPolicy: 'ACCEPT',
    });
    expect(onlyResource(run, rulesType).inputs).toEqual({
      nodeName: 'pve2',
      vmId: 4242,
      rules: [
        { type: 'in', action: 'DROP', source: '+blocklist', comment: 'blocked hosts', enabled: true },
        { type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '80,443', comment: 'web', enabled: true },
        { type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '22', source: '10.0.0.0/8', comment: 'SSH from the LAN', enabled: true },
        { type: 'in', action: 'ACCEPT', proto: 'icmp', enabled: true },
      ],
    });
    expect(run.outputs).toEqual({ vm_id: 4242, guest_type: 'vm', enabled: true, rule_count: 4 });
    expectOutputsMatchSchema(manifest, run);
  });

  it('addresses a container by containerId and defaults to allowing SSH', async () => {
    const run = await runWithMocks(manifest.programFile, {
      project: 'proxmox-firewall-rule',
      config: { ...resolvedInputs(manifest, { vm_id: 105, guest_type: 'container', input_policy: 'REJECT' }), ...proxmoxConnection },
      secretKeys: connectionSecretKeys,
    });
    const options = onlyResource(run, optionsType);
    const rules = onlyResource(run, rulesType);
    expect(options.inputs).toMatchObject({ nodeName: 'pve', containerId: 105, inputPolicy: 'REJECT' });
    expect(options.inputs).not.toHaveProperty('vmId');
    expect(rules.inputs).toEqual({
      nodeName: 'pve',
      containerId: 105,
      rules: [{ type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '22', comment: 'SSH', enabled: true }],
    });
    expect(run.outputs).toMatchObject({ vm_id: 105, guest_type: 'container', rule_count: 1 });
  });

  it('fails naming the missing guest id', async () => {
    const config = resolvedInputs(manifest, { vm_id: 120 });
    delete config.vm_id;
    await expect(
      runWithMocks(manifest.programFile, {
        project: 'proxmox-firewall-rule',
        config: { ...config, ...proxmoxConnection },
        secretKeys: connectionSecretKeys,
      }),
    ).rejects.toThrow(/proxmox-firewall-rule:vm_id/);
  });

  it('refuses an unknown guest type', async () => {
    const config = { ...resolvedInputs(manifest, { vm_id: 120 }), guest_type: 'qemu', ...proxmoxConnection };
    await expect(
      runWithMocks(manifest.programFile, { project: 'proxmox-firewall-rule', config, secretKeys: connectionSecretKeys }),
    ).rejects.toThrow(/guest_type/);
  });
});
