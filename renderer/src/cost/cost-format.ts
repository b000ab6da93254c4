import type { CostEstimate, NodeCost } from '../../../engine/api/contract';

/** `12.50 USD` — every amount the app shows carries its currency. */
export function formatMoney(amount: number, currency: string): string {
  return `${amount.toFixed(2)} ${currency}`;
}

/** `priced from the pricing snapshot of 2026-12-01 (built-in)`: shown beside every estimate. */
export function pricingNote(estimate: Pick<CostEstimate, 'pricingDate' | 'pricingSource'>): string {
  return `pricing snapshot of ${estimate.pricingDate} (${estimate.pricingSource})`;
}

/** A node's monthly cost as one short text, or why it has none. */
export function nodeCostText(node: NodeCost, currency: string): string {
  if (node.monthlyCost === null) return `not priced: ${node.reason ?? 'unknown'}`;
  return `${formatMoney(node.monthlyCost, currency)}/month`;
}
