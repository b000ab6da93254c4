import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLeakCheck } from '../test-support/leak-check.js';
import { tempDir } from '../test-support/temp-dir.js';
import { createTestEngine } from '../test-support/test-engine.js';
import { captureCli } from './capture-cli.js';

// `nimbus drift repair` and `nimbus drift accept` as a script would use them: real engine, real Pulumi
// CLI, a real network directory of the local provider edited behind Nimbus' back.
useLeakCheck();
let temp: ReturnType<typeof tempDir>;
let file: string;
let id: string;
let networkFile: string;
const cli = (...args: string[]) => captureCli([...args, '--data', temp.dir]);
const setMtu = (mtu: number) => writeFileSync(networkFile, readFileSync(networkFile, 'utf8').replace(/"mtu": \d+/, `"mtu": ${mtu}`));
const mtuOnDisk = () => (JSON.parse(readFileSync(networkFile, 'utf8')) as { mtu: number }).mtu;

beforeAll(async () => {
  temp = tempDir('nimbus-cli-drift-');
  const setup = await createTestEngine({ dataDir: temp.dir });
  await setup.engine.dispatcher.dispatch('createIpamPool', { name: 'lab', cidr: '10.45.0.0/16' });
  await setup.engine.dispatcher.dispatch('createLandingZone', {
    name: 'local-zone',
    provider: 'local',
    resolverConfig: { ipam: { pool: 'lab' }, naming: { pattern: '{env}-{component}-{seq:02d}' } },
  });
  await setup.engine.dispatcher.dispatch('createEnvironment', { name: 'dev', landingZone: 'local-zone' });
  await setup.dispose();
  file = path.join(temp.dir, 'net.yaml');
  writeFileSync(
    file,
    'kind: Topology\nversion: 1\nname: net\nnodes:\n  - { id: n1, label: lan, component: local-network@1, position: { x: 0, y: 0 } }\nwires: []\n',
  );
});
afterAll(() => temp.remove());

describe('nimbus drift repair and accept', () => {
  it('deploys a network, and refuses to act on drift that was never found', { timeout: 180_000 }, async () => {
    expect((await cli('deploy', file, '--env', 'dev', '--yes')).code).toBe(0);
    const [deployment] = JSON.parse((await cli('deployments', 'list', '--json')).out) as { id: string; outputs: { path: string } }[];
    id = deployment!.id;
    networkFile = path.join(deployment!.outputs.path, 'network.json');

    const repair = await cli('drift', 'repair', '--deployment', id, '--yes');
    expect(repair.code).toBe(1);
    expect(repair.err).toContain('lan has no drift to repair: it has never been checked for drift');
    const unknown = await cli('drift', 'repair', '--deployment', 'no-such-id', '--yes');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('No deployment has the id no-such-id');
    const neither = await cli('drift', 'accept', '--deployment', id);
    expect(neither.code).toBe(2);
    expect(neither.err).toContain('give --field NAME[,NAME…] or --all');
    const both = await cli('drift', 'accept', '--deployment', id, '--all', '--field', 'mtu');
    expect(both.code).toBe(2);
    expect((await cli('drift', 'repair')).code).toBe(2);
  });

  it('repairs: asks first, then puts the real object back and exits 0 once in sync', { timeout: 180_000 }, async () => {
    setMtu(9000);
    const check = await cli('drift', 'check', '--deployment', id);
    expect(check.code).toBe(3);
    expect(check.out).toContain('nimbus drift repair --deployment ID');
    expect(check.out).toContain(`lan: ${id}`);
    const shown = await cli('deployments', 'list');
    expect(shown.out).toMatch(/lan\s+local-network@1\s+drifted/);

    // Nobody to ask (no terminal) and no --yes: refused, nothing changed.
    const unconfirmed = await cli('drift', 'repair', '--deployment', id.slice(0, 8));
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.out).toContain('mtu: recorded 1500, actual 9000');
    expect(unconfirmed.err).toContain('--yes');
    expect(mtuOnDisk()).toBe(9000);

    const repaired = await cli('drift', 'repair', '--deployment', id.slice(0, 8), '--yes', '--json');
    expect(repaired.code).toBe(0);
    const lines = repaired.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; status?: string; result?: { action: string; drifted: boolean } });
    expect(lines[0]).toMatchObject({ type: 'job.started' });
    expect(lines.at(-1)).toMatchObject({ type: 'summary', status: 'succeeded', result: { action: 'repair', drifted: false } });
    expect(mtuOnDisk()).toBe(1500);
    expect((await cli('deployments', 'list')).out).toMatch(/lan\s+local-network@1\s+deployed/);

    const again = await cli('drift', 'repair', '--deployment', id, '--yes');
    expect(again.code).toBe(1);
    expect(again.err).toContain('no drift to repair');
  });

  it(
    'accepts a drifted field into the record with its source; the record shows it and the next check is in sync',
    { timeout: 180_000 },
    async () => {
      setMtu(4000);
      expect((await cli('drift', 'check', '--deployment', id)).code).toBe(3);
      const wrong = await cli('drift', 'accept', '--deployment', id, '--field', 'cores', '--yes');
      expect(wrong.code).toBe(1);
      expect(wrong.err).toContain('cores is not among the drifted properties of lan (drifted: mtu)');

      const accepted = await cli('drift', 'accept', '--deployment', id, '--field', 'mtu', '--yes');
      expect(accepted.err).toBe('');
      expect(accepted.code).toBe(0);
      expect(accepted.out).toContain('Accepted mtu: 1500 → 4000 (source drift-accepted)');
      expect(accepted.out).toContain('lan is in sync.');
      expect(mtuOnDisk()).toBe(4000);
      expect((await cli('deployments', 'show', id)).out).toMatch(
        /mtu = 4000 {2}\[drift-accepted: accepted from drift on \d{4}-\d\d-\d\d; was 1500\]/,
      );
      expect((await cli('drift', 'check', '--deployment', id)).code).toBe(0);
    },
  );

  it('refuses to accept on a destroyed deployment', { timeout: 180_000 }, async () => {
    expect((await cli('destroy', file, '--env', 'dev', '--yes')).code).toBe(0);
    const result = await cli('drift', 'accept', '--deployment', id, '--all', '--yes', '--json');
    expect(result.code).toBe(1);
    expect(result.err).toContain('lan (');
    expect(result.err).toContain('is destroyed; only a deployed component');
  });
});
