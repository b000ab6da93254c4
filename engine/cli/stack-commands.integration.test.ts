import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStackFile } from '../stacks/stack-file.js';
import { useLeakCheck } from '../test-support/leak-check.js';
import { tempDir } from '../test-support/temp-dir.js';
import { createTestEngine } from '../test-support/test-engine.js';
import { captureCli } from './capture-cli.js';

// The stack and events commands as a script would use them: real engine, real Pulumi CLI, local provider.
useLeakCheck();
let temp: ReturnType<typeof tempDir>;
let file: string;
const cli = (...args: string[]) => captureCli([...args, '--data', temp.dir]);

const DISKS = `kind: Stack
version: 1
name: disks
description: A data disk and a backup disk twice its size
parameters:
  type: object
  properties:
    size_mb: { type: integer, minimum: 1, maximum: 64, default: 4 }
slots:
  - name: data
    component: local-storage@1
    inputs: { size_mb: params.size_mb }
  - name: backup
    component: local-storage@1
    inputs: { size_mb: slots.data.size_mb * 2 }
outputs:
  data: slots.data.path
stateMachine:
  states:
    - { name: new, initial: true }
    - { name: deploying }
    - { name: active }
    - { name: degraded }
    - { name: upgrading }
    - { name: destroying }
    - { name: destroyed, terminal: true }
  transitions:
    - { from: new, to: deploying, trigger: deploy, workflow: deploy }
    - { from: deploying, to: active, trigger: deploy.succeeded }
    - { from: deploying, to: new, trigger: deploy.failed }
    - { from: active, to: degraded, trigger: disk.lost }
    - { from: degraded, to: active, trigger: healed }
    - { from: active, to: upgrading, trigger: upgrade, workflow: upgrade }
    - { from: upgrading, to: active, trigger: upgrade.succeeded }
    - { from: upgrading, to: active, trigger: upgrade.failed }
    - { from: active, to: destroying, trigger: destroy, workflow: destroy }
    - { from: degraded, to: destroying, trigger: destroy, workflow: destroy }
    - { from: destroying, to: destroyed, trigger: destroy.succeeded }
    - { from: destroying, to: active, trigger: destroy.failed }
operations:
  - name: grow
    requiredStates: [active]
    inputSchema: { type: object, required: [size_mb], properties: { size_mb: { type: integer } } }
    steps:
      - { kind: confirm, message: Grow the disks? }
      - { kind: redeploy, params: { size_mb: input.size_mb } }
  - name: heal
    requiredStates: [degraded]
    steps: [{ kind: refresh }, { kind: redeploy }]
    onSuccess: healed
routing:
  - { event: ops.disk.lost, filter: "event.slot == 'data' || event.slot == 'backup'", trigger: disk.lost }
`;

beforeAll(async () => {
  temp = tempDir('nimbus-cli-stack-');
  const setup = await createTestEngine({ dataDir: temp.dir });
  await setup.engine.dispatcher.dispatch('createLandingZone', { name: 'local-zone', provider: 'local' });
  await setup.engine.dispatcher.dispatch('createEnvironment', { name: 'dev', landingZone: 'local-zone' });
  await setup.dispose();
  file = path.join(temp.dir, 'disks.stack.yaml');
  writeFileSync(file, DISKS);
});
afterAll(() => temp.remove());

