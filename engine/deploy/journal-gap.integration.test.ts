import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OperationResult } from '../pulumi/automation-adapter.js';
import { discardLogger } from '../logging/logger.js';
import { openStore } from '../store/store.js';
import { journaled } from './component-saga.js';
import type { DeployContext } from './deploy-context.js';
import type { PulumiRunner } from './pulumi-runner.js';
import { deployTestEngine, type DeployTestEngine } from './deploy-test-support.js';

// The journal row that crash recovery reads is committed before Pulumi starts: a crash between the
// two leaves a row (and no stack), which the next start recovers like any interrupted first deploy.
let harness: DeployTestEngine;
beforeEach(async () => {
  harness = await deployTestEngine();
});
afterEach(async () => {
  await harness.dispose();
});

/** A first deploy of the built-in local-vm, recorded as under way, holding an address and a name. */
async function deployingRecord() {
  const { store, services } = harness.engine;
  const id = randomUUID();
  const owner = `deployment:${id}`;
  await store.deployments.insert({
    id,
    environment: 'dev',
    topology: 'shop',
    nodeId: 'web',
    label: 'web',
    component: 'local-vm',
    version: 1,
    provider: 'local',
    semanticType: 'VirtualMachine',
    stackName: `dev-shop-web-${id.slice(0, 8)}`,
    owner,
    values: {},
  });
  const record = await store.deployments.update(id, { status: 'deploying' });
  const { ipam, naming } = services.resolvers();
  await ipam.allocate({ pool: 'lab' }, { kind: 'address' }, owner);
  await naming.issue({ pattern: '{env}-{seq:03d}', context: { env: 'dev' }, scope: 'env:dev' }, owner);
  return record;
}

describe('the journal row of a Pulumi operation', () => {
  it('is committed before the operation starts, so another process (the next start) can read it', async () => {
    const record = await deployingRecord();
    // A second connection sees only committed rows.
    const other = openStore(harness.dataDir);
    let seen: { deploymentId: string; operation: string }[] | undefined;
    const runner = {
      run: async (): Promise<OperationResult> => {
        seen = other.journal.unfinishedJournal().map(({ deploymentId, operation }) => ({ deploymentId, operation }));
        return { outputs: {}, steps: [] } as unknown as OperationResult;
      },
    } as unknown as PulumiRunner;
    const { engine } = harness;
    const context: DeployContext = {
      store: engine.store,
      runner,
      resolvers: engine.services.resolvers(),
      workRoot: `${harness.dataDir}/work`,
      content: (component, version) => engine.services.components.version(engine.services.viewer, component, version),
      localRoot: () => harness.localRoot,
      jobId: null,
      signal: new AbortController().signal,
      emit: () => undefined,
      logger: discardLogger,
    };
    try {
      await journaled(context, record, 'up');
      expect(seen).toEqual([{ deploymentId: record.id, operation: 'up' }]);
      expect((await engine.store.journal.journal(record.id)).map((entry) => entry.outcome)).toEqual(['succeeded']);
    } finally {
      other.close();
    }
  });

  it('left open by a crash before Pulumi started is recovered: the first deploy is rolled back and its allocations released', async () => {
    const record = await deployingRecord();
    const { store, services } = harness.engine;
    // What a crash right after the row was written leaves: the row, by a job no longer running, and no Pulumi stack.
    await store.journal.openJournal(record.id, 'up', 'job-of-a-stopped-engine');

    const report = await harness.engine.deploy.recover();

    expect(report?.deployments).toMatchObject([{ deploymentId: record.id, interrupted: ['up'], action: 'rolled-back', status: 'failed' }]);
    expect(await store.journal.unfinishedJournal()).toEqual([]);
    expect((await store.journal.journal(record.id)).map((entry) => entry.outcome)).toEqual(['interrupted; recovered: rolled-back']);
    const after = await store.deployments.get(record.id);
    expect(after.error?.code).toBe('deploy_failed');
    const { ipam, naming } = services.resolvers();
    expect((await ipam.listAllocations({ pool: 'lab' })).map((a) => a.owner)).not.toContain(record.owner);
    expect((await naming.list('env:dev')).map((n) => n.owner)).not.toContain(record.owner);
    // Nothing is left for a second start.
    expect(await harness.engine.deploy.recover()).toBeNull();
  });
});
