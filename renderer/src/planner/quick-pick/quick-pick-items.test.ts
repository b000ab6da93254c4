import { describe, expect, it } from 'vitest';
import type { ComponentSummary } from '../../api/entities';
import { quickPickItems } from './quick-pick-items';

const summary = (name: string, semanticType: string, latestVersion: number | null): ComponentSummary => ({
  id: name,
  name,
  provider: 'local',
  semanticType,
  category: 'compute',
  tenant: null,
  system: false,
  description: `${name} description`,
  latestVersion,
  draftRevision: 0,
});

const components = [
  summary('local-vm', 'VirtualMachine', 2),
  summary('local-network', 'VirtualNetwork', 1),
  summary('draft-only', 'Container', null),
  summary('proxmox-storage', 'BlockStorage', 1),
];

describe('quickPickItems', () => {
  it('offers the published catalog only, at its latest version', () => {
    expect(quickPickItems(components, null, '').map((item) => item.ref)).toEqual(['proxmox-storage@1', 'local-vm@2', 'local-network@1']);
  });

  it('filters and ranks by a fuzzy match', () => {
    expect(quickPickItems(components, null, 'net').map((item) => item.ref)).toEqual(['local-network@1']);
    expect(quickPickItems(components, null, 'lvm').map((item) => item.ref)).toEqual(['local-vm@2']);
    expect(quickPickItems(components, null, 'draft')).toEqual([]);
    // Loose letters scattered over a description do not match; the name's own letters do.
    expect(quickPickItems(components, null, 'local-sto')).toEqual([]);
    expect(quickPickItems(components, null, 'storage').map((item) => item.ref)).toEqual(['proxmox-storage@1']);
    // Names starting with the query come before entries matching it elsewhere (here the provider).
    expect(quickPickItems(components, null, 'local').map((item) => item.ref)).toEqual([
      'local-vm@2',
      'local-network@1',
      'proxmox-storage@1',
    ]);
    expect(quickPickItems(components, null, 'zzz')).toEqual([]);
  });
});
