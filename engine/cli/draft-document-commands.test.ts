import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DispatchResult } from '../api/dispatcher.js';
import type { SyncDraftDocumentOutput } from '../api/schemas/draft-documents.js';
import { PERMISSIONS } from '../common/permissions.js';
import { createEngine, type Engine } from '../engine.js';
import { DraftReplica } from '../sync/draft-document.js';
import { useLeakCheck } from '../test-support/leak-check.js';
import { tempDir } from '../test-support/temp-dir.js';
import { captureCli } from './capture-cli.js';

useLeakCheck();
let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

const cli = (...args: string[]) => captureCli([...args, '--data', temp.dir]);

const content = {
  description: 'A web server',
  code: 'export {};\n',
  inputSchema: { type: 'object', properties: { size: { type: 'string', default: 'small' } } },
  outputSchema: { type: 'object', properties: {} },
  resolverBindings: {},
  secretInputs: [],
};

const as = (engine: Engine, user: string) => async (method: string, input: unknown) => {
  const result: DispatchResult = await engine.dispatcher.dispatch(method as never, input, {
    caller: { id: user, tenant: 'default', permissions: new Set(PERMISSIONS) },
  });
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.result;
};

/** A component "web" whose default two users set at once through their own replicas of its draft. */
async function seedConflict(): Promise<void> {
  const engine = await createEngine({ dataDir: temp.dir });
  try {
    await as(engine, 'ann')('createComponent', { name: 'web', provider: 'local', semanticType: 'Container', content });
    const replicas: DraftReplica[] = [];
    for (const user of ['ann', 'bob']) {
      const opened = (await as(engine, user)('syncComponentDraftDocument', {
        name: 'web',
        heads: [],
        changes: [],
      })) as SyncDraftDocumentOutput;
      replicas.push(DraftReplica.load(Buffer.from(opened.changes[0]!, 'base64'), 'component', user));
    }
    for (const [index, user] of ['ann', 'bob'].entries()) {
      const replica = replicas[index]!;
      const before = replica.heads();
      replica.apply({ ...content, inputSchema: { type: 'object', properties: { size: { type: 'string', default: `${user}-size` } } } });
      const changes = [Buffer.from(replica.changesSince(before)).toString('base64')];
      await as(engine, user)('syncComponentDraftDocument', { name: 'web', heads: replica.heads(), changes });
    }
  } finally {
    await engine.dispose();
  }
}

describe('nimbus component conflicts / resolve', () => {
  it('lists the fields of a shared draft two users set at once, with who set each, and keeps the chosen value', async () => {
    await seedConflict();
    const listed = await cli('component', 'conflicts', 'web');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/1 conflict in the draft of component web/);
    expect(listed.out).toContain('inputSchema/properties/size/default');
    expect(listed.out).toMatch(/ann-size/);
    expect(listed.out).toMatch(/bob-size/);
    const json = JSON.parse((await cli('component', 'conflicts', 'web', '--json')).out) as {
      conflicts: { path: string[]; values: { id: string; value: string }[] }[];
    };
    const bobs = json.conflicts[0]!.values.find((value) => value.value === 'bob-size')!;

    const resolved = await cli('component', 'resolve', 'web', '--path', 'inputSchema/properties/size/default', '--value', bobs.id);
    expect(resolved.code).toBe(0);
    expect(resolved.out).toMatch(/Kept value .* in the draft of component web; no conflicts left/);
    expect((await cli('component', 'conflicts', 'web')).out).toBe('No conflicts in the draft of component web.\n');
    // The draft itself holds the value kept.
    expect((await cli('component', 'export', 'web')).out).toContain('bob-size');
  });

  it('says what is wrong with a path or a value that is not there', async () => {
    await seedConflict();
    expect((await cli('component', 'resolve', 'web', '--path', 'a//b', '--value', 'x')).err).toMatch(/--path must look like/);
    const unknown = await cli('component', 'resolve', 'web', '--path', 'description', '--value', '1@abc');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toMatch(/holds no conflict at description/);
    expect((await cli('stack', 'conflicts', 'nothing')).err).toMatch(/not found|No stack|nothing/i);
  });
});
