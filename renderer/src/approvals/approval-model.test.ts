import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import type { WhoAmI } from '../permissions/permission-store';
import {
  awaitsMe,
  decideBlockedReason,
  describeApprovalError,
  parseApprovers,
  pendingRequestId,
  planValueRows,
  type ApprovalSummary,
} from './approval-model';

const who = (name: string, backend: 'server' | 'local' = 'server'): WhoAmI => ({
  backend,
  user: { id: `id-${name}`, name, displayName: name },
  tenant: { id: 't1', name: 'acme' },
  permissions: [],
});

const request = (patch: Partial<ApprovalSummary> = {}): ApprovalSummary => ({
  id: 'r1',
  action: 'deploy',
  environment: 'prod',
  subject: 'web',
  requester: 'id-ann',
  status: 'pending',
  approvals: 0,
  required: 1,
  decisions: [],
  reason: null,
  planHash: 'abc',
  jobId: null,
  createdAt: '2026-12-06T10:00:00.000Z',
  expiresAt: '2026-12-07T10:00:00.000Z',
  decidedAt: null,
  ...patch,
});

describe('deciding on approval requests', () => {
  it('blocks the requester when the policy needs another approver, and allows them when self-approval is on', () => {
    const policy = { selfApproval: false, localConfirmation: false };
    expect(decideBlockedReason({ ...request(), policy }, who('ann'), null)).toMatch(/another approver/);
    expect(decideBlockedReason({ ...request(), policy: { ...policy, selfApproval: true } }, who('ann'), null)).toBeNull();
    expect(decideBlockedReason({ ...request(), policy }, who('bob'), null)).toBeNull();
  });

  it('names the missing permission first, then a closed request, then a decision already made', () => {
    expect(decideBlockedReason(request(), who('bob'), 'You lack the permission approval:decide')).toBe(
      'You lack the permission approval:decide',
    );
    expect(decideBlockedReason(request({ status: 'rejected' }), who('bob'), null)).toMatch(/rejected/);
    const decided = request({ decisions: [{ by: 'id-bob', decision: 'approve', comment: '', at: '2026-12-06T10:01:00.000Z' }] });
    expect(decideBlockedReason(decided, who('bob'), null)).toMatch(/already decided/);
    expect(awaitsMe(decided, who('bob'))).toBe(false);
    expect(awaitsMe(request(), who('bob'))).toBe(true);
    expect(awaitsMe(request(), who('ann'))).toBe(false);
  });

  it('reads the request of an approval_pending refusal and nothing else', () => {
    expect(pendingRequestId(new ApiError('approval_pending', 'waits', { requestId: 'r9' }))).toBe('r9');
    expect(pendingRequestId({ code: 'approval_pending', message: 'waits', details: { requestId: 'r8' } })).toBe('r8');
    expect(pendingRequestId(new ApiError('approval_pending', 'waits', { requestId: 42 }))).toBeNull();
    expect(pendingRequestId(new ApiError('forbidden', 'no', { requestId: 'r9' }))).toBeNull();
    expect(pendingRequestId(null)).toBeNull();
  });

  it('words failures by code, not by message', () => {
    expect(describeApprovalError(new ApiError('approval_closed', 'anything')).title).toBe('The request is no longer pending');
    expect(describeApprovalError(new ApiError('approval_duplicate', 'anything')).title).toBe('You already decided');
    expect(describeApprovalError(new ApiError('internal', 'disk full')).message).toBe('disk full');
  });
});

describe('plans and policies', () => {
  it('lists a deploy plan’s resolved values and a destroy plan’s values, and nothing for a malformed plan', () => {
    const deploy = {
      nodes: [{ nodeId: 'n1', label: 'disk', component: 'local-storage@1', values: { size_mb: { value: 1, source: 'user' } } }],
    };
    expect(planValueRows(deploy)).toEqual([{ node: 'disk', component: 'local-storage@1', key: 'size_mb', value: '1', source: 'user' }]);
    const destroy = { deployments: [{ id: 'd1', nodeId: 'n1', component: 'local-storage', version: 1, values: { path: '/tmp/x' } }] };
    expect(planValueRows(destroy)).toEqual([{ node: 'n1', component: 'local-storage@1', key: 'path', value: '/tmp/x', source: '' }]);
    for (const hostile of [null, 'plan', 42, [], { nodes: 'x' }, { nodes: [null, 7] }]) expect(planValueRows(hostile)).toEqual([]);
  });

  it('parses approvers as KIND:NAME and names the malformed entry', () => {
    expect(parseApprovers('user:bob, role:tenant-admin group:release')).toEqual({
      approvers: [
        { kind: 'user', name: 'bob' },
        { kind: 'role', name: 'tenant-admin' },
        { kind: 'group', name: 'release' },
      ],
    });
    expect(parseApprovers('')).toEqual({ approvers: [] });
    expect(parseApprovers('bob')).toEqual({ error: '"bob" is not KIND:NAME with KIND user, group or role' });
    expect(parseApprovers('team:x')).toMatchObject({ error: expect.stringContaining('team:x') });
  });
});
