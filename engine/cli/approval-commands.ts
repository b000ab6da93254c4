/**
 * Approvals before deploy from the command line: the requests waiting for a decision, what each
 * would do, approving and rejecting them, and the policies of environments and landing zones.
 */
import type { MethodOutput } from '../api/contract.js';
import { NimbusError } from '../errors.js';
import { excerpt } from '../text/excerpt.js';
import { arg, call, emit, integer, required, str, type Command, type CommandContext } from './command-support.js';
import { summary } from './deploy-commands.js';
import { jsonText, table } from './format.js';
import { UsageError } from './usage-error.js';

type Request = MethodOutput<'getApprovalRequest'>;
type Policy = MethodOutput<'setApprovalPolicy'>;

const when = (time: string | null) => (time ? time.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');
const STATUSES = ['pending', 'decided', 'expired', 'all'] as const;

/** `--environment E` or `--landing-zone Z`, exactly one. */
function scopeOf(context: CommandContext): { environment: string } | { landingZone: string } {
  const environment = str(context.options, 'environment');
  const landingZone = str(context.options, 'landing-zone');
  if ((environment === undefined) === (landingZone === undefined)) throw new UsageError('give --environment NAME or --landing-zone NAME');
  return environment !== undefined ? { environment } : { landingZone: landingZone! };
}

/** `30m`, `12h`, `2d` or plain minutes, as minutes. */
function minutes(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)\s*([mhd]?)$/.exec(text.trim());
  if (!match) throw new UsageError(`--expires must be a duration like 90m, 12h or 2d, got ${excerpt(text)}`);
  const value = Number(match[1]) * (match[2] === 'd' ? 1440 : match[2] === 'h' ? 60 : 1);
  if (value < 1) throw new UsageError('--expires must be at least one minute');
  return value;
}

/** `user:bob,group:release,role:tenant-admin`. */
function approvers(text: string | undefined): { kind: 'user' | 'group' | 'role'; name: string }[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const [kind, ...rest] = item.split(':');
      const name = rest.join(':');
      if ((kind !== 'user' && kind !== 'group' && kind !== 'role') || name === '')
        throw new UsageError(`--approvers takes user:NAME, group:NAME or role:NAME, got ${excerpt(item)}`);
      return { kind, name };
    });
}

/** `on`/`off` (also yes/no, true/false). */
function onOff(text: string | undefined, option: string): boolean | undefined {
  if (text === undefined) return undefined;
  if (['on', 'yes', 'true'].includes(text)) return true;
  if (['off', 'no', 'false'].includes(text)) return false;
  throw new UsageError(`--${option} must be on or off, got ${excerpt(text)}`);
}

function policyText(policy: Policy | null, scope: string): string {
  if (!policy) return `No approval policy applies to ${scope}: its actions run without approval.\n`;
  const who = policy.approvers.length
    ? policy.approvers.map((ref) => `${ref.kind}:${ref.name}`).join(', ')
    : 'anyone holding approval:decide';
  const lines = [
    `Policy of ${policy.scopeKind} ${policy.scopeName}${policy.scopeKind === 'landing-zone' && scope.startsWith('environment') ? ` (applies to ${scope})` : ''}`,
    `  Gated actions:   ${policy.actions.join(', ')}`,
    policy.localConfirmation && policy.approvers.length === 0
      ? '  Approval:        the requester confirms again with a reason'
      : `  Approval:        ${policy.required} of ${who}`,
    ...(policy.localConfirmation && policy.approvers.length === 0
      ? []
      : [`  Self-approval:   ${policy.selfApproval ? 'allowed' : 'not allowed'}`]),
    `  Expires after:   ${policy.expiresAfterMinutes} min`,
    `  Set by:          ${policy.updatedBy} at ${when(policy.updatedAt)}`,
  ];
  return `${lines.join('\n')}\n`;
}

