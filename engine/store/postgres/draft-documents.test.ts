/**
 * Component and stack drafts authored offline on two desktops, end to end on real parts: desktops
 * are real engines with their own data directories, each connected through its own cuttable TCP
 * proxy to a shared server on real PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import type { DispatchResult } from '../../api/dispatcher.js';
import type { ComponentDetail } from '../../api/schemas/catalog.js';
import type { StackDetail } from '../../api/schemas/stacks.js';
import type { Engine } from '../../engine.js';
import { signIn } from '../../remote/server-client.js';
import type { TcpProxy } from '../../test-support/tcp-proxy.js';
import { until } from '../../test-support/until.js';
import { useSharedServerSetup } from './test-support/shared-server-setup.js';

const setup = useSharedServerSetup();

interface Desktop {
  name: string;
  engine: Engine;
  proxy: TcpProxy;
  call<T = unknown>(method: string, input?: unknown): Promise<T>;
  answer(method: string, input?: unknown): Promise<DispatchResult>;
}

/** A server on a fresh database, its administrator's HTTP calls, and two tenant admins signed in on desktops of their own. */
async function team() {
  setup.withEnv({ NIMBUS_SYNC_BASE_MS: '50', NIMBUS_SYNC_CAP_MS: '300', NIMBUS_REPLICA_PACE_MS: '1', NIMBUS_RATE_LIMIT: '100000/100000' });
  const database = await setup.initialisedDatabase();
  const server = await setup.inProcessServer(database.url);
  const rootToken = (await signIn(server.url, 'root', database.adminPassword)).token;
  const http = async <T>(method: string, input: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(new URL(`api/v1/${method}`, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${rootToken}` },
      body: JSON.stringify(input),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const desktops: Desktop[] = [];
  for (const name of ['ann', 'bob']) {
    const made = await http<{ password: string }>('createUser', { name, role: 'tenant-admin' });
    expect(made.status).toBe(200);
    const proxy = await setup.proxyTo(Number(new URL(server.url).port));
    const engine = await setup.desktopEngine(setup.temporaryDir(`nimbus-desktop-${name}-`));
    const answer = (method: string, input: unknown = {}) => engine.dispatcher.dispatch(method, input);
    const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
      const result = await answer(method, input);
      if (!result.ok) throw new Error(`${name}: ${method} failed: ${result.error.code}: ${result.error.message}`);
      return result.result as T;
    };
    await call('connectServer', { url: `http://127.0.0.1:${proxy.port}/`, name, password: made.body.password });
    desktops.push({ name, engine, proxy, call, answer });
  }
  return { http, ann: desktops[0]!, bob: desktops[1]! };
}

const CODE = [
  "import * as pulumi from '@pulumi/pulumi';",
  'export function size() {',
  "  return 'small';",
  '}',
  'export function zone() {',
  "  return 'a';",
  '}',
  '',
].join('\n');

const content = (overrides: Record<string, unknown> = {}) => ({
  description: 'A web server',
  code: CODE,
  inputSchema: { type: 'object', properties: { size: { type: 'string', default: 'small' } } },
  outputSchema: { type: 'object', properties: { address: { type: 'string' } } },
  resolverBindings: {},
  secretInputs: [],
  ...overrides,
});

const withDefault = (draft: ComponentDetail['draft'], value: string) => ({
  ...draft,
  inputSchema: { type: 'object', properties: { size: { type: 'string', default: value } } },
});

describe('component and stack drafts authored offline on two desktops', () => {
  it('merge every edit when the server is back, show a same-field edit as a conflict with both authors, and publish only what reached the server', async () => {
    const { http, ann, bob } = await team();
    await ann.call('createComponent', { name: 'web', provider: 'local', semanticType: 'Container', content: content() });
    // Opened while connected: from now on editable offline.
    for (const desktop of [ann, bob]) expect((await desktop.call<ComponentDetail>('getComponent', { name: 'web' })).draft.code).toBe(CODE);

    await ann.proxy.pause();
    await bob.proxy.pause();
    const annDraft = (await ann.call<ComponentDetail>('getComponent', { name: 'web' })).draft;
    const annSaved = await ann.call<ComponentDetail>('updateComponentDraft', {
      name: 'web',
      expectedRevision: 1,
      content: withDefault({ ...annDraft, code: annDraft.code.replace("return 'small';", "return 'medium';") }, 'medium'),
    });
    expect(annSaved.draftSync?.waiting).toBe(true);
    expect(annSaved.draft.code).toContain("return 'medium';");
    const bobDraft = (await bob.call<ComponentDetail>('getComponent', { name: 'web' })).draft;
    await bob.call('updateComponentDraft', {
      name: 'web',
      expectedRevision: 1,
      content: withDefault(
        { ...bobDraft, code: bobDraft.code.replace("return 'a';", "return 'b';"), description: 'A web server in zone b' },
        'large',
      ),
    });
    // A bad draft is refused offline as online, and what was kept stays.
    const bad = await bob.answer('updateComponentDraft', {
      name: 'web',
      expectedRevision: 1,
      content: { ...bobDraft, inputSchema: { type: 7 } },
    });
    expect(bad.ok ? 'accepted' : bad.error.code).toBe('invalid_schema');
    expect((await bob.call<ComponentDetail>('getComponent', { name: 'web' })).draft.description).toBe('A web server in zone b');
    // Publishing needs the edits on the server first.
    const publish = await ann.answer('publishComponent', { name: 'web', changelog: 'offline' });
    expect(publish.ok ? 'published' : publish.error.code).toBe('draft_unsent');
    expect((await ann.call<{ documentsWaiting: number }>('syncStatus')).documentsWaiting).toBeGreaterThanOrEqual(1);

    await ann.proxy.resume();
    await bob.proxy.resume();
    for (const desktop of [ann, bob, ann]) await desktop.call('syncNow');
    const seen = await Promise.all([ann, bob].map((desktop) => desktop.call<ComponentDetail>('getComponent', { name: 'web' })));
    for (const detail of seen) {
      expect(detail.draft.code).toContain("return 'medium';");
      expect(detail.draft.code).toContain("return 'b';");
      expect(detail.draft.description).toBe('A web server in zone b');
      expect(detail.draftSync?.waiting).toBe(false);
    }
    expect(seen[0]!.draft).toEqual(seen[1]!.draft);
    const [conflict] = seen[0]!.draftSync!.conflicts;
    expect(conflict?.path).toEqual(['inputSchema', 'properties', 'size', 'default']);
    expect(conflict?.values.map((value) => [value.value, value.userName]).sort()).toEqual([
      ['large', 'bob'],
      ['medium', 'ann'],
    ]);
    // The server's record holds the merge, and its readers see the conflict too.
    const onServer = await http<ComponentDetail>('getComponent', { name: 'web' });
    expect(onServer.body.draft.code).toBe(seen[0]!.draft.code);
    expect(onServer.body.draftSync?.conflicts).toHaveLength(1);

    const large = conflict!.values.find((value) => value.value === 'large')!;
    const resolved = await ann.call<ComponentDetail>('resolveComponentDraftConflict', {
      name: 'web',
      path: conflict!.path,
      valueId: large.id,
    });
    expect(resolved.draftSync?.conflicts).toEqual([]);
    await bob.call('syncNow');
    const bobAfter = await bob.call<ComponentDetail>('getComponent', { name: 'web' });
    expect(bobAfter.draftSync?.conflicts).toEqual([]);
    expect((bobAfter.draft.inputSchema as { properties: { size: { default: string } } }).properties.size.default).toBe('large');
    const published = await ann.call<{ version: number }>('publishComponent', { name: 'web', changelog: 'merged offline work' });
    expect(published.version).toBe(1);
    const version = await http<ComponentDetail['draft']>('getComponentVersion', { name: 'web', version: 1 });
    expect(version.body.code).toContain("return 'medium';");
    expect(version.body.code).toContain("return 'b';");
  });

  it('takes a save made without documents (the CLI) into the document, and keeps a desktop editing on top of it', async () => {
    const { http, ann } = await team();
    await ann.call('createComponent', { name: 'api', provider: 'local', semanticType: 'Container', content: content() });
    await ann.call('getComponent', { name: 'api' });
    const fromCli = await http<ComponentDetail>('updateComponentDraft', {
      name: 'api',
      expectedRevision: 1,
      content: content({ description: 'Saved by the CLI' }),
    });
    expect(fromCli.status).toBe(200);
    await ann.proxy.pause();
    const held = (await ann.call<ComponentDetail>('getComponent', { name: 'api' })).draft;
    await ann.call('updateComponentDraft', {
      name: 'api',
      expectedRevision: 1,
      content: { ...held, code: held.code.replace("'a'", "'c'") },
    });
    await ann.proxy.resume();
    await ann.call('syncNow');
    const merged = await http<ComponentDetail>('getComponent', { name: 'api' });
    expect(merged.body.draft.description).toBe('Saved by the CLI');
    expect(merged.body.draft.code).toContain("return 'c';");
    expect((await ann.call<ComponentDetail>('getComponent', { name: 'api' })).draft).toEqual(merged.body.draft);
  });

  it('refuses to edit offline a draft this desktop never opened, naming what to do', async () => {
    const { ann, bob } = await team();
    await ann.call('createComponent', { name: 'db', provider: 'local', semanticType: 'Container', content: content() });
    await bob.proxy.pause();
    const refused = await bob.answer('updateComponentDraft', { name: 'db', expectedRevision: 1, content: content({ description: 'x' }) });
    expect(refused.ok ? 'saved' : refused.error.code).toBe('offline_unavailable');
    expect(refused.ok ? '' : refused.error.message).toMatch(/open it once while connected/);
  });

  it('merges stack slots added and edited on two desktops offline', async () => {
    const { http, ann, bob } = await team();
    await ann.call('createComponent', { name: 'web', provider: 'local', semanticType: 'Container', content: content() });
    await ann.call('publishComponent', { name: 'web', changelog: 'first' });
    const slot = (name: string) => ({ name, component: 'web@1', inputs: {} });
    const document = {
      description: 'Two tiers',
      slots: [slot('front')],
      stateMachine: {
        states: [{ name: 'draft', initial: true }, { name: 'running' }],
        transitions: [{ from: 'draft', to: 'running', trigger: 'deploy', workflow: 'deploy' }],
      },
    };
    const created = await ann.answer('createStack', { name: 'tiers', document });
    expect(created.ok ? 'created' : created.error.message).toBe('created');
    for (const desktop of [ann, bob]) await desktop.call('getStack', { name: 'tiers' });
    await ann.proxy.pause();
    await bob.proxy.pause();
    const annDoc = (await ann.call<StackDetail>('getStack', { name: 'tiers' })).draft;
    await ann.call('saveStackDraft', {
      name: 'tiers',
      expectedRevision: 1,
      document: { ...annDoc, slots: [...annDoc.slots, slot('back')] },
    });
    const bobDoc = (await bob.call<StackDetail>('getStack', { name: 'tiers' })).draft;
    await bob.call('saveStackDraft', {
      name: 'tiers',
      expectedRevision: 1,
      document: { ...bobDoc, slots: [...bobDoc.slots, slot('cache')], description: 'Three tiers' },
    });
    await ann.proxy.resume();
    await bob.proxy.resume();
    for (const desktop of [ann, bob, ann]) await desktop.call('syncNow');
    const onServer = await http<StackDetail>('getStack', { name: 'tiers' });
    expect(onServer.body.draft.slots.map((entry) => entry.name).sort()).toEqual(['back', 'cache', 'front']);
    expect(onServer.body.draft.description).toBe('Three tiers');
    expect((await bob.call<StackDetail>('getStack', { name: 'tiers' })).draft).toEqual(onServer.body.draft);

    // A stack made offline from the same parts reaches the server when it answers.
    await ann.call('listStacks', {});
    await ann.proxy.pause();
    const offline = await ann.call<StackDetail & { issues: unknown[] }>('createStack', {
      name: 'solo',
      document: { ...document, description: 'Made offline' },
    });
    expect(offline).toMatchObject({ name: 'solo', latestVersion: null, issues: [], draftSync: { waiting: true } });
    expect((await ann.call<{ name: string }[]>('listStacks', {})).map((entry) => entry.name)).toContain('solo');
    await ann.proxy.resume();
    await ann.call('syncNow');
    expect((await http<StackDetail>('getStack', { name: 'solo' })).body.draft.description).toBe('Made offline');
  });

  it('keeps what another desktop saved while an editor was open: a save records only what that editor changed', async () => {
    const { ann, bob } = await team();
    await ann.call('createComponent', { name: 'cache', provider: 'local', semanticType: 'Container', content: content() });
    const annOpened = await ann.call<ComponentDetail>('getComponent', { name: 'cache' });
    const bobOpened = await bob.call<ComponentDetail>('getComponent', { name: 'cache' });
    await bob.call('updateComponentDraft', {
      name: 'cache',
      expectedRevision: bobOpened.draftRevision,
      content: { ...bobOpened.draft, code: bobOpened.draft.code.replace("return 'a';", "return 'b';") },
    });
    // Ann's desktop takes Bob's save (another page read the draft), while her editor still shows what she opened.
    expect((await ann.call<ComponentDetail>('getComponent', { name: 'cache' })).draft.code).toContain("return 'b';");
    // She saves her own edit on top of what she opened.
    const saved = await ann.call<ComponentDetail>('updateComponentDraft', {
      name: 'cache',
      expectedRevision: annOpened.draftRevision,
      content: { ...annOpened.draft, code: annOpened.draft.code.replace("return 'small';", "return 'large';") },
    });
    expect(saved.draft.code).toContain("return 'large';");
    expect(saved.draft.code).toContain("return 'b';");
    await bob.call('syncNow');
    expect((await bob.call<ComponentDetail>('getComponent', { name: 'cache' })).draft.code).toBe(saved.draft.code);
  });

  it('creates a component offline, lists and edits it there, and creates it on the server with every edit when it answers', async () => {
    const { http, ann, bob } = await team();
    await ann.call('listComponents', {});
    await ann.proxy.pause();
    const made = await ann.call<ComponentDetail>('createComponent', {
      name: 'queue',
      provider: 'local',
      semanticType: 'Container',
      content: content(),
    });
    expect(made).toMatchObject({ name: 'queue', category: 'compute', draftRevision: 1, versions: [], draftSync: { waiting: true } });
    const again = await ann.answer('createComponent', { name: 'queue', provider: 'local', semanticType: 'Container', content: content() });
    expect(again.ok ? 'created twice' : again.error.code).toBe('component_exists');
    expect((await ann.call<{ name: string }[]>('listComponents', {})).map((entry) => entry.name)).toContain('queue');
    expect((await ann.call<{ name: string }[]>('listComponents', { search: 'nothing like it' })).map((entry) => entry.name)).not.toContain(
      'queue',
    );
    const opened = await ann.call<ComponentDetail>('getComponent', { name: 'queue' });
    await ann.call('updateComponentDraft', {
      name: 'queue',
      expectedRevision: opened.draftRevision,
      content: { ...opened.draft, description: 'Made offline' },
    });
    const publish = await ann.answer('publishComponent', { name: 'queue', changelog: 'offline' });
    expect(publish.ok ? 'published' : publish.error.code).toBe('draft_unsent');
    // A name someone else takes on the server meanwhile.
    await ann.call('createComponent', { name: 'taken', provider: 'local', semanticType: 'Container', content: content() });
    await bob.call('createComponent', {
      name: 'taken',
      provider: 'local',
      semanticType: 'Container',
      content: content({ description: 'Bob was first' }),
    });

    await ann.proxy.resume();
    await ann.call('syncNow');
    const onServer = await http<ComponentDetail>('getComponent', { name: 'queue' });
    expect(onServer.status).toBe(200);
    expect(onServer.body.draft.description).toBe('Made offline');
    const seen = await ann.call<ComponentDetail>('getComponent', { name: 'queue' });
    expect(seen.draftSync).toMatchObject({ waiting: false, conflicts: [] });
    expect((await ann.call<{ version: number }>('publishComponent', { name: 'queue', changelog: 'made offline' })).version).toBe(1);
    // The clash stays on Ann's desktop, saying why; the server keeps Bob's.
    expect((await http<ComponentDetail>('getComponent', { name: 'taken' })).body.draft.description).toBe('Bob was first');
    const clash = await ann.call<ComponentDetail>('getComponent', { name: 'taken' });
    expect(clash.draftSync?.waiting).toBe(true);
    expect(clash.draftSync?.problem).toMatch(/already exists/);
    expect(clash.draftSync?.local).toBe(true);
    // Given up on Ann's desktop: the server's draft is what she reads, and nothing waits.
    expect(await ann.call('discardLocalDraft', { kind: 'component', name: 'taken' })).toEqual({ discarded: true, onServer: false });
    expect((await ann.call<ComponentDetail>('getComponent', { name: 'taken' })).draft.description).toBe('Bob was first');
    expect((await ann.call<{ documentsWaiting: number }>('syncStatus')).documentsWaiting).toBe(0);
  });

  it('tells the other desktop live that a draft changed, after taking the change into its replica', async () => {
    const { ann, bob } = await team();
    await ann.call('createComponent', { name: 'live', provider: 'local', semanticType: 'Container', content: content() });
    await ann.call('getComponent', { name: 'live' });
    await bob.call('getComponent', { name: 'live' });
    const heard: unknown[] = [];
    bob.engine.topologyEvents.onEvent((event) => heard.push(event.notice));
    const opened = await ann.call<ComponentDetail>('getComponent', { name: 'live' });
    await ann.call('updateComponentDraft', {
      name: 'live',
      expectedRevision: opened.draftRevision,
      content: { ...opened.draft, description: 'Live' },
    });
    await until(
      () => heard.some((notice) => (notice as { type: string }).type === 'draft.changed'),
      'the draft notice on the other desktop',
    );
    expect(heard).toContainEqual(expect.objectContaining({ type: 'draft.changed', kind: 'component', name: 'live', userName: 'ann' }));
    // Bob's replica took it before he was told: offline he reads it.
    await bob.proxy.pause();
    expect((await bob.call<ComponentDetail>('getComponent', { name: 'live' })).draft.description).toBe('Live');
  });
});
