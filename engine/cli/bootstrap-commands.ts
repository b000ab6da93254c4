import type { LandingZoneBootstrap } from '../api/schemas/bootstrap.js';
import { parseTopologyFile } from '../topology/topology-file.js';
import { arg, call, emit, readText, type Command, type CommandContext } from './command-support.js';
import { followJob, summary } from './deploy-commands.js';
import { table } from './format.js';

/**
 * Follows a job to its end when that is asked (`--wait`) or needed: with a local data directory the
 * job runs inside this command's own engine, which stops when the command ends, so it is always
 * followed there. On a shared server without `--wait` the job id is printed and the job runs on.
 */
async function startAndMaybeFollow(context: CommandContext, what: string, start: () => Promise<{ jobId: string }>): Promise<number> {
  if (context.backend.kind === 'server' && context.options.wait !== true) {
    const { jobId } = await start();
    return emit(
      context,
      { jobId },
      () =>
        `${what}: job ${jobId} started; it runs on the server (see nimbus env list, nimbus landing-zone services show, or use --wait)\n`,
    );
  }
  return summary(context, await followJob(context, start));
}

/** Follows an environment's provisioning job, already started by `env create` (see {@link startAndMaybeFollow}). */
export function followProvisioning(context: CommandContext, environment: string, jobId: string): Promise<number> {
  if (!context.json) context.io.out(`Provisioning ${environment}: deploying its template's mandatory components (job ${jobId})\n`);
  return startAndMaybeFollow(context, `Provisioning ${environment}`, () => Promise.resolve({ jobId }));
}

function describeServices(zone: LandingZoneBootstrap): string {
  const head = [
    `Landing zone ${zone.landingZone} (${zone.provider}): ${zone.status}${zone.statusReason ? ` — ${zone.statusReason}` : ''}`,
    `  system services revision ${zone.servicesRevision}, published ${zone.publishedRevision ?? 'never'}${zone.unpublishedChanges ? ' (unpublished changes)' : ''}`,
    `  system environment ${zone.systemEnvironment ?? '(made on the first publish)'}`,
    '',
  ].join('\n');
  if (zone.services.nodes.length === 0) return `${head}No system services set.\n`;
  return `${head}${table(
    ['NODE', 'COMPONENT'],
    zone.services.nodes.map((node) => [node.label, node.component]),
  )}`;
}

/** Landing-zone bootstrap (system services, publish) and environment provisioning (retry). */
export const BOOTSTRAP_COMMANDS: Command[] = [
  {
    words: ['landing-zone', 'services', 'set'],
    usage: 'nimbus landing-zone services set NAME FILE',
    summary: "Set a landing zone's system services from a topology file (deployed by the next publish)",
    options: [],
    async run(context) {
      const name = arg(context.args, 0, 'landing zone NAME');
      const file = arg(context.args, 1, 'FILE');
      const text = readText(file);
      const check = await call(context.backend, 'validateTopologyFile', { text, source: file });
      if (!check.valid) {
        context.io.err(`${check.issues.map((i) => `${file}:${i.line ? `${i.line}:` : ''} ${i.path}: ${i.message}`).join('\n')}\n`);
        return 1;
      }
      const zone = await call(context.backend, 'setLandingZoneServices', {
        landingZone: name,
        document: parseTopologyFile(text, file).document,
      });
      return emit(
        context,
        zone,
        () => `${describeServices(zone)}Publish to deploy them: nimbus landing-zone publish ${zone.landingZone}\n`,
      );
    },
  },
  {
    words: ['landing-zone', 'services', 'show'],
    usage: 'nimbus landing-zone services show NAME',
    summary: "A landing zone's system services and publish status",
    options: [],
    async run(context) {
      const zone = await call(context.backend, 'getLandingZoneServices', { landingZone: arg(context.args, 0, 'landing zone NAME') });
      return emit(context, zone, () => describeServices(zone));
    },
  },
  {
    words: ['landing-zone', 'publish'],
    usage: 'nimbus landing-zone publish NAME [--wait]',
    summary:
      'Publish a landing zone: deploy its system services into its system environment, with live progress (also the retry after a failure)',
    options: ['wait'],
    async run(context) {
      const name = arg(context.args, 0, 'landing zone NAME');
      return startAndMaybeFollow(context, `Publishing ${name}`, () => call(context.backend, 'publishLandingZone', { landingZone: name }));
    },
  },
  {
    words: ['env', 'retry'],
    usage: 'nimbus env retry NAME [--wait]',
    summary:
      "Provision an environment again, with live progress: a failed one retries, an active one gets its template's mandatory components as they are now",
    options: ['wait'],
    async run(context) {
      const name = arg(context.args, 0, 'environment NAME');
      return startAndMaybeFollow(context, `Provisioning ${name}`, () =>
        call(context.backend, 'retryEnvironmentProvisioning', { environment: name }),
      );
    },
  },
];
