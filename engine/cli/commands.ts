import { previewValueText } from '../common/preview-value.js';
import { arg, call, emit, integer, readText, required, str, type Command } from './command-support.js';
import { API_COMMANDS } from './api-commands.js';
import { AUDIT_COMMANDS } from './audit-commands.js';
import { DEPLOY_COMMANDS } from './deploy-commands.js';
import { FILE_COMMANDS } from './file-commands.js';
import { DRIFT_COMMANDS } from './drift-commands.js';
import { STACK_COMMANDS } from './stack-commands.js';
import { IDENTITY_COMMANDS } from './identity-commands.js';
import { APPROVAL_COMMANDS } from './approval-commands.js';
import { NOTIFICATION_COMMANDS } from './notification-commands.js';
import { SYNC_COMMANDS } from './sync-commands.js';
import { TOPOLOGY_DOCUMENT_COMMANDS } from './topology-document-commands.js';
import { DRAFT_DOCUMENT_COMMANDS } from './draft-document-commands.js';
// Backup and restore
import { BACKUP_COMMANDS } from './backup-commands.js';
// Cost estimates.
import { COST_COMMANDS } from './cost-commands.js';
// Editing and removing landing zones, environments, pools and templates; governance.
import { MANAGE_COMMANDS } from './manage-commands.js';
import { ACCOUNT_COMMANDS } from './account-commands.js';
import { BOOTSTRAP_COMMANDS, followProvisioning } from './bootstrap-commands.js';
import { jsonText, table } from './format.js';
import { UsageError } from './usage-error.js';
// Bare metal.
import { BAREMETAL_COMMANDS } from './baremetal-commands.js';

export type { Command, CommandContext, OptionValues } from './command-support.js';

