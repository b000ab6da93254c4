import type { DriftRecord, DriftResolutionResult } from '../api/schemas/deployments.js';
import type { Job } from '../api/schemas/jobs.js';
import { NimbusError } from '../errors.js';
import { call, required, str, type CommandContext, type Command } from './command-support.js';
import { confirmed, followJob, recoverFirst, shortUrn, summary } from './deploy-commands.js';
import { UsageError } from './usage-error.js';

/** The deployment a `--deployment` option names: its full id or an unambiguous start of it. */
async function deploymentOf(context: CommandContext, wanted: string) {
  const all = await call(context.engine, 'listDeployments', { includeDestroyed: true });
  const exact = all.find((d) => d.id === wanted);
  const matches = exact ? [exact] : all.filter((d) => d.id.startsWith(wanted));
  if (matches.length === 1) return matches[0]!;
  throw new NimbusError(matches.length ? 'ambiguous' : 'not_found', matches.length ? `${wanted} matches ${matches.length} deployments; give more of the id` : `No deployment has the id ${wanted}`, { id: wanted });
}

/** The drifted properties of a drift record, one line each. */
function describeDrift(record: DriftRecord): string[] {
  return record.entries.flatMap((entry) => [
    `  ${shortUrn(entry.urn)} ${entry.change}`,
    ...entry.properties.map((property) => `    ${property.name}: recorded ${JSON.stringify(property.expected)}, actual ${JSON.stringify(property.actual)}`),
  ]);
}

/** The outcome of a repair or accept job: exit 3 when the check after it still found drift. */
function finish(context: CommandContext, job: Job): number {
  const result = job.result as DriftResolutionResult | null;
  if (!context.json && job.status === 'succeeded' && result) {
    for (const field of result.accepted) context.io.out(`Accepted ${field.name}: ${JSON.stringify(field.from)} → ${JSON.stringify(field.to)} (source drift-accepted)\n`);
    context.io.out(result.drifted ? `\n${result.label} is still drifted:\n${describeDrift(result.record).join('\n')}\n` : `\n${result.label} is in sync.\n`);
    return result.drifted ? 3 : 0;
  }
  const code = summary(context, job);
  return code === 0 && result?.drifted ? 3 : code;
}

export const DRIFT_COMMANDS: Command[] = [
  {
    words: ['drift', 'repair'],
    usage: 'nimbus drift repair --deployment ID [--yes]',
    summary: "Put a drifted deployment's real objects back as recorded (deploys its recorded values), then check again",
    options: ['deployment', 'yes'],
    async run(context) {
      await recoverFirst(context);
      const deployment = await deploymentOf(context, required(context.options, 'deployment'));
      const latest = (await call(context.engine, 'getDeployment', { id: deployment.id })).drift[0];
      if (!context.json && latest?.drifted) context.io.out(`${deployment.label} (${deployment.component}@${deployment.version} in ${deployment.environment}) drifted:\n${describeDrift(latest).join('\n')}\n`);
      // Refusals (nothing drifted, destroyed) come from the engine before anything is asked.
      if (latest?.drifted && deployment.status === 'deployed' && !(await confirmed(context, `Repair ${deployment.label}: deploy its recorded values again, changing the real objects back?`))) {
        context.io.err('Nothing was repaired.\n');
        return 1;
      }
      return finish(context, await followJob(context, () => call(context.engine, 'repairDrift', { id: deployment.id })));
    },
  },
  {
    words: ['drift', 'accept'],
    usage: 'nimbus drift accept --deployment ID (--field NAME[,NAME…] | --all) [--yes]',
    summary: "Take a drifted deployment's real values into its record (source drift-accepted), so later deploys keep them",
    options: ['deployment', 'field', 'all', 'yes'],
    async run(context) {
      const fieldOption = str(context.options, 'field');
      const all = context.options.all === true;
      if ((fieldOption === undefined) === !all) throw new UsageError('give --field NAME[,NAME…] or --all (not both)');
      const fields = fieldOption?.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
      if (fields && fields.length === 0) throw new UsageError('--field needs at least one parameter name');
      await recoverFirst(context);
      const deployment = await deploymentOf(context, required(context.options, 'deployment'));
      const latest = (await call(context.engine, 'getDeployment', { id: deployment.id })).drift[0];
      if (!context.json && latest?.drifted) context.io.out(`${deployment.label} (${deployment.component}@${deployment.version} in ${deployment.environment}) drifted:\n${describeDrift(latest).join('\n')}\n`);
      const what = all ? 'every drifted value' : fields!.join(', ');
      if (latest?.drifted && deployment.status === 'deployed' && !(await confirmed(context, `Accept ${what} of ${deployment.label} as found on the real object (later deploys keep it)?`))) {
        context.io.err('Nothing was accepted.\n');
        return 1;
      }
      return finish(context, await followJob(context, () => call(context.engine, 'acceptDrift', all ? { id: deployment.id, all: true } : { id: deployment.id, fields: fields! })));
    },
  },
];
