/**
 * Managing what was created from the command line: edit and delete of landing zones, environments
 * and IPAM pools, environment templates (`nimbus template`), and a tenant's governance policy
 * (`nimbus governance`). Deletes ask first (or take --yes); a refused delete names what uses the thing.
 */
import { parse as parseYaml } from 'yaml';
import { NimbusError } from '../errors.js';
import { arg, call, emit, readText, required, str, type Command, type CommandContext } from './command-support.js';
import { table } from './format.js';
import { UsageError } from './usage-error.js';

/** Asks before a delete, unless --yes; without a terminal, refuses. */
async function confirmed(context: CommandContext, question: string): Promise<boolean> {
  if (context.options.yes === true) return true;
  if (!context.io.confirm)
    throw new NimbusError('confirmation_required', `${question} Nobody can answer here (no terminal): add --yes to go ahead.`, {});
  if (await context.io.confirm(question)) return true;
  context.io.err('Nothing was changed.\n');
  return false;
}

/** A YAML or JSON document from a file (JSON is YAML), as plain data for the API to validate. */
function readDocument(file: string, what: string): unknown {
  try {
    return parseYaml(readText(file)) as unknown;
  } catch (error) {
    if (error instanceof NimbusError) throw error;
    throw new UsageError(`${what} ${file} is not valid YAML or JSON: ${(error as Error).message}`);
  }
}

/** `--mandatory a,b` → ['a', 'b']. */
function names(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean);
}

const ipamPool = (value: string | undefined) => (value === undefined ? undefined : value === '' ? {} : { ipam: { pool: value } });

