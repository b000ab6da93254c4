/**
 * Cost estimates from the command line: a topology file's monthly cost in an environment
 * (`nimbus cost`), an environment's deployed roll-up (`nimbus cost env`), the pricing snapshot in use
 * and importing a newer one (`nimbus pricing`), and landing zone rate cards (`nimbus rate-card`).
 */
import type { MethodOutput } from '../api/contract.js';
import { parseUsageFile } from '../cost/cost-files.js';
import { excerpt } from '../text/excerpt.js';
import { arg, call, emit, readText, required, str, type Command, type CommandContext } from './command-support.js';
import { table } from './format.js';
import { UsageError } from './usage-error.js';

type Estimate = MethodOutput<'estimateTopologyCost'>;

const money = (value: number) => value.toFixed(2);

/** A decimal option of zero or more (a rate); `--core 4.5`. */
function amount(context: CommandContext, name: string): number {
  const text = required(context.options, name);
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0)
    throw new UsageError(`--${name} must be a number of zero or more, not ${excerpt(text)}`);
  return value;
}

/** The usage file named by --usage, checked here so a bad entry is named with its path before anything is asked. */
function usageOption(context: CommandContext) {
  const file = str(context.options, 'usage');
  return file === undefined ? {} : { usage: parseUsageFile(readText(file), file) };
}

/** An estimate as a person reads it: the snapshot's date and the currency first, every node, why some are not priced. */
export function estimateText(estimate: Estimate, title: string): string {
  const lines = [`${title} — ${estimate.currency} per month, pricing snapshot of ${estimate.pricingDate} (${estimate.pricingSource})`, ''];
  if (estimate.nodes.length === 0) lines.push('Nothing to price.');
  else
    lines.push(
      table(
        ['NODE', 'COMPONENT', 'MONTHLY', 'SOURCE'],
        estimate.nodes.map((node) => [
          node.label,
          node.component,
          node.monthlyCost === null ? 'not priced' : money(node.monthlyCost),
          node.reason ?? node.source,
        ]),
      ).trimEnd(),
    );
  for (const node of estimate.nodes) {
    for (const line of node.lines)
      lines.push(
        `  ${node.label}: ${line.name} — ${line.monthlyQuantity} ${line.unit}${line.period === 'hour' ? ` (${line.quantity} × ${estimate.hoursPerMonth} h)` : ''} × ${line.unitPrice} = ${money(line.monthlyCost)}`,
      );
  }
  lines.push(
    '',
    `Total: ${money(estimate.monthlyTotal)} ${estimate.currency}/month (${estimate.pricedCount} priced${estimate.unpricedCount ? `, ${estimate.unpricedCount} not priced: see SOURCE` : ''})`,
    '',
  );
  return lines.join('\n');
}

