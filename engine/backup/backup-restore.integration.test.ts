import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../api/contract.js';
import type { BackupRun } from '../api/schemas/backup.js';
import { captureCli } from '../cli/capture-cli.js';
import type { Engine } from '../engine.js';
import { NimbusError } from '../errors.js';
import { createTestEngine, type TestEngine } from '../test-support/test-engine.js';
import { tempDir } from '../test-support/temp-dir.js';

// Backup and restore end to end: real SQLite, the real Pulumi CLI, the local provider's real objects.
const PASSPHRASE = 'a passphrase for the integration test';

let scratch: { dir: string; remove: () => void };
const opened: TestEngine[] = [];
beforeAll(() => {
  scratch = tempDir('nimbus-backup-it-');
});
afterAll(async () => {
  for (const made of opened.splice(0)) await made.dispose().catch(() => undefined);
  scratch.remove();
});

async function open(dataDir: string): Promise<{
  engine: Engine;
  call: <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;
  close: () => Promise<void>;
}> {
  const made = await createTestEngine({ dataDir });
  opened.push(made);
  await made.engine.ready;
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const outcome = await made.engine.dispatcher.dispatch(method, input);
    if (!outcome.ok) throw new NimbusError(outcome.error.code, outcome.error.message, outcome.error.details);
    return outcome.result as MethodOutput<M>;
  };
  return {
    engine: made.engine,
    call,
    close: async () => {
      opened.splice(opened.indexOf(made), 1);
      await made.dispose();
    },
  };
}

async function settled(engine: Engine, jobId: string) {
  const job = await engine.jobs.settled(jobId);
  expect(job.error).toBeNull();
  expect(job.status).toBe('succeeded');
  return job;
}

/** The local provider's disk images in the environment `dev` of `dataDir`. */
const disks = (dataDir: string): string[] => {
  const dir = path.join(dataDir, 'local', 'dev', 'disks');
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.img')) : [];
};

describe('backup and restore of a data directory with a real deployment', () => {
  it(
    'backs up while the engine is open, and from a restored copy refreshes and destroys the deployment cleanly',
    { timeout: 600_000 },
    async () => {
      const dataDir = path.join(scratch.dir, 'data');
      const first = await open(dataDir);
      await first.call('createIpamPool', { name: 'lab', cidr: '10.46.0.0/16' });
      await first.call('createLandingZone', {
        name: 'local-zone',
        provider: 'local',
        resolverConfig: { ipam: { pool: 'lab' }, naming: { pattern: '{env}-{component}-{seq:02d}' } },
      });
      await first.call('createEnvironment', { name: 'dev', landingZone: 'local-zone' });
      const document = {
        schemaVersion: 1 as const,
        nodes: [{ id: 'disk', label: 'disk', component: 'local-storage@1', position: { x: 0, y: 0 }, params: { size_mb: 8 } }],
        wires: [],
      };
      const { jobId } = await first.call('startDeployment', { environment: 'dev', name: 'shop', document });
      await settled(first.engine, jobId);
      expect(disks(dataDir)).toHaveLength(1);
      const [deployed] = await first.call('listDeployments', { environment: 'dev', topology: 'shop' });
      expect(deployed!.status).toBe('deployed');

      // The backup, through the API, while the engine that deployed is open.
      const file = path.join(scratch.dir, 'data.nimbus-backup');
      let run: BackupRun = await first.call('startBackup', { file, passphrase: PASSPHRASE });
      while (run.status === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 100));
        run = await first.call('getBackupRun', { id: run.id });
      }
      expect(run.error).toBeNull();
      expect(run.backup).toMatchObject({ deployments: 1, stacks: 1, warnings: [] });
      await first.close();

      // The data directory is lost (its local objects with it, as they live inside it).
      rmSync(dataDir, { recursive: true, force: true });
      expect(existsSync(dataDir)).toBe(false);

      // Restored by the CLI, into the same (now new) path, so the state's object paths hold again.
      process.env.NIMBUS_BACKUP_PASSPHRASE = PASSPHRASE;
      let restored;
      try {
        restored = await captureCli(['restore', file, '--data', dataDir]);
      } finally {
        delete process.env.NIMBUS_BACKUP_PASSPHRASE;
      }
      expect(restored.err).not.toMatch(/nimbus: /);
      expect(restored.code).toBe(0);
      expect(restored.out).toMatch(/all 1 live deployments have their state/);
      expect(disks(dataDir)).toHaveLength(1);

      // The engine opens on it, and refresh and destroy run from the restored state and key.
      const second = await open(dataDir);
      const [again] = await second.call('listDeployments', { environment: 'dev', topology: 'shop' });
      expect(again).toMatchObject({ id: deployed!.id, status: 'deployed', stackName: deployed!.stackName });
      const refresh = await second.call('startTopologyRefresh', { environment: 'dev', topology: 'shop' });
      await settled(second.engine, refresh.jobId);
      expect(disks(dataDir)).toHaveLength(1);
      const destroy = await second.call('startTopologyDestroy', { environment: 'dev', topology: 'shop' });
      await settled(second.engine, destroy.jobId);
      expect(disks(dataDir)).toEqual([]);
      const [gone] = await second.call('listDeployments', { environment: 'dev', topology: 'shop' });
      expect(gone?.status ?? 'destroyed').toBe('destroyed');
      await second.close();
    },
  );
});
