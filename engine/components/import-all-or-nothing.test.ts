import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SemanticCatalog } from '../catalog/semantic-catalog.js';
import { resourcesDir } from '../paths.js';
import { openStore, type Store } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import { ComponentService } from './component-service.js';
import { runInRequest } from '../context/request-context.js';

let temp: ReturnType<typeof tempDir>;
let store: Store;
let components: ComponentService;
const acme = { tenant: 'acme', actor: 'alice' };

beforeEach(() => {
  temp = tempDir();
  store = openStore(path.join(temp.dir, 'data'));
  components = new ComponentService(store.async, SemanticCatalog.fromFile(path.join(resourcesDir(), 'catalog', 'semantic-types.yaml')));
});
afterEach(async () => {
  await store.async.close();
  temp.remove();
});

describe('importing and publishing components, refused, leave nothing half-written', () => {
  it('imports no component of a folder where one manifest is broken', async () => {
    const dir = path.join(temp.dir, 'components');
    cpSync(path.join(resourcesDir(), 'components'), dir, { recursive: true });
    // The last folder in order gets a default that breaks its own schema.
    const manifest = path.join(dir, 'zzz-broken', 'component.yaml');
    cpSync(path.join(dir, 'local-network'), path.dirname(manifest), { recursive: true });
    writeFileSync(
      manifest,
      `name: zzz-broken\nversion: 1\nprovider: local\nsemanticType: VirtualNetwork\ndescription: Broken\nchangelog: First\nprogram: index.ts\ninputSchema:\n  type: object\n  properties:\n    cores: { type: integer, default: four }\noutputSchema: { type: object, properties: {} }\n`,
    );
    await expect(components.importBuiltIns(dir)).rejects.toThrow(
      /the default of cores \("four"\) does not match its own schema: must be integer/,
    );
    expect(await components.list(acme, {})).toEqual([]);
  });

  it('refuses to publish a stored draft whose default breaks its own schema', () =>
    // Every call in acme's tenant, as the dispatcher would run it.
    runInRequest({ requestId: 'test', actor: 'alice', tenant: 'acme', clientAddress: null }, async () => {
      await components.create(acme, {
        name: 'web',
        provider: 'local',
        semanticType: 'Container',
        content: {
          description: 'Web',
          code: 'export const x = 1;\n',
          inputSchema: { type: 'object', properties: { port: { type: 'integer', default: 80 } } },
          outputSchema: { type: 'object', properties: {} },
          resolverBindings: {},
        },
      });
      // A draft written before defaults were checked.
      const row = (await store.async.components.byName('web', 'acme'))!;
      const draft = row.draft as { inputSchema: { properties: { port: { default: unknown } } } };
      draft.inputSchema.properties.port.default = 'eighty';
      await store.async.components.saveDraft(row.id, row.draftRevision, draft, 'Web', new Date().toISOString());
      await expect(components.publish(acme, 'web', 'First')).rejects.toThrow(
        expect.objectContaining({ code: 'invalid_default', details: expect.objectContaining({ input: 'port' }) }),
      );
      expect(await components.versions(acme, 'web')).toEqual([]);
    }));
});
