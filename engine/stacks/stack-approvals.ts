/**
 * Stack instances' lifecycle workflows and day-2 operations as gated actions: in an environment
 * whose approval policy names them (`deploy`, `destroy`, `upgrade`, `day2:<operation>`), the request
 * waits for approvers (`approval_pending`) and runs, as its requester, once approved. The plan an
 * approval binds is what the action will do to the instance: the stack version, the parameters, the
 * operation and its input; if any of it changes before the action runs, the approval is void.
 */
import type { ApprovalPlan, ApprovalService, GateInput } from '../approvals/approval-service.js';
import type { StackInstance } from '../api/schemas/stacks.js';

/** The payloads of the gated stack actions: data only, so the approved action can run again later. */
export interface StackDeployPayload {
  stack: string;
  version?: number;
  environment: string;
  name: string;
  params?: Record<string, unknown>;
}
export interface StackInstancePayload {
  instanceId: string;
}
export interface StackUpgradePayload extends StackInstancePayload {
  version?: number;
}
export interface StackOperationPayload extends StackInstancePayload {
  operation: string;
  input: Record<string, unknown>;
}

/** What the stack runtime offers the approval service: each action's plan, and the action itself. */
export interface GatedStackActions {
  deployPlan(payload: StackDeployPayload): Promise<unknown>;
  deployInstance(payload: StackDeployPayload): Promise<StackInstance>;
  instancePlan(instanceId: string, what: Record<string, unknown>): Promise<unknown>;
  destroyInstance(instanceId: string): Promise<StackInstance>;
  upgradeInstance(instanceId: string, version?: number): Promise<StackInstance>;
  runOperation(instanceId: string, name: string, input: Record<string, unknown>): Promise<StackInstance>;
}

/** The job an action started (the approval records it), or the instance when it started none. */
const started = (instance: StackInstance): { id: string } => ({ id: instance.activity?.jobId ?? instance.id });
const planOf = async (plan: Promise<unknown>): Promise<ApprovalPlan> => ({ plan: await plan });

/** Registers `stack.deploy`, `stack.destroy`, `stack.upgrade` and `stack.operation` with the approval service. */
export function registerStackApprovals(approvals: ApprovalService, actions: GatedStackActions): void {
  approvals.registerAction<StackDeployPayload>('stack.deploy', {
    plan: (payload) => planOf(actions.deployPlan(payload)),
    run: async (payload) => started(await actions.deployInstance(payload)),
  });
  approvals.registerAction<StackInstancePayload>('stack.destroy', {
    plan: ({ instanceId }) => planOf(actions.instancePlan(instanceId, { action: 'destroy' })),
    run: async ({ instanceId }) => started(await actions.destroyInstance(instanceId)),
  });
  approvals.registerAction<StackUpgradePayload>('stack.upgrade', {
    plan: ({ instanceId, version }) => planOf(actions.instancePlan(instanceId, { action: 'upgrade', to: version ?? 'latest' })),
    run: async ({ instanceId, version }) => started(await actions.upgradeInstance(instanceId, version)),
  });
  approvals.registerAction<StackOperationPayload>('stack.operation', {
    plan: ({ instanceId, operation, input }) => planOf(actions.instancePlan(instanceId, { action: `day2:${operation}`, input })),
    run: async ({ instanceId, operation, input }) => started(await actions.runOperation(instanceId, operation, input)),
  });
}

/** The gate inputs of the stack actions. */
export const stackGates = {
  deploy: (payload: StackDeployPayload): GateInput<StackDeployPayload> => ({
    kind: 'stack.deploy',
    action: 'deploy',
    environment: payload.environment,
    subject: `stack instance ${payload.name}`,
    payload,
  }),
  instance: <P extends StackInstancePayload>(
    kind: 'stack.destroy' | 'stack.upgrade' | 'stack.operation',
    action: string,
    instance: { name: string; environment: string },
    payload: P,
  ): GateInput<P> => ({ kind, action, environment: instance.environment, subject: `stack instance ${instance.name}`, payload }),
};
