import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../api/authorization.js';
import type { Job } from '../api/schemas/jobs.js';
import { PERMISSIONS } from '../common/permissions.js';
import { killAll, processesMentioning } from '../components/builtin/local/processes.js';
import { runInRequest } from '../context/request-context.js';
import { createEngine, type Engine } from '../engine.js';
import { IdentityService } from '../identity/identity-service.js';
import { openStore } from '../store/store.js';
import { createTestEngine } from '../test-support/test-engine.js';
import { tempDir } from '../test-support/temp-dir.js';
import type { ApprovalEvent } from './approval-service.js';
import { diskTopology } from './test-support/approval-suite.js';

// Approved actions really run: real SQLite, the real Pulumi CLI, the local provider's real objects.
type Outcome = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; details: Record<string, unknown> } };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dispatch(engine: Engine, caller: Caller | undefined, method: string, input: unknown): Promise<Outcome> {
  return (await engine.dispatcher.dispatch(method, input, caller ? { caller } : {})) as Outcome;
}

async function must<T = Record<string, unknown>>(engine: Engine, caller: Caller | undefined, method: string, input: unknown): Promise<T> {
  const outcome = await dispatch(engine, caller, method, input);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as T;
}

describe('approved actions run with the real Pulumi CLI', () => {
  it('a deploy approved 2 of 3 runs as its requester through the job queue', { timeout: 300_000 }, async () => {
    const temp = tempDir();
    const dataDir = path.join(temp.dir, 'data');
    const store = openStore(path.join(temp.dir, 'db')).async;
    const identity = new IdentityService(store);
    const { tenant, user: root } = await identity.bootstrap({ provider: 'acme', admin: 'root' });
    const as = (id: string): Caller => ({ id, tenant: tenant.id, permissions: new Set(PERMISSIONS) });
    const admin = as(root.id);
    const alice = as((await identity.createUser(admin, { name: 'alice', role: 'user' })).user.id);
    const bob = as((await identity.createUser(admin, { name: 'bob', role: 'user' })).user.id);
    const carol = as((await identity.createUser(admin, { name: 'carol', role: 'user' })).user.id);
    const engine = await createEngine({ dataDir, store, shared: { identity } });
    cleanups.push(async () => {
      await engine.dispose();
      await killAll(processesMentioning(dataDir));
      temp.remove();
    });
    await engine.ready;
    const events: ApprovalEvent[] = [];
    engine.approvals.onEvent((event) => events.push(event));

    await must(engine, admin, 'createLocalSandbox', {});
    await must(engine, admin, 'setApprovalPolicy', {
      environment: 'sandbox',
      actions: ['deploy'],
      approvers: ['alice', 'bob', 'carol'].map((name) => ({ kind: 'user', name })),
      required: 2,
    });
    const shop = await must<{ id: string }>(engine, alice, 'createTopology', { name: 'shop', document: diskTopology() });
    const inTenant = <T>(work: () => Promise<T>) =>
      runInRequest({ requestId: 't', actor: alice.id, tenant: tenant.id, clientAddress: null }, work);
    // A preview of the same topology ran: the request shows Pulumi's diff beside the plan.
    const preview = await must<{ jobId: string }>(engine, alice, 'previewDeployment', { environment: 'sandbox', topologyId: shop.id });
    expect((await inTenant(() => engine.jobs.settled(preview.jobId))).status).toBe('succeeded');
    const asked = await dispatch(engine, alice, 'startDeployment', { environment: 'sandbox', topologyId: shop.id });
    if (asked.ok) throw new Error('the deploy did not wait for approval');
    expect(asked.error.code).toBe('approval_pending');
    const id = asked.error.details.requestId as string;
    const request = await must<{ diff: { nodes: { nodeId: string; action: string }[] } | null }>(engine, bob, 'getApprovalRequest', { id });
    expect(request.diff?.nodes).toEqual([expect.objectContaining({ nodeId: 'disk', action: 'create' })]);

    expect(await must(engine, bob, 'approveApprovalRequest', { id })).toMatchObject({ status: 'pending', jobId: null });
    const approved = await must<{ status: string; jobId: string | null }>(engine, carol, 'approveApprovalRequest', {
      id,
      comment: 'ship it',
    });
    expect(approved.status).toBe('approved');
    expect(approved.jobId).not.toBeNull();
    const job: Job = await inTenant(() => engine.jobs.settled(approved.jobId!));
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ kind: 'deploy.topology', status: 'succeeded' });
    const deployments = await must<{ status: string; topology: string }[]>(engine, alice, 'listDeployments', { environment: 'sandbox' });
    expect(deployments).toEqual([expect.objectContaining({ topology: 'shop', status: 'deployed' })]);
    expect(events.map((event) => event.type)).toEqual(['approval.requested', 'approval.decided', 'approval.decided', 'approval.started']);

    // It ran as alice, the requester: the deployment's audit rows name her, not the last approver.
    const audit = await runInRequest({ requestId: 't', actor: alice.id, tenant: tenant.id, clientAddress: null }, async () => ({
      deployment: await engine.store.audit.list({ entity: 'deployment' }),
      request: await engine.store.audit.history('approval-request', id),
    }));
    expect(new Set(audit.deployment.map((row) => row.actor))).toEqual(new Set([alice.id]));
    expect(audit.request.map((row) => row.action)).toEqual([
      'approval-request.create',
      'approval-request.approve',
      'approval-request.approve',
      'approval-request.start',
      'approval-request.started',
    ]);
    // An approval is used once: the same deploy again asks anew.
    const again = await dispatch(engine, alice, 'startDeployment', { environment: 'sandbox', topologyId: shop.id });
    expect(again).toMatchObject({ ok: false, error: { code: 'approval_pending' } });
    expect(again.ok ? null : again.error.details.requestId).not.toBe(id);

    const { jobId } = await must<{ jobId: string }>(engine, alice, 'startTopologyDestroy', { environment: 'sandbox', topology: 'shop' });
    const destroyed = await inTenant(() => engine.jobs.settled(jobId));
    expect(destroyed.status).toBe('succeeded');
  });

  it(
    'on the local engine, a gated deploy runs once its requester confirms with a reason; n of m is server_only',
    { timeout: 300_000 },
    async () => {
      const made = await createTestEngine();
      cleanups.push(async () => {
        await made.dispose();
        await killAll(processesMentioning(made.dataDir));
      });
      const engine = made.engine;
      await must(engine, undefined, 'createLocalSandbox', {});
      for (const policy of [{ required: 2 }, { approvers: [{ kind: 'user', name: 'bob' }] }])
        expect(
          await dispatch(engine, undefined, 'setApprovalPolicy', { environment: 'sandbox', actions: ['deploy'], ...policy }),
        ).toMatchObject({
          ok: false,
          error: { code: 'server_only' },
        });
      expect(await must(engine, undefined, 'setApprovalPolicy', { environment: 'sandbox', actions: ['deploy'] })).toMatchObject({
        localConfirmation: true,
        required: 1,
      });
      const asked = await dispatch(engine, undefined, 'startDeployment', {
        environment: 'sandbox',
        name: 'lab',
        document: diskTopology(4),
      });
      if (asked.ok) throw new Error('the deploy did not wait for confirmation');
      expect(asked.error.code).toBe('approval_pending');
      expect(asked.error.message).toContain('confirm it with a reason');
      const id = asked.error.details.requestId as string;
      expect(await dispatch(engine, undefined, 'approveApprovalRequest', { id })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
      expect(await dispatch(engine, undefined, 'approveApprovalRequest', { id, comment: '   ' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
      const confirmed = await must<{ status: string; jobId: string }>(engine, undefined, 'approveApprovalRequest', {
        id,
        comment: 'lab rebuild after the disk failure',
      });
      expect(confirmed.status).toBe('approved');
      expect((await engine.jobs.settled(confirmed.jobId)).status).toBe('succeeded');
      const audit = await engine.store.audit.history('approval-request', id);
      const confirmation = audit.find((row) => row.action === 'approval-request.confirm');
      expect(JSON.stringify(confirmation?.newValue)).toContain('lab rebuild after the disk failure');
      expect(
        (
          await engine.jobs.settled(
            (await must<{ jobId: string }>(engine, undefined, 'startTopologyDestroy', { environment: 'sandbox', topology: 'lab' })).jobId,
          )
        ).status,
      ).toBe('succeeded');
    },
  );
});
