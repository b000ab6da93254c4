import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resourcesDir } from '../../paths.js';
import { ImageCatalog, loadImageCatalogFile } from './image-catalog.js';

const builtIn = () => new ImageCatalog(loadImageCatalogFile(path.join(resourcesDir(), 'catalog', 'images.yaml')));

describe('ImageCatalog', () => {
  it('resolves seeded Proxmox and local images', () => {
    expect(builtIn().resolve({ provider: 'proxmox', osFamily: 'Debian', osVersion: '12', kind: 'container-template' }).imageId).toContain(
      'debian-12-standard',
    );
    expect(builtIn().resolve({ provider: 'proxmox', osFamily: 'debian', osVersion: '12' }).imageId).toBe(
      'local:import/debian-12-genericcloud-amd64.qcow2',
    );
    expect(builtIn().resolve({ provider: 'local', osFamily: 'ubuntu', osVersion: '24.04', arch: 'amd64' }).name).toBe(
      'Ubuntu 24.04 (local simulation)',
    );
  });

  it('lists what exists when an image is unknown', () => {
    expect(() => builtIn().resolve({ provider: 'local', osFamily: 'windows', osVersion: '11' })).toThrow(
      /No local disk-image windows 11 \(amd64\)\. Available: debian 12 \(amd64\), ubuntu 24\.04 \(amd64\), alpine 3\.20 \(amd64\)/,
    );
    expect(() => builtIn().resolve({ provider: 'aws', osFamily: 'debian', osVersion: '12' })).toThrow(
      'no disk-image images for provider aws',
    );
  });

  it('refuses duplicate entries', () => {
    const entry = {
      provider: 'local',
      osFamily: 'debian',
      osVersion: '12',
      arch: 'amd64' as const,
      kind: 'disk-image' as const,
      imageId: 'x',
      name: 'x',
    };
    expect(() => new ImageCatalog([entry, entry])).toThrow(/lists local\/debian\/12\/amd64\/disk-image twice/);
  });
});
