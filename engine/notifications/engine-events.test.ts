import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInRequest } from '../context/request-context.js';
import { createTestEngine, type TestEngine } from '../test-support/test-engine.js';
import { approvalEvent, environmentOfJob, notifyApproval, notifyStackStateChanged, stackStateChangedEvent } from './engine-events.js';
import { queueNotifications } from './notification-service.js';

const as = <T>(actor: string, work: () => Promise<T>) =>
  runInRequest({ requestId: 'r', actor, tenant: 'default', clientAddress: null }, work);

describe('notifications from what happens in the engine', () => {
  let test: TestEngine;
  beforeEach(async () => {
    test = await createTestEngine({ secretKey: () => 'ab'.repeat(32) });
  });
  afterEach(() => test.dispose());

  it('tells approvers in-app and subscribers of the environment, each once', async () => {
    const { notifications } = test.engine;
    await as('ann', () =>
      notifications.subscribe({ eventType: 'approval.requested', channel: 'in-app', environment: 'prod' }, { id: 'ann', manager: false }),
    );
    await as('cid', () =>
      notifications.subscribe({ eventType: 'approval.requested', channel: 'in-app', environment: 'dev' }, { id: 'cid', manager: false }),
    );
    const queued = await as('bob', () =>
      notifyApproval(notifications, {
        type: 'approval.requested',
        approvalId: 'ap-1',
        title: 'Deploy web to prod',
        environment: 'prod',
        requestedBy: 'bob',
        expiresAt: '2026-12-07T12:00:00.000Z',
        approvers: ['ann', 'dora'],
      }),
    );
    // Ann is a subscriber and an approver: one notification. Cid subscribed to another environment.
    expect(queued).toBe(2);
    const [ann] = await notifications.inbox('ann');
    expect(ann).toMatchObject({ subject: 'Approval requested: Deploy web to prod', eventType: 'approval.requested' });
    expect(ann!.body).toContain('bob asks for approval of Deploy web to prod in prod');
    expect(ann!.payload).toMatchObject({ data: { approvalId: 'ap-1' } });
    expect(await notifications.inbox('dora')).toHaveLength(1);
    expect(await notifications.inbox('cid')).toEqual([]);
    expect(
      approvalEvent({ type: 'approval.decided', approvalId: 'a', title: 't', environment: 'e', decision: 'rejected', decidedBy: 'x' }).data,
    ).toEqual({
      approvalId: 'a',
      decision: 'rejected',
    });
  });

  it('notifies a stack state change, also inside the unit of work that records it', async () => {
    const { notifications, store } = test.engine;
    await as('ann', () => notifications.subscribe({ eventType: 'stack.state_changed', channel: 'in-app' }, { id: 'ann', manager: false }));
    const change = { instanceId: 'i-1', instance: 'shop', environment: 'dev', from: 'deploying', to: 'running' };
    expect(await as('ann', () => notifyStackStateChanged(notifications, change))).toBe(1);
    await as('ann', () =>
      store.unitOfWork((tx) =>
        queueNotifications(tx, stackStateChangedEvent({ ...change, from: 'running', to: 'failed', reason: 'boom' })),
      ),
    );
    const inbox = await notifications.inbox('ann');
    expect(inbox.map((n) => n.subject).sort()).toEqual(['Stack shop: failed', 'Stack shop: running']);
    expect(inbox.find((n) => n.subject.endsWith('failed'))!.body).toContain('boom');
  });

  it('reads the environment from the titles the deploy service gives its jobs', () => {
    expect(environmentOfJob('deploy.topology', 'Deploy web to dev')).toBe('dev');
    expect(environmentOfJob('deploy.destroy', 'Destroy office in prod-eu')).toBe('prod-eu');
    expect(environmentOfJob('deploy.repair', 'Repair drift of net in staging')).toBe('staging');
    expect(environmentOfJob('deploy.upgrade', 'Upgrade web-1 to local-vm@2')).toBeNull();
  });
});
