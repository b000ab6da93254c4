import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { killAll, processesMentioning } from '../../components/builtin/local/processes.js';
import { createEngine, type Engine } from '../../engine.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { openPostgresJobQueue } from './postgres-job-queue.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases } from './test-support/test-databases.js';

// The shared server's path: a PostgreSQL store, jobs through its queue (claimed by a worker), the
// real Pulumi CLI and the local provider.
const databases = useTestDatabases();

async function call<T>(engine: Engine, method: string, input: unknown): Promise<T> {
  const outcome = await engine.dispatcher.dispatch(method, input);
  if (!outcome.ok)
    throw Object.assign(new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`), { code: outcome.error.code });
  return outcome.result as T;
}

describe('landing-zone bootstrap on PostgreSQL', () => {
  it('publishes system services and provisions an environment through the job queue', { timeout: 400_000 }, async () => {
    const database = await databases.migrated();
    const temp = tempDir();
    const engine = await createEngine({
      dataDir: path.join(temp.dir, 'server'),
      secretKey: () => 'ab'.repeat(32),
      store: await openPostgresStore(database.url),
      jobQueue: await openPostgresJobQueue(database.url, { workers: 2, pollingIntervalSeconds: 0.5 }),
    });
    try {
      await engine.ready;
      await call(engine, 'createIpamPool', { name: 'lab', cidr: '10.61.0.0/16' });
      await call(engine, 'createLandingZone', { name: 'pg-zone', provider: 'local', resolverConfig: { ipam: { pool: 'lab' } } });
      await call(engine, 'setLandingZoneServices', {
        landingZone: 'pg-zone',
        document: {
          schemaVersion: 1,
          nodes: [{ id: 'mgmt', label: 'mgmt', component: 'local-network@1', position: { x: 0, y: 0 } }],
          wires: [],
        },
      });
      const { jobId } = await call<{ jobId: string }>(engine, 'publishLandingZone', { landingZone: 'pg-zone' });
      const published = await engine.jobs.settled(jobId);
      expect(published.error).toBeNull();
      expect(await call(engine, 'getLandingZoneServices', { landingZone: 'pg-zone' })).toMatchObject({
        status: 'published',
        publishedRevision: 1,
        systemEnvironment: 'pg-zone-system',
      });
      expect(await call(engine, 'listDeployments', { environment: 'pg-zone-system' })).toEqual([
        expect.objectContaining({ nodeId: 'mgmt', status: 'deployed' }),
      ]);

      await call(engine, 'createEnvironmentTemplate', { landingZone: 'pg-zone', name: 'std', mandatoryComponents: ['local-secret'] });
      const env = await call<{ status: string; provisioningJobId: string }>(engine, 'createEnvironment', {
        name: 'pg-dev',
        landingZone: 'pg-zone',
        template: 'std',
      });
      expect(env.status).toBe('provisioning');
      const provisioned = await engine.jobs.settled(env.provisioningJobId);
      expect(provisioned.error).toBeNull();
      const listed = await call<{ name: string; status: string }[]>(engine, 'listEnvironments', {});
      expect(listed.find((each) => each.name === 'pg-dev')?.status).toBe('active');
      const audit = await call<{ action: string }[]>(engine, 'listAuditEntries', { entity: 'environment' });
      expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['environment.provision', 'environment.provisioned']));
    } finally {
      await engine.dispose();
      await killAll(processesMentioning(temp.dir));
      temp.remove();
      await database.drop();
    }
  });
});
