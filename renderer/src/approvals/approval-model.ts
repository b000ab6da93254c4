import type { MethodOutput } from '../../../engine/api/contract';
import { toApiError } from '../api/api-error';
import type { WhoAmI } from '../permissions/permission-store';
import type { TagTone } from '../ui/Tag';

export type ApprovalSummary = MethodOutput<'listApprovalRequests'>[number];
export type ApprovalRequest = MethodOutput<'getApprovalRequest'>;
export type ApprovalPolicy = MethodOutput<'listApprovalPolicies'>[number];
export type ApprovalStatusFilter = 'pending' | 'decided' | 'expired' | 'all';

export const STATUS_TONE: Record<ApprovalSummary['status'], TagTone> = {
  pending: 'warning',
  approved: 'success',
  rejected: 'danger',
  expired: 'neutral',
  void: 'neutral',
};

/** Whether the signed-in user is the one who asked (requests name their requester by user id). */
export function isOwnRequest(request: Pick<ApprovalSummary, 'requester'>, who: WhoAmI | null): boolean {
  return who !== null && (request.requester === who.user.id || request.requester === who.user.name);
}

/** Whether the signed-in user already decided on the request. */
export function hasDecided(request: Pick<ApprovalSummary, 'decisions'>, who: WhoAmI | null): boolean {
  return who !== null && request.decisions.some((decision) => decision.by === who.user.id || decision.by === who.user.name);
}

/**
 * Why the signed-in user may not decide on `request` now, or null when they may as far as the app
 * knows (the server still checks eligibility against the policy's approvers). `permissionReason` is
 * the PermissionStore's answer for `approveApprovalRequest`.
 */
export function decideBlockedReason(
  request: ApprovalSummary & { policy?: Pick<ApprovalPolicy, 'selfApproval' | 'localConfirmation'> },
  who: WhoAmI | null,
  permissionReason: string | null,
): string | null {
  if (permissionReason !== null) return permissionReason;
  if (request.status !== 'pending') return `This request is ${request.status}; only pending requests take decisions`;
  if (hasDecided(request, who)) return 'You already decided on this request; each approver counts once';
  const policy = request.policy;
  if (isOwnRequest(request, who) && policy && !policy.selfApproval && !policy.localConfirmation)
    return 'You asked for this; the policy needs another approver';
  return null;
}

/** Whether the user could decide on a pending request from the list alone (for the navigation badge). */
export function awaitsMe(request: ApprovalSummary, who: WhoAmI | null): boolean {
  return (
    request.status === 'pending' && !hasDecided(request, who) && (who === null || !isOwnRequest(request, who) || who.backend === 'local')
  );
}

/** A failed approval call in words a person can act on, chosen by the error's code. */
export function describeApprovalError(error: unknown): { title: string; message: string } {
  const apiError = toApiError(error);
  switch (apiError.code) {
    case 'forbidden':
      return { title: 'Not allowed', message: apiError.message };
    case 'approval_closed':
      return {
        title: 'The request is no longer pending',
        message: 'Someone decided first, or it expired. The request is shown as it is now.',
      };
    case 'approval_duplicate':
      return { title: 'You already decided', message: 'Each approver counts once on a request.' };
    case 'approval_void':
      return { title: 'The plan changed', message: 'The approved plan no longer matches the topology; run the action again to ask anew.' };
    case 'server_only':
      return { title: 'Needs the shared server', message: 'Approval by other people happens on the shared Nimbus server.' };
    case 'not_found':
      return { title: 'No such request', message: 'The approval request does not exist or belongs to another tenant.' };
    case 'connection_lost':
      return { title: 'Connection to Nimbus lost', message: 'Try again once the connection is back.' };
    case 'invalid_input': {
      const issues = apiError.issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
      return { title: 'Refused', message: issues.length > 0 ? issues.join('; ') : apiError.message };
    }
    default:
      return { title: 'The approval call failed', message: apiError.message };
  }
}

/** The request an `approval_pending` refusal names, or null for any other error. */
export function pendingRequestId(error: unknown): string | null {
  if (error === null || error === undefined) return null;
  const apiError = toApiError(error);
  if (apiError.code !== 'approval_pending') return null;
  const id = apiError.details['requestId'];
  return typeof id === 'string' ? id : null;
}

export interface PlanValueRow {
  node: string;
  component: string;
  key: string;
  value: string;
  source: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value));

/**
 * The plan's resolved values, one row per node and key, for a table: a deploy plan lists `nodes`
 * with `{ value, source }` per key, a destroy plan `deployments` with plain values. Anything else
 * gives no rows (the raw plan is still shown).
 */
export function planValueRows(plan: unknown): PlanValueRow[] {
  if (!isRecord(plan)) return [];
  const entries = Array.isArray(plan['nodes']) ? plan['nodes'] : Array.isArray(plan['deployments']) ? plan['deployments'] : [];
  const rows: PlanValueRow[] = [];
  for (const entry of entries) {
    if (!isRecord(entry)) continue;
    const node = text(entry['label'] ?? entry['nodeId']);
    const component = text(entry['component']) + (entry['version'] !== undefined ? `@${text(entry['version'])}` : '');
    const values = isRecord(entry['values']) ? entry['values'] : {};
    const keys = Object.keys(values).sort();
    if (keys.length === 0) rows.push({ node, component, key: '', value: '', source: '' });
    for (const key of keys) {
      const raw = values[key];
      const resolved = isRecord(raw) && 'value' in raw;
      rows.push({
        node,
        component,
        key,
        value: text(resolved ? raw['value'] : raw),
        source: resolved ? text(raw['source']) : '',
      });
    }
  }
  return rows;
}

/** "in 3 h", "2 min ago": a time relative to now, for expiry and decisions. */
export function relativeTime(iso: string, now = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((at - now) / 1000);
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}

/** Splits `user:bob, role:tenant-admin` into approver references; a malformed entry is named in the error. */
export function parseApprovers(input: string): { approvers: ApprovalPolicy['approvers'] } | { error: string } {
  const approvers: ApprovalPolicy['approvers'] = [];
  for (const part of input.split(/[,\s]+/).filter((entry) => entry !== '')) {
    const match = /^(user|group|role):(.+)$/.exec(part);
    if (!match) return { error: `"${part}" is not KIND:NAME with KIND user, group or role` };
    approvers.push({ kind: match[1] as 'user' | 'group' | 'role', name: match[2]! });
  }
  return { approvers };
}

export const formatApprovers = (approvers: ApprovalPolicy['approvers']): string =>
  approvers.map((approver) => `${approver.kind}:${approver.name}`).join(', ');
