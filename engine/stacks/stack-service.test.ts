import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StackDocumentSchema, type StackDocument } from '../api/schemas/stacks.js';
import type { Engine } from '../engine.js';
import { resourcesDir } from '../paths.js';
import { haWebStackDocument } from '../common/examples/ha-web-stack.js';
import { createTestEngine, type TestEngine } from '../test-support/test-engine.js';
import { checkStackDocument } from './stack-document-check.js';
import { inViewerTenant } from '../test-support/in-viewer-tenant.js';
import { formatStackFile, parseStackFile } from './stack-file.js';

let made: TestEngine;
let engine: Engine;
const viewer = { tenant: 'default', actor: 'tester' };
const valid = (): StackDocument => StackDocumentSchema.parse(haWebStackDocument());

beforeEach(async () => {
  made = await createTestEngine();
  engine = made.engine;
});
afterEach(() => made.dispose());

const lookupFor = async (document: StackDocument) => (await engine.services.catalog(document.slots.map((slot) => slot.component))).lookup;
const issuesOf = async (document: StackDocument) => checkStackDocument(document, await lookupFor(document)).issues;

describe('stack documents', () => {
  it('accepts the HA-web stack and orders its slots by their wiring', async () => {
    const { issues, checked } = checkStackDocument(valid(), await lookupFor(valid()));
    expect(issues).toEqual([]);
    expect(checked!.groups).toEqual([['net'], ['web1', 'web2'], ['dns']]);
  });

  it('names what is wrong and where', async () => {
    const document = valid();
    document.slots[1]!.inputs.cores = 'params.cpus';
    document.slots[1]!.inputs.color = "'red'";
    document.slots[1]!.inputs.network_id = 'slots.net.network';
    document.slots[3]!.component = 'local-dns@9';
    document.outputs.url = 'concat(';
    document.routing[0]!.filter = 'event ==';
    document.operations[0]!.requiredStates = ['sick'];
    delete document.slots[2]!.inputs.network_id;
    expect(await issuesOf(document)).toEqual(
      expect.arrayContaining([
        { path: 'slots.1.inputs.cores', message: 'reads params.cpus, which is not a stack parameter (zone, web_cores)' },
        { path: 'slots.1.inputs.color', message: expect.stringMatching(/^local-vm@1 has no input color \(inputs: name, ip_address/) },
        {
          path: 'slots.1.inputs.network_id',
          message: expect.stringMatching(/^reads slots.net.network, but local-network@1 has no output network \(outputs: network_id, cidr/),
        },
        { path: 'slots.3.component', message: 'local-dns has no version 9 (published: 1)' },
        { path: 'outputs.url', message: expect.stringMatching(/at character/) },
        { path: 'routing.0.filter', message: expect.stringMatching(/at character/) },
        { path: 'operations.0.requiredStates.0', message: 'Operation heal: required state sick is not a state of the machine' },
        { path: 'slots.2.inputs.network_id', message: 'local-vm@1 requires network_id, and no expression, resolver or default gives it' },
      ]),
    );
  });

  it('lets a draft start without slots but not be published so', async () => {
    expect(await issuesOf({ ...valid(), slots: [], outputs: {} })).toContainEqual({
      path: 'slots',
      message: 'a stack needs at least one slot',
    });
  });

  it('refuses slots that form a cycle, naming it', async () => {
    const document = valid();
    document.slots[0]!.inputs.mtu = 'slots.dns.record_id';
    expect(await issuesOf(document)).toContainEqual({ path: 'slots', message: expect.stringMatching(/the slots form a cycle: .*net.*→/) });
  });
});

describe('stack definitions', () => {
  it('publishes immutable versions and refuses a draft with problems, listing them', async () => {
    const stacks = engine.stacks;
    const broken = valid();
    broken.stateMachine.states.push({ name: 'limbo' });
    const created = await stacks.create(viewer, { name: 'ha-web', document: broken });
    expect(created.issues).toEqual([
      { path: 'stateMachine.states.8', message: 'State limbo cannot be reached from the initial state new' },
    ]);
    await expect(stacks.publish(viewer, 'ha-web', 'first')).rejects.toThrow(
      /Invalid stack ha-web — stateMachine.states.8: State limbo cannot be reached/,
    );

    const fixed = await stacks.saveDraft(viewer, 'ha-web', created.draftRevision, valid());
    expect(fixed.issues).toEqual([]);
    expect(await stacks.publish(viewer, 'ha-web', 'first')).toMatchObject({
      stack: 'ha-web',
      version: 1,
      changelog: 'first',
      publishedBy: 'tester',
    });
    await expect(stacks.publish(viewer, 'ha-web', 'again')).rejects.toThrow(/is the same as version 1/);
    await expect(stacks.saveDraft(viewer, 'ha-web', created.draftRevision, valid())).rejects.toThrow(/was changed elsewhere/);
    await expect(
      engine.store.stacks.insertVersion({
        stackId: created.id,
        version: 1,
        definition: {},
        changelog: 'x',
        publishedAt: '',
        publishedBy: '',
      }),
    ).rejects.toThrow();
    expect((await stacks.version(viewer, 'ha-web', 1)).slots.map((slot) => slot.name)).toEqual(['net', 'web1', 'web2', 'dns']);
    await expect(stacks.version(viewer, 'ha-web', 2)).rejects.toThrow('Stack ha-web has no version 2 (published: 1)');
  });

  it('forks a version into an independent stack that keeps its lineage', async () => {
    const stacks = engine.stacks;
    await stacks.create(viewer, { name: 'ha-web', document: valid() });
    await stacks.publish(viewer, 'ha-web', 'first');
    const fork = await stacks.fork(viewer, 'ha-web', { as: 'ha-web-big' });
    expect(fork).toMatchObject({ name: 'ha-web-big', forkedFrom: { stack: 'ha-web', version: 1 }, latestVersion: null });
    const bigger = valid();
    bigger.parameters = {
      ...bigger.parameters,
      properties: { ...(bigger.parameters.properties as object), web_cores: { type: 'integer', default: 4 } },
    };
    await stacks.saveDraft(viewer, 'ha-web-big', fork.draftRevision, bigger);
    await stacks.publish(viewer, 'ha-web-big', 'bigger machines');
    // The original is untouched.
    expect(
      ((await stacks.version(viewer, 'ha-web', 1)).parameters.properties as Record<string, { default: unknown }>).web_cores!.default,
    ).toBe(1);
    await expect(stacks.fork(viewer, 'ha-web', { as: 'ha-web-big' })).rejects.toThrow(/already exists/);
    expect((await stacks.list(viewer)).map((stack) => stack.name)).toEqual(['ha-web', 'ha-web-big']);
  });

  it('keeps tenant-scoped stacks to their tenant and shares provider-level ones', async () => {
    await engine.stacks.create(viewer, { name: 'mine', document: valid() });
    await engine.stacks.create(viewer, { name: 'everyone', shared: true, document: valid() });
    const other = { tenant: 'other', actor: 'someone' };
    const asOther = inViewerTenant(engine.stacks);
    expect((await asOther.list(other)).map((stack) => stack.name)).toEqual(['everyone']);
    await expect(asOther.get(other, 'mine')).rejects.toThrow(/Stack "mine" does not exist/);
  });
});

describe('stacks published at the same time', () => {
  it('get distinct versions or a clear refusal, never losing one', async () => {
    const stacks = engine.stacks;
    const created = await stacks.create(viewer, { name: 'ha-web', document: valid() });
    const changed = (description: string) => ({ ...valid(), description });
    const outcomes = await Promise.allSettled([
      ...[1, 2, 3, 4].map((n) => stacks.publish(viewer, 'ha-web', `first ${n}`)),
      stacks.saveDraft(viewer, 'ha-web', created.draftRevision, changed('two')).then(() => stacks.publish(viewer, 'ha-web', 'second')),
      stacks.publish(viewer, 'ha-web', 'second again'),
      stacks.publishDocument(viewer, { name: 'ha-web', document: changed('three'), changelog: 'third' }),
      stacks.publish(viewer, 'ha-web', 'third again'),
    ]);
    const published = outcomes.flatMap((outcome) =>
      outcome.status === 'fulfilled' && 'changelog' in outcome.value ? [outcome.value] : [],
    );
    for (const outcome of outcomes)
      if (outcome.status === 'rejected')
        expect(['nothing_to_publish', 'revision_conflict']).toContain((outcome.reason as { code?: string }).code);
    const versions = published.map((info) => info.version);
    expect(versions.length).toBeGreaterThan(0);
    expect(new Set(versions).size).toBe(versions.length);
    const stored = await stacks.versions(viewer, 'ha-web');
    expect(stored.map((v) => [v.version, v.changelog]).sort()).toEqual(published.map((v) => [v.version, v.changelog]).sort());
    expect(stored.map((v) => v.version)).toEqual(stored.map((_, index) => index + 1));
  });
  it('never publishes a draft saved after it was checked', async () => {
    const stacks = engine.stacks;
    const created = await stacks.create(viewer, { name: 'ha-web', document: valid() });
    const broken = valid();
    broken.stateMachine.states.push({ name: 'limbo' });
    const [publish, save] = await Promise.allSettled([
      stacks.publish(viewer, 'ha-web', 'first'),
      stacks.saveDraft(viewer, 'ha-web', created.draftRevision, broken),
    ]);
    expect(save.status).toBe('fulfilled');
    if (publish.status === 'rejected') expect((publish.reason as { code?: string }).code).toBe('revision_conflict');
    for (const { version } of await stacks.versions(viewer, 'ha-web'))
      expect(await issuesOf(await stacks.version(viewer, 'ha-web', version))).toEqual([]);
  });
});

describe('the catalog loaded for planning', () => {
  it('holds the stacks a topology places and their slots, and fails on others as on an unknown stack', async () => {
    await engine.stacks.create(viewer, { name: 'ha-web', document: valid() });
    await engine.stacks.publish(viewer, 'ha-web', 'first');
    await engine.stacks.create(viewer, { name: 'other', document: valid() });
    await engine.stacks.publish(viewer, 'other', 'first');
    const snapshot = await engine.services.catalog({ nodes: [{ component: 'stack:ha-web@1' }] });
    expect(snapshot.lookup('stack:ha-web@1')).toMatchObject({ ref: 'stack:ha-web@1', semanticType: 'Stack', provider: 'local' });
    // The slots' components came along: an expanded stack deploys them.
    expect(snapshot.lookup('local-vm@1')).toMatchObject({ ref: 'local-vm@1', provider: 'local' });
    expect(snapshot.stackVersion('ha-web', 1).checked.groups).toEqual([['net'], ['web1', 'web2'], ['dns']]);

    const unknown = await engine.services.catalog(['stack:nope@1', 'nope@1']);
    const errorOf = (call: () => unknown) => {
      try {
        call();
      } catch (error) {
        const { code, message } = error as { code: string; message: string };
        return { code, message };
      }
      return null;
    };
    expect(errorOf(() => unknown.lookup('stack:nope@1'))).toEqual({ code: 'not_found', message: 'Stack "nope" does not exist' });
    expect(errorOf(() => snapshot.lookup('stack:other@1'))).toEqual({ code: 'not_found', message: 'Stack "other" does not exist' });
    expect(errorOf(() => snapshot.lookup('proxmox-vm@1'))).toEqual({ code: 'not_found', message: 'Component "proxmox-vm" does not exist' });
    expect(errorOf(() => snapshot.lookup('nope@1'))).toEqual(errorOf(() => unknown.lookup('nope@1')));
    const missingVersion = await engine.services.catalog(['stack:ha-web@9']);
    expect(errorOf(() => missingVersion.lookup('stack:ha-web@9'))).toEqual({
      code: 'not_found',
      message: 'Stack ha-web has no version 9 (published: 1)',
    });
  });
});

describe('stack files', () => {
  it('round-trips the example file, which matches the test fixture', async () => {
    const file = path.join(resourcesDir(), 'examples', 'ha-web.stack.yaml');
    const parsed = parseStackFile(readFileSync(file, 'utf8'), file);
    expect(parsed).toEqual({ name: 'ha-web', shared: false, document: valid() });
    expect(parseStackFile(formatStackFile(parsed, 'json'))).toEqual(parsed);
  });

  it('names the line of a mistake', async () => {
    const text = formatStackFile({ name: 'ha-web', shared: false, document: valid() }).replace(
      'trigger: deploy.succeeded',
      'trigger: Deploy Succeeded',
    );
    expect(() => parseStackFile(text, 'ha.yaml')).toThrow(
      /^ha.yaml: line \d+, stateMachine.transitions\[1\].trigger: must be lowercase words/,
    );
    expect(() => parseStackFile('kind: Stack\nversion: 1\nname: x\nslots: [\n', 'bad.yaml')).toThrow(/^bad.yaml: line/);
  });
});