export const MANAGE_COMMANDS: Command[] = [
  {
    words: ['landing-zone', 'edit'],
    usage: 'nimbus landing-zone edit LZ [--name NEW] [--description TEXT] [--config FILE]',
    summary: 'Rename a landing zone or change its description or resolver configuration (YAML/JSON file)',
    options: ['name', 'description', 'config'],
    async run(context) {
      const { options } = context;
      const config = str(options, 'config');
      const zone = await call(context.backend, 'updateLandingZone', {
        landingZone: arg(context.args, 0, 'landing zone LZ'),
        ...(str(options, 'name') !== undefined ? { name: str(options, 'name') } : {}),
        ...(str(options, 'description') !== undefined ? { description: str(options, 'description') } : {}),
        ...(config ? { resolverConfig: readDocument(config, 'Resolver configuration') } : {}),
      });
      return emit(context, zone, () => `Updated landing zone ${zone.name}\n`);
    },
  },
  {
    words: ['landing-zone', 'delete'],
    usage: 'nimbus landing-zone delete LZ [--yes]',
    summary: 'Delete a landing zone and its templates (refused while it has environments)',
    options: ['yes'],
    async run(context) {
      const zone = arg(context.args, 0, 'landing zone LZ');
      if (!(await confirmed(context, `Delete landing zone ${zone} and its templates?`))) return 1;
      const removed = await call(context.backend, 'deleteLandingZone', { landingZone: zone });
      return emit(context, removed, () => `Deleted landing zone ${removed.name}\n`);
    },
  },
  {
    words: ['env', 'edit'],
    usage: 'nimbus env edit ENV [--name NEW] [--ipam-pool POOL] [--overrides FILE]',
    summary: 'Rename an environment (refused while anything is deployed to it) or change its resolver overrides',
    options: ['name', 'ipam-pool', 'overrides'],
    async run(context) {
      const { options } = context;
      const file = str(options, 'overrides');
      const overrides = file ? readDocument(file, 'Resolver overrides') : ipamPool(str(options, 'ipam-pool'));
      const environment = await call(context.backend, 'updateEnvironment', {
        environment: arg(context.args, 0, 'environment ENV'),
        ...(str(options, 'name') !== undefined ? { name: str(options, 'name') } : {}),
        ...(overrides !== undefined ? { resolverOverrides: overrides } : {}),
      });
      return emit(context, environment, () => `Updated environment ${environment.name}\n`);
    },
  },
  {
    words: ['env', 'delete'],
    usage: 'nimbus env delete ENV [--yes]',
    summary: 'Delete an environment (refused while deployments, topologies, stack instances or leases use it)',
    options: ['yes'],
    async run(context) {
      const environment = arg(context.args, 0, 'environment ENV');
      if (!(await confirmed(context, `Delete environment ${environment}?`))) return 1;
      const removed = await call(context.backend, 'deleteEnvironment', { environment });
      return emit(context, removed, () => `Deleted environment ${removed.name}\n`);
    },
  },
  {
    words: ['ipam', 'pool', 'edit'],
    usage: 'nimbus ipam pool edit POOL --name NEW [--scope SCOPE]',
    summary: 'Rename an IPAM pool (landing zones, templates and environments naming it follow)',
    options: ['name', 'scope'],
    async run(context) {
      const { options } = context;
      const scope = str(options, 'scope');
      const pool = await call(context.backend, 'updateIpamPool', {
        pool: arg(context.args, 0, 'pool POOL'),
        name: required(options, 'name'),
        ...(scope ? { scope } : {}),
      });
      return emit(context, pool, () => `Renamed pool to ${pool.name} (${pool.cidr})\n`);
    },
  },
  {
    words: ['ipam', 'pool', 'delete'],
    usage: 'nimbus ipam pool delete POOL [--scope SCOPE] [--yes]',
    summary: 'Delete an IPAM pool (refused while it has allocations or a configuration names it)',
    options: ['scope', 'yes'],
    async run(context) {
      const pool = arg(context.args, 0, 'pool POOL');
      const scope = str(context.options, 'scope');
      if (!(await confirmed(context, `Delete IPAM pool ${pool}?`))) return 1;
      const removed = await call(context.backend, 'deleteIpamPool', { pool, ...(scope ? { scope } : {}) });
      return emit(context, removed, () => `Deleted pool ${removed.name}\n`);
    },
  },
  {
    words: ['template', 'create'],
    usage: 'nimbus template create NAME --landing-zone LZ [--mandatory C1,C2] [--defaults FILE] [--overrides FILE]',
    summary: 'Create an environment template: mandatory components and their default parameters (YAML/JSON: component → parameter → value)',
    options: ['landing-zone', 'mandatory', 'defaults', 'overrides'],
    async run(context) {
      const { options } = context;
      const name = arg(context.args, 0, 'template NAME');
      const defaults = str(options, 'defaults');
      const overrides = str(options, 'overrides');
      const zone = await call(context.backend, 'createEnvironmentTemplate', {
        landingZone: required(options, 'landing-zone'),
        name,
        mandatoryComponents: names(str(options, 'mandatory')) ?? [],
        ...(defaults ? { componentDefaults: readDocument(defaults, 'Component defaults') } : {}),
        ...(overrides ? { resolverOverrides: readDocument(overrides, 'Resolver overrides') } : {}),
      });
      const template = zone.templates.find((t) => t.name === name);
      return emit(context, template ?? zone, () => `Created template ${name} in landing zone ${zone.name}\n`);
    },
  },
  {
    words: ['template', 'edit'],
    usage: 'nimbus template edit TEMPLATE --landing-zone LZ [--name NEW] [--mandatory C1,C2] [--defaults FILE] [--overrides FILE]',
    summary: 'Change an environment template',
    options: ['landing-zone', 'name', 'mandatory', 'defaults', 'overrides'],
    async run(context) {
      const { options } = context;
      const defaults = str(options, 'defaults');
      const overrides = str(options, 'overrides');
      const mandatory = names(str(options, 'mandatory'));
      const template = await call(context.backend, 'updateEnvironmentTemplate', {
        landingZone: required(options, 'landing-zone'),
        template: arg(context.args, 0, 'template TEMPLATE'),
        ...(str(options, 'name') !== undefined ? { name: str(options, 'name') } : {}),
        ...(mandatory ? { mandatoryComponents: mandatory } : {}),
        ...(defaults ? { componentDefaults: readDocument(defaults, 'Component defaults') } : {}),
        ...(overrides ? { resolverOverrides: readDocument(overrides, 'Resolver overrides') } : {}),
      });
      return emit(context, template, () => `Updated template ${template.name}\n`);
    },
  },
  {
    words: ['template', 'list'],
    usage: 'nimbus template list [--landing-zone LZ]',
    summary: 'Environment templates per landing zone',
    options: ['landing-zone'],
    async run(context) {
      const only = str(context.options, 'landing-zone');
      const zones = (await call(context.backend, 'listLandingZones', {})).filter((z) => !only || z.name === only || z.id === only);
      const rows = zones.flatMap((zone) => zone.templates.map((template) => ({ landingZone: zone.name, ...template })));
      return emit(context, rows, () =>
        rows.length === 0
          ? 'No templates yet. Create one with nimbus template create NAME --landing-zone LZ\n'
          : table(
              ['LANDING ZONE', 'NAME', 'MANDATORY COMPONENTS', 'DEFAULTS'],
              rows.map((row) => [
                row.landingZone,
                row.name,
                row.mandatoryComponents.join(', '),
                Object.keys(row.componentDefaults).join(', '),
              ]),
            ),
      );
    },
  },
  {
    words: ['template', 'show'],
    usage: 'nimbus template show TEMPLATE --landing-zone LZ',
    summary: 'One environment template with its mandatory components and their default parameters',
    options: ['landing-zone'],
    async run(context) {
      const zone = await call(context.backend, 'listLandingZones', {}).then((zones) => {
        const wanted = required(context.options, 'landing-zone');
        return zones.find((z) => z.name === wanted || z.id === wanted);
      });
      const wanted = arg(context.args, 0, 'template TEMPLATE');
      const template = zone?.templates.find((t) => t.name === wanted || t.id === wanted);
      if (!zone || !template)
        throw new NimbusError('not_found', `Template ${wanted} of landing zone ${str(context.options, 'landing-zone')} does not exist`, {});
      return emit(context, template, () => `${template.name} (landing zone ${zone.name})\n${JSON.stringify(template, null, 2)}\n`);
    },
  },
  {
    words: ['template', 'delete'],
    usage: 'nimbus template delete TEMPLATE --landing-zone LZ [--yes]',
    summary: 'Delete an environment template (refused while environments use it)',
    options: ['landing-zone', 'yes'],
    async run(context) {
      const template = arg(context.args, 0, 'template TEMPLATE');
      const landingZone = required(context.options, 'landing-zone');
      if (!(await confirmed(context, `Delete template ${template} of landing zone ${landingZone}?`))) return 1;
      const removed = await call(context.backend, 'deleteEnvironmentTemplate', { landingZone, template });
      return emit(context, removed, () => `Deleted template ${removed.name}\n`);
    },
  },
  {
    words: ['governance', 'show'],
    usage: 'nimbus governance show [--tenant T]',
    summary: "A tenant's governance policy: allowed and denied components, parameter constraints, instance limits",
    options: ['tenant'],
    async run(context) {
      const tenant = str(context.options, 'tenant');
      const policy = await call(context.backend, 'getGovernancePolicy', tenant ? { tenant } : {});
      return emit(context, policy, () => `${JSON.stringify(policy, null, 2)}\n`);
    },
  },
  {
    words: ['governance', 'set'],
    usage: 'nimbus governance set [--file FILE] [--tenant T] [--allow C1,C2] [--deny C1,C2] [--max-instances COMPONENT=N]',
    summary: "Replace a tenant's governance policy from a YAML/JSON file; flags change the current policy instead",
    options: ['file', 'tenant', 'allow', 'deny', 'max-instances'],
    async run(context) {
      const { options } = context;
      const tenant = str(options, 'tenant');
      const file = str(options, 'file');
      const base = file
        ? (readDocument(file, 'Governance policy') as Record<string, unknown>)
        : ((await call(context.backend, 'getGovernancePolicy', tenant ? { tenant } : {})) as Record<string, unknown>);
      if (typeof base !== 'object' || base === null || Array.isArray(base)) throw new UsageError('The governance policy must be a mapping');
      const policy: Record<string, unknown> = { ...base };
      const allow = names(str(options, 'allow'));
      if (allow) policy.allow = allow;
      const deny = names(str(options, 'deny'));
      if (deny) policy.deny = deny;
      const limit = str(options, 'max-instances');
      if (limit !== undefined) {
        const match = /^([^=]+)=(\d+)$/.exec(limit);
        if (!match) throw new UsageError('--max-instances takes COMPONENT=N, e.g. local-vm=1');
        policy.maxInstances = { ...((policy.maxInstances as Record<string, number> | undefined) ?? {}), [match[1]!]: Number(match[2]) };
      }
      if (!file && !allow && !deny && limit === undefined) throw new UsageError('Give --file FILE, or --allow, --deny or --max-instances');
      const saved = await call(context.backend, 'setGovernancePolicy', { ...(tenant ? { tenant } : {}), policy });
      return emit(context, saved, () => `Saved the governance policy${tenant ? ` of ${tenant}` : ''}\n${JSON.stringify(saved, null, 2)}\n`);
    },
  },
];
