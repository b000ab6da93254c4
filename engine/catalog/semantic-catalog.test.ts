import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resourcesDir } from '../paths.js';
import { SemanticCatalog } from './semantic-catalog.js';

const builtIn = () => SemanticCatalog.fromFile(path.join(resourcesDir(), 'catalog', 'semantic-types.yaml'));

describe('SemanticCatalog', () => {
  it('ships every required type with mappings for the six providers', () => {
    const catalog = builtIn();
    const required = [
      'VirtualMachine',
      'Container',
      'BareMetalServer',
      'VirtualNetwork',
      'Subnet',
      'LoadBalancer',
      'DNS',
      'SecurityGroup',
      'FirewallRule',
      'BlockStorage',
      'ObjectStorage',
      'FileStorage',
      'RelationalDatabase',
      'CacheService',
      'Secret',
      'Certificate',
    ];
    expect(catalog.types().map((t) => t.id)).toEqual(expect.arrayContaining(required));
    expect(catalog.providers).toEqual(['proxmox', 'aws', 'azure', 'gcp', 'oci', 'local', 'baremetal']);
    expect(catalog.providerName('BareMetalServer', 'baremetal')).toBe('Registered machine (Redfish)');
    expect(catalog.providerName('VirtualNetwork', 'aws')).toBe('VPC');
    expect(catalog.providerName('VirtualNetwork', 'oci')).toBe('VCN');
    expect(catalog.providerName('VirtualMachine', 'proxmox')).toBe('QEMU VM');
  });

  it('filters by category and provider', () => {
    const catalog = builtIn();
    expect(catalog.types({ category: 'storage' }).map((t) => t.id)).toEqual(['BlockStorage', 'ObjectStorage', 'FileStorage']);
    expect(catalog.types({ provider: 'local', category: 'network' }).map((t) => t.id)).toEqual(['VirtualNetwork', 'Subnet', 'DNS']);
  });

  it('names what is wrong in a broken catalog', () => {
    const base = { providers: ['aws'], categories: [{ id: 'compute', name: 'Compute' }] };
    expect(() => SemanticCatalog.fromData({ ...base, types: [{ id: 'VM', category: 'gpu', description: 'x', providers: {} }] })).toThrow(
      /types\[0\]\.category "gpu" is not a declared category/,
    );
    expect(() =>
      SemanticCatalog.fromData({ ...base, types: [{ id: 'VM', category: 'compute', description: 'x', providers: { gcp: 'x' } }] }),
    ).toThrow(/unknown provider gcp/);
    expect(() =>
      SemanticCatalog.fromData({ ...base, types: [{ id: 'VM', category: 'compute', description: 'x', providers: {}, colour: 1 }] }),
    ).toThrow(/types\[0\]/);
    expect(() => builtIn().providerName('BareMetalServer', 'local')).toThrow(/no mapping/);
  });
});
