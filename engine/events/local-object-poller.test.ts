import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../test-support/test-engine.js';
import { LocalObjectPoller } from './local-object-poller.js';

const fixture = useTestEngine();
const poll = () => fixture.engine().poller.poll();

/** A deployed local network whose object is the directory `name` under the data directory. */
async function deployedNetwork(name: string): Promise<string> {
  const dir = path.join(fixture.dataDir(), 'objects', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'network.json'), JSON.stringify({ mtu: 1500 }));
  const deployments = fixture.engine().store.deployments;
  const record = await deployments.insert({
    id: `dep-${name}`,
    environment: 'dev',
    topology: 'lab',
    nodeId: name,
    label: name,
    component: 'local-network',
    version: 1,
    provider: 'local',
    semanticType: 'network',
    stackName: `lab-${name}`,
    owner: 'test',
    values: {},
  });
  await deployments.update(record.id, { status: 'deployed', everDeployed: true, outputs: { path: dir } });
  return dir;
}

const types = (entries: { type: string }[]) => entries.map((entry) => entry.type);

describe('local object poller', () => {
  it('takes a present object as the baseline, then reports it changed, removed and restored, each once', async () => {
    const dir = await deployedNetwork('net');
    expect(await poll()).toEqual([]);
    expect(await poll()).toEqual([]);
    writeFileSync(path.join(dir, 'network.json'), JSON.stringify({ mtu: 9000 }));
    expect(types(await poll())).toEqual(['local.network.changed']);
    rmSync(dir, { recursive: true });
    expect(types(await poll())).toEqual(['local.network.removed']);
    expect(await poll()).toEqual([]);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'network.json'), JSON.stringify({ mtu: 1500 }));
    expect(types(await poll())).toEqual(['local.network.restored']);
  });

  it('takes what Nimbus deployed again as the new baseline: an object a heal put back is not reported restored', async () => {
    const dir = await deployedNetwork('healed');
    // A deploy and a look never share a millisecond (the deploy holds the environment's lock): keep them apart here too.
    const apart = () => new Promise((resolve) => setTimeout(resolve, 5));
    const redeployed = async () => {
      await apart();
      await fixture.engine().store.deployments.update('dep-healed', { deployedAt: new Date().toISOString() });
      await apart();
    };
    expect(await poll()).toEqual([]);
    rmSync(dir, { recursive: true });
    expect(types(await poll())).toEqual(['local.network.removed']);
    // A heal redeploys it: the object is back, by Nimbus' own hand.
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'network.json'), JSON.stringify({ mtu: 1500 }));
    await redeployed();
    expect(await poll()).toEqual([]);
    // An upgrade rewrites it: not a change behind Nimbus' back either.
    writeFileSync(path.join(dir, 'network.json'), JSON.stringify({ mtu: 9000 }));
    await redeployed();
    expect(await poll()).toEqual([]);
    // What happens to it afterwards is reported again, once.
    writeFileSync(path.join(dir, 'network.json'), JSON.stringify({ mtu: 1400 }));
    expect(types(await poll())).toEqual(['local.network.changed']);
    expect(await poll()).toEqual([]);
    // Gone again right after a redeploy, before the poller looked: reported, as at first sight.
    await redeployed();
    rmSync(dir, { recursive: true });
    expect(types(await poll())).toEqual(['local.network.removed']);
    expect(await poll()).toEqual([]);
  });

  it('reports an object gone before its first look, once, with the deployment it belonged to', async () => {
    const dir = await deployedNetwork('early');
    rmSync(dir, { recursive: true });
    const [event, ...rest] = await poll();
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: 'local.network.removed',
      source: 'poller',
      payload: { deploymentId: 'dep-early', path: dir, condition: 'removed' },
    });
    expect(await poll()).toEqual([]);
  });

  it('leaves deployments of a locked environment alone until the lock is gone', async () => {
    const dir = await deployedNetwork('busy');
    expect(await fixture.engine().store.journal.tryLock('dev', null)).toEqual({ acquired: true });
    rmSync(dir, { recursive: true });
    expect(await poll()).toEqual([]);
    await fixture.engine().store.journal.unlock('dev', null);
    expect(types(await poll())).toEqual(['local.network.removed']);
  });

  it('writes a failed timed pass to the engine log with its code, and keeps polling', async () => {
    const dir = await deployedNetwork('odd');
    // A JSON "file" that is a folder: reading it fails on every pass.
    mkdirSync(path.join(dir, 'broken.json'));
    const engine = fixture.engine();
    const poller = new LocalObjectPoller(engine.store, engine.events, 100, engine.logger);
    const log = path.join(fixture.dataDir(), 'logs', 'engine.log');
    const failures = () =>
      (existsSync(log) ? readFileSync(log, 'utf8') : '')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { level: string; code: string | null; message: string; context: Record<string, unknown> })
        .filter((entry) => entry.message.startsWith('Watching the local objects failed'));
    poller.start();
    try {
      const deadline = Date.now() + 10_000;
      while (failures().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await poller.dispose();
    }
    expect(failures().length).toBeGreaterThanOrEqual(2);
    expect(failures()[0]).toMatchObject({
      level: 'warn',
      code: 'internal',
      message: expect.stringContaining('EISDIR'),
      context: { poller: 'local' },
    });
  });
});
