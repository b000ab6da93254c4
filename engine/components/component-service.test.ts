import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SemanticCatalog } from '../catalog/semantic-catalog.js';
import { resourcesDir } from '../paths.js';
import { openSqlite } from '../store/sqlite.js';
import { DATABASE_FILE, openStore, type Store } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import { ComponentService } from './component-service.js';
import { inViewerTenant } from '../test-support/in-viewer-tenant.js';

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
  components = inViewerTenant(
    new ComponentService(store.async, SemanticCatalog.fromFile(path.join(resourcesDir(), 'catalog', 'semantic-types.yaml'))),
  );
});
afterEach(async () => {
  await store.async.close();
  temp.remove();
});

describe('ComponentService', () => {
  it('publishes immutable versions with changelogs and diffs them', async () => {
    await components.create(acme, { name: 'web', provider: 'local', semanticType: 'Container', content: content() });
    expect(await components.publish(acme, 'web', 'First')).toMatchObject({ version: 1, changelog: 'First', publishedBy: 'alice' });
    await expect(components.publish(acme, 'web', 'Again')).rejects.toThrow(/same as version 1/);
    const draft = await components.get(acme, 'web');
    const changed = content({
      code: "import * as pulumi from '@pulumi/pulumi';\nexport const url = 'https://localhost';\n",
      inputSchema: { type: 'object', properties: { name: { type: 'string' }, tls: { type: 'boolean' } }, required: ['name'] },
    });
    await components.saveDraft(acme, 'web', draft.draftRevision, changed);
    await components.publish(acme, 'web', 'TLS');
    expect((await components.versions(acme, 'web')).map((v) => v.version)).toEqual([1, 2]);
    expect((await components.version(acme, 'web', 1)).inputSchema).toEqual(content().inputSchema);
    const diff = await components.diff(acme, 'web', 1, 2);
    expect(diff.contract).toEqual([
      { contract: 'input', property: 'port', change: 'removed' },
      { contract: 'input', property: 'tls', change: 'added' },
    ]);
    expect(diff.code.filter((run) => run.op !== 'equal')).toEqual([
      { op: 'remove', lines: ["export const url = 'http://localhost';"] },
      { op: 'add', lines: ["export const url = 'https://localhost';"] },
    ]);
  });

  it('keeps published versions immutable even against direct SQL', async () => {
    await components.create(acme, { name: 'web', provider: 'local', semanticType: 'Container', content: content() });
    await components.publish(acme, 'web', 'First');
    const db = openSqlite(path.join(temp.dir, DATABASE_FILE));
    expect(() => db.prepare("UPDATE component_versions SET changelog = 'rewritten'").run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM component_versions').run()).toThrow(/immutable/);
    db.close();
  });

  it('rejects broken contracts with their JSON pointer and bindings that do not fit', async () => {
    const create = (c: Record<string, unknown>) =>
      components.create(acme, { name: 'bad', provider: 'local', semanticType: 'Container', content: content(c) });
    await expect(create({ inputSchema: { type: 'object', properties: { port: { type: 'int' } } } })).rejects.toThrow(
      /input_schema is not a valid JSON Schema: \/properties\/port\/type/,
    );
    await expect(create({ resolverBindings: { hostname: { resolver: 'naming' } } })).rejects.toThrow(/no property "hostname"/);
    await expect(create({ resolverBindings: { port: { resolver: 'ipam' } } })).rejects.toThrow(/declared as integer/);
    await expect(
      components.create(acme, { name: 'Bad Name', provider: 'local', semanticType: 'Container', content: content() }),
    ).rejects.toThrow(/lowercase slug/);
    await expect(
      components.create(acme, { name: 'metal', provider: 'local', semanticType: 'BareMetalServer', content: content() }),
    ).rejects.toThrow(/no mapping for BareMetalServer/);
    expect(await components.list(acme)).toEqual([]);
  });

  it('separates tenant-scoped components and shares provider-level ones', async () => {
    await components.create(acme, { name: 'acme-only', provider: 'local', semanticType: 'Container', content: content() });
    await components.create(acme, { name: 'shared-web', provider: 'local', semanticType: 'Container', shared: true, content: content() });
    expect((await components.list(acme)).map((c) => c.name)).toEqual(['acme-only', 'shared-web']);
    expect((await components.list(globex)).map((c) => c.name)).toEqual(['shared-web']);
    await expect(components.get(globex, 'acme-only')).rejects.toThrow(/does not exist/);
  });

  it('resolves references and says whether the name or the version is unknown', async () => {
    await components.create(acme, { name: 'web', provider: 'local', semanticType: 'Container', content: content() });
    await expect(components.lookup(acme, 'web@1')).rejects.toThrow('web has no version 1 (none published yet)');
    await components.publish(acme, 'web', 'First');
    expect(await components.lookup(acme, 'web@1')).toMatchObject({
      ref: 'web@1',
      provider: 'local',
      semanticType: 'Container',
      bindings: { name: { resolver: 'naming' } },
    });
    await expect(components.lookup(acme, 'web@7')).rejects.toThrow(/published: 1/);
    await expect(components.lookup(acme, 'nope@1')).rejects.toThrow('Component "nope" does not exist');
    await expect(components.lookup(acme, 'web')).rejects.toThrow(/is not a component reference/);
  });

  it('imports the built-in catalog once, as published system components', async () => {
    const first = await components.importBuiltIns(path.join(resourcesDir(), 'components'));
    expect(first.imported).toEqual(expect.arrayContaining(['proxmox-vm@1', 'local-network@1']));
    const second = await components.importBuiltIns(path.join(resourcesDir(), 'components'));
    expect(second).toEqual({ imported: [], skipped: [...first.imported].sort() });
    expect(await components.get(acme, 'proxmox-vm')).toMatchObject({ system: true, tenant: null, latestVersion: 1 });
  });

  it('filters by provider, category and search text', async () => {
    await components.create(acme, { name: 'web', provider: 'local', semanticType: 'Container', content: content() });
    await components.create(acme, {
      name: 'disk',
      provider: 'local',
      semanticType: 'BlockStorage',
      content: content({ description: 'Scratch disk' }),
    });
    expect((await components.list(acme, { category: 'storage' })).map((c) => c.name)).toEqual(['disk']);
    expect((await components.list(acme, { search: 'scratch' })).map((c) => c.name)).toEqual(['disk']);
    expect(await components.list(acme, { provider: 'aws' })).toEqual([]);
  });

  it('gives concurrent publishes of one component distinct versions or a clear refusal, never losing one', async () => {
    const created = await components.create(acme, { name: 'web', provider: 'local', semanticType: 'Container', content: content() });
    const variant = (n: number) => content({ description: `Web ${n}` });
    // Publishes race with each other and with draft saves that change what there is to publish.
    const outcomes = await Promise.allSettled([
      components.publish(acme, 'web', 'first'),
      components.publish(acme, 'web', 'first again'),
      components.saveDraft(acme, 'web', created.draftRevision, variant(2)).then(() => components.publish(acme, 'web', 'second')),
      components.publish(acme, 'web', 'second again'),
      components.saveDraft(acme, 'web', created.draftRevision + 1, variant(3)).then(() => components.publish(acme, 'web', 'third')),
      components.publish(acme, 'web', 'third again'),
    ]);
    const published = outcomes.flatMap((outcome) =>
      outcome.status === 'fulfilled' && 'version' in outcome.value && 'changelog' in outcome.value ? [outcome.value] : [],
    );
    const refusals = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as { code?: string }] : []));
    for (const refusal of refusals) expect(['nothing_to_publish', 'revision_conflict']).toContain(refusal.code);
    const versions = published.map((info) => info.version);
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions.length).toBeGreaterThan(0);
    // Every version a caller was told about is stored, with that caller's changelog, and numbered without gaps.
    const stored = await components.versions(acme, 'web');
    expect(stored.map((v) => [v.version, v.changelog]).sort()).toEqual(published.map((v) => [v.version, v.changelog]).sort());
    expect(stored.map((v) => v.version)).toEqual(stored.map((_, index) => index + 1));
  });
});
