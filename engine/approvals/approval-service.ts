/**
 * Approvals before deploy (DESIGN.md §7): a policy per environment (or per landing zone, for its
 * environments without one) says which actions wait for approval, who approves and how many must.
 * A gated action does not run: {@link ApprovalService.approvalGate} records a request holding the
 * plan the action would carry out and its hash, and refuses the call with `approval_pending`. Once
 * enough eligible approvers approved, the action runs as its requester through the registered
 * action's `run` (the job queue, as a direct call would); just before it runs the plan is computed
 * again and compared by hash, and a changed plan voids the request (`approval_void`). Rejected,
 * expired and void requests never run.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Caller } from '../api/authorization.js';
import { currentRequest, runInRequest } from '../context/request-context.js';
import { currentTenantScope, LOCAL_TENANT, runAsEngineWork } from '../context/tenant-scope.js';
import { NotFoundError } from '../errors.js';
import { ancestry } from '../identity/tenancy.js';
import { logFailure, type Logger } from '../logging/logger.js';
import type {
  ApprovalPolicyRecord,
  ApprovalRequestRecord,
  ApprovalScopeKind,
  ApprovalStatus,
  ApproverRef,
} from '../store/ports/approval-records.js';
import type { RepositoryScope } from '../store/ports/store-port.js';
import { ApprovalError } from './approval-errors.js';
import { noopApprovalNotifier, type ApprovalNotifier } from './approval-notifier.js';
import { planHash } from './plan-hash.js';

/** The actions a policy can gate besides day-2 operations (`day2:<operation>`). */
export const GATED_ACTIONS = ['deploy', 'destroy', 'upgrade'] as const;

/** A request's lifetime when the policy names none: one day. */
export const DEFAULT_EXPIRY_MINUTES = 24 * 60;

/**
 * One kind of gated action, registered once by the subsystem that runs it: how to compute its plan
 * (called when the request is made and again just before the approved action runs) and how to run
 * it (called as the requester once approved; returns the job it started).
 */
export interface ApprovalAction<P = unknown> {
  plan(payload: P): Promise<ApprovalPlan>;
  run(payload: P): Promise<{ id: string }>;
}

/** What an action will do: the plan approvers see and its hash binds (`diff` is shown, never hashed). */
export interface ApprovalPlan {
  plan: unknown;
  diff?: unknown;
}

/** What a gated action passes to {@link ApprovalService.approvalGate}. */
export interface GateInput<P = unknown> {
  /** The registered action kind (see {@link ApprovalService.registerAction}), e.g. `topology.deploy`. */
  kind: string;
  /** What a policy names: `deploy`, `destroy`, `upgrade` or `day2:<operation>`. */
  action: string;
  /** The environment's id or name. */
  environment: string;
  /** What the action is on, in words (a topology name, a stack instance name). */
  subject: string;
  /** Data only: the registered action's `plan` and `run` get it back. */
  payload: P;
}

/** A change a live client hears about (see {@link ApprovalService.onEvent}). */
export interface ApprovalEvent {
  type: 'approval.requested' | 'approval.decided' | 'approval.expired' | 'approval.void' | 'approval.started';
  tenant: string;
  requestId: string;
  status: ApprovalStatus;
  action: string;
  environment: string;
  subject: string;
  requester: string;
  /** The approver whose decision this was (`approval.decided`). */
  by?: string;
  jobId?: string | null;
}

/** What setting a policy takes; defaults fill the rest. */
export interface PolicyInput {
  environment?: string | undefined;
  landingZone?: string | undefined;
  actions: string[];
  approvers?: ApproverRef[] | undefined;
  required?: number | undefined;
  selfApproval?: boolean | undefined;
  expiresAfterMinutes?: number | undefined;
  localConfirmation?: boolean | undefined;
}

/** How the approval service is built. */
export interface ApprovalServiceOptions {
  store: RepositoryScope;
  /** `shared`: a team server with users, groups and roles; `local`: the single-user engine. */
  mode: 'shared' | 'local';
  notifier?: ApprovalNotifier;
  /** Who requests when a call names no caller (the local engine's owner). */
  defaultActor?: string;
  logger?: Logger;
  now?: () => Date;
}

