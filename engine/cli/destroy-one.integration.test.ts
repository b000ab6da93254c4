import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLeakCheck } from '../test-support/leak-check.js';
import { tempDir } from '../test-support/temp-dir.js';
import { createTestEngine } from '../test-support/test-engine.js';
import { captureCli } from './capture-cli.js';

// Preview, deploy and single-deployment destroy from the command line: real engine, real Pulumi CLI,
// local provider. Two disks, the second sized by the first (a wire) so its size is known after deploy.
useLeakCheck();
let temp: ReturnType<typeof tempDir>;
let file: string;
const cli = (...args: string[]) => captureCli([...args, '--data', temp.dir]);

beforeAll(async () => {
  temp = tempDir('nimbus-cli-one-');
  const setup = await createTestEngine({ dataDir: temp.dir });
  await setup.engine.dispatcher.dispatch('createLandingZone', { name: 'local-zone', provider: 'local' });
  await setup.engine.dispatcher.dispatch('createEnvironment', { name: 'dev', landingZone: 'local-zone' });
  await setup.dispose();
  file = path.join(temp.dir, 'pair.yaml');
  writeFileSync(
    file,
    `kind: Topology
version: 1
name: Disk pair
nodes:
  - { id: first, component: local-storage@1, position: { x: 0, y: 0 }, params: { size_mb: 2 } }
  - { id: second, label: copy, component: local-storage@1, position: { x: 300, y: 0 } }
wires:
  - { id: w1, source: { node: first, port: size_mb }, target: { node: second, port: size_mb } }
`,
  );
});
afterAll(() => temp.remove());

describe('nimbus preview, deploy and destroy --deployment', () => {
  it(
    'previews in text mode: the plan with Pulumi steps, values known after deploy in words, exit code 0',
    { timeout: 180_000 },
    async () => {
      const preview = await cli('preview', file, '--env', 'dev');
      expect(preview.err).toBe('');
      expect(preview.code).toBe(0);
      expect(preview.out).toContain('Plan for Disk pair in dev: 2 to create, 0 to update, 0 unchanged, 0 to delete');
      expect(preview.out).toContain('+ first (local-storage@1) create');
      expect(preview.out).toContain('    size_mb = 2');
      expect(preview.out).toContain('    size_mb = known after deploy');
      expect(preview.out).toMatch(/pulumi: create disk/);
      expect((await cli('deployments', 'list')).out).toBe('Nothing is deployed.\n');
    },
  );

  it(
    'deploys a file the planner has not seen and lists it among the topologies; destroys one deployment only when nothing depends on it',
    { timeout: 240_000 },
    async () => {
      expect((await cli('deploy', file, '--env', 'dev', '--yes')).code).toBe(0);
      const reader = await createTestEngine({ dataDir: temp.dir });
      try {
        const topologies = await reader.engine.dispatcher.dispatch('listTopologies', {});
        expect(topologies.ok && topologies.result).toEqual([expect.objectContaining({ name: 'Disk pair', nodeCount: 2 })]);
      } finally {
        await reader.dispose();
      }
      const list = JSON.parse((await cli('deployments', 'list', '--json')).out) as {
        id: string;
        nodeId: string;
        outputs: { path: string };
      }[];
      const first = list.find((d) => d.nodeId === 'first')!;
      const second = list.find((d) => d.nodeId === 'second')!;

      const refused = await cli('destroy', '--deployment', first.id.slice(0, 8), '--yes');
      expect(refused.code).toBe(1);
      expect(refused.err).toContain(
        `first cannot be destroyed on its own: this deployment depends on it: copy (local-storage@1, ${second.id.slice(0, 8)})`,
      );
      expect(existsSync(first.outputs.path)).toBe(true);
      expect(await cli('destroy', '--deployment', second.id)).toMatchObject({ code: 1, err: expect.stringContaining('add --yes') });
      expect(await cli('destroy', file, '--deployment', second.id)).toMatchObject({ code: 2 });

      const destroyed = await cli('destroy', '--deployment', second.id, '--yes');
      expect(destroyed.code).toBe(0);
      expect(destroyed.out).toMatch(/copy\s+destroyed/);
      expect(existsSync(second.outputs.path)).toBe(false);
      expect(existsSync(first.outputs.path)).toBe(true);
      expect((await cli('destroy', '--deployment', first.id, '--yes')).code).toBe(0);
      expect((await cli('deployments', 'list')).out).toBe('Nothing is deployed.\n');
    },
  );
});
