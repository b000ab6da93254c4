import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SemanticCatalog } from '../catalog/semantic-catalog.js';
import { resourcesDir } from '../paths.js';
import { openStore, type Store } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import { ComponentService } from './component-service.js';
import { loadComponentLookup } from './component-snapshot.js';
import { inViewerTenant } from '../test-support/in-viewer-tenant.js';

let temp: ReturnType<typeof tempDir>;
let store: Store;
let components: ComponentService;
const acme = { tenant: 'acme', actor: 'alice' };

const content = {
  description: 'A web server',
  code: 'export const url = "http://localhost";\n',
  inputSchema: { type: 'object', properties: { name: { type: 'string' } } },
  outputSchema: { type: 'object', properties: { url: { type: 'string' } } },
};

/** What a synchronous call throws, as `{ name, code, message, details }`. */
function failure(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    const { name, code, message, details } = error as { name: string; code: string; message: string; details: unknown };
    return { name, code, message, details };
  }
  throw new Error('expected the call to throw');
}

/** What an asynchronous call rejects with, in the same shape. */
async function rejection(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    const { name, code, message, details } = error as { name: string; code: string; message: string; details: unknown };
    return { name, code, message, details };
  }
  throw new Error('expected the call to reject');
}

beforeEach(async () => {
  temp = tempDir();
  store = openStore(temp.dir);
  // Each call in its viewer's tenant, as the dispatcher runs it.
  components = inViewerTenant(
    new ComponentService(store.async, SemanticCatalog.fromFile(path.join(resourcesDir(), 'catalog', 'semantic-types.yaml'))),
  );
  await components.create(acme, { name: 'web', provider: 'local', semanticType: 'Container', content });
  await components.publish(acme, 'web', 'First');
  await components.create(acme, { name: 'db', provider: 'local', semanticType: 'Container', content });
  await components.publish(acme, 'db', 'First');
});
afterEach(async () => {
  await store.async.close();
  temp.remove();
});

describe('a component lookup loaded before planning', () => {
  it('answers the references it loaded, synchronously', async () => {
    const lookup = await loadComponentLookup(components, acme, ['web@1', 'web@1']);
    expect(lookup('web@1')).toEqual(await components.lookup(acme, 'web@1'));
  });

  it('fails on unknown references with the error the catalog gives', async () => {
    const lookup = await loadComponentLookup(components, acme, ['nope@1', 'web@7', 'web']);
    for (const ref of ['nope@1', 'web@7', 'web'])
      expect(failure(() => lookup(ref))).toEqual(await rejection(() => components.lookup(acme, ref)));
  });

  it('fails on a reference it did not load as on an unknown component, even when the catalog has it', async () => {
    const lookup = await loadComponentLookup(components, acme, ['web@1']);
    const unknown = await rejection(() => components.lookup(acme, 'nope@1'));
    expect(unknown).toMatchObject({ code: 'not_found', message: 'Component "nope" does not exist' });
    expect(failure(() => lookup('nope@1'))).toEqual(unknown);
    expect(failure(() => lookup('db@1'))).toEqual({
      ...(unknown as object),
      message: 'Component "db" does not exist',
      details: { entity: 'Component', id: '"db"' },
    });
    expect(failure(() => lookup('not a ref'))).toEqual(await rejection(() => components.lookup(acme, 'not a ref')));
  });
});