const ACTION = /^(deploy|destroy|upgrade|day2:[a-z][a-z0-9-]{0,62})$/;

/** See the module comment. One per engine; its methods act in the caller's tenant. */
export class ApprovalService {
  private readonly actions = new Map<string, ApprovalAction>();
  private readonly listeners = new Set<{ listener: (event: ApprovalEvent) => void; localOnly: boolean }>();
  private readonly notifier: ApprovalNotifier;
  private readonly now: () => Date;
  /** The approved request whose action is being started in this async context (the gate lets exactly it through). */
  private readonly approvedRun = new AsyncLocalStorage<{ id: string; key: string }>();
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ApprovalServiceOptions) {
    this.notifier = options.notifier ?? noopApprovalNotifier;
    this.now = options.now ?? (() => new Date());
  }

  private get store(): RepositoryScope {
    return this.options.store;
  }

  /** Registers a kind of gated action; the stack workflows register theirs the same way. */
  registerAction<P>(kind: string, action: ApprovalAction<P>): void {
    this.actions.set(kind, action as ApprovalAction);
  }

  /**
   * Hears every approval change of every tenant (the server filters per client), made in this
   * process or (through {@link hearRemote}) in another one sharing the database; `localOnly`: only
   * this process's own (what it tells the others). Returns the unsubscribe.
   */
  onEvent(listener: (event: ApprovalEvent) => void, options: { localOnly?: boolean } = {}): () => void {
    const entry = { listener, localOnly: options.localOnly === true };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /** An approval change another server process made: its listeners here hear it too. */
  hearRemote(event: ApprovalEvent): void {
    this.deliver(event, true);
  }

  // ---- Policies -------------------------------------------------------------------------------

  /** Creates or replaces the policy of an environment or landing zone. */
  async setPolicy(caller: Caller, input: PolicyInput): Promise<ApprovalPolicyRecord> {
    const scope = await this.scopeOf(input);
    const actions = [...new Set(input.actions)];
    if (actions.length === 0)
      throw new ApprovalError('invalid_input', 'Name at least one action the policy gates (deploy, destroy, upgrade, day2:NAME)');
    const unknown = actions.find((action) => !ACTION.test(action));
    if (unknown !== undefined)
      throw new ApprovalError(
        'invalid_input',
        `"${unknown.slice(0, 80)}" is no action a policy can gate: use deploy, destroy, upgrade or day2:NAME`,
        {
          action: unknown.slice(0, 80),
        },
      );
    const approvers = dedupeApprovers(input.approvers ?? []);
    const required = input.required ?? 1;
    const local = this.options.mode === 'local';
    if (local && (required > 1 || approvers.length > 0))
      throw new ApprovalError(
        'server_only',
        'Approval by other people (n of m approvers) needs the shared Nimbus server; a local policy can only ask you to confirm again with a reason',
        { required, approvers: approvers.length },
      );
    const userApprovers = approvers.filter((ref) => ref.kind === 'user').length;
    if (approvers.length > 0 && approvers.every((ref) => ref.kind === 'user') && required > userApprovers)
      throw new ApprovalError('invalid_input', `The policy needs ${required} approvals but names only ${userApprovers} approvers`, {
        required,
        approvers: userApprovers,
      });
    if (!local && input.localConfirmation && (required > 1 || approvers.length > 0))
      throw new ApprovalError(
        'invalid_input',
        'A confirmation by the requester stands alone: a policy with approvers or more than one approval cannot also take it',
      );
    if (!local) await this.requireKnownApprovers(caller, approvers);
    const policy: ApprovalPolicyRecord = {
      scopeKind: scope.kind,
      scopeId: scope.id,
      scopeName: scope.name,
      actions,
      approvers,
      required,
      selfApproval: input.selfApproval ?? false,
      expiresAfterMinutes: input.expiresAfterMinutes ?? DEFAULT_EXPIRY_MINUTES,
      localConfirmation: local ? true : (input.localConfirmation ?? false),
      updatedAt: this.now().toISOString(),
      updatedBy: caller.id,
    };
    await this.store.approvals.savePolicy(policy);
    return policy;
  }

  /**
   * The policy of a landing zone, or the one that applies to an environment (its own, else its
   * landing zone's); null when none does.
   */
  async getPolicy(input: { environment?: string | undefined; landingZone?: string | undefined }): Promise<ApprovalPolicyRecord | null> {
    const scope = await this.scopeOf(input);
    if (scope.kind === 'landing-zone') return (await this.store.approvals.policy('landing-zone', scope.id)) ?? null;
    return this.effectivePolicy(scope.id, scope.zoneId!);
  }

  listPolicies(): Promise<ApprovalPolicyRecord[]> {
    return this.store.approvals.policies();
  }

  /** Removes the scope's own policy (an environment then follows its landing zone's, if any). */
  async deletePolicy(input: { environment?: string | undefined; landingZone?: string | undefined }): Promise<{ deleted: boolean }> {
    const scope = await this.scopeOf(input);
    return { deleted: await this.store.approvals.deletePolicy(scope.kind, scope.id, this.now().toISOString()) };
  }

  // ---- The gate -------------------------------------------------------------------------------

  /**
   * Call before queueing a gated action. Resolves when the action may run now: no policy gates it,
   * the requester's own approved request for exactly this plan exists (it is used up), or this is
   * the approved run itself and the plan is unchanged. Otherwise rejects: `approval_pending` with
   * `details.requestId` (a new request, or the requester's pending one for the same plan), or
   * `approval_void` when the approved plan changed.
   */
  async approvalGate<P>(input: GateInput<P>): Promise<void> {
    const action = this.actions.get(input.kind);
    if (!action) throw new Error(`No approval action "${input.kind}" is registered`);
    const environment = await this.store.landingZones.environment(input.environment);
    if (!environment) throw new NotFoundError('Environment', input.environment);
    const approved = this.approvedRun.getStore();
    if (approved && approved.key === runKey(input.kind, environment.name, input.subject))
      return this.checkApprovedRun(approved.id, action, input.payload);
    const policy = await this.effectivePolicy(environment.id, environment.landingZoneId);
    if (!policy || !policy.actions.includes(input.action)) return;

    const { plan, diff } = await action.plan(input.payload);
    const hash = planHash(plan);
    const requester = currentRequest()?.actor ?? this.options.defaultActor ?? 'local-user';
    const mine = (await this.store.approvals.requests({ environment: environment.name })).filter(
      (request) => request.requester === requester && request.action === input.action && request.subject === input.subject,
    );
    for (const request of mine) {
      const live = await this.expireIfDue(request);
      if (live.planHash !== hash) {
        if (live.status === 'pending')
          await this.close(live, 'void', `superseded by a newer request with a different plan`, 'approval-request.supersede');
        continue;
      }
      if (live.status === 'pending') throw pendingError(live);
      if (live.status === 'approved' && !live.startedAt) {
        // The requester runs the approved action again (its automatic start failed): it is used up now.
        await this.update(live, { startedAt: this.now().toISOString() }, 'approval-request.start');
        return;
      }
    }
    const now = this.now();
    const request: ApprovalRequestRecord = {
      id: randomUUID(),
      tenant: currentTenantScope().tenant ?? LOCAL_TENANT,
      action: input.action,
      environment: environment.name,
      subject: input.subject,
      payload: { kind: input.kind, data: input.payload },
      requester,
      plan,
      planHash: hash,
      diff: diff ?? null,
      cost: null,
      policy,
      status: 'pending',
      decisions: [],
      reason: null,
      jobId: null,
      startedAt: null,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + policy.expiresAfterMinutes * 60_000).toISOString(),
      decidedAt: null,
      expiringNoticeSent: false,
      revision: 1,
    };
    await this.store.approvals.insertRequest(request);
    this.announce('approval.requested', request);
    await this.notify('requested', request);
    throw pendingError(request);
  }

  /** The approved run: the plan is computed again; a different hash voids the request. */
  private async checkApprovedRun(id: string, action: ApprovalAction, payload: unknown): Promise<void> {
    const request = await this.store.approvals.request(id);
    if (!request) throw new NotFoundError('Approval request', id);
    const { plan } = await action.plan(payload);
    if (planHash(plan) === request.planHash) return;
    const reason = 'the plan changed after it was approved (the topology or its resolved values): a new approval is needed';
    await this.close(request, 'void', reason, 'approval-request.void');
    throw new ApprovalError(
      'approval_void',
      `Approval request ${id} is void: ${reason}. Run the action again to ask for approval of the new plan.`,
      {
        requestId: id,
      },
    );
  }

  // ---- Requests and decisions -----------------------------------------------------------------

  /** Requests newest first; `pending` / `decided` / `expired` narrow it. Expiry is applied as they are read. */
  async listRequests(filter: { status?: 'pending' | 'decided' | 'expired' | 'all' | undefined; environment?: string | undefined } = {}) {
    const all = await Promise.all(
      (await this.store.approvals.requests(filter.environment ? { environment: filter.environment } : {})).map((request) =>
        this.expireIfDue(request),
      ),
    );
    const wanted = filter.status ?? 'all';
    return all.filter(
      (request) =>
        wanted === 'all' ||
        (wanted === 'pending' && request.status === 'pending') ||
        (wanted === 'expired' && request.status === 'expired') ||
        (wanted === 'decided' && request.status !== 'pending' && request.status !== 'expired'),
    );
  }

  /** One request with its plan and diff; `not_found` for an unknown id or another tenant's. */
  async getRequest(id: string): Promise<ApprovalRequestRecord> {
    const request = await this.store.approvals.request(id);
    if (!request) throw new NotFoundError('Approval request', id);
    return this.expireIfDue(request);
  }

  /**
   * Records `caller`'s decision. Approvals count once per distinct approver; the policy's number of
   * them approves the request, which then starts the action as its requester. Any rejection rejects.
   */
  async decide(caller: Caller, id: string, decision: 'approve' | 'reject', comment = ''): Promise<ApprovalRequestRecord> {
    for (let attempt = 0; ; attempt += 1) {
      const request = await this.getRequest(id);
      if (request.status !== 'pending') throw closedError(request);
      const policy = request.policy;
      const own = caller.id === request.requester;
      const confirmation = policy.localConfirmation && own;
      if (confirmation) {
        if (decision === 'approve' && comment.trim() === '')
          throw new ApprovalError('invalid_input', 'Confirming your own gated action needs a reason: give one with the comment', {
            requestId: id,
          });
      } else {
        if (this.options.mode === 'local' && own && policy.required > 1)
          throw new ApprovalError('server_only', 'This request needs other approvers, who decide on the shared Nimbus server', {
            requestId: id,
          });
        if (own && decision === 'approve' && !policy.selfApproval)
          throw new ApprovalError('forbidden', 'You cannot approve your own request: the policy needs another approver', { requestId: id });
        if (!(await this.isEligible(caller, policy.approvers)))
          throw new ApprovalError('forbidden', `You are not an approver of ${policy.scopeKind} ${policy.scopeName}'s policy`, {
            requestId: id,
          });
      }
      if (request.decisions.some((entry) => entry.by === caller.id))
        throw new ApprovalError('approval_duplicate', `You already decided on approval request ${id}; each approver counts once`, {
          requestId: id,
        });
      const at = this.now().toISOString();
      const decisions = [...request.decisions, { by: caller.id, decision, comment, at }];
      const approvals = new Set(decisions.filter((entry) => entry.decision === 'approve').map((entry) => entry.by)).size;
      const status: ApprovalStatus =
        decision === 'reject' ? 'rejected' : approvals >= policy.required || confirmation ? 'approved' : 'pending';
      const next = {
        ...request,
        decisions,
        status,
        decidedAt: status === 'pending' ? null : at,
        reason: status === 'rejected' ? `rejected by ${caller.id}${comment ? `: ${comment}` : ''}` : request.reason,
        revision: request.revision + 1,
      };
      const auditAction = confirmation ? 'approval-request.confirm' : `approval-request.${decision}`;
      if (!(await this.store.approvals.updateRequest(next, auditAction))) {
        if (attempt < 5) continue;
        throw new ApprovalError('approval_closed', `Approval request ${id} changed while deciding; look at it again`, { requestId: id });
      }
      this.announce('approval.decided', next, caller.id);
      if (status !== 'pending') await this.notify('decided', next);
      return status === 'approved' ? this.start(next) : next;
    }
  }

  /** Starts the approved action as its requester; a changed plan voids the request instead. */
  private async start(request: ApprovalRequestRecord): Promise<ApprovalRequestRecord> {
    const { kind, data } = request.payload as { kind: string; data: unknown };
    const action = this.actions.get(kind);
    if (!action)
      return this.update(request, { reason: `No action "${kind}" is registered in this engine` }, 'approval-request.start-failed');
    const key = runKey(kind, request.environment, request.subject);
    const context = currentRequest();
    const tenant = request.tenant;
    const startedAt = this.now().toISOString();
    // Used up before it starts: a second start (another approver at the same moment) finds it taken.
    const taken = await this.update(request, { startedAt }, 'approval-request.start');
    try {
      const job = await runInRequest(
        { requestId: `approval:${request.id}`, actor: request.requester, tenant, clientAddress: context?.clientAddress ?? null },
        () => this.approvedRun.run({ id: request.id, key }, () => action.run(data)),
      );
      const started = await this.update(taken, { jobId: job.id }, 'approval-request.started');
      this.announce('approval.started', started);
      return started;
    } catch (error) {
      if (error instanceof ApprovalError && error.code === 'approval_void') return this.getRequest(request.id);
      // The action could not start (the environment was busy): the requester may run it again, unchanged.
      return this.update(
        taken,
        { startedAt: null, reason: `approved, but it could not start: ${(error as Error).message}` },
        'approval-request.start-failed',
      );
    }
  }

  // ---- Expiry ---------------------------------------------------------------------------------

  /** Expires every pending request past its time, in every tenant; tells the notifier of those expiring soon. */
  async sweep(): Promise<number> {
    return runAsEngineWork('approval-expiry', async () => {
      let expired = 0;
      for (const request of await this.store.approvals.requests({ status: ['pending'] })) {
        const after = await this.expireIfDue(request);
        if (after.status === 'expired') expired += 1;
        else if (!after.expiringNoticeSent && this.expiresSoon(after)) {
          const noted = await this.update(after, { expiringNoticeSent: true }, 'approval-request.expiring');
          await this.notify('expiring', noted);
        }
      }
      return expired;
    });
  }

  /** Runs {@link sweep} every `intervalMs` until {@link dispose}. */
  startSweeping(intervalMs = 60_000): void {
    this.sweepTimer ??= setInterval(() => {
      this.sweep().catch(
        (error: unknown) => this.options.logger && logFailure(this.options.logger, 'warn', 'Expiring approval requests failed', error),
      );
    }, intervalMs);
    this.sweepTimer.unref();
  }

  dispose(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    this.listeners.clear();
  }

  private expiresSoon(request: ApprovalRequestRecord): boolean {
    const left = Date.parse(request.expiresAt) - this.now().getTime();
    const lifetime = Date.parse(request.expiresAt) - Date.parse(request.createdAt);
    return left <= Math.min(60 * 60_000, lifetime / 4);
  }

  private async expireIfDue(request: ApprovalRequestRecord): Promise<ApprovalRequestRecord> {
    if (request.status !== 'pending' || Date.parse(request.expiresAt) > this.now().getTime()) return request;
    const expired = {
      ...request,
      status: 'expired' as const,
      decidedAt: this.now().toISOString(),
      reason: 'nobody decided before it expired',
      revision: request.revision + 1,
    };
    if (!(await this.store.approvals.updateRequest(expired, 'approval-request.expire')))
      return (await this.store.approvals.request(request.id)) ?? request;
    this.announce('approval.expired', expired);
    await this.notify('decided', expired);
    return expired;
  }

  // ---- Helpers --------------------------------------------------------------------------------

  private async close(request: ApprovalRequestRecord, status: 'void', reason: string, auditAction: string): Promise<void> {
    const next = { ...request, status, reason, decidedAt: this.now().toISOString(), revision: request.revision + 1 };
    if (!(await this.store.approvals.updateRequest(next, auditAction))) return;
    this.announce('approval.void', next);
    await this.notify('decided', next);
  }

  private async update(
    request: ApprovalRequestRecord,
    change: Partial<ApprovalRequestRecord>,
    auditAction: string,
  ): Promise<ApprovalRequestRecord> {
    const next = { ...request, ...change, revision: request.revision + 1 };
    if (!(await this.store.approvals.updateRequest(next, auditAction)))
      throw new ApprovalError('approval_closed', `Approval request ${request.id} changed meanwhile; look at it again`, {
        requestId: request.id,
      });
    return next;
  }

  private async effectivePolicy(environmentId: string, zoneId: string): Promise<ApprovalPolicyRecord | null> {
    return (
      (await this.store.approvals.policy('environment', environmentId)) ??
      (await this.store.approvals.policy('landing-zone', zoneId)) ??
      null
    );
  }

  private async scopeOf(input: { environment?: string | undefined; landingZone?: string | undefined }): Promise<{
    kind: ApprovalScopeKind;
    id: string;
    name: string;
    zoneId?: string;
  }> {
    if ((input.environment === undefined) === (input.landingZone === undefined))
      throw new ApprovalError('invalid_input', 'Name either an environment or a landing zone');
    if (input.environment !== undefined) {
      const environment = await this.store.landingZones.environment(input.environment);
      if (!environment) throw new NotFoundError('Environment', input.environment);
      return { kind: 'environment', id: environment.id, name: environment.name, zoneId: environment.landingZoneId };
    }
    const zone = await this.store.landingZones.zone(input.landingZone!);
    if (!zone) throw new NotFoundError('Landing zone', input.landingZone!);
    return { kind: 'landing-zone', id: zone.id, name: zone.name };
  }

  /** Every named user and group exists and is visible to the caller; roles are any name (custom roles may come later). */
  private async requireKnownApprovers(caller: Caller, approvers: readonly ApproverRef[]): Promise<void> {
    const identity = this.store.identity;
    const [users, groups] = await Promise.all([identity.users(), identity.groups()]);
    const tenants = new Map((await identity.tenants()).map((tenant) => [tenant.id, tenant]));
    const inScope = (tenant: string) => ancestry(tenant, tenants).includes(caller.tenant);
    for (const ref of approvers) {
      if (ref.kind === 'user' && !users.some((user) => user.name === ref.name && inScope(user.tenant)))
        throw new NotFoundError('User', ref.name);
      if (ref.kind === 'group' && !groups.some((group) => group.name === ref.name && inScope(group.tenant)))
        throw new NotFoundError('Group', ref.name);
    }
  }

  /**
   * Whether `caller` may decide under `approvers`: named as a user, a member of a named group, or
   * holding a named role at the caller's tenant or above (directly or through a group). An empty
   * list lets anyone holding `approval:decide` in the tenant decide.
   */
  private async isEligible(caller: Caller, approvers: readonly ApproverRef[]): Promise<boolean> {
    if (approvers.length === 0) return true;
    const identity = this.store.identity;
    const user = await identity.userById(caller.id);
    if (!user) return false;
    const groupIds = await identity.groupsOf(user.id);
    const groups = (await identity.groups()).filter((group) => groupIds.includes(group.id));
    const tenants = new Map((await identity.tenants()).map((tenant) => [tenant.id, tenant]));
    const chain = tenants.has(caller.tenant) ? ancestry(caller.tenant, tenants) : [caller.tenant];
    const bindings = (await identity.bindings()).filter(
      (binding) =>
        chain.includes(binding.tenant) &&
        ((binding.principalKind === 'user' && binding.principalId === user.id) ||
          (binding.principalKind === 'group' && groupIds.includes(binding.principalId))),
    );
    return approvers.some(
      (ref) =>
        (ref.kind === 'user' && (ref.name === user.name || ref.name === user.id)) ||
        (ref.kind === 'group' && groups.some((group) => group.name === ref.name || group.id === ref.name)) ||
        (ref.kind === 'role' && bindings.some((binding) => binding.role === ref.name)),
    );
  }

  private announce(type: ApprovalEvent['type'], request: ApprovalRequestRecord, by?: string): void {
    const event: ApprovalEvent = {
      type,
      tenant: request.tenant,
      requestId: request.id,
      status: request.status,
      action: request.action,
      environment: request.environment,
      subject: request.subject,
      requester: request.requester,
      jobId: request.jobId,
      ...(by ? { by } : {}),
    };
    this.deliver(event, false);
  }

  private deliver(event: ApprovalEvent, remote: boolean): void {
    for (const { listener, localOnly } of this.listeners) {
      if (remote && localOnly) continue;
      try {
        listener(event);
      } catch (error) {
        if (this.options.logger) logFailure(this.options.logger, 'warn', 'An approval event listener failed', error);
      }
    }
  }

  private async notify(hook: keyof ApprovalNotifier, request: ApprovalRequestRecord): Promise<void> {
    try {
      await this.notifier[hook]({ tenant: request.tenant, request });
    } catch (error) {
      if (this.options.logger) logFailure(this.options.logger, 'warn', `The approval notifier failed (${hook})`, error);
    }
  }
}