export const COMMANDS: Command[] = [
  {
    words: ['catalog', 'list'],
    usage: 'nimbus catalog list [--provider P] [--type SEMANTIC_TYPE] [--category C] [--search TEXT]',
    summary: 'Components in the catalog',
    options: ['provider', 'type', 'category', 'search'],
    async run(context) {
      const { options } = context;
      const filter = {
        provider: str(options, 'provider'),
        semanticType: str(options, 'type'),
        category: str(options, 'category'),
        search: str(options, 'search'),
      };
      const list = await call(
        context.backend,
        'listComponents',
        Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
      );
      return emit(context, list, () =>
        list.length === 0
          ? 'No components match.\n'
          : table(
              ['NAME', 'PROVIDER', 'TYPE', 'LATEST', 'SCOPE'],
              list.map((c) => [
                c.name,
                c.provider,
                c.semanticType,
                c.latestVersion === null ? 'draft' : `v${c.latestVersion}`,
                c.tenant ?? 'shared',
              ]),
            ),
      );
    },
  },
  {
    words: ['catalog', 'show'],
    usage: 'nimbus catalog show NAME',
    summary: 'One component: contract, bindings and versions',
    options: [],
    async run(context) {
      const component = await call(context.backend, 'getComponent', { name: arg(context.args, 0, 'component NAME') });
      return emit(context, component, () => {
        const inputs = Object.entries(
          (component.draft.inputSchema.properties ?? {}) as Record<string, { type?: string; description?: string }>,
        );
        const outputs = Object.keys((component.draft.outputSchema.properties ?? {}) as object);
        const bindings = component.draft.resolverBindings as Record<string, { resolver: string }>;
        return [
          `${component.name} — ${component.semanticType} on ${component.provider}${component.system ? ' (built-in)' : ''}`,
          component.description,
          '',
          'Inputs:',
          ...inputs.map(
            ([key, p]) =>
              `  ${key}: ${p.type ?? 'any'}${bindings[key] ? ` ← ${bindings[key].resolver}` : ''}${p.description ? ` — ${p.description}` : ''}`,
          ),
          `Outputs: ${outputs.join(', ') || '(none)'}`,
          `Versions: ${component.versions.map((v) => `v${v.version} (${v.changelog})`).join(', ') || 'none published'}`,
          '',
        ].join('\n');
      });
    },
  },
  {
    words: ['component', 'publish'],
    usage: 'nimbus component publish NAME --changelog TEXT',
    summary: "Publish a component's draft as an immutable version",
    options: ['changelog'],
    async run(context) {
      const name = arg(context.args, 0, 'component NAME');
      const version = await call(context.backend, 'publishComponent', { name, changelog: required(context.options, 'changelog') });
      return emit(context, version, () => `Published ${name}@${version.version}\n`);
    },
  },
  {
    words: ['component', 'versions'],
    usage: 'nimbus component versions NAME',
    summary: 'Published versions of a component',
    options: [],
    async run(context) {
      const component = await call(context.backend, 'getComponent', { name: arg(context.args, 0, 'component NAME') });
      return emit(context, component.versions, () =>
        component.versions.length === 0
          ? `${component.name} has no published version yet.\n`
          : table(
              ['VERSION', 'PUBLISHED', 'BY', 'CHANGELOG'],
              component.versions.map((v) => [v.version, v.publishedAt, v.publishedBy, v.changelog]),
            ),
      );
    },
  },
  {
    words: ['landing-zone', 'create'],
    usage: 'nimbus landing-zone create NAME --provider P [--ipam-pool POOL] [--naming-pattern PATTERN] [--domain DOMAIN]',
    summary: 'Create a landing zone',
    options: ['provider', 'ipam-pool', 'naming-pattern', 'domain'],
    async run(context) {
      const { options } = context;
      const naming = Object.fromEntries(
        Object.entries({ pattern: str(options, 'naming-pattern'), domain: str(options, 'domain') }).filter(([, v]) => v),
      );
      const resolverConfig = {
        ...(str(options, 'ipam-pool') ? { ipam: { pool: str(options, 'ipam-pool') } } : {}),
        ...(Object.keys(naming).length ? { naming } : {}),
      };
      const zone = await call(context.backend, 'createLandingZone', {
        name: arg(context.args, 0, 'landing zone NAME'),
        provider: required(options, 'provider'),
        resolverConfig,
      });
      return emit(context, zone, () => `Created landing zone ${zone.name} (${zone.provider})\n`);
    },
  },
  {
    words: ['landing-zone', 'list'],
    usage: 'nimbus landing-zone list',
    summary: 'Landing zones',
    options: [],
    async run(context) {
      const zones = await call(context.backend, 'listLandingZones', {});
      return emit(context, zones, () =>
        zones.length === 0
          ? 'No landing zones yet.\n'
          : table(
              ['NAME', 'PROVIDER', 'TEMPLATES'],
              zones.map((z) => [z.name, z.provider, z.templates.map((t) => t.name).join(', ')]),
            ),
      );
    },
  },
  {
    words: ['env', 'create'],
    usage: 'nimbus env create NAME --landing-zone LZ [--template T] [--ipam-pool POOL]',
    summary: 'Create an environment',
    options: ['landing-zone', 'template', 'ipam-pool'],
    async run(context) {
      const { options } = context;
      const env = await call(context.backend, 'createEnvironment', {
        name: arg(context.args, 0, 'environment NAME'),
        landingZone: required(options, 'landing-zone'),
        ...(str(options, 'template') ? { template: str(options, 'template') } : {}),
        ...(str(options, 'ipam-pool') ? { resolverOverrides: { ipam: { pool: str(options, 'ipam-pool') } } } : {}),
      });
      // From a template with mandatory components: provisioning them is followed (see followProvisioning).
      if (env.status === 'provisioning' && env.provisioningJobId) {
        if (!context.json) context.io.out(`Created environment ${env.name} in ${env.landingZone}\n`);
        return followProvisioning(context, env.name, env.provisioningJobId);
      }
      return emit(context, env, () => `Created environment ${env.name} in ${env.landingZone}\n`);
    },
  },
  {
    words: ['env', 'list'],
    usage: 'nimbus env list',
    summary: 'Environments',
    options: [],
    async run(context) {
      const envs = await call(context.backend, 'listEnvironments', {});
      return emit(context, envs, () =>
        envs.length === 0
          ? 'No environments yet.\n'
          : table(
              ['NAME', 'LANDING ZONE', 'PROVIDER', 'IPAM POOL', 'STATUS'],
              envs.map((e) => [
                e.name,
                e.landingZone,
                e.provider,
                String((e.effective.config.ipam as { pool?: string }).pool ?? ''),
                `${e.status ?? 'active'}${e.statusReason ? ` — ${e.statusReason}` : ''}`,
              ]),
            ),
      );
    },
  },
  {
    words: ['sandbox'],
    usage: 'nimbus sandbox [--name NAME]',
    summary: 'Set up (or find again) a local sandbox: an IPAM pool, a local landing zone and an environment',
    options: ['name'],
    async run(context) {
      const name = str(context.options, 'name');
      const sandbox = await call(context.backend, 'createLocalSandbox', name === undefined ? {} : { name });
      return emit(context, sandbox, () => {
        const state = (created: boolean) => (created ? 'created' : 'already there');
        return [
          `Environment ${sandbox.environment.name} (${state(sandbox.created.environment)})`,
          `  landing zone ${sandbox.landingZone.name} on ${sandbox.landingZone.provider} (${state(sandbox.created.landingZone)})`,
          `  IPAM pool ${sandbox.pool.name} ${sandbox.pool.cidr} (${state(sandbox.created.pool)})`,
          `Next: nimbus plan FILE --env ${sandbox.environment.name}`,
          '',
        ].join('\n');
      });
    },
  },
  {
    words: ['ipam', 'pool', 'create'],
    usage: 'nimbus ipam pool create NAME --cidr CIDR [--parent POOL] [--scope SCOPE] [--gateway ADDRESS]',
    summary: 'Create an IPAM pool',
    options: ['cidr', 'parent', 'scope', 'gateway'],
    async run(context) {
      const { options } = context;
      const pool = await call(context.backend, 'createIpamPool', {
        name: arg(context.args, 0, 'pool NAME'),
        cidr: required(options, 'cidr'),
        ...Object.fromEntries(['parent', 'scope', 'gateway'].flatMap((key) => (str(options, key) ? [[key, str(options, key)]] : []))),
      });
      return emit(context, pool, () => `Created pool ${pool.name} ${pool.cidr}${pool.gateway ? ` (gateway ${pool.gateway})` : ''}\n`);
    },
  },
  {
    words: ['ipam', 'list'],
    usage: 'nimbus ipam list [--pool POOL]',
    summary: 'Pools with utilisation, or the allocations of one pool',
    options: ['pool', 'scope'],
    async run(context) {
      const pool = str(context.options, 'pool');
      const scope = str(context.options, 'scope');
      if (pool) {
        const allocations = await call(context.backend, 'listIpamAllocations', { pool, ...(scope ? { scope } : {}) });
        return emit(context, allocations, () =>
          allocations.length === 0
            ? `Pool ${pool} has no allocations.\n`
            : table(
                ['VALUE', 'KIND', 'OWNER', 'ID'],
                allocations.map((a) => [a.value, a.kind, a.owner, a.id]),
              ),
        );
      }
      const pools = await call(context.backend, 'listIpamPools', scope ? { scope } : {});
      return emit(context, pools, () =>
        pools.length === 0
          ? 'No IPAM pools yet.\n'
          : table(
              ['NAME', 'CIDR', 'SCOPE', 'USED', 'UTILISATION'],
              pools.map((p) => [p.name, p.cidr, p.scope, `${p.used}/${p.size}`, `${(p.utilisation * 100).toFixed(2)}%`]),
            ),
      );
    },
  },
  {
    words: ['ipam', 'allocate'],
    usage: 'nimbus ipam allocate --pool POOL --owner OWNER [--prefix N | --value ADDRESS_OR_CIDR]',
    summary: 'Allocate the next free address (or subnet), or reserve a given one',
    options: ['pool', 'owner', 'prefix', 'value', 'scope'],
    async run(context) {
      const { options } = context;
      const prefix = integer(str(options, 'prefix'), 'prefix');
      if (prefix !== undefined && str(options, 'value')) throw new UsageError('give --prefix or --value, not both');
      const allocation = await call(context.backend, 'allocateIp', {
        pool: required(options, 'pool'),
        owner: required(options, 'owner'),
        ...(prefix !== undefined ? { prefix } : {}),
        ...(str(options, 'value') ? { value: str(options, 'value') } : {}),
        ...(str(options, 'scope') ? { scope: str(options, 'scope') } : {}),
      });
      return emit(context, allocation, () => `${allocation.value}\n`);
    },
  },
  {
    words: ['ipam', 'release'],
    usage: 'nimbus ipam release (--id ID | --pool POOL --value VALUE)',
    summary: 'Release an allocation',
    options: ['id', 'pool', 'value', 'scope'],
    async run(context) {
      const input = Object.fromEntries(
        ['id', 'pool', 'value', 'scope'].flatMap((key) => (str(context.options, key) ? [[key, str(context.options, key)]] : [])),
      );
      const released = await call(context.backend, 'releaseIp', input);
      return emit(context, released, () => `Released ${released.value}\n`);
    },
  },
  {
    words: ['validate'],
    usage: 'nimbus validate FILE',
    summary: 'Check a topology file (YAML or JSON); exit code 1 when it has problems',
    options: [],
    async run(context) {
      const file = arg(context.args, 0, 'FILE');
      const result = await call(context.backend, 'validateTopologyFile', { text: readText(file), source: file });
      emit(context, result, () =>
        result.valid
          ? `${file}: valid\n`
          : `${result.issues.map((i) => `${file}:${i.line ? `${i.line}:` : ''} ${i.node ? `${i.node}: ` : ''}${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n')}\n`,
      );
      return result.valid ? 0 : 1;
    },
  },
  {
    words: ['plan'],
    usage: 'nimbus plan FILE --env NAME',
    summary: 'Preview resolution: every parameter with its source, and the parallel groups',
    options: ['env'],
    async run(context) {
      const file = arg(context.args, 0, 'FILE');
      const text = readText(file);
      const check = await call(context.backend, 'validateTopologyFile', { text, source: file });
      if (!check.valid && check.name === null) {
        context.io.err(`${check.issues.map((i) => `${file}:${i.line ? `${i.line}:` : ''} ${i.path}: ${i.message}`).join('\n')}\n`);
        return 1;
      }
      const parsed = await import('../topology/topology-file.js').then((m) => m.parseTopologyFile(text, file));
      const plan = await call(context.backend, 'planTopology', {
        document: parsed.document,
        environment: required(context.options, 'env'),
      });
      emit(context, plan, () => {
        const lines: string[] = [`Plan for environment ${plan.environment} (preview: nothing reserved)`, ''];
        for (const issue of plan.issues) lines.push(`! ${issue.message}`);
        plan.groups.forEach((group, index) =>
          lines.push(`Wave ${index + 1}: ${group.map((id) => plan.nodes.find((n) => n.nodeId === id)?.label ?? id).join(', ')}`),
        );
        for (const node of plan.nodes) {
          lines.push('', `${node.label} (${node.component}) — ${node.status}`);
          for (const [key, value] of Object.entries(node.values)) {
            const shown = previewValueText(value.pending, value.value, jsonText);
            lines.push(`  ${key} = ${shown}  [${value.source}${value.detail ? `: ${value.detail}` : ''}]`);
          }
          for (const issue of node.issues) lines.push(`  ! ${issue.path}: ${issue.message}`);
        }
        return `${lines.join('\n')}\n`;
      });
      return plan.valid ? 0 : 1;
    },
  },
  ...FILE_COMMANDS,
  ...DEPLOY_COMMANDS,
  ...DRIFT_COMMANDS,
  ...STACK_COMMANDS,
  ...API_COMMANDS,
  ...AUDIT_COMMANDS,
  ...IDENTITY_COMMANDS,
  ...APPROVAL_COMMANDS,
  ...NOTIFICATION_COMMANDS,
  ...SYNC_COMMANDS,
  ...TOPOLOGY_DOCUMENT_COMMANDS,
  ...DRAFT_DOCUMENT_COMMANDS,
  // Backup and restore
  ...BACKUP_COMMANDS,
  // Cost estimates.
  ...COST_COMMANDS,
  // Bare metal.
  ...BAREMETAL_COMMANDS,
  ...MANAGE_COMMANDS,
  // Cloud accounts: provider credentials per landing zone.
  ...ACCOUNT_COMMANDS,
  // Landing-zone bootstrap and environment provisioning.
  ...BOOTSTRAP_COMMANDS,
];

/** The command whose words start `positionals`, longest match first. */
export function findCommand(positionals: string[]): { command: Command; args: string[] } | undefined {
  const sorted = [...COMMANDS].sort((a, b) => b.words.length - a.words.length);
  for (const command of sorted) {
    if (command.words.every((word, index) => positionals[index] === word))
      return { command, args: positionals.slice(command.words.length) };
  }
  return undefined;
}
