/** The records of approvals before deploy: policies per environment or landing zone, and requests. */

/** Who may approve: a user, the members of a group, or whoever holds a role at the request's tenant (or above). */
export type ApproverRef = { kind: 'user'; name: string } | { kind: 'group'; name: string } | { kind: 'role'; name: string };

/** Where a policy applies: one environment, or every environment of a landing zone without its own. */
export type ApprovalScopeKind = 'environment' | 'landing-zone';

/**
 * Which actions of an environment wait for approval, who approves them and how. `actions` holds
 * `deploy`, `destroy`, `upgrade` and day-2 operations by name (`day2:<operation>`).
 */
export interface ApprovalPolicyRecord {
  scopeKind: ApprovalScopeKind;
  /** The environment's or landing zone's id. */
  scopeId: string;
  /** Its name when the policy was set, for listings. */
  scopeName: string;
  actions: string[];
  approvers: ApproverRef[];
  /** How many distinct approvals an action needs (the n of n-of-m). */
  required: number;
  /** Whether the requester may approve their own request (off by default). */
  selfApproval: boolean;
  /** Minutes after which an undecided request lapses. */
  expiresAfterMinutes: number;
  /**
   * Single-user mode: the requester confirms a second time with a typed reason (recorded in the
   * audit log) instead of another person approving.
   */
  localConfirmation: boolean;
  updatedAt: string;
  updatedBy: string;
}

/** Where a request stands: decided ones never change again. */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'void';

/** One approver's decision on a request. */
export interface ApprovalDecision {
  by: string;
  decision: 'approve' | 'reject';
  comment: string;
  at: string;
}

/**
 * An action waiting for (or past) approval, bound to the plan it showed: the plan and its hash
 * (sha256 of its canonical JSON). `subject` says what the action is on (a topology name, a stack
 * instance); `payload` is what runs the action again once approved.
 */
export interface ApprovalRequestRecord {
  id: string;
  /** The tenant it belongs to (read from its row; a new request takes the scope's tenant whatever this says). */
  tenant: string;
  action: string;
  environment: string;
  subject: string;
  /** What gated caller asked for, enough to run it again (the deploy target, the topology name…). */
  payload: unknown;
  requester: string;
  plan: unknown;
  planHash: string;
  /** Pulumi's preview diff where a preview job of this plan exists; null otherwise. */
  diff: unknown;
  /** Estimated cost: not computed yet, always null. */
  cost: number | null;
  /** The policy as it was when the request was made (later policy changes do not move it). */
  policy: ApprovalPolicyRecord;
  status: ApprovalStatus;
  decisions: ApprovalDecision[];
  /** Why a request is void or how it ended, in words. */
  reason: string | null;
  /** The job that ran the approved action (null when its requester started it again themselves). */
  jobId: string | null;
  /** When the approved action was started; an approval is used once. */
  startedAt: string | null;
  /** Whether the notifier was told that the request expires soon. */
  expiringNoticeSent: boolean;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
  /** Moves on with every change: updates compare and swap on it. */
  revision: number;
}

/** Filters of a request listing. */
export interface ApprovalRequestFilter {
  status?: ApprovalStatus[];
  environment?: string;
}

/**
 * Approval policies and requests of the current tenant. Every write is audited in its transaction
 * (entity `approval-policy` / `approval-request`).
 */
export interface ApprovalPort {
  /** Creates or replaces the policy of its scope. */
  savePolicy(policy: ApprovalPolicyRecord): Promise<void>;
  policy(scopeKind: ApprovalScopeKind, scopeId: string): Promise<ApprovalPolicyRecord | undefined>;
  policies(): Promise<ApprovalPolicyRecord[]>;
  /** False when the scope had no policy. */
  deletePolicy(scopeKind: ApprovalScopeKind, scopeId: string, at: string): Promise<boolean>;
  insertRequest(request: ApprovalRequestRecord): Promise<void>;
  request(id: string): Promise<ApprovalRequestRecord | undefined>;
  /** Newest first. */
  requests(filter?: ApprovalRequestFilter): Promise<ApprovalRequestRecord[]>;
  /**
   * Replaces the request when its stored revision is still `next.revision - 1`; false, writing
   * nothing, when another change came first. `action` names the change in the audit log.
   */
  updateRequest(next: ApprovalRequestRecord, action: string): Promise<boolean>;
}