function runKey(kind: string, environment: string, subject: string): string {
  return `${kind}\u0000${environment}\u0000${subject}`;
}

function dedupeApprovers(approvers: readonly ApproverRef[]): ApproverRef[] {
  const seen = new Set<string>();
  return approvers.filter((ref) => {
    const key = `${ref.kind}:${ref.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function pendingError(request: ApprovalRequestRecord): ApprovalError {
  const approvals = new Set(request.decisions.filter((entry) => entry.decision === 'approve').map((entry) => entry.by)).size;
  const how =
    request.policy.localConfirmation && request.policy.required <= 1 && request.policy.approvers.length === 0
      ? 'confirm it with a reason'
      : `${request.policy.required - approvals} more approval(s) needed`;
  return new ApprovalError(
    'approval_pending',
    `${request.action} of ${request.subject} in ${request.environment} awaits approval: request ${request.id} (${how}, expires ${request.expiresAt}). ` +
      `It runs once approved; see nimbus approvals show ${request.id}.`,
    { requestId: request.id, status: 'awaiting_approval', required: request.policy.required, approvals, expiresAt: request.expiresAt },
  );
}

function closedError(request: ApprovalRequestRecord): ApprovalError {
  return new ApprovalError(
    'approval_closed',
    `Approval request ${request.id} is ${request.status}${request.reason ? ` (${request.reason})` : ''}; only a pending request can be decided`,
    { requestId: request.id, status: request.status },
  );
}

/** What another server process broadcasts of an approval change (a trust boundary: it is parsed, not trusted). */
const RemoteApprovalEventSchema = z.object({
  type: z.enum(['approval.requested', 'approval.decided', 'approval.expired', 'approval.void', 'approval.started']),
  tenant: z.string(),
  requestId: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'expired', 'void']),
  action: z.string(),
  environment: z.string(),
  subject: z.string(),
  requester: z.string(),
  by: z.string().optional(),
  jobId: z.string().nullable().optional(),
});

/**
 * An approval event another server process broadcast, read back from its JSON: anything that is not
 * one (a newer or broken process) is dropped rather than passed to clients.
 */
export function parseRemoteApprovalEvent(payload: string): ApprovalEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  const parsed = RemoteApprovalEventSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
