import type { Deployment, DriftRecord, DriftResolutionResult } from '../api/schemas/deployments.js';
import type { Job } from '../api/schemas/jobs.js';
import { call, required, str, type CommandContext, type Command } from './command-support.js';
import { confirmed, findDeployment, followJob, recoverFirst, shortUrn, summary } from './deploy-commands.js';
import { UsageError } from './usage-error.js';

/** The drifted properties of a drift record, one line each. */
function describeDrift(record: DriftRecord): string[] {
  return record.entries.flatMap((entry) => [
    `  ${shortUrn(entry.urn)} ${entry.change}`,
    ...entry.properties.map(
      (property) => `    ${property.name}: recorded ${JSON.stringify(property.expected)}, actual ${JSON.stringify(property.actual)}`,
    ),
  ]);
}

/** The outcome of a repair or accept job: exit 3 when the check after it still found drift. */
function finish(context: CommandContext, job: Job): number {
  const result = job.result as DriftResolutionResult | null;
  if (!context.json && job.status === 'succeeded' && result) {
    for (const field of result.accepted)
      context.io.out(`Accepted ${field.name}: ${JSON.stringify(field.from)} → ${JSON.stringify(field.to)} (source drift-accepted)\n`);
    context.io.out(
      result.drifted
        ? `\n${result.label} is still drifted:\n${describeDrift(result.record).join('\n')}\n`
        : `\n${result.label} is in sync.\n`,
    );
    return result.drifted ? 3 : 0;
  }
  const code = summary(context, job);
  return code === 0 && result?.drifted ? 3 : code;
}

/**
 * Shows what drifted and asks `question` before a repair or accept; false (with `nothing` said) when
 * the user says no. Refusals (nothing drifted, destroyed) are left to the engine, before anything is asked.
 */
async function confirmDrifted(context: CommandContext, deployment: Deployment, question: string, nothing: string): Promise<boolean> {
  const latest = (await call(context.backend, 'getDeployment', { id: deployment.id })).drift[0];
  if (!latest?.drifted) return true;
  if (!context.json)
    context.io.out(
      `${deployment.label} (${deployment.component}@${deployment.version} in ${deployment.environment}) drifted:\n${describeDrift(latest).join('\n')}\n`,
    );
  if (deployment.status !== 'deployed' || (await confirmed(context, question))) return true;
  context.io.err(`${nothing}\n`);
  return false;
}

export const DRIFT_COMMANDS: Command[] = [
  {
    words: ['drift', 'repair'],
    usage: 'nimbus drift repair --deployment ID [--yes]',
    summary: "Put a drifted deployment's real objects back as recorded (deploys its recorded values), then check again",
    options: ['deployment', 'yes'],
    async run(context) {
      await recoverFirst(context);
      const deployment = await findDeployment(context, required(context.options, 'deployment'), true);
      const question = `Repair ${deployment.label}: deploy its recorded values again, changing the real objects back?`;
      if (!(await confirmDrifted(context, deployment, question, 'Nothing was repaired.'))) return 1;
      return finish(context, await followJob(context, () => call(context.backend, 'repairDrift', { id: deployment.id })));
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
      const fields = fieldOption
        ?.split(',')
        .map((name) => name.trim())
        .filter((name) => name.length > 0);
      if (fields && fields.length === 0) throw new UsageError('--field needs at least one parameter name');
      await recoverFirst(context);
      const deployment = await findDeployment(context, required(context.options, 'deployment'), true);
      const what = all ? 'every drifted value' : fields!.join(', ');
      const question = `Accept ${what} of ${deployment.label} as found on the real object (later deploys keep it)?`;
      if (!(await confirmDrifted(context, deployment, question, 'Nothing was accepted.'))) return 1;
      return finish(
        context,
        await followJob(context, () =>
          call(context.backend, 'acceptDrift', all ? { id: deployment.id, all: true } : { id: deployment.id, fields: fields! }),
        ),
      );
    },
  },
];
