import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SemanticCatalog } from '../../catalog/semantic-catalog.js';
import { resourcesDir } from '../../paths.js';
import { ImageCatalog, loadImageCatalogFile } from '../../resolvers/image-catalog/image-catalog.js';
import { loadComponentManifest } from '../component-manifest.js';
import { compileValidator, type JsonSchema } from '../json-schema.js';

// Every built-in component must fit the catalog it ships with: its semantic type exists for its
// provider, and every image the image catalog resolves for it is accepted by its own input schema.
const root = path.join(resourcesDir(), 'components');
const manifests = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => loadComponentManifest(path.join(root, entry.name)));
const semantics = SemanticCatalog.fromFile(path.join(resourcesDir(), 'catalog', 'semantic-types.yaml'));
const images = new ImageCatalog(loadImageCatalogFile(path.join(resourcesDir(), 'catalog', 'images.yaml')));

describe('built-in catalog', () => {
  it('has the required Proxmox and local components', () => {
    const names = manifests.map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining(['proxmox-vm', 'proxmox-lxc', 'proxmox-storage', 'proxmox-network', 'proxmox-firewall-rule']),
    );
    const localTypes = manifests.filter((m) => m.provider === 'local').map((m) => semantics.type(m.semanticType).category);
    expect(localTypes).toEqual(expect.arrayContaining(['network', 'compute', 'storage', 'security']));
  });

  it.each(manifests.map((m) => [m.name, m] as const))('%s maps to its provider and accepts the images it resolves', (_name, manifest) => {
    expect(() => semantics.providerName(manifest.semanticType, manifest.provider)).not.toThrow();
    for (const [input, binding] of Object.entries(manifest.resolverBindings)) {
      if (binding.resolver !== 'image_catalog') continue;
      const image = images.resolve({
        provider: manifest.provider,
        osFamily: binding.osFamily,
        osVersion: binding.osVersion,
        arch: binding.arch ?? 'amd64',
        ...(binding.kind ? { kind: binding.kind } : {}),
      });
      const property = ((manifest.inputSchema.properties ?? {}) as Record<string, JsonSchema>)[input]!;
      expect(compileValidator({ type: 'object', properties: { [input]: property } })({ [input]: image.imageId })).toEqual([]);
    }
  });
});
