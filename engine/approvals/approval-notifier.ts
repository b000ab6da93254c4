/**
 * What the approvals engine tells the notification gateway. The gateway (email, webhooks, in-app)
 * implements this and is passed to the engine; until then {@link noopApprovalNotifier} is used.
 * Calls are made after the change is committed; a notifier that throws or rejects is logged and
 * never undoes or fails the decision.
 */
import type { ApprovalRequestRecord } from '../store/ports/approval-records.js';

/** One request as the notifier hears of it, with the tenant it belongs to. */
export interface ApprovalNotice {
  tenant: string;
  request: ApprovalRequestRecord;
}

/** The hooks of the notification gateway for approvals. */
export interface ApprovalNotifier {
  /** A gated action waits for approval: tell the eligible approvers (the policy names them). */
  requested(notice: ApprovalNotice): void | Promise<void>;
  /** A request was decided (approved, rejected) or lapsed (expired, void): tell the requester and approvers. */
  decided(notice: ApprovalNotice): void | Promise<void>;
  /** A pending request expires soon (within a quarter of its lifetime, at most an hour). */
  expiring(notice: ApprovalNotice): void | Promise<void>;
}

/** The notifier used when none is given: hears everything, sends nothing. */
export const noopApprovalNotifier: ApprovalNotifier = {
  requested: () => undefined,
  decided: () => undefined,
  expiring: () => undefined,
};
