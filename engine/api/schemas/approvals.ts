/** Approvals before deploy as the API shows them: policies, requests with their plans, decisions. */
import { z } from 'zod';
import { EntityId } from './common.js';

const Name = z.string().min(1).max(200);
const Time = z.string();
/** `deploy`, `destroy`, `upgrade` or a day-2 operation `day2:NAME`. */
const GatedAction = z.union([
  z.enum(['deploy', 'destroy', 'upgrade']),
  z.string().regex(/^day2:[a-z][a-z0-9-]{0,62}$/, 'deploy, destroy, upgrade or day2:NAME'),
]);

/** Who may approve: a user, the members of a group, or the holders of a role (at the tenant or above). */
export const ApproverRefSchema = z.object({ kind: z.enum(['user', 'group', 'role']), name: z.string().min(1).max(63) }).strict();

/** Where a policy applies: an environment, or a landing zone (for its environments without their own). */
export const ApprovalScopeInputSchema = z
  .object({ environment: Name.optional(), landingZone: Name.optional() })
  .strict()
  .refine((input) => (input.environment === undefined) !== (input.landingZone === undefined), {
    message: 'give an environment or a landing zone',
  });

/** Setting a policy; omitted fields take their defaults (1 approval, no self-approval, one day). */
export const SetApprovalPolicyInputSchema = z
  .object({
    environment: Name.optional(),
    landingZone: Name.optional(),
    actions: z.array(GatedAction).min(1).max(50),
    approvers: z.array(ApproverRefSchema).max(100).optional(),
    required: z.number().int().min(1).max(100).optional(),
    selfApproval: z.boolean().optional(),
    expiresAfterMinutes: z
      .number()
      .int()
      .min(1)
      .max(90 * 24 * 60)
      .optional(),
    localConfirmation: z.boolean().optional(),
  })
  .strict()
  .refine((input) => (input.environment === undefined) !== (input.landingZone === undefined), {
    message: 'give an environment or a landing zone',
  });

/** A policy. */
export const ApprovalPolicySchema = z.object({
  scopeKind: z.enum(['environment', 'landing-zone']),
  scopeId: z.string(),
  scopeName: z.string(),
  actions: z.array(z.string()),
  approvers: z.array(ApproverRefSchema),
  required: z.number().int(),
  selfApproval: z.boolean(),
  expiresAfterMinutes: z.number().int(),
  localConfirmation: z.boolean(),
  updatedAt: Time,
  updatedBy: z.string(),
});

export const ApprovalStatusSchema = z.enum(['pending', 'approved', 'rejected', 'expired', 'void']);

/** One approver's decision. */
export const ApprovalDecisionSchema = z.object({
  by: z.string(),
  decision: z.enum(['approve', 'reject']),
  comment: z.string(),
  at: Time,
});

/** A request as listed: where it stands and who decided, without the plan. */
export const ApprovalRequestSummarySchema = z.object({
  id: z.string(),
  action: z.string(),
  environment: z.string(),
  subject: z.string(),
  requester: z.string(),
  status: ApprovalStatusSchema,
  /** How many distinct approvals it has, and how many it needs. */
  approvals: z.number().int(),
  required: z.number().int(),
  decisions: z.array(ApprovalDecisionSchema),
  reason: z.string().nullable(),
  planHash: z.string(),
  jobId: z.string().nullable(),
  createdAt: Time,
  expiresAt: Time,
  decidedAt: Time.nullable(),
});

/** A request with what it approves: the plan (its hash binds the approval), Pulumi's diff when a preview exists, the policy. */
export const ApprovalRequestSchema = ApprovalRequestSummarySchema.extend({
  plan: z.unknown(),
  diff: z.unknown().nullable(),
  cost: z.number().nullable(),
  policy: ApprovalPolicySchema,
});

export const ListApprovalRequestsInputSchema = z
  .object({
    status: z.enum(['pending', 'decided', 'expired', 'all']).optional(),
    environment: Name.optional(),
  })
  .strict();

export const ApprovalDecisionInputSchema = z
  .object({
    id: EntityId,
    comment: z.string().max(2000).optional(),
  })
  .strict();
