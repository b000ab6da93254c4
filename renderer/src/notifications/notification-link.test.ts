import { describe, expect, it } from 'vitest';
import { notificationLink } from './notification-link';

describe('notificationLink', () => {
  it('leads to the deployment, stack instance or dead letters a notification is about', () => {
    expect(notificationLink({ eventType: 'drift.found', payload: { values: { deploymentId: 'd-1' } } })?.route).toEqual({
      page: 'deployments',
      id: 'd-1',
    });
    expect(notificationLink({ eventType: 'stack.state_changed', payload: { values: { instanceId: 'i-1' } } })?.route).toEqual({
      page: 'instances',
      id: 'i-1',
    });
    expect(notificationLink({ eventType: 'deploy.failed', payload: { values: { jobId: 'j' } } })?.route).toEqual({ page: 'deployments' });
    expect(notificationLink({ eventType: 'notification.dead_letter', payload: {} })?.route).toEqual({
      page: 'notifications',
      id: 'dead-letters',
    });
  });

  it('reads ids from the webhook data too, and ignores empty or non-text values', () => {
    expect(notificationLink({ eventType: 'drift.found', payload: { data: { deploymentId: 'd-2' } } })?.route.id).toBe('d-2');
    expect(notificationLink({ eventType: 'drift.found', payload: { values: { deploymentId: '' } } })).toBeNull();
    expect(notificationLink({ eventType: 'drift.found', payload: { values: { deploymentId: 42 }, data: null } })).toBeNull();
    expect(notificationLink({ eventType: 'drift.found', payload: { values: 'nonsense' } })).toBeNull();
  });

  it('keeps odd ids whole and links an approval to its request on the Approvals page', () => {
    expect(notificationLink({ eventType: 'drift.found', payload: { values: { deploymentId: 'a/b#c' } } })?.route.id).toBe('a/b#c');
    const approval = notificationLink({ eventType: 'approval.requested', payload: { values: { approvalId: 'ap-1' } } });
    expect(approval).toEqual({ route: { page: 'approvals', id: 'ap-1' }, label: 'Open the approval request' });
  });
});
