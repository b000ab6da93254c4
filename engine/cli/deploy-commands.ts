import { previewValueText } from '../common/preview-value.js';
import type { Deployment, DeploymentPlan, DeploymentRun, DriftCheckResult, NodePlan } from '../api/schemas/deployments.js';
import type { Job, JobEvent } from '../api/schemas/jobs.js';
import { refuseIfDependents } from '../deploy/dependents.js';
import { NimbusError } from '../errors.js';
import { parseTopologyFile } from '../topology/topology-file.js';
import { arg, call, emit, readText, required, str, type Command, type CommandContext } from './command-support.js';
import { jsonText, table } from './format.js';
import { UsageError } from './usage-error.js';
import { errorLine } from './report-error.js';

/** Reads a topology file, or prints its problems with line numbers and returns null. */
async function topologyFile(
  context: CommandContext,
): Promise<{ name: string; document: ReturnType<typeof parseTopologyFile>['document'] } | null> {
  const file = arg(context.args, 0, 'FILE');
  const text = readText(file);
  const check = await call(context.backend, 'validateTopologyFile', { text, source: file });
  if (!check.valid) {
    context.io.err(`${check.issues.map((i) => `${file}:${i.line ? `${i.line}:` : ''} ${i.path}: ${i.message}`).join('\n')}\n`);
    return null;
  }
  const parsed = parseTopologyFile(text, file);
  return { name: parsed.name, document: parsed.document };
}

/** The short name of a resource: the last part of its URN. */
export const shortUrn = (urn: string): string => urn.split('::').at(-1) ?? urn;

/** One line per event a person wants to see while a job runs. */
function describeEvent(event: JobEvent, labels: Map<string, string>): string | null {
  const who = (nodeId?: string) => (nodeId ? `[${labels.get(nodeId) ?? nodeId}] ` : '');
  switch (event.type) {
    case 'node.status':
      labels.set(event.nodeId, event.label);
      return `${who(event.nodeId)}${event.status}${event.message ? ` — ${event.message}` : ''}`;
    case 'resource.started':
      return event.operation === 'same' ? null : `  ${who(event.nodeId)}${event.operation} ${shortUrn(event.urn)} (${event.resourceType})…`;
    case 'resource.finished':
      return event.operation === 'same' ? null : `  ${who(event.nodeId)}${event.operation} ${shortUrn(event.urn)} ${event.status}`;
    case 'job.log':
      return `  ${who(event.nodeId)}${event.level === 'info' ? '' : `${event.level}: `}${event.message}`;
    case 'job.finished':
      return `Finished: ${event.status}${event.error ? ` — ${event.error.message}` : ''}`;
    default:
      return null;
  }
}

/**
 * Starts a job through the API and follows it: events stream as they happen (one JSON object per
 * line with --json), Ctrl+C cancels the job and waits for it to clean up, and the job's final
 * record is returned.
 */
export async function followJob(context: CommandContext, start: () => Promise<{ jobId: string }>): Promise<Job> {
  const labels = new Map<string, string>();
  const buffered: JobEvent[] = [];
  const shown = new Set<number>();
  let jobId: string | null = null;
  const show = (event: JobEvent) => {
    if (shown.has(event.seq)) return;
    shown.add(event.seq);
    if (context.json) return context.io.out(`${JSON.stringify(event)}\n`);
    const line = describeEvent(event, labels);
    if (line) (event.type === 'job.log' && event.level === 'error' ? context.io.err : context.io.out)(`${line}\n`);
  };
  const unsubscribe = context.backend.onJobEvent((event) => {
    if (jobId === null) buffered.push(event);
    else if (event.jobId === jobId) show(event);
  });
  let stopInterrupt = () => {};
  try {
    await context.backend.eventsFlowing();
    jobId = (await start()).jobId;
    for (const event of buffered.splice(0)) if (event.jobId === jobId) show(event);
    const id = jobId;
    stopInterrupt =
      context.io.onInterrupt?.(() => {
        context.io.err('Cancelling… (what was created is cleaned up; this can take a moment)\n');
        void call(context.backend, 'cancelJob', { id });
      }) ?? stopInterrupt;
    const job = await context.backend.jobOutcome(id);
    // On a server, events can be lost while its event connection was down: the job's record has them all.
    if (context.backend.kind === 'server') {
      const { events } = await call(context.backend, 'getJob', { id });
      for (const event of events) show(event);
    }
    return job;
  } finally {
    stopInterrupt();
    unsubscribe();
  }
}

function exitCode(job: Job): number {
  return job.status === 'succeeded' ? 0 : job.status === 'cancelled' ? 130 : 1;
}

