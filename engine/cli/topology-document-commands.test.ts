import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Topology } from '../api/schemas/topology.js';
import { PERMISSIONS } from '../common/permissions.js';
import { createEngine } from '../engine.js';
import { baseTopology, DeskReplica, nodeOf, type CallAs } from '../sync/shared-topology-test-support.js';
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

/** A topology "office" whose web node two users renamed at once. */
async function seedConflict(): Promise<string> {
  const engine = await createEngine({ dataDir: temp.dir });
  try {
    const as =
      (user: string): CallAs =>
      (method, input) =>
        engine.dispatcher.dispatch(method as never, input, { caller: { id: user, tenant: 'default', permissions: new Set(PERMISSIONS) } });
    const created = await as('ann')('createTopology', { name: 'office', document: baseTopology() });
    const { id } = (created as { ok: true; result: Topology }).result;
    const ann = await new DeskReplica('ann', as('ann'), id).open();
    const bob = await new DeskReplica('bob', as('bob'), id).open();
    ann.edit((doc) => void (nodeOf(doc, 'web')!.label = 'web by ann'));
    bob.edit((doc) => void (nodeOf(doc, 'web')!.label = 'web by bob'));
    await ann.sync();
    await bob.sync();
    return id;
  } finally {
    await engine.dispose();
  }
}

describe('nimbus topology conflicts / resolve', () => {
  it('lists the conflicts of a shared topology with both values and who made them, and keeps the chosen one', async () => {
    const id = await seedConflict();
    const listed = await cli('topology', 'conflicts', 'office');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/1 conflict in topology office \(revision 3\)/);
    expect(listed.out).toContain('nodes/web/label');
    expect(listed.out).toMatch(/web by ann +ann/);
    expect(listed.out).toMatch(/web by bob +bob/);
    const json = JSON.parse((await cli('topology', 'conflicts', id, '--json')).out) as {
      conflicts: { path: string[]; values: { id: string; value: string; userId: string }[] }[];
    };
    expect(json.conflicts).toHaveLength(1);
    const bobs = json.conflicts[0]!.values.find((value) => value.userId === 'bob')!;
    expect(bobs.value).toBe('web by bob');

    const resolved = await cli('topology', 'resolve', 'office', '--path', 'nodes/web/label', '--value', bobs.id);
    expect(resolved.code).toBe(0);
    expect(resolved.out).toMatch(/Kept value .* at nodes\/web\/label in topology office \(revision 4\); no conflicts left/);
    expect((await cli('topology', 'conflicts', 'office')).out).toBe('No conflicts in topology office (revision 4).\n');

    const again = await cli('topology', 'resolve', 'office', '--path', 'nodes/web/label', '--value', bobs.id);
    expect(again.code).not.toBe(0);
    expect(again.err).toMatch(/no conflict at nodes\.web\.label/i);
    expect((await cli('topology', 'resolve', 'office', '--value', 'x')).err).toMatch(/--path/);
    expect((await cli('topology', 'resolve', 'office', '--path', 'nodes//label', '--value', 'x')).err).toMatch(/nodes\/web\/label/);
    expect((await cli('topology', 'conflicts', 'nowhere')).err).toMatch(/No topology is named "nowhere"/);
  });
});