function requestText(request: Request): string {
  const lines = [
    `Approval request ${request.id}`,
    `  ${request.action} of ${request.subject} in ${request.environment}, asked by ${request.requester} at ${when(request.createdAt)}`,
    `  Status:    ${request.status}${request.reason ? ` (${request.reason})` : ''}`,
    `  Approvals: ${request.approvals} of ${request.required}${request.status === 'pending' ? `, expires ${when(request.expiresAt)}` : ''}`,
    `  Plan hash: ${request.planHash}`,
    ...(request.jobId ? [`  Job:       ${request.jobId} (nimbus job show ${request.jobId})`] : []),
  ];
  if (request.decisions.length) {
    lines.push('  Decisions:');
    for (const decision of request.decisions)
      lines.push(`    ${when(decision.at)}  ${decision.by}  ${decision.decision}${decision.comment ? `: ${decision.comment}` : ''}`);
  }
  const plan = request.plan as {
    nodes?: { label: string; component: string; values: Record<string, { value: unknown }> }[];
    deployments?: unknown[];
  };
  if (plan.nodes) {
    lines.push('  Plan:');
    for (const node of plan.nodes) {
      lines.push(`    ${node.label} (${node.component})`);
      for (const [key, value] of Object.entries(node.values)) lines.push(`      ${key} = ${jsonText(value.value)}`);
    }
  } else if (plan.deployments) {
    lines.push(`  Plan: destroys ${plan.deployments.length} deployment(s)`);
  }
  lines.push(request.diff ? '  Pulumi preview: attached (--json shows it)' : '  Pulumi preview: none yet (nimbus preview shows one)');
  return `${lines.join('\n')}\n`;
}

async function decide(context: CommandContext, decision: 'approve' | 'reject'): Promise<number> {
  const id = arg(context.args, 0, 'the request id (nimbus approvals list shows them)');
  const comment = str(context.options, 'comment');
  if (context.args.length > 1) throw new UsageError(`unexpected argument ${excerpt(context.args[1]!)}`);
  const method = decision === 'approve' ? 'approveApprovalRequest' : 'rejectApprovalRequest';
  const request = await call(context.backend, method, { id, ...(comment !== undefined ? { comment } : {}) });
  const code = emit(context, request, () => {
    switch (request.status) {
      case 'approved':
        return request.jobId
          ? `Approved. ${request.action} of ${request.subject} in ${request.environment} started as ${request.requester}: job ${request.jobId}.\n`
          : `Approved${request.reason ? `, ${request.reason}` : ''}. ${request.requester} can run it again unchanged.\n`;
      case 'void':
        return `The approval is void: ${request.reason ?? 'the plan changed'}. Nothing ran; a new request is needed.\n`;
      case 'rejected':
        return `Rejected. ${request.action} of ${request.subject} in ${request.environment} will not run.\n`;
      default:
        return `Recorded: ${request.approvals} of ${request.required} approvals.\n`;
    }
  });
  // The local engine runs the started job in this process: it must not end before the job does.
  if (context.backend.kind === 'local' && request.status === 'approved' && request.jobId) {
    const job = await context.backend.jobOutcome(request.jobId);
    return context.json ? (job.status === 'succeeded' ? 0 : 1) : summary(context, job);
  }
  return code;
}

