import type { CloudAccountView, ConnectionTestResult } from '../api/schemas/cloud-accounts.js';
import { call, emit, required, type Command, type CommandContext } from './command-support.js';
import { confirmed } from './deploy-commands.js';
import { UsageError } from './usage-error.js';

/** The Proxmox token secret: typed without echo on a terminal, else the first line of stdin; never an argument. */
async function tokenSecret(context: CommandContext, tokenId: string): Promise<string | undefined> {
  if (!context.io.secret) throw new UsageError('the token secret is read from stdin or asked on a terminal; neither is available here');
  const given = (await context.io.secret(`API token secret for ${tokenId} (empty keeps the stored one): `)).trim();
  return given === '' ? undefined : given;
}

function describe(account: CloudAccountView): string {
  const lines = [`Cloud account of ${account.landingZone} (${account.provider}${account.deployable ? '' : ', not deployable yet'})`];
  for (const [name, value] of Object.entries(account.settings)) lines.push(`  ${name}: ${String(value)}`);
  lines.push(`  secret (${account.secretFields.join(', ')}): set on ${account.secretSetAt}`);
  return `${lines.join('\n')}\n`;
}

/** `nimbus account …`: a landing zone's cloud account (provider credentials); secrets are never printed or taken as arguments. */
export const ACCOUNT_COMMANDS: Command[] = [
  {
    words: ['account', 'set'],
    usage: 'nimbus account set --landing-zone NAME --endpoint URL --token-id USER@REALM!TOKEN [--insecure]  (secret on stdin or asked)',
    summary: "Store a Proxmox landing zone's cloud account; the token secret is read from stdin or asked without echo",
    options: ['landing-zone', 'endpoint', 'token-id', 'insecure'],
    async run(context) {
      const landingZone = required(context.options, 'landing-zone');
      const tokenId = required(context.options, 'token-id');
      const secret = await tokenSecret(context, tokenId);
      const account = await call(context.backend, 'setCloudAccount', {
        landingZone,
        account: {
          provider: 'proxmox',
          endpoint: required(context.options, 'endpoint'),
          tokenId,
          verifyTls: context.options.insecure !== true,
          ...(secret === undefined ? {} : { tokenSecret: secret }),
        },
      });
      return emit(context, account, () => describe(account));
    },
  },
  {
    words: ['account', 'show'],
    usage: 'nimbus account show --landing-zone NAME',
    summary: "A landing zone's cloud account: its settings and when its secret was set (never the secret)",
    options: ['landing-zone'],
    async run(context) {
      const landingZone = required(context.options, 'landing-zone');
      const { account } = await call(context.backend, 'getCloudAccount', { landingZone });
      emit(context, { account }, () => (account ? describe(account) : `Landing zone ${landingZone} has no cloud account.\n`));
      return account ? 0 : 1;
    },
  },
  {
    words: ['account', 'test'],
    usage: 'nimbus account test --landing-zone NAME',
    summary: "Check a landing zone's cloud account for real (Proxmox: the API's version with the token); exit 1 unless ok",
    options: ['landing-zone'],
    async run(context) {
      const result: ConnectionTestResult = await call(context.backend, 'testCloudAccount', {
        landingZone: required(context.options, 'landing-zone'),
      });
      emit(context, result, () => `${result.outcome}: ${result.message} (${result.durationMs} ms)\n`);
      return result.outcome === 'ok' || result.outcome === 'shape_only' ? 0 : 1;
    },
  },
  {
    words: ['account', 'remove'],
    usage: 'nimbus account remove --landing-zone NAME [--yes]',
    summary: "Remove a landing zone's cloud account (asks first; deploys there then stop with cloud_account_missing)",
    options: ['landing-zone', 'yes'],
    async run(context) {
      const landingZone = required(context.options, 'landing-zone');
      if (!(await confirmed(context, `Remove the cloud account of ${landingZone}? Deploys there need a new one afterwards.`))) return 1;
      const { removed } = await call(context.backend, 'removeCloudAccount', { landingZone });
      emit(context, { removed }, () =>
        removed ? `Removed the cloud account of ${landingZone}.\n` : `${landingZone} had no cloud account.\n`,
      );
      return 0;
    },
  },
];
