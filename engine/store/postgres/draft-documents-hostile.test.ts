/**
 * Hostile and concurrent input to shared draft documents over HTTP, on a real shared server on
 * PostgreSQL: malformed and foreign changes, other tenants' and built-in drafts, missing permissions,
 * conflicts resolved wrongly or twice at once, merges that break a component's checks, and many
 * replicas syncing one draft at the same time. Replicas here are `DraftReplica`s speaking the API as
 * a desktop does.
 */
import { describe, expect, it } from 'vitest';
import type { ComponentDetail } from '../../api/schemas/catalog.js';
import type { SyncDraftDocumentOutput } from '../../api/schemas/draft-documents.js';
import type { StackDetail } from '../../api/schemas/stacks.js';
import { signIn } from '../../remote/server-client.js';
import { DraftReplica, type DraftKind } from '../../sync/draft-document.js';
import { startSharedServer } from '../../cli/server-start.js';
import { quietIo, useSharedServerSetup } from './test-support/shared-server-setup.js';

const setup = useSharedServerSetup();

interface Answer<T> {
  status: number;
  body: T & { code?: string; message?: string };
}

type Http = <T = unknown>(method: string, input: unknown, token?: string) => Promise<Answer<T>>;

/**
 * A server on a fresh database; calls as its administrator (or another token). `second` starts
 * another server process on the same database and answers its calls, as the administrator.
 */