const REQUEST_COMMANDS: Command[] = [
  {
    words: ['approvals', 'list'],
    usage: 'nimbus approvals list [--status pending|decided|expired|all] [--environment E]',
    summary: 'Approval requests, newest first (pending ones unless --status says otherwise)',
    options: ['status', 'environment'],
    async run(context) {
      const status = str(context.options, 'status') ?? 'pending';
      if (!(STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
      const environment = str(context.options, 'environment');
      const requests = await call(context.backend, 'listApprovalRequests', {
        status: status as (typeof STATUSES)[number],
        ...(environment ? { environment } : {}),
      });
      return emit(context, requests, () =>
        requests.length
          ? table(
              ['ID', 'ACTION', 'SUBJECT', 'ENVIRONMENT', 'REQUESTER', 'STATUS', 'APPROVALS', 'EXPIRES'],
              requests.map((r) => [
                r.id,
                r.action,
                r.subject,
                r.environment,
                r.requester,
                r.status,
                `${r.approvals}/${r.required}`,
                when(r.expiresAt),
              ]),
            )
          : `No ${status === 'all' ? '' : `${status} `}approval requests.\n`,
      );
    },
  },
  {
    words: ['approvals', 'show'],
    usage: 'nimbus approvals show ID',
    summary: 'One approval request: what it would do (the plan and its hash), who decided, where it stands',
    options: [],
    async run(context) {
      const request = await call(context.backend, 'getApprovalRequest', { id: arg(context.args, 0, 'the request id') });
      return emit(context, request, () => requestText(request));
    },
  },
  {
    words: ['approvals', 'approve'],
    usage: 'nimbus approvals approve ID [--comment TEXT]',
    summary:
      'Approve a pending request; with enough approvals the action starts (confirming your own gated action locally needs --comment REASON)',
    options: ['comment'],
    run: (context) => decide(context, 'approve'),
  },
  {
    words: ['approvals', 'reject'],
    usage: 'nimbus approvals reject ID [--comment TEXT]',
    summary: 'Reject a pending request; it never runs',
    options: ['comment'],
    run: (context) => decide(context, 'reject'),
  },
];

const POLICY_COMMANDS: Command[] = [
  {
    words: ['approvals', 'policy', 'set'],
    usage:
      'nimbus approvals policy set (--environment E | --landing-zone Z) --actions deploy,destroy,upgrade,day2:NAME [--approvers user:A,group:G,role:R] [--required N] [--self-approval on|off] [--expires 24h] [--local-confirmation on|off]',
    summary: 'Set which actions of an environment (or of every environment of a landing zone) wait for approval, and by whom',
    options: ['environment', 'landing-zone', 'actions', 'approvers', 'required', 'self-approval', 'expires', 'local-confirmation'],
    async run(context) {
      const actions = required(context.options, 'actions')
        .split(',')
        .map((action) => action.trim())
        .filter(Boolean);
      const input = {
        ...scopeOf(context),
        actions,
        ...optional('approvers', approvers(str(context.options, 'approvers'))),
        ...optional('required', integer(str(context.options, 'required'), 'required')),
        ...optional('selfApproval', onOff(str(context.options, 'self-approval'), 'self-approval')),
        ...optional('expiresAfterMinutes', minutes(str(context.options, 'expires'))),
        ...optional('localConfirmation', onOff(str(context.options, 'local-confirmation'), 'local-confirmation')),
      };
      const policy = await call(context.backend, 'setApprovalPolicy', input);
      return emit(context, policy, () => policyText(policy, `${policy.scopeKind} ${policy.scopeName}`));
    },
  },
  {
    words: ['approvals', 'policy', 'show'],
    usage: 'nimbus approvals policy show (--environment E | --landing-zone Z)',
    summary: "The policy of a landing zone, or the one that applies to an environment (its own, else its landing zone's)",
    options: ['environment', 'landing-zone'],
    async run(context) {
      const scope = scopeOf(context);
      const policy = await call(context.backend, 'getApprovalPolicy', scope);
      const name = 'environment' in scope ? `environment ${scope.environment}` : `landing zone ${scope.landingZone}`;
      return emit(context, policy, () => policyText(policy, name));
    },
  },
  {
    words: ['approvals', 'policy', 'list'],
    usage: 'nimbus approvals policy list',
    summary: 'Every approval policy of your tenant',
    options: [],
    async run(context) {
      const policies = await call(context.backend, 'listApprovalPolicies', {});
      return emit(context, policies, () =>
        policies.length
          ? table(
              ['SCOPE', 'NAME', 'ACTIONS', 'APPROVALS', 'APPROVERS', 'EXPIRES'],
              policies.map((p) => [
                p.scopeKind,
                p.scopeName,
                p.actions.join(','),
                p.localConfirmation && p.approvers.length === 0 ? 'confirm' : `${p.required}`,
                p.approvers.map((ref) => `${ref.kind}:${ref.name}`).join(','),
                `${p.expiresAfterMinutes}m`,
              ]),
            )
          : 'No approval policies: every action runs without approval. Add one with nimbus approvals policy set.\n',
      );
    },
  },
  {
    words: ['approvals', 'policy', 'delete'],
    usage: 'nimbus approvals policy delete (--environment E | --landing-zone Z) [--yes]',
    summary: "Remove an environment's or landing zone's own policy (asks first)",
    options: ['environment', 'landing-zone', 'yes'],
    async run(context) {
      const scope = scopeOf(context);
      const name = 'environment' in scope ? `environment ${scope.environment}` : `landing zone ${scope.landingZone}`;
      if (context.options.yes !== true) {
        if (!context.io.confirm)
          throw new NimbusError(
            'confirmation_required',
            `Remove the approval policy of ${name}? Nobody can answer here (no terminal): add --yes to go ahead.`,
            {},
          );
        if (!(await context.io.confirm(`Remove the approval policy of ${name}? Its actions then run without approval.`))) {
          context.io.err('Nothing was changed.\n');
          return 1;
        }
      }
      const result = await call(context.backend, 'deleteApprovalPolicy', scope);
      return emit(context, result, () =>
        result.deleted ? `Removed the approval policy of ${name}.\n` : `${name} had no policy of its own.\n`,
      );
    },
  },
];

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** `nimbus approvals …`. */
export const APPROVAL_COMMANDS: Command[] = [...REQUEST_COMMANDS, ...POLICY_COMMANDS];
