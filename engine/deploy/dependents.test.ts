import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import { liveDependents, refuseIfDependents } from './dependents.js';

let temp: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  temp = tempDir();
  store = openStore(temp.dir);
});
afterEach(() => {
  store.close();
  temp.remove();
});

const node = (id: string, dependsOn?: string[]) => ({
  id,
  label: id.toUpperCase(),
  component: 'local-storage@1',
  position: { x: 0, y: 0 },
  ...(dependsOn ? { dependsOn } : {}),
});

/** net → vm (wire) → dns (dependsOn), and a disk nothing depends on, all deployed in dev. */
function seed() {
  store.deployments.saveTopologyDocument('dev', 'shop', {
    schemaVersion: 1,
    nodes: [node('net'), node('vm'), node('dns', ['vm']), node('disk')],
    wires: [{ id: 'w', source: { node: 'net', port: 'id' }, target: { node: 'vm', port: 'net' } }],
  });
  const record = (nodeId: string) =>
    store.deployments.insert({
      id: `${nodeId}-0000-0000`,
      environment: 'dev',
      topology: 'shop',
      nodeId,
      label: nodeId.toUpperCase(),
      component: 'local-storage',
      version: 1,
      provider: 'local',
      semanticType: 'BlockStorage',
      stackName: nodeId,
      owner: nodeId,
      values: {},
    });
  return { net: record('net'), vm: record('vm'), dns: record('dns'), disk: record('disk') };
}

describe('dependents of one deployment', () => {
  it('lists live deployments depending on it directly or further down, nearest first', async () => {
    const { net, vm, dns, disk } = seed();
    expect((await liveDependents(store.async, net)).map((d) => d.nodeId)).toEqual(['vm', 'dns']);
    expect((await liveDependents(store.async, vm)).map((d) => d.nodeId)).toEqual(['dns']);
    expect(await liveDependents(store.async, dns)).toEqual([]);
    expect(await liveDependents(store.async, disk)).toEqual([]);
    await expect(refuseIfDependents(store.async, net)).rejects.toThrow(
      /NET cannot be destroyed on its own: 2 deployments depend on it: VM \(local-storage@1, vm-0000-\), DNS \(local-storage@1, dns-0000\)/,
    );
  });

  it('skips destroyed ones but still follows the chain through them', async () => {
    const { net, vm } = seed();
    store.deployments.update(vm.id, { status: 'destroyed' });
    expect((await liveDependents(store.async, net)).map((d) => d.nodeId)).toEqual(['dns']);
    await expect(refuseIfDependents(store.async, net)).rejects.toThrow(/this deployment depends on it: DNS /);
  });

  it('knows no dependents without a deployed document', async () => {
    const { net } = seed();
    store.deployments.forgetTopology('dev', 'shop');
    expect(await liveDependents(store.async, net)).toEqual([]);
  });
});
