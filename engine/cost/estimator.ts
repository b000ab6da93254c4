import {
  HOURS_PER_MONTH,
  type CostComponentRule,
  type CostEstimate,
  type CostLine,
  type NodeCost,
  type PricingSnapshot,
  type Product,
  type PurchaseOption,
  type Quantity,
  type RateCardRate,
  type UsageFile,
} from '../api/schemas/cost.js';

/** A parameter as resolution left it: a concrete value, or pending until deploy. */
export interface CostInputValue {
  value: unknown;
  pending?: boolean;
}

/** One node to price: its component, where it runs and its resolved parameters. */
export interface CostNode {
  nodeId: string;
  label: string;
  component: string;
  provider: string;
  semanticType: string | null;
  values: Record<string, CostInputValue>;
}

/** A landing zone's monthly rates, as the estimator needs them. */
export interface EstimatorRateCard {
  landingZone: string;
  currency: string;
  perCore: number;
  perGbRam: number;
  perGbDisk: number;
}

/** Everything an estimate is made from; the estimator reads nothing else. */
export interface EstimateInput {
  nodes: readonly CostNode[];
  pricing: PricingSnapshot;
  pricingSource: 'built-in' | 'imported';
  /** The rate card of the environment's landing zone, when it has one. */
  rateCard?: EstimatorRateCard | null;
  usage?: UsageFile | null;
  environment?: string | null;
  landingZone?: string | null;
}

