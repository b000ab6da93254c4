import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.js';
import { createMemoryLogger } from '../logging/memory-logger.js';
import { createTestEngine, type TestEngine } from '../test-support/test-engine.js';
import { ownerAuthorizer } from './authorization.js';
import { createDispatcher, type DispatchResult, type Handlers } from './dispatcher.js';

let made: TestEngine;
let engine: Engine;
beforeEach(async () => {
  made = await createTestEngine();
  engine = made.engine;
});
afterEach(() => made.dispose());

function errorOf(result: DispatchResult) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.result)}`);
  return result.error;
}

const node = (id: string, x = 0) => ({ id, label: id, component: 'local-file', position: { x, y: 0 } });

describe('dispatcher', () => {
  it('refuses text that is not Unicode (a lone surrogate) in any value or key, naming where, before any handler runs', async () => {
    const named = errorOf(await engine.dispatcher.dispatch('createTopology', { name: 'half \ud83d' }));
    expect(named).toMatchObject({ code: 'invalid_input' });
    expect(named.message).toMatch(/name: holds a lone surrogate/);
    const nested = errorOf(
      await engine.dispatcher.dispatch('createTopology', {
        name: 'ok',
        document: { schemaVersion: 1, nodes: [{ ...node('web'), label: 'x\udc00' }], wires: [] },
      }),
    );
    expect(nested.message).toMatch(/document\.nodes\.0\.label: holds a lone surrogate/);
    const key = errorOf(await engine.dispatcher.dispatch('createTopology', { name: 'ok', ['\ud800']: 1 }));
    expect(key.message).toMatch(/lone surrogate/);
    // A whole pair is text like any other.
    expect((await engine.dispatcher.dispatch('createTopology', { name: 'rocket \ud83d\ude80' })).ok).toBe(true);
    expect((await engine.store.topologies.list()).map((topology) => topology.name)).toEqual(['rocket \ud83d\ude80']);
  });

  it('logs an unexpected failure with the request id, and a refusal at debug level', async () => {
    const logger = createMemoryLogger();
    const broken = { listTopologies: () => JSON.parse('{') as never } as unknown as Handlers;
    const dispatcher = createDispatcher(broken, { authorizer: ownerAuthorizer, logger });
    expect(errorOf(await dispatcher.dispatch('listTopologies', {}, { requestId: 'ws-1-7' }))).toMatchObject({ code: 'internal' });
    expect(errorOf(await dispatcher.dispatch('dropDatabase', {}))).toMatchObject({ code: 'unknown_method' });
    expect(logger.entries).toEqual([
      expect.objectContaining({
        level: 'error',
        code: 'internal',
        message: expect.stringMatching(/^Call of listTopologies failed: /),
        context: expect.objectContaining({ requestId: 'ws-1-7', method: 'listTopologies', stack: expect.any(String) }),
      }),
      expect.objectContaining({
        level: 'debug',
        code: null,
        context: expect.objectContaining({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), code: 'unknown_method' }),
      }),
    ]);
  });

  it('runs a method and returns its validated output', async () => {
    const created = await engine.dispatcher.dispatch('createTopology', { name: 'demo' });
    expect(created.ok).toBe(true);
    const listed = await engine.dispatcher.dispatch('listTopologies', {});
    expect(listed).toMatchObject({ ok: true, result: [{ name: 'demo', revision: 1, nodeCount: 0 }] });
  });

  it('refuses an unknown method', async () => {
    expect(errorOf(await engine.dispatcher.dispatch('dropDatabase', {}))).toMatchObject({ code: 'unknown_method' });
  });

  it('names the field path of invalid input', async () => {
    const created = await engine.dispatcher.dispatch('createTopology', { name: 'x' });
    const id = (created as { result: { id: string } }).result.id;
    const error = errorOf(
      await engine.dispatcher.dispatch('saveTopology', {
        id,
        expectedRevision: 1,
        document: { schemaVersion: 1, nodes: [node('a'), { ...node('b'), position: { x: 'left', y: 0 } }], wires: [] },
      }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('document.nodes[1].position.x');
    expect(error.details.issues).toEqual([expect.objectContaining({ path: 'document.nodes[1].position.x' })]);
  });

  it('rejects unknown fields, empty names, duplicate ids, dangling and doubled wires', async () => {
    expect(errorOf(await engine.dispatcher.dispatch('createTopology', { name: 'x', colour: 'red' })).message).toMatch(/colour/);
    expect(errorOf(await engine.dispatcher.dispatch('createTopology', { name: '   ' })).message).toMatch(/name: must not be empty/);
    const document = {
      schemaVersion: 1,
      nodes: [node('a'), node('a', 10), node('c')],
      wires: [
        { id: 'w1', source: { node: 'a', port: 'out' }, target: { node: 'ghost', port: 'in' } },
        { id: 'w2', source: { node: 'a', port: 'out' }, target: { node: 'c', port: 'in' } },
        { id: 'w3', source: { node: 'a', port: 'out' }, target: { node: 'c', port: 'in' } },
      ],
    };
    const error = errorOf(await engine.dispatcher.dispatch('createTopology', { name: 'bad', document }));
    const paths = (error.details.issues as { path: string }[]).map((issue) => issue.path);
    expect(paths).toEqual(['document.nodes[1].id', 'document.wires[0].target.node', 'document.wires[2].target']);
    expect(await engine.store.topologies.list()).toEqual([]);
  });

  it('treats missing input as empty and non-object input as invalid', async () => {
    expect((await engine.dispatcher.dispatch('listTopologies', undefined)).ok).toBe(true);
    expect(errorOf(await engine.dispatcher.dispatch('listTopologies', 'all')).code).toBe('invalid_input');
  });

  it('reports a stale save as revision_conflict without writing', async () => {
    const created = (await engine.dispatcher.dispatch('createTopology', { name: 'x' })) as { result: { id: string } };
    const doc = { schemaVersion: 1, nodes: [node('a')], wires: [] };
    expect((await engine.dispatcher.dispatch('saveTopology', { id: created.result.id, expectedRevision: 1, document: doc })).ok).toBe(true);
    const error = errorOf(
      await engine.dispatcher.dispatch('saveTopology', { id: created.result.id, expectedRevision: 1, document: { ...doc, nodes: [] } }),
    );
    expect(error).toMatchObject({ code: 'revision_conflict', details: { expected: 1, actual: 2 } });
  });

  it('reports a missing entity as not_found', async () => {
    expect(errorOf(await engine.dispatcher.dispatch('getTopology', { id: 'nope' }))).toMatchObject({ code: 'not_found' });
  });
});
