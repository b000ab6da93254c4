import { describe, expect, it } from 'vitest';
import type { ComponentSummary, SemanticCatalog } from '../../api/entities';
import { groupPalette } from './palette-groups';

const catalog: SemanticCatalog = {
  providers: ['proxmox', 'local'],
  categories: [
    { id: 'compute', name: 'Compute' },
    { id: 'network', name: 'Network' },
    { id: 'storage', name: 'Storage' },
  ],
  types: [
    { id: 'VirtualMachine', category: 'compute', description: '', providers: { local: 'Supervised process', proxmox: 'QEMU VM' } },
    { id: 'VirtualNetwork', category: 'network', description: '', providers: { local: 'Network directory' } },
    { id: 'DNS', category: 'network', description: '', providers: { local: 'Hosts file entry' } },
    { id: 'BlockStorage', category: 'storage', description: '', providers: { local: 'Disk image file' } },
  ],
};

const component = (
  name: string,
  provider: string,
  semanticType: string,
  category: string,
  latestVersion: number | null,
  description = '',
): ComponentSummary => ({
  id: name,
  name,
  provider,
  semanticType,
  category,
  tenant: null,
  system: true,
  description,
  latestVersion,
  draftRevision: 1,
});

const components = [
  component('local-vm', 'local', 'VirtualMachine', 'compute', 2, 'A machine on this machine'),
  component('local-storage', 'local', 'BlockStorage', 'storage', 1),
  component('local-dns', 'local', 'DNS', 'network', 1, 'A name record'),
  component('local-network', 'local', 'VirtualNetwork', 'network', 1),
  component('proxmox-vm', 'proxmox', 'VirtualMachine', 'compute', 1),
  component('draft-only', 'local', 'VirtualMachine', 'compute', null),
];

describe('groupPalette', () => {
  it('groups published components by provider, then category, in the catalog order', () => {
    const groups = groupPalette(components, catalog);
    expect(groups.map((group) => group.provider)).toEqual(['proxmox', 'local']);
    const local = groups[1];
    expect(local?.count).toBe(4);
    expect(local?.categories.map((category) => category.name)).toEqual(['Compute', 'Network', 'Storage']);
    expect(local?.categories[1]?.items.map((item) => item.ref)).toEqual(['local-dns@1', 'local-network@1']);
    expect(local?.categories[0]?.items[0]).toMatchObject({
      name: 'local-vm',
      ref: 'local-vm@2',
      version: 2,
      typeName: 'Supervised process',
    });
  });

  it('leaves out components with no published version', () => {
    const names = groupPalette(components, catalog).flatMap((group) =>
      group.categories.flatMap((category) => category.items.map((item) => item.name)),
    );
    expect(names).not.toContain('draft-only');
  });

  it('searches names, descriptions, types, provider names and categories, every word', () => {
    const names = (search: string) =>
      groupPalette(components, catalog, search).flatMap((group) =>
        group.categories.flatMap((category) => category.items.map((item) => item.name)),
      );
    expect(names('dns')).toEqual(['local-dns']);
    expect(names('name record')).toEqual(['local-dns']);
    expect(names('QEMU')).toEqual(['proxmox-vm']);
    expect(names('network local')).toEqual(['local-dns', 'local-network']);
    expect(names('storage')).toEqual(['local-storage']);
    expect(names('  VirtualMachine  ')).toEqual(['proxmox-vm', 'local-vm']);
    expect(names('nothing-like-this')).toEqual([]);
  });

  it('works without a semantic catalog, naming categories by id', () => {
    const groups = groupPalette(components.slice(0, 2), null);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.categories.map((category) => category.name)).toEqual(['compute', 'storage']);
  });
});
