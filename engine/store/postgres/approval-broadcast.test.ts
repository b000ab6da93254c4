import { describe, expect, it } from 'vitest';
import { permissionAuthorizer, type Caller } from '../../api/authorization.js';
import { parseRemoteApprovalEvent, type ApprovalEvent } from '../../approvals/approval-service.js';
import { PERMISSIONS } from '../../common/permissions.js';
import { createEngine, type Engine } from '../../engine.js';
import { IdentityService } from '../../identity/identity-service.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { until } from '../../test-support/until.js';
import { openPostgresJobQueue } from './postgres-job-queue.js';
import { openPostgresStore } from './postgres-store-port.js';
import { useTestDatabases } from './test-support/test-databases.js';

const databases = useTestDatabases();
const SECRET = 'ef'.repeat(32);

async function serverProcess(url: string, dataDir: string): Promise<Engine> {
  const store = await openPostgresStore(url);
  const engine = await createEngine({
    dataDir,
    secretKey: () => SECRET,
    store,
    shared: { identity: new IdentityService(store) },
    authorizer: permissionAuthorizer,
    jobQueue: await openPostgresJobQueue(url, { workers: 0 }),
  });
  await engine.ready;
  return engine;
}

describe('approval changes between server processes', () => {
  it('lets the clients of another process hear a request and its decision, once each', async () => {
    const database = await databases.migrated();
    const temp = tempDir();
    const first = await serverProcess(database.url, temp.dir);
    const second = await serverProcess(database.url, temp.dir);
    const person = (id: string): Caller => ({ id, tenant: 'default', permissions: new Set(PERMISSIONS) });
    const must = async <T>(engine: Engine, who: string, method: string, input: unknown): Promise<T> => {
      const outcome = await engine.dispatcher.dispatch(method, input, { caller: person(who) });
      if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), outcome.error);
      return outcome.result as T;
    };
    const heardBySecond: ApprovalEvent[] = [];
    const heardByFirst: ApprovalEvent[] = [];
    const stopSecond = second.approvals.onEvent((event) => heardBySecond.push(event));
    const stopFirst = first.approvals.onEvent((event) => heardByFirst.push(event));
    try {
      await must(first, 'ann', 'createLandingZone', { name: 'zone', provider: 'local' });
      await must(first, 'ann', 'createEnvironment', { name: 'prod', landingZone: 'zone' });
      await must(first, 'ann', 'setApprovalPolicy', { environment: 'prod', actions: ['destroy'], required: 1 });
      const refused = await first.dispatcher.dispatch(
        'startTopologyDestroy',
        { environment: 'prod', topology: 'web' },
        { caller: person('ann') },
      );
      expect(refused).toMatchObject({ ok: false, error: { code: 'approval_pending' } });
      await until(() => heardBySecond.some((event) => event.type === 'approval.requested'), 'the other process hears the request');
      const requestId = heardBySecond[0]!.requestId;
      await must(second, 'bob', 'rejectApprovalRequest', { id: requestId, comment: 'not today' });
      await until(() => heardByFirst.some((event) => event.type === 'approval.decided'), 'the first process hears the decision');
      // Each change once in each process: its own, or the other's broadcast, never both.
      expect(heardBySecond.map((event) => event.type)).toEqual(['approval.requested', 'approval.decided']);
      expect(heardByFirst.map((event) => event.type)).toEqual(['approval.requested', 'approval.decided']);
      expect(heardByFirst[1]).toMatchObject({ requestId, status: 'rejected', by: 'bob', tenant: 'default' });
    } finally {
      stopFirst();
      stopSecond();
      await second.dispose();
      await first.dispose();
      temp.remove();
      await database.drop();
    }
  });

  it('drops a broadcast that is not an approval change', () => {
    expect(parseRemoteApprovalEvent('not json')).toBeNull();
    expect(parseRemoteApprovalEvent('null')).toBeNull();
    expect(parseRemoteApprovalEvent(JSON.stringify({ type: 'approval.hacked', tenant: 't' }))).toBeNull();
    expect(parseRemoteApprovalEvent(JSON.stringify({ type: 'approval.void', tenant: 7 }))).toBeNull();
  });
});
