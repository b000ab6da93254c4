import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SemanticCatalog } from '../catalog/semantic-catalog.js';
import { resourcesDir } from '../paths.js';
import { openSqlite } from '../store/sqlite.js';
import { DATABASE_FILE, openStore, type Store } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import { ComponentService } from './component-service.js';

let temp: ReturnType<typeof tempDir>;
let store: Store;
let components: ComponentService;
const acme = { tenant: 'acme', actor: 'alice' };
const globex = { tenant: 'globex', actor: 'bob' };

const content = (overrides: Record<string, unknown> = {}) => ({
  description: 'A web server',
  code: "import * as pulumi from '@pulumi/pulumi';\nexport const url = 'http://localhost';\n",
  inputSchema: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer', default: 80 } }, required: ['name'] },
  outputSchema: { type: 'object', properties: { url: { type: 'string' } } },
  resolverBindings: { name: { resolver: 'naming' } },
  ...overrides,
});

beforeEach(() => {
  temp = tempDir();
  store = openStore(temp.dir);
  components = new ComponentService(
    store.components,
    SemanticCatalog.fromFile(path.join(resourcesDir(), 'catalog', 'semantic-types.yaml')),
  );
});
afterEach(() => {
  store.close();
  temp.remove();
});

describe('ComponentService', () => {
  it('publishes immutable versions with changelogs and diffs them', () => {
    components.create(acme, { name: 'web', provider: 'local', semanticType: 'Container', content: content() });
    expect(components.publish(acme, 'web', 'First')).toMatchObject({ version: 1, changelog: 'First', publishedBy: 'alice' });
    expect(() => components.publish(acme, 'web', 'Again')).toThrow(/same as version 1/);
    const draft = components.get(acme, 'web');
    const changed = content({
      code: "import * as pulumi from '@pulumi/pulumi';\nexport const url = 'https://localhost';\n",
      inputSchema: { type: 'object', properties: { name: { type: 'string' }, tls: { type: 'boolean' } }, required: ['name'] },
    });
    components.saveDraft(acme, 'web', draft.draftRevision, changed);
    components.publish(acme, 'web', 'TLS');
    expect(components.versions(acme, 'web').map((v) => v.version)).toEqual([1, 2]);
    expect(components.version(acme, 'web', 1).inputSchema).toEqual(content().inputSchema);
    const diff = components.diff(acme, 'web', 1, 2);
    expect(diff.contract).toEqual([
      { contract: 'input', property: 'port', change: 'removed' },
      { contract: 'input', property: 'tls', change: 'added' },
    ]);
    expect(diff.code.filter((run) => run.op !== 'equal')).toEqual([
      { op: 'remove', lines: ["export const url = 'http://localhost';"] },
      { op: 'add', lines: ["export const url = 'https://localhost';"] },
    ]);
  });

  it('keeps published versions immutable even against direct SQL', () => {
    components.create(acme, { name: 'web', provider: 'local', semanticType: 'Container', content: content() });
    components.publish(acme, 'web', 'First');
    const db = openSqlite(path.join(temp.dir, DATABASE_FILE));
    expect(() => db.prepare("UPDATE component_versions SET changelog = 'rewritten'").run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM component_versions').run()).toThrow(/immutable/);
    db.close();
  });

  it('rejects broken contracts with their JSON pointer and bindings that do not fit', () => {
    const create = (c: Record<string, unknown>) =>
      components.create(acme, { name: 'bad', provider: 'local', semanticType: 'Container', content: content(c) });
    expect(() => create({ inputSchema: { type: 'object', properties: { port: { type: 'int' } } } })).toThrow(
      /input_schema is not a valid JSON Schema: \/properties\/port\/type/,
    );
    expect(() => create({ resolverBindings: { hostname: { resolver: 'naming' } } })).toThrow(/no property "hostname"/);
    expect(() => create({ resolverBindings: { port: { resolver: 'ipam' } } })).toThrow(/declared as integer/);
    expect(() => components.create(acme, { name: 'Bad Name', provider: 'local', semanticType: 'Container', content: content() })).toThrow(
      /lowercase slug/,
    );
    expect(() =>
      components.create(acme, { name: 'metal', provider: 'local', semanticType: 'BareMetalServer', content: content() }),
    ).toThrow(/no mapping for BareMetalServer/);
    expect(components.list(acme)).toEqual([]);
  });

  it('separates tenant-scoped components and shares provider-level ones', () => {
    components.create(acme, { name: 'acme-only', provider: 'local', semanticType: 'Container', content: content() });
    components.create(acme, { name: 'shared-web', provider: 'local', semanticType: 'Container', shared: true, content: content() });
    expect(components.list(acme).map((c) => c.name)).toEqual(['acme-only', 'shared-web']);
    expect(components.list(globex).map((c) => c.name)).toEqual(['shared-web']);
    expect(() => components.get(globex, 'acme-only')).toThrow(/does not exist/);
  });

  it('resolves references and says whether the name or the version is unknown', () => {
    components.create(acme, { name: 'web', provider: 'local', semanticType: 'Container', content: content() });
    expect(() => components.lookup(acme, 'web@1')).toThrow('web has no version 1 (none published yet)');
    components.publish(acme, 'web', 'First');
    expect(components.lookup(acme, 'web@1')).toMatchObject({
      ref: 'web@1',
      provider: 'local',
      semanticType: 'Container',
      bindings: { name: { resolver: 'naming' } },
    });
    expect(() => components.lookup(acme, 'web@7')).toThrow(/published: 1/);
    expect(() => components.lookup(acme, 'nope@1')).toThrow('Component "nope" does not exist');
    expect(() => components.lookup(acme, 'web')).toThrow(/is not a component reference/);
  });

  it('imports the built-in catalog once, as published system components', () => {
    const first = components.importBuiltIns(path.join(resourcesDir(), 'components'));
    expect(first.imported).toEqual(expect.arrayContaining(['proxmox-vm@1', 'local-network@1']));
    const second = components.importBuiltIns(path.join(resourcesDir(), 'components'));
    expect(second).toEqual({ imported: [], skipped: [...first.imported].sort() });
    expect(components.get(acme, 'proxmox-vm')).toMatchObject({ system: true, tenant: null, latestVersion: 1 });
  });

  it('filters by provider, category and search text', () => {
    components.create(acme, { name: 'web', provider: 'local', semanticType: 'Container', content: content() });
    components.create(acme, {
      name: 'disk',
      provider: 'local',
      semanticType: 'BlockStorage',
      content: content({ description: 'Scratch disk' }),
    });
    expect(components.list(acme, { category: 'storage' }).map((c) => c.name)).toEqual(['disk']);
    expect(components.list(acme, { search: 'scratch' }).map((c) => c.name)).toEqual(['disk']);
    expect(components.list(acme, { provider: 'aws' })).toEqual([]);
  });
});
