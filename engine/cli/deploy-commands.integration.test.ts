import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLeakCheck } from '../test-support/leak-check.js';
import { tempDir } from '../test-support/temp-dir.js';
import { createTestEngine } from '../test-support/test-engine.js';
import { captureCli } from './capture-cli.js';

// The deploy commands as a script would use them: real engine, real Pulumi CLI, local provider.
useLeakCheck();
let temp: ReturnType<typeof tempDir>;
let file: string;
const cli = (...args: string[]) => captureCli([...args, '--data', temp.dir]);

beforeAll(async () => {
  temp = tempDir('nimbus-cli-deploy-');
  const setup = await createTestEngine({ dataDir: temp.dir });
  await setup.engine.dispatcher.dispatch('createLandingZone', { name: 'local-zone', provider: 'local' });
  await setup.engine.dispatcher.dispatch('createEnvironment', { name: 'dev', landingZone: 'local-zone' });
  await setup.dispose();
  file = path.join(temp.dir, 'disks.yaml');
  writeFileSync(
    file,
    `kind: Topology
version: 1
name: disks
nodes:
  - { id: d1, label: data, component: local-storage@1, position: { x: 0, y: 0 }, params: { size_mb: 4 } }
wires: []
`,
  );
});
afterAll(() => temp.remove());

describe('nimbus deploy, deployments, drift and destroy', () => {
  it('refuses to deploy without --yes where nobody can confirm, deploying nothing', async () => {
    const result = await cli('deploy', file, '--env', 'dev');
    expect(result.code).toBe(1);
    expect(result.err).toContain('--yes');
    expect((await cli('deployments', 'list', '--json')).out.trim()).toBe('[]');
  });

  it(
    'deploys with --json as one event per line and a summary line, then lists, checks drift and destroys',
    { timeout: 180_000 },
    async () => {
      const deployed = await cli('deploy', file, '--env', 'dev', '--yes', '--json');
      expect(deployed.err).toBe('');
      expect(deployed.code).toBe(0);
      const lines = deployed.out
        .trim()
        .split('\n')
        .map(
          (line) =>
            JSON.parse(line) as {
              type: string;
              seq?: number;
              status?: string;
              result?: { nodes: { outcome: string; outputs: { path: string } }[] };
            },
        );
      expect(lines[0]).toMatchObject({ type: 'job.started', seq: 1 });
      expect(lines.some((line) => line.type === 'node.status' && line.status === 'deploying')).toBe(true);
      const summary = lines.at(-1)!;
      expect(summary).toMatchObject({ type: 'summary', status: 'succeeded' });
      expect(summary.result!.nodes[0]!.outcome).toBe('created');
      expect(existsSync(summary.result!.nodes[0]!.outputs.path)).toBe(true);

      const list = await cli('deployments', 'list', '--env', 'dev');
      expect(list.out).toMatch(/data\s+local-storage@1\s+deployed/);
      const id = (JSON.parse((await cli('deployments', 'list', '--json')).out) as { id: string }[])[0]!.id;
      const shown = await cli('deployments', 'show', id.slice(0, 8));
      expect(shown.out).toContain('size_mb = 4  [user]');

      const drift = await cli('drift', 'check', '--env', 'dev');
      expect(drift.code).toBe(0);
      expect(drift.out).toContain('Checked 1, drifted 0');

      const destroyed = await cli('destroy', file, '--env', 'dev', '--yes');
      expect(destroyed.code).toBe(0);
      expect(destroyed.out).toMatch(/data\s+destroyed/);
      expect(existsSync(summary.result!.nodes[0]!.outputs.path)).toBe(false);
      expect((await cli('deployments', 'list')).out).toBe('Nothing is deployed.\n');
    },
  );

  it('names the file line of a broken topology before touching anything', async () => {
    const broken = path.join(temp.dir, 'broken.yaml');
    writeFileSync(
      broken,
      'kind: Topology\nversion: 1\nname: x\nnodes:\n  - { id: a, label: a, component: local-storage@1, position: { x: 0 } }\n',
    );
    const result = await cli('deploy', broken, '--env', 'dev', '--yes');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/broken\.yaml:5:/);
  });
});