/** Prints a finished job's outcome (a summary line with --json) and returns the exit code it means. */
export function summary(context: CommandContext, job: Job): number {
  if (context.json) {
    context.io.out(`${JSON.stringify({ type: 'summary', status: job.status, error: job.error, result: job.result })}\n`);
    return exitCode(job);
  }
  // Only a deploy, destroy, refresh or upgrade ends with a run; a preview's result is a plan, shown before.
  const run = job.kind === 'deploy.preview' ? null : (job.result as DeploymentRun | null);
  if (run?.nodes?.length) {
    context.io.out(
      `\n${table(
        ['NODE', 'OUTCOME', 'DETAIL'],
        run.nodes.map((node) => [
          node.label,
          node.outcome,
          node.error?.message ??
            Object.entries(node.outputs)
              .slice(0, 3)
              .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
              .join(' '),
        ]),
      )}`,
    );
  }
  if (job.error) context.io.err(errorLine(job.error.message, job.error.code));
  return exitCode(job);
}

function describePlan(plan: DeploymentPlan): string {
  const lines = [
    `Plan for ${plan.topology} in ${plan.environment}: ${plan.summary.create} to create, ${plan.summary.update} to update, ${plan.summary.unchanged} unchanged, ${plan.summary.delete} to delete`,
    '',
  ];
  for (const issue of plan.resolution.issues) lines.push(`! ${issue.message}`);
  const symbol = { create: '+', update: '~', unchanged: ' ', delete: '-' } as const;
  for (const node of plan.nodes) {
    lines.push(`${symbol[node.action]} ${node.label} (${node.component}) ${node.action}${node.note ? ` — ${node.note}` : ''}`);
    const to = (change: NodePlan['changes'][number]) => previewValueText(change.pending, change.to, jsonText);
    if (node.action === 'create') for (const change of node.changes) lines.push(`    ${change.name} = ${to(change)}`);
    else if (node.action !== 'unchanged')
      for (const change of node.changes) lines.push(`    ${change.name}: ${jsonText(change.from)} → ${to(change)}`);
    for (const step of node.pulumi?.steps ?? [])
      if (step.op !== 'same')
        lines.push(`    pulumi: ${step.op} ${shortUrn(step.urn)}${step.diffs.length ? ` (${step.diffs.join(', ')})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Asks before changing real objects, unless --yes; without a terminal to ask on, refuses. */
export async function confirmed(context: CommandContext, question: string): Promise<boolean> {
  if (context.options.yes === true) return true;
  if (!context.io.confirm)
    throw new NimbusError('confirmation_required', `${question} Nobody can answer here (no terminal): add --yes to go ahead.`, {});
  return context.io.confirm(question);
}

/**
 * Finishes work an earlier run left interrupted before starting new work, and says so. A shared
 * server recovers by itself when it starts, so there is nothing to do from here.
 */
export async function recoverFirst(context: CommandContext): Promise<void> {
  const engine = context.backend.engine;
  if (!engine) return;
  const report = await engine.deploy.recover();
  if (report && !context.json) {
    for (const done of report.deployments) context.io.err(`Recovered ${done.label}: ${done.message}\n`);
    if (report.releasedOwners.length) context.io.err(`Released allocations of ${report.releasedOwners.length} finished deployment(s)\n`);
  }
}

/** A deployment by its id or a unique start of it (as `deployments list` shows them); a whole id wins. */
export async function findDeployment(context: CommandContext, wanted: string, includeDestroyed: boolean): Promise<Deployment> {
  const all = await call(context.backend, 'listDeployments', includeDestroyed ? { includeDestroyed: true } : {});
  const exact = all.find((d) => d.id === wanted);
  const matches = exact ? [exact] : all.filter((d) => d.id.startsWith(wanted));
  if (matches.length !== 1)
    throw new NimbusError(
      matches.length ? 'ambiguous' : 'not_found',
      matches.length
        ? `${wanted} matches ${matches.length} deployments; give more of the id`
        : `No ${includeDestroyed ? '' : 'live '}deployment has the id ${wanted}`,
      { id: wanted },
    );
  return matches[0]!;
}

/** `destroy --deployment ID`: one deployed component, refused (with the list) while others depend on it. */
async function destroyOne(context: CommandContext, wanted: string): Promise<number> {
  await recoverFirst(context);
  const deployment = await findDeployment(context, wanted, false);
  const what = `${deployment.label} (${deployment.component}@${deployment.version}) of ${deployment.topology} in ${deployment.environment}`;
  // Refused before asking: nobody should confirm a destroy the engine will not do (it checks again,
  // which is the check a shared server makes: its store is not reachable from here).
  const store = context.backend.engine?.store;
  if (store) await refuseIfDependents(store, await store.deployments.get(deployment.id));
  if (!context.json) context.io.out(`Will destroy: ${what}\n`);
  if (!(await confirmed(context, `Destroy ${what}?`))) {
    context.io.err('Nothing was destroyed.\n');
    return 1;
  }
  const job = await followJob(context, () => call(context.backend, 'destroyDeployment', { id: deployment.id }));
  return summary(context, job);
}

export const DEPLOY_COMMANDS: Command[] = [
  {
    words: ['preview'],
    usage: 'nimbus preview FILE --env NAME',
    summary: 'What deploying the topology would change, node by node, with Pulumi previews (changes nothing)',
    options: ['env'],
    async run(context) {
      const topology = await topologyFile(context);
      if (!topology) return 1;
      await recoverFirst(context);
      const job = await followJob(context, () =>
        call(context.backend, 'previewDeployment', { environment: required(context.options, 'env'), ...topology }),
      );
      if (!context.json && job.status === 'succeeded') context.io.out(`\n${describePlan(job.result as DeploymentPlan)}`);
      const code = summary(context, job);
      // Like `nimbus plan`: a plan that cannot be deployed as it is exits with 1.
      return code === 0 && !(job.result as DeploymentPlan).resolution.valid ? 1 : code;
    },
  },
  {
    words: ['deploy'],
    usage: 'nimbus deploy FILE --env NAME [--yes]',
    summary: 'Deploy the topology: preview, confirm, then up in dependency order with live progress',
    options: ['env', 'yes'],
    async run(context) {
      const topology = await topologyFile(context);
      if (!topology) return 1;
      const environment = required(context.options, 'env');
      await recoverFirst(context);
      if (context.options.yes !== true) {
        if (!context.io.confirm)
          throw new NimbusError(
            'confirmation_required',
            'Deploying changes real objects and nobody can confirm here (no terminal): run nimbus preview first, then deploy with --yes.',
            {},
          );
        const preview = await followJob(context, () => call(context.backend, 'previewDeployment', { environment, ...topology }));
        if (preview.status !== 'succeeded') return summary(context, preview);
        const plan = preview.result as DeploymentPlan;
        context.io.out(`\n${describePlan(plan)}`);
        if (plan.summary.create + plan.summary.update + plan.summary.delete === 0) {
          context.io.out('Nothing to change.\n');
          return 0;
        }
        if (!(await confirmed(context, `Deploy ${topology.name} to ${environment}?`))) {
          context.io.err('Nothing was deployed.\n');
          return 1;
        }
      }
      const job = await followJob(context, () => call(context.backend, 'startDeployment', { environment, ...topology }));
      return summary(context, job);
    },
  },
  {
    words: ['destroy'],
    usage: 'nimbus destroy (FILE --env NAME | --deployment ID) [--yes]',
    summary:
      "Destroy the topology's deployments in reverse dependency order, or one deployment nothing depends on; allocations are released",
    options: ['env', 'yes', 'deployment'],
    async run(context) {
      const one = str(context.options, 'deployment');
      if (one !== undefined) {
        if (context.args.length > 0 || str(context.options, 'env') !== undefined)
          throw new UsageError('give FILE --env NAME or --deployment ID, not both');
        return destroyOne(context, one);
      }
      const topology = await topologyFile(context);
      if (!topology) return 1;
      const environment = required(context.options, 'env');
      await recoverFirst(context);
      const deployed = await call(context.backend, 'listDeployments', { environment, topology: topology.name });
      if (deployed.length === 0)
        throw new NimbusError('not_found', `Nothing of topology ${topology.name} is deployed in environment ${environment}`, {});
      if (!context.json) context.io.out(`Will destroy: ${deployed.map((d) => `${d.label} (${d.component}@${d.version})`).join(', ')}\n`);
      if (!(await confirmed(context, `Destroy ${deployed.length} deployment(s) of ${topology.name} in ${environment}?`))) {
        context.io.err('Nothing was destroyed.\n');
        return 1;
      }
      const job = await followJob(context, () => call(context.backend, 'startTopologyDestroy', { environment, topology: topology.name }));
      return summary(context, job);
    },
  },
  {
    words: ['refresh'],
    usage: 'nimbus refresh FILE --env NAME',
    summary: "Refresh the topology's deployments from the real objects",
    options: ['env'],
    async run(context) {
      const topology = await topologyFile(context);
      if (!topology) return 1;
      await recoverFirst(context);
      const job = await followJob(context, () =>
        call(context.backend, 'startTopologyRefresh', { environment: required(context.options, 'env'), topology: topology.name }),
      );
      return summary(context, job);
    },
  },
  {
    words: ['deployments', 'list'],
    usage: 'nimbus deployments list [--env NAME] [--topology NAME] [--all]',
    summary: 'Deployed components (--all includes destroyed ones)',
    options: ['env', 'topology', 'all'],
    async run(context) {
      const env = str(context.options, 'env');
      const topology = str(context.options, 'topology');
      const list = await call(context.backend, 'listDeployments', {
        ...(env ? { environment: env } : {}),
        ...(topology ? { topology } : {}),
        ...(context.options.all === true ? { includeDestroyed: true } : {}),
      });
      return emit(context, list, () =>
        list.length === 0
          ? 'Nothing is deployed.\n'
          : table(
              ['ID', 'ENV', 'TOPOLOGY', 'NODE', 'COMPONENT', 'STATUS'],
              list.map((d) => [
                d.id.slice(0, 8),
                d.environment,
                d.topology,
                d.label,
                `${d.component}@${d.version}`,
                (d.status === 'deployed' && d.drifted ? 'drifted' : d.status) + (d.error ? ` (${d.error.message.slice(0, 60)})` : ''),
              ]),
            ),
      );
    },
  },
  {
    words: ['deployments', 'show'],
    usage: 'nimbus deployments show ID',
    summary: 'One deployment: values with sources, outputs, journal, CMDB item, drift',
    options: [],
    async run(context) {
      const found = await findDeployment(context, arg(context.args, 0, 'deployment ID'), true);
      const detail = await call(context.backend, 'getDeployment', { id: found.id });
      return emit(context, detail, () => {
        const d = detail.deployment;
        const lines = [
          `${d.label} — ${d.component}@${d.version} in ${d.environment} (${d.topology})`,
          `Status: ${d.status === 'deployed' && d.drifted ? 'drifted (nimbus drift repair or accept)' : d.status}${d.error ? ` — ${d.error.message}` : ''}`,
          `Pulumi stack: ${d.stackName}`,
          '',
          'Values:',
        ];
        for (const [key, value] of Object.entries(d.values))
          lines.push(`  ${key} = ${JSON.stringify(value.value)}  [${value.source}${value.detail ? `: ${value.detail}` : ''}]`);
        lines.push('', 'Outputs:', ...Object.entries(d.outputs).map(([key, value]) => `  ${key} = ${JSON.stringify(value)}`));
        lines.push(
          '',
          'Journal:',
          ...detail.journal.map((entry) => `  ${entry.startedAt} ${entry.operation}: ${entry.outcome ?? 'unfinished'}`),
        );
        for (const item of detail.cmdb) lines.push('', `CMDB: ${item.name} ${item.semanticType} ${item.providerId ?? ''} ${item.status}`);
        for (const record of detail.drift.slice(0, 3))
          lines.push(
            `Drift ${record.checkedAt}: ${record.change}${record.drifted ? `, ${record.entries.length} resource(s) differ` : ''}${record.checks > 1 ? ` (seen by ${record.checks} checks, last ${record.lastCheckedAt})` : ''}${record.note ? ` — ${record.note}` : ''}`,
          );
        return `${lines.join('\n')}\n`;
      });
    },
  },
  {
    words: ['drift', 'check'],
    usage: 'nimbus drift check [--env NAME] [--deployment ID]',
    summary: 'Compare deployed components with the real objects and record drift (changes nothing)',
    options: ['env', 'deployment'],
    async run(context) {
      const env = str(context.options, 'env');
      const deploymentId = str(context.options, 'deployment');
      await recoverFirst(context);
      const job = await followJob(context, () =>
        call(context.backend, 'startDriftCheck', { ...(env ? { environment: env } : {}), ...(deploymentId ? { deploymentId } : {}) }),
      );
      if (!context.json && job.status === 'succeeded') {
        const result = job.result as DriftCheckResult;
        context.io.out(`\nChecked ${result.checked}, drifted ${result.drifted}\n`);
        for (const entry of result.results.filter((r) => r.drifted)) {
          for (const drift of entry.entries) {
            context.io.out(`${entry.label}: ${shortUrn(drift.urn)} ${drift.change}\n`);
            for (const property of drift.properties)
              context.io.out(
                `    ${property.name}: expected ${JSON.stringify(property.expected)}, actual ${JSON.stringify(property.actual)}\n`,
              );
          }
        }
        if (result.drifted > 0) {
          context.io.out(
            '\nPut it back with: nimbus drift repair --deployment ID, or keep what was found with: nimbus drift accept --deployment ID --field NAME (or --all)\n',
          );
          for (const entry of result.results.filter((r) => r.drifted)) context.io.out(`  ${entry.label}: ${entry.deploymentId}\n`);
        }
        return result.drifted > 0 ? 3 : 0;
      }
      const code = summary(context, job);
      return code === 0 && (job.result as DriftCheckResult | null)?.drifted ? 3 : code;
    },
  },
];