describe('nimbus stack and events', () => {
  it('publishes, forks and exports stacks, naming the line of a broken file', async () => {
    const broken = path.join(temp.dir, 'broken.stack.yaml');
    writeFileSync(broken, DISKS.replace('trigger: disk.lost }', 'trigger: Disk Lost }'));
    const refused = await cli('stack', 'publish', broken, '--changelog', 'x');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/broken\.stack\.yaml: line 31, stateMachine\.transitions\[3\]\.trigger: must be lowercase words/);

    const unreachable = path.join(temp.dir, 'unreachable.stack.yaml');
    writeFileSync(
      unreachable,
      DISKS.replace('    - { name: destroyed, terminal: true }', '    - { name: destroyed, terminal: true }\n    - { name: limbo }'),
    );
    const invalid = await cli('stack', 'publish', unreachable, '--changelog', 'x');
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain('stateMachine.states.7: State limbo cannot be reached from the initial state new');

    const published = await cli('stack', 'publish', file, '--changelog', 'First version');
    expect(published).toMatchObject({ code: 0, out: 'Published disks@1\n' });
    expect((await cli('stack', 'versions', 'disks')).out).toMatch(/1\s+\S+\s+local-user\s+First version/);
    const exported = await cli('stack', 'export', 'disks@1');
    expect(parseStackFile(exported.out).document).toEqual(parseStackFile(DISKS).document);
    expect((await cli('stack', 'fork', 'disks', '--as', 'disks-big')).out).toBe(
      'Forked disks@1 as disks-big (a draft; publish it to deploy it)\n',
    );
    expect((await cli('stack', 'list')).out).toMatch(/disks-big\s+draft\s+default\s+disks@1/);
  });

  it('deploys an instance, runs day-2 operations only in their states, routes an event and destroys it', { timeout: 300_000 }, async () => {
    const unconfirmed = await cli('stack', 'deploy', 'disks', '--env', 'dev', '--name', 'pair');
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.err).toContain('--yes');

    const deployed = await cli('stack', 'deploy', 'disks', '--env', 'dev', '--name', 'pair', '--yes');
    expect(deployed.err).toBe('');
    expect(deployed.code).toBe(0);
    expect(deployed.out).toContain('pair: deploying (running deploy)');
    expect(deployed.out).toContain('pair: active\n');
    const status = JSON.parse((await cli('stack', 'status', '--instance', 'dev/pair', '--json')).out) as {
      instance: { id: string; outputs: { data: string } };
    };
    const dataPath = status.instance.outputs.data;
    expect(statSync(dataPath).size).toBe(4 * 1024 * 1024);

    const wrongState = await cli('stack', 'op', 'heal', '--instance', 'dev/pair');
    expect(wrongState.code).toBe(1);
    expect(wrongState.err).toBe('nimbus: heal can run only when pair is degraded; it is active [operation_not_allowed]\n');
    const badInput = await cli('stack', 'op', 'grow', '--instance', status.instance.id, '--input', '{"size_mb":"big"}');
    expect(badInput.err).toMatch(/input of operation grow — size_mb: must be integer/);

    const grown = await cli('stack', 'op', 'grow', '--instance', 'dev/pair', '--input', '{"size_mb":16}', '--yes');
    expect(grown.code).toBe(0);
    expect(grown.out).toContain('step 2/2 redeploy every slot: finished');
    expect(statSync(dataPath).size).toBe(16 * 1024 * 1024);

    const ignored = await cli('events', 'emit', 'ops.disk.lost', '--instance', 'dev/pair', '--payload', '{"slot":"cache"}');
    expect(ignored.out).toMatch(/ops\.disk\.lost \(cli\) → rule 1: filter is false/);
    const routed = await cli('events', 'emit', 'ops.disk.lost', '--instance', 'dev/pair', '--payload', '{"slot":"data"}');
    expect(routed.out).toMatch(/ops\.disk\.lost \(cli\) → rule 1 \(ops\.disk\.lost\): active → degraded/);
    expect((await cli('stack', 'status', '--instance', 'dev/pair')).out).toMatch(
      /pair \(disks@1\) in dev: degraded[\s\S]*heal\s+degraded\s+allowed/,
    );

    const healed = await cli('stack', 'op', 'heal', '--instance', 'dev/pair');
    expect(healed.code).toBe(0);
    expect(healed.out).toContain('pair: active\n');
    const history = (await cli('stack', 'history', '--instance', 'dev/pair')).out;
    expect(history).toMatch(/active\s+degraded\s+disk\.lost\s+event ops\.disk\.lost \(cli\) via routing rule 1/);
    expect(history).toMatch(/degraded\s+active\s+healed\s+workflow heal succeeded/);
    expect((await cli('events', 'list', '--instance', 'dev/pair')).out.split('\n').filter(Boolean)).toHaveLength(2);

    // Version 2 makes the backup three times the data disk; the instance moves to it through its upgrade transition.
    expect((await cli('stack', 'upgrade', '--instance', 'dev/pair', '--yes')).err).toBe(
      'nimbus: pair already runs disks@1 [already_at_version]\n',
    );
    writeFileSync(
      file,
      DISKS.replace('slots.data.size_mb * 2', 'slots.data.size_mb * 3').replace(
        '  data: slots.data.path',
        '  data: slots.data.path\n  backup: slots.backup.path',
      ),
    );
    expect((await cli('stack', 'publish', file, '--changelog', 'Bigger backups')).out).toBe('Published disks@2\n');
    const upgraded = await cli('stack', 'upgrade', '--instance', 'dev/pair', '--yes');
    expect(upgraded.code).toBe(0);
    expect(upgraded.out).toContain('pair: upgrading (running upgrade)');
    const after = JSON.parse((await cli('stack', 'status', '--instance', 'dev/pair', '--json')).out) as {
      instance: { state: string; version: number; machineVersion: number; outputs: { backup: string } };
    };
    expect(after.instance).toMatchObject({ state: 'active', version: 2, machineVersion: 2 });
    expect(statSync(after.instance.outputs.backup).size).toBe(48 * 1024 * 1024);

    const destroyed = await cli('stack', 'destroy', '--instance', 'dev/pair', '--yes');
    expect(destroyed.code).toBe(0);
    expect(destroyed.out).toContain('pair: destroyed\n');
    expect(existsSync(dataPath)).toBe(false);
    expect((await cli('stack', 'status')).out).toMatch(/dev\s+pair\s+disks@2\s+destroyed\s+idle/);
  });
});