/** Money to the cent, half away from zero, without binary fractions creeping into totals. */
export function roundMoney(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** A quantity or unit price to six decimals (a GB of a 512 MiB disk is 0.5, a price of $0.0416 stays). */
function roundFine(value: number): number {
  return Math.round((value + Number.EPSILON) * 1e6) / 1e6;
}

/** A node the estimator could not price, with why. */
class Unpriced extends Error {}

/** The strings a rate card's rates are shown with. */
const RATE_NAMES: Record<RateCardRate, { field: keyof EstimatorRateCard; label: string }> = {
  core: { field: 'perCore', label: 'per core' },
  memoryGb: { field: 'perGbRam', label: 'per GB of RAM' },
  diskGb: { field: 'perGbDisk', label: 'per GB of disk' },
};

/**
 * Prices resolved nodes: every node gets its cost components (name, unit, quantity from its
 * parameters or the usage file, unit price from a product of the pricing snapshot or the landing
 * zone's rate card) and a monthly total, or says why it cannot be priced. Pure: the same input gives
 * the same estimate, so the planner, the deploy wizard, the CLI and the tests agree to the cent.
 */
export function estimateCost(input: EstimateInput): CostEstimate {
  const nodes = input.nodes.map((node) => priceNode(node, input));
  const priced = nodes.filter((node) => node.status !== 'unpriced');
  return {
    currency: input.pricing.currency,
    pricingDate: input.pricing.date,
    pricingSource: input.pricingSource,
    hoursPerMonth: HOURS_PER_MONTH,
    environment: input.environment ?? null,
    landingZone: input.landingZone ?? null,
    nodes,
    monthlyTotal: roundMoney(priced.reduce((sum, node) => sum + (node.monthlyCost ?? 0), 0)),
    pricedCount: priced.length,
    unpricedCount: nodes.length - priced.length,
  };
}

function priceNode(node: CostNode, input: EstimateInput): NodeCost {
  const base = {
    nodeId: node.nodeId,
    label: node.label,
    component: node.component,
    provider: node.provider,
    semanticType: node.semanticType,
  };
  const unpriced = (reason: string, source: string): NodeCost => ({
    ...base,
    status: 'unpriced',
    monthlyCost: null,
    lines: [],
    source,
    reason,
  });
  const provider = input.pricing.providers[node.provider];
  if (!provider)
    return unpriced(`the pricing snapshot of ${input.pricing.date} has no prices for provider ${node.provider}`, 'pricing snapshot');
  if (provider.free) return { ...base, status: 'free', monthlyCost: 0, lines: [], source: `${node.provider} provider`, reason: null };
  const name = componentName(node.component);
  const rule = provider.resources[name] ?? (node.semanticType ? provider.resources[node.semanticType] : undefined);
  if (!rule)
    return unpriced(
      `no price for ${name}${node.semanticType ? ` (${node.semanticType})` : ''} on ${node.provider} in the pricing snapshot of ${input.pricing.date}`,
      'pricing snapshot',
    );
  const usesRateCard = rule.costComponents.some((component) => 'rateCard' in component.price);
  const source = usesRateCard
    ? `rate card of landing zone ${input.landingZone ?? input.rateCard?.landingZone ?? '?'}`
    : `pricing snapshot ${input.pricing.date}`;
  if (rule.costComponents.length === 0)
    return { ...base, status: 'free', monthlyCost: 0, lines: [], source: rule.note ?? 'no direct cost', reason: null };
  try {
    const lines = rule.costComponents.map((component) => priceComponent(component, node, provider.products, input));
    const monthlyCost = roundMoney(lines.reduce((sum, line) => sum + line.monthlyCost, 0));
    return { ...base, status: 'priced', monthlyCost, lines, source, reason: null };
  } catch (error) {
    if (error instanceof Unpriced) return unpriced(error.message, source);
    throw error;
  }
}

/** `proxmox-vm@3` → `proxmox-vm`; stack slot references keep their name. */
function componentName(reference: string): string {
  const at = reference.lastIndexOf('@');
  return at > 0 ? reference.slice(0, at) : reference;
}

function usageOf(node: CostNode, usage: UsageFile | null | undefined): Record<string, number | PurchaseOption> {
  if (!usage) return {};
  return { ...(usage.components[componentName(node.component)] ?? {}), ...(usage.nodes[node.nodeId] ?? {}) };
}

function quantityOf(quantity: Quantity, node: CostNode, usage: Record<string, number | PurchaseOption>): number {
  if ('fixed' in quantity) return quantity.fixed;
  if ('parameter' in quantity) {
    const entry = node.values[quantity.parameter];
    if (!entry || entry.value === undefined || entry.value === null) throw new Unpriced(`parameter ${quantity.parameter} has no value`);
    if (entry.pending) throw new Unpriced(`parameter ${quantity.parameter} is not known until deploy`);
    const number = typeof entry.value === 'number' ? entry.value : typeof entry.value === 'string' ? Number(entry.value) : Number.NaN;
    if (!Number.isFinite(number) || number < 0) throw new Unpriced(`parameter ${quantity.parameter} is not a number of zero or more`);
    return number / (quantity.divideBy ?? 1);
  }
  const given = usage[quantity.usage];
  const value = typeof given === 'number' ? given : quantity.default;
  if (value === undefined) throw new Unpriced(`usage ${quantity.usage} is not in the usage file`);
  return value / (quantity.divideBy ?? 1);
}

function priceComponent(component: CostComponentRule, node: CostNode, products: readonly Product[], input: EstimateInput): CostLine {
  const usage = usageOf(node, input.usage);
  const quantity = roundFine(quantityOf(component.quantity, node, usage));
  if ('rateCard' in component.price) {
    const card = input.rateCard;
    const zone = input.landingZone ?? 'of this environment';
    if (!card) throw new Unpriced(`landing zone ${zone} has no rate card: set one on the Environments page`);
    if (card.currency !== input.pricing.currency)
      throw new Unpriced(`the rate card of landing zone ${zone} is in ${card.currency}, estimates are in ${input.pricing.currency}`);
    const rate = RATE_NAMES[component.price.rateCard];
    const unitPrice = card[rate.field] as number;
    return {
      name: component.name,
      unit: component.unit,
      quantity,
      period: 'month',
      monthlyQuantity: quantity,
      unitPrice,
      purchaseOption: null,
      monthlyCost: roundMoney(quantity * unitPrice),
      priceSource: `rate card of landing zone ${zone}: ${unitPrice} ${card.currency} ${rate.label} per month`,
    };
  }
  const lookup = component.price.product;
  const attributes = Object.fromEntries(Object.entries(lookup.attributes).map(([key, value]) => [key, substitute(value, node)]));
  const matches = products.filter(
    (product) =>
      product.service === lookup.service &&
      (lookup.family === undefined || product.family === lookup.family) &&
      Object.entries(attributes).every(([key, value]) => product.attributes[key] === value),
  );
  const described = [lookup.service, ...Object.entries(attributes).map(([key, value]) => `${key}=${value}`)].join(' ');
  if (matches.length === 0) throw new Unpriced(`no product ${described} in the pricing snapshot of ${input.pricing.date}`);
  if (matches.length > 1) throw new Unpriced(`${matches.length} products match ${described}: the snapshot's mapping is ambiguous`);
  const product = matches[0]!;
  const chosen = usage.purchase_option;
  // A product sold one way only (storage, data transfer) is priced that way whatever the node's
  // purchase option; a product with several options (an instance type) must offer the one asked for.
  const only =
    new Set(product.prices.map((candidate) => candidate.purchaseOption)).size === 1 ? product.prices[0]!.purchaseOption : undefined;
  const option: PurchaseOption = only ?? (typeof chosen === 'string' ? chosen : (component.price.purchaseOption ?? 'on_demand'));
  const price = product.prices.find((candidate) => candidate.purchaseOption === option);
  if (!price) throw new Unpriced(`product ${product.id} has no ${option} price in the pricing snapshot of ${input.pricing.date}`);
  const monthlyQuantity = roundFine(price.period === 'hour' ? quantity * HOURS_PER_MONTH : quantity);
  return {
    name: component.name,
    unit: component.unit,
    quantity,
    period: price.period,
    monthlyQuantity,
    unitPrice: price.amount,
    purchaseOption: option,
    monthlyCost: roundMoney(monthlyQuantity * price.amount),
    priceSource: `${product.id} (${option}${price.term ? `, ${price.term}` : ''}): ${price.amount} per ${price.unit}`,
  };
}

/** `{instance_type}` → the node's instance_type; a missing or pending one makes the node unpriced. */
function substitute(template: string, node: CostNode): string {
  return template.replace(/\{([A-Za-z0-9_.-]+)\}/g, (_, name: string) => {
    const entry = node.values[name];
    if (!entry || entry.value === undefined || entry.value === null) throw new Unpriced(`parameter ${name} has no value`);
    if (entry.pending) throw new Unpriced(`parameter ${name} is not known until deploy`);
    return String(entry.value);
  });
}