async function server(): Promise<{
  http: Http;
  url: string;
  user(name: string, role: string, tenant?: string): Promise<string>;
  second(): Promise<Http>;
}> {
  setup.withEnv({ NIMBUS_RATE_LIMIT: '100000/100000' });
  const database = await setup.initialisedDatabase();
  // Every process of one server shares the data directory's master key.
  const dataDir = setup.temporaryDir('nimbus-server-');
  const start = async () => {
    const started = await startSharedServer({ database: database.url, dataDir, port: 0 }, quietIo(), {});
    setup.cleanups.push(() => started.close());
    return started;
  };
  const started = await start();
  const root = (await signIn(started.url, 'root', database.adminPassword)).token;
  const caller =
    (url: string): Http =>
    async <T>(method: string, input: unknown, token = root) => {
      const response = await fetch(new URL(`api/v1/${method}`, url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      return { status: response.status, body: (await response.json()) as Answer<T>['body'] };
    };
  const http = caller(started.url);
  const user = async (name: string, role: string, tenant?: string) => {
    const made = await http<{ password: string }>('createUser', { name, role, ...(tenant ? { tenant } : {}) });
    expect(made.status).toBe(200);
    return (await signIn(started.url, name, made.body.password)).token;
  };
  const second = async () => caller((await start()).url);
  return { http, url: started.url, user, second };
}

const CODE = "import * as pulumi from '@pulumi/pulumi';\nexport const size = 'small';\n";

const content = (overrides: Record<string, unknown> = {}) => ({
  description: 'A web server',
  code: CODE,
  inputSchema: { type: 'object', properties: { size: { type: 'string', default: 'small' }, token: { type: 'string' } } },
  outputSchema: { type: 'object', properties: {} },
  resolverBindings: {},
  secretInputs: [],
  ...overrides,
});

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** A replica of a draft's document as the server has it, for `user`, with the server's heads. */
async function replicaOf(http: Http, kind: DraftKind, name: string, user: string, token?: string) {
  const method = kind === 'component' ? 'syncComponentDraftDocument' : 'syncStackDraftDocument';
  const answer = await http<SyncDraftDocumentOutput>(method, { name, heads: [], changes: [] }, token);
  expect(answer.status).toBe(200);
  const replica = DraftReplica.load(Buffer.from(answer.body.changes[0]!, 'base64'), kind, user);
  return { replica, heads: answer.body.heads };
}

/** Sends what `replica` has beyond `heads`, takes the answer in; the answer. */
async function push(http: Http, kind: DraftKind, name: string, held: { replica: DraftReplica; heads: string[] }, token?: string) {
  const method = kind === 'component' ? 'syncComponentDraftDocument' : 'syncStackDraftDocument';
  const answer = await http<SyncDraftDocumentOutput>(
    method,
    { name, heads: held.replica.heads(), changes: [b64(held.replica.changesSince(held.heads))] },
    token,
  );
  if (answer.status === 200) {
    for (const change of answer.body.changes) held.replica.receive(Buffer.from(change, 'base64'));
    held.heads = answer.body.heads;
  }
  return answer;
}

const refusal = (answer: Answer<unknown>) => [answer.status, answer.body.code];

describe('shared draft documents under hostile input', () => {
  it('refuses malformed, foreign and truncated changes with a code and a message naming the change, changing nothing', async () => {
    const { http } = await server();
    expect((await http('createComponent', { name: 'web', provider: 'local', semanticType: 'Container', content: content() })).status).toBe(
      200,
    );
    expect((await http('createComponent', { name: 'api', provider: 'local', semanticType: 'Container', content: content() })).status).toBe(
      200,
    );
    const sync = (input: Record<string, unknown>) => http('syncComponentDraftDocument', { name: 'web', heads: [], changes: [], ...input });

    expect(refusal(await sync({ changes: ['not base64!'] }))).toEqual([400, 'invalid_input']);
    const nonCanonical = await sync({ changes: ['QR=='] });
    expect(refusal(nonCanonical)).toEqual([400, 'sync_document_invalid']);
    expect(nonCanonical.body.message).toMatch(/change 1 of 1 .*base64/);
    const garbage = await sync({ changes: [b64(new Uint8Array([0x85, 0x6f, 0x4a, 0x83, 1, 2, 3, 4]))] });
    expect(refusal(garbage)).toEqual([400, 'sync_document_invalid']);
    expect(garbage.body.message).toMatch(/change 1 of 1 is not a valid draft document/);

    const other = await replicaOf(http, 'component', 'api', 'mallory');
    const foreign = await sync({ changes: [b64(other.replica.save())] });
    expect(refusal(foreign)).toEqual([400, 'sync_document_invalid']);
    expect(foreign.body.message).toMatch(/made separately/);
    const stackBytes = DraftReplica.create('stack', { description: 'x', slots: [] }, 'mallory').save();
    expect((await sync({ changes: [b64(stackBytes)] })).body.message).toMatch(/not a valid draft document/);

    const held = await replicaOf(http, 'component', 'web', 'mallory');
    held.replica.apply(content({ description: 'first' }));
    const middle = held.replica.heads();
    held.replica.apply(content({ description: 'second' }));
    const whole = held.replica.changesSince(held.heads);
    const truncated = await sync({ heads: held.replica.heads(), changes: [b64(whole.subarray(0, whole.length - 5))] });
    expect(refusal(truncated)).toEqual([400, 'sync_document_invalid']);
    expect(truncated.body.message).toMatch(/change 1 of 1 .*cut short/);
    // Only the second change: it depends on one the server does not have, so it cannot be taken.
    const gap = await sync({ heads: held.replica.heads(), changes: [b64(held.replica.changesSince(middle))] });
    expect(refusal(gap)).toEqual([400, 'sync_document_invalid']);
    expect(gap.body.message).toMatch(/change 1 of 1 .*depends on 1 change/);

    expect(refusal(await sync({ heads: ['not-hex'] }))).toEqual([400, 'invalid_input']);
    expect(refusal(await sync({ heads: ['A'.repeat(64)] }))).toEqual([400, 'invalid_input']);
    expect(refusal(await sync({ name: '' }))).toEqual([400, 'invalid_input']);
    expect(refusal(await sync({ changes: Array.from({ length: 1001 }, () => '') }))).toEqual([400, 'invalid_input']);
    const tooLarge = await sync({ changes: ['A'.repeat(8 * 1024 * 1024)] });
    expect(refusal(tooLarge)).toEqual([413, 'payload_too_large']);
    expect((await http<ComponentDetail>('getComponent', { name: 'web' })).body.draft.description).toBe('A web server');

    // The same change 1000 times is taken once.
    const change = b64(whole);
    const repeated = await sync({ heads: held.replica.heads(), changes: Array.from({ length: 1000 }, () => change) });
    expect(repeated.status).toBe(200);
    expect(repeated.body).toMatchObject({ revision: 2, problem: null });
    expect((await http<ComponentDetail>('getComponent', { name: 'web' })).body.draft.description).toBe('second');

    // A save without documents holding a key the document cannot keep: refused, naming where, until saved without it.
    const proto = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}') as Record<string, unknown>;
    expect(
      (await http('updateComponentDraft', { name: 'web', expectedRevision: 2, content: content({ inputSchema: proto }) })).status,
    ).toBe(200);
    const stuck = await sync({});
    expect(refusal(stuck)).toEqual([400, 'invalid_input']);
    expect(stuck.body.message).toMatch(/the key at inputSchema\.properties\.__proto__ is __proto__/);
    expect(
      (await http('updateComponentDraft', { name: 'web', expectedRevision: 3, content: content({ description: 'mended' }) })).status,
    ).toBe(200);
    expect(await sync({})).toMatchObject({ status: 200, body: { revision: 4, problem: null } });
  });

  it("answers another tenant's draft, a stack, and an unknown name as not found, refuses built-ins and users who may not edit", async () => {
    const { http, user } = await server();
    const blue = await http<{ id: string }>('createTenant', { name: 'blue' });
    const bea = await user('bea', 'tenant-admin', blue.body.id);
    const made = await http(
      'createComponent',
      {
        name: 'blue-secret',
        provider: 'local',
        semanticType: 'Container',
        content: content({ description: 'Only for blue' }),
      },
      bea,
    );
    expect(made.status).toBe(200);
    expect((await http('createComponent', { name: 'web', provider: 'local', semanticType: 'Container', content: content() })).status).toBe(
      200,
    );
    const ann = await user('ann', 'tenant-admin');
    const rita = await user('rita', 'read-only');

    for (const [method, input] of [
      ['syncComponentDraftDocument', { name: 'blue-secret', heads: [], changes: [] }],
      ['resolveComponentDraftConflict', { name: 'blue-secret', path: ['description'], valueId: '1@00' }],
    ] as const) {
      const answer = await http(method, input, ann);
      expect(refusal(answer)).toEqual([404, 'not_found']);
      expect(JSON.stringify(answer.body)).not.toContain('Only for blue');
    }
    // The other way round, the draft of the tenant above is visible but not Bea's to change.
    const above = await http('syncComponentDraftDocument', { name: 'web', heads: [], changes: [] }, bea);
    expect(refusal(above)).toEqual([403, 'forbidden']);
    expect(above.body.message).toMatch(/component web belongs to a tenant above yours/);
    expect((await http('syncComponentDraftDocument', { name: 'web', heads: [], changes: [] })).status).toBe(200);
    const pull = await http('syncComponentDraftDocument', { name: 'web', heads: [], changes: [] }, bea);
    expect(pull.status).toBe(200);
    const beaCopy = DraftReplica.load(Buffer.from((pull.body as SyncDraftDocumentOutput).changes[0]!, 'base64'), 'component', 'bea');
    beaCopy.apply(content({ description: 'Changed by blue' }));
    const pushed = await http(
      'syncComponentDraftDocument',
      { name: 'web', heads: beaCopy.heads(), changes: [b64(beaCopy.changesSince((pull.body as SyncDraftDocumentOutput).heads))] },
      bea,
    );
    expect(refusal(pushed)).toEqual([403, 'forbidden']);
    expect((await http<ComponentDetail>('getComponent', { name: 'web' })).body.draft.description).toBe('A web server');
    expect((await http('syncComponentDraftDocument', { name: 'blue-secret', heads: [], changes: [] }, bea)).status).toBe(200);

    const builtIn = (await http<{ name: string; system: boolean }[]>('listComponents', {})).body.find((entry) => entry.system);
    expect(builtIn).toBeDefined();
    const readOnly = await http('syncComponentDraftDocument', { name: builtIn!.name, heads: [], changes: [] }, ann);
    expect(refusal(readOnly)).toEqual([400, 'component_read_only']);
    expect(refusal(await http('syncComponentDraftDocument', { name: 'web', heads: [], changes: [] }, rita))).toEqual([403, 'forbidden']);
    expect(refusal(await http('resolveComponentDraftConflict', { name: 'web', path: ['x'], valueId: '1@00' }, rita))).toEqual([
      403,
      'forbidden',
    ]);

    await http('publishComponent', { name: 'web', changelog: 'first' });
    const stack = await http('createStack', {
      name: 'tiers',
      document: {
        description: 'Tiers',
        slots: [{ name: 'front', component: 'web@1', inputs: {} }],
        stateMachine: { states: [{ name: 'draft', initial: true }], transitions: [] },
      },
    });
    expect(stack.status).toBe(200);
    expect(refusal(await http('syncComponentDraftDocument', { name: 'tiers', heads: [], changes: [] }))).toEqual([404, 'not_found']);
    expect(refusal(await http('syncStackDraftDocument', { name: 'web', heads: [], changes: [] }))).toEqual([404, 'not_found']);
    // A component's document sent for a stack is refused as another kind.
    const web = await replicaOf(http, 'component', 'web', 'mallory');
    const crossed = await http('syncStackDraftDocument', { name: 'tiers', heads: [], changes: [b64(web.replica.save())] });
    expect(refusal(crossed)).toEqual([400, 'sync_document_invalid']);
  });

  it('resolves only a conflict the draft holds, by a value of that conflict, once when two desktops resolve it at once', async () => {
    const { http, user } = await server();
    await http('createComponent', { name: 'web', provider: 'local', semanticType: 'Container', content: content() });
    await http('publishComponent', { name: 'web', changelog: 'first' });
    const document = {
      description: 'Tiers',
      slots: [{ name: 'front', component: 'web@1', inputs: { size: 'small' } }],
      stateMachine: { states: [{ name: 'draft', initial: true }], transitions: [] },
    };
    expect((await http('createStack', { name: 'tiers', document })).status).toBe(200);
    const ann = await user('ann', 'tenant-admin');
    const bob = await user('bob', 'tenant-admin');
    const annHeld = await replicaOf(http, 'stack', 'tiers', 'ann', ann);
    const bobHeld = await replicaOf(http, 'stack', 'tiers', 'bob', bob);
    const base = annHeld.replica.read() as typeof document;
    const edit = (size: string, description: string) => ({
      ...base,
      description,
      slots: [{ ...base.slots[0]!, inputs: { size } }],
    });
    annHeld.replica.apply(edit('medium', 'Ann'));
    bobHeld.replica.apply(edit('large', 'Bob'));
    expect((await push(http, 'stack', 'tiers', annHeld, ann)).status).toBe(200);
    const merged = await push(http, 'stack', 'tiers', bobHeld, bob);
    expect(merged.status).toBe(200);
    const paths = merged.body.conflicts.map((conflict) => conflict.path);
    expect(paths).toEqual(expect.arrayContaining([['description'], ['slots', 'front', 'inputs', 'size']]));
    const inputs = merged.body.conflicts.find((conflict) => conflict.path.join('.') === 'slots.front.inputs.size')!;
    const description = merged.body.conflicts.find((conflict) => conflict.path.join('.') === 'description')!;

    const resolve = (input: Record<string, unknown>, token?: string) =>
      http<StackDetail>('resolveStackDraftConflict', { name: 'tiers', ...input }, token);
    const nowhere = await resolve({ path: ['slots', 'back', 'inputs'], valueId: inputs.values[0]!.id });
    expect(refusal(nowhere)).toEqual([400, 'sync_conflict_unknown']);
    expect(nowhere.body.message).toMatch(/no conflict at slots\.back\.inputs/);
    expect(refusal(await resolve({ path: inputs.path, valueId: description.values[0]!.id }))).toEqual([400, 'sync_conflict_unknown']);
    expect(refusal(await resolve({ path: ['slots'], valueId: inputs.values[0]!.id }))).toEqual([400, 'sync_conflict_unknown']);

    // Into a keyed list item, from two desktops at once, each keeping another value: one wins, the other is told.
    const large = inputs.values.find((value) => value.value === 'large')!;
    const medium = inputs.values.find((value) => value.value === 'medium')!;
    const both = await Promise.all([
      resolve({ path: inputs.path, valueId: large.id }, ann),
      resolve({ path: inputs.path, valueId: medium.id }, bob),
    ]);
    expect(both.map((answer) => answer.status).sort()).toEqual([200, 400]);
    const winner = both.find((answer) => answer.status === 200)!;
    expect(winner.body.draftSync?.conflicts.map((conflict) => conflict.path)).toEqual([['description']]);
    const after = await http<StackDetail>('getStack', { name: 'tiers' });
    const kept = after.body.draft.slots[0]!.inputs;
    expect([{ size: 'large' }, { size: 'medium' }]).toContainEqual(kept);
    expect(after.body.draftSync?.conflicts).toHaveLength(1);
  });

  it('keeps both edits of a merge that breaks the component, the record its last good draft, says why, and clears it when mended', async () => {
    const { http, user } = await server();
    await http('createComponent', { name: 'web', provider: 'local', semanticType: 'Container', content: content() });
    const ann = await user('ann', 'tenant-admin');
    const bob = await user('bob', 'tenant-admin');
    const annHeld = await replicaOf(http, 'component', 'web', 'ann', ann);
    const bobHeld = await replicaOf(http, 'component', 'web', 'bob', bob);
    // Each valid alone: Ann marks `token` secret, Bob removes the `token` input.
    annHeld.replica.apply(content({ secretInputs: ['token'] }));
    bobHeld.replica.apply(
      content({ inputSchema: { type: 'object', properties: { size: { type: 'string', default: 'small' } } }, description: 'No token' }),
    );
    const first = await push(http, 'component', 'web', annHeld, ann);
    expect(first.body).toMatchObject({ revision: 2, problem: null });
    const second = await push(http, 'component', 'web', bobHeld, bob);
    expect(second.status).toBe(200);
    expect(second.body.revision).toBe(2);
    expect(second.body.problem).toMatch(/secretInputs names token, which is not an input/);
    expect(bobHeld.replica.read()).toMatchObject({ secretInputs: ['token'], description: 'No token' });
    const record = await http<ComponentDetail>('getComponent', { name: 'web' });
    expect(record.body.draft).toMatchObject({ secretInputs: ['token'], description: 'A web server' });
    expect(record.body.draftSync?.problem).toMatch(/secretInputs names token/);

    // A save without documents (the CLI) meanwhile keeps the document's edits.
    const cli = await http<ComponentDetail>('updateComponentDraft', {
      name: 'web',
      expectedRevision: 2,
      content: { ...record.body.draft, code: `${CODE}// from the CLI\n` },
    });
    expect(cli.status).toBe(200);
    const reread = await replicaOf(http, 'component', 'web', 'cyd');
    expect(reread.replica.read()).toMatchObject({ description: 'No token', secretInputs: ['token'] });
    expect(reread.replica.read()['code']).toContain('from the CLI');

    await push(http, 'component', 'web', annHeld, ann);
    annHeld.replica.apply({ ...annHeld.replica.read(), secretInputs: [] });
    const mended = await push(http, 'component', 'web', annHeld, ann);
    expect(mended.body.problem).toBeNull();
    const good = await http<ComponentDetail>('getComponent', { name: 'web' });
    expect(good.body.draft).toMatchObject({ secretInputs: [], description: 'No token' });
    expect(good.body.draft.code).toContain('from the CLI');
    expect(good.body.draftSync?.problem).toBeNull();
  });

  it('merges every edit when many replicas sync one draft at the same time through two server processes', async () => {
    const { http, second } = await server();
    const other = await second();
    await http('createComponent', { name: 'web', provider: 'local', semanticType: 'Container', content: content() });
    const count = 16;
    const replicas = await Promise.all(Array.from({ length: count }, (_, index) => replicaOf(http, 'component', 'web', `user-${index}`)));
    replicas.forEach((held, index) => {
      const draft = held.replica.read() as ReturnType<typeof content>;
      held.replica.apply({
        ...draft,
        inputSchema: { ...draft.inputSchema, properties: { ...draft.inputSchema.properties, [`input${index}`]: { type: 'string' } } },
      });
    });
    // Half through each process: their writes collide in the database and are merged again.
    const answers = await Promise.all(replicas.map((held, index) => push(index % 2 === 0 ? http : other, 'component', 'web', held)));
    expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual(answers.map(() => [200, undefined]));
    const merged = await other<ComponentDetail>('getComponent', { name: 'web' });
    const properties = Object.keys((merged.body.draft.inputSchema as { properties: object }).properties);
    for (let index = 0; index < count; index++) expect(properties).toContain(`input${index}`);
    expect(merged.body.draftSync).toMatchObject({ conflicts: [], problem: null });
    expect(merged.body.draftRevision).toBeGreaterThan(1);
  });

  it('keeps a program over 1 MiB in the document as its problem, and takes it into the draft once it fits', async () => {
    const { http } = await server();
    await http('createComponent', { name: 'web', provider: 'local', semanticType: 'Container', content: content() });
    const held = await replicaOf(http, 'component', 'web', 'ann');
    const line = 'export const value = 1;\n';
    const tooLong = CODE + line.repeat(Math.ceil((1024 * 1024) / line.length));
    held.replica.apply(content({ code: tooLong }));
    const refused = await push(http, 'component', 'web', held);
    expect(refused.status).toBe(200);
    expect(refused.body.problem).toMatch(/code.*must be at most 1 MiB/);
    expect((await http<ComponentDetail>('getComponent', { name: 'web' })).body.draft.code).toBe(CODE);
    const fits = tooLong.slice(0, 1024 * 1024 - 100);
    held.replica.apply(content({ code: fits }));
    const taken = await push(http, 'component', 'web', held);
    expect(taken.body).toMatchObject({ problem: null, revision: 2 });
    expect((await http<ComponentDetail>('getComponent', { name: 'web' })).body.draft.code).toBe(fits);
  });
});