export const COST_COMMANDS: Command[] = [
  {
    words: ['cost'],
    usage: 'nimbus cost FILE --env NAME [--usage FILE]',
    summary: 'Monthly cost of a topology file in an environment, per node, before deploying',
    options: ['env', 'usage'],
    async run(context) {
      const file = arg(context.args, 0, 'FILE');
      const text = readText(file);
      const { parseTopologyFile } = await import('../topology/topology-file.js');
      const parsed = parseTopologyFile(text, file);
      const environment = required(context.options, 'env');
      const estimate = await call(context.backend, 'estimateTopologyCost', {
        document: parsed.document,
        environment,
        ...usageOption(context),
      });
      return emit(context, estimate, () => estimateText(estimate, `Cost of ${parsed.name} in environment ${environment}`));
    },
  },
  {
    words: ['cost', 'env'],
    usage: 'nimbus cost env NAME [--usage FILE]',
    summary: "Monthly cost of an environment's deployed components",
    options: ['usage'],
    async run(context) {
      const environment = arg(context.args, 0, 'environment NAME');
      const estimate = await call(context.backend, 'estimateEnvironmentCost', { environment, ...usageOption(context) });
      return emit(context, estimate, () => estimateText(estimate, `Cost of what is deployed in environment ${environment}`));
    },
  },
  {
    words: ['pricing', 'show'],
    usage: 'nimbus pricing show',
    summary: 'The pricing snapshot estimates use: date, currency, source, providers',
    options: [],
    async run(context) {
      const info = await call(context.backend, 'getPricingSnapshot', {});
      return emit(context, info, () => pricingText(info));
    },
  },
  {
    words: ['pricing', 'import'],
    usage: 'nimbus pricing import FILE',
    summary: 'Import a newer pricing snapshot (JSON or YAML); a bad entry is named by its path',
    options: [],
    async run(context) {
      const file = arg(context.args, 0, 'FILE');
      const info = await call(context.backend, 'importPricingSnapshot', { text: readText(file), source: file });
      return emit(context, info, () => `Imported ${file}: estimates now use the pricing snapshot of ${info.date} (${info.currency}).\n`);
    },
  },
  {
    words: ['rate-card', 'list'],
    usage: 'nimbus rate-card list',
    summary: 'Monthly rate cards of the landing zones',
    options: [],
    async run(context) {
      const cards = await call(context.backend, 'listRateCards', {});
      return emit(context, cards, () =>
        cards.length === 0
          ? 'No rate cards yet: nimbus rate-card set ZONE --core N --ram N --disk N\n'
          : table(
              ['LANDING ZONE', 'CURRENCY', 'PER CORE', 'PER GB RAM', 'PER GB DISK', 'UPDATED'],
              cards.map((card) => [
                card.landingZoneName,
                card.currency,
                `${card.perCore}`,
                `${card.perGbRam}`,
                `${card.perGbDisk}`,
                card.updatedAt,
              ]),
            ),
      );
    },
  },
  {
    words: ['rate-card', 'set'],
    usage: 'nimbus rate-card set ZONE --core N --ram N --disk N [--currency USD]',
    summary: "Set a landing zone's monthly cost per core, per GB of RAM and per GB of disk",
    options: ['core', 'ram', 'disk', 'currency'],
    async run(context) {
      const card = await call(context.backend, 'setRateCard', {
        landingZone: arg(context.args, 0, 'landing zone ZONE'),
        perCore: amount(context, 'core'),
        perGbRam: amount(context, 'ram'),
        perGbDisk: amount(context, 'disk'),
        ...(str(context.options, 'currency') ? { currency: str(context.options, 'currency') } : {}),
      });
      return emit(
        context,
        card,
        () =>
          `Rate card of ${card.landingZoneName}: ${card.perCore} per core, ${card.perGbRam} per GB of RAM, ${card.perGbDisk} per GB of disk (${card.currency}/month)\n`,
      );
    },
  },
  {
    words: ['rate-card', 'remove'],
    usage: 'nimbus rate-card remove ZONE',
    summary: "Remove a landing zone's rate card (its components are then not priced)",
    options: [],
    async run(context) {
      const landingZone = arg(context.args, 0, 'landing zone ZONE');
      const result = await call(context.backend, 'removeRateCard', { landingZone });
      return emit(context, result, () =>
        result.removed ? `Removed the rate card of ${landingZone}\n` : `${landingZone} had no rate card\n`,
      );
    },
  },
];

function pricingText(info: MethodOutput<'getPricingSnapshot'>): string {
  return [
    `Pricing snapshot of ${info.date} (${info.source}${info.importedAt ? `, imported ${info.importedAt} by ${info.importedBy}` : ''}), in ${info.currency}`,
    ...(info.description ? [info.description] : []),
    '',
    table(
      ['PROVIDER', 'PRODUCTS', 'PRICED RESOURCES', 'NOTE'],
      info.providers.map((provider) => [
        provider.id,
        `${provider.products}`,
        `${provider.resources}`,
        provider.free ? 'costs nothing' : '',
      ]),
    ),
  ].join('\n');
}
