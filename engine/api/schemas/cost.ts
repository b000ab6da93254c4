import { z } from 'zod';
import { TopologyDocumentSchema } from './topology.js';

/**
 * Cost estimates: the pricing snapshot file (modelled on Infracost's products, prices and
 * resource → cost component mappings), the usage file, per-landing-zone rate cards and the estimate
 * itself. The renderer imports these types only; the engine validates every file and API value with them.
 */

/** Hours in a month for prices quoted per hour (Infracost and the cloud calculators use 730). */
export const HOURS_PER_MONTH = 730;

const Name = z.string().trim().min(1).max(200);
const Key = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits, dots, dashes, colons and underscores');
/** A non-negative amount of money or quantity, finite; negative prices are refused with the field's path. */
const Amount = z.number().finite().min(0, 'must be zero or more').max(1e9, 'must be at most 1,000,000,000');
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD or EUR');
export const PricingDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-12-01')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    message: 'is not a real calendar date',
  });

/** How a price is bought: Infracost's purchase options. */
export const PurchaseOptionSchema = z.enum(['on_demand', 'reserved', 'spot']);
export type PurchaseOption = z.infer<typeof PurchaseOptionSchema>;

/** One price of a product: an amount per unit, quoted per hour or per month. */
export const PriceSchema = z
  .object({
    unit: z.string().min(1).max(40),
    period: z.enum(['hour', 'month']),
    amount: Amount,
    purchaseOption: PurchaseOptionSchema.default('on_demand'),
    term: z.string().max(20).optional(),
  })
  .strict();

/** A priced product of one provider, found by its service, family and attributes. */
export const ProductSchema = z
  .object({
    id: Key,
    service: Name,
    family: Name,
    attributes: z.record(Key, z.string().max(200)),
    prices: z.array(PriceSchema).min(1).max(20),
  })
  .strict();
export type Product = z.infer<typeof ProductSchema>;

/** Where a cost component's quantity comes from: a constant, a resolved parameter, or the usage file. */
export const QuantitySchema = z.union([
  z.object({ fixed: Amount }).strict(),
  z.object({ parameter: Key, divideBy: z.number().finite().positive().optional() }).strict(),
  z.object({ usage: Key, default: Amount.optional(), divideBy: z.number().finite().positive().optional() }).strict(),
]);
export type Quantity = z.infer<typeof QuantitySchema>;

/** The rates a landing zone's rate card has (Proxmox and other self-hosted providers). */
export const RateCardRateSchema = z.enum(['core', 'memoryGb', 'diskGb']);
export type RateCardRate = z.infer<typeof RateCardRateSchema>;

/**
 * How a cost component is priced: a product found by attributes (`{parameter}` in a value is the
 * resolved parameter), or a rate of the landing zone's rate card.
 */
export const PriceLookupSchema = z.union([
  z
    .object({
      product: z.object({ service: Name, family: Name.optional(), attributes: z.record(Key, z.string().max(200)).default({}) }).strict(),
      purchaseOption: PurchaseOptionSchema.optional(),
    })
    .strict(),
  z.object({ rateCard: RateCardRateSchema }).strict(),
]);
export type PriceLookup = z.infer<typeof PriceLookupSchema>;

export const CostComponentRuleSchema = z
  .object({ name: Name, unit: z.string().min(1).max(40), quantity: QuantitySchema, price: PriceLookupSchema })
  .strict();
export type CostComponentRule = z.infer<typeof CostComponentRuleSchema>;

/** What a resource (a component by name, or any component of a semantic type) costs. */
export const ResourceRuleSchema = z
  .object({ costComponents: z.array(CostComponentRuleSchema).max(50), note: z.string().max(300).optional() })
  .strict();
export type ResourceRule = z.infer<typeof ResourceRuleSchema>;

export const ProviderPricingSchema = z
  .object({
    /** Everything of this provider costs nothing (the local provider). */
    free: z.boolean().optional(),
    products: z.array(ProductSchema).max(200_000).default([]),
    /** By component name (wins) or semantic type. */
    resources: z.record(Key, ResourceRuleSchema).default({}),
  })
  .strict();
export type ProviderPricing = z.infer<typeof ProviderPricingSchema>;

export const PRICING_FORMAT = 'nimbus-pricing/v1';

/** A dated pricing snapshot: what every estimate is priced from. */
export const PricingSnapshotSchema = z
  .object({
    format: z.literal(PRICING_FORMAT),
    date: PricingDateSchema,
    currency: CurrencySchema,
    description: z.string().max(500).optional(),
    providers: z.record(Key, ProviderPricingSchema),
  })
  .strict()
  .superRefine((snapshot, context) => {
    for (const [provider, pricing] of Object.entries(snapshot.providers)) {
      const ids = new Map<string, number>();
      const keys = new Map<string, number>();
      pricing.products.forEach((product, index) => {
        const path = ['providers', provider, 'products', index];
        const first = ids.get(product.id);
        if (first !== undefined)
          context.addIssue({
            code: 'custom',
            path: [...path, 'id'],
            message: `duplicate product id ${product.id} (also products[${first}])`,
          });
        else ids.set(product.id, index);
        const key = JSON.stringify([product.service, product.family, Object.entries(product.attributes).sort()]);
        const same = keys.get(key);
        if (same !== undefined)
          context.addIssue({
            code: 'custom',
            path,
            message: `same service, family and attributes as products[${same}]: a lookup could not choose`,
          });
        else keys.set(key, index);
        const options = new Set<string>();
        product.prices.forEach((price, priceIndex) => {
          const option = `${price.purchaseOption}/${price.term ?? ''}`;
          if (options.has(option))
            context.addIssue({ code: 'custom', path: [...path, 'prices', priceIndex], message: `a second ${price.purchaseOption} price` });
          options.add(option);
        });
      });
    }
  });
export type PricingSnapshot = z.infer<typeof PricingSnapshotSchema>;

/** What the app says about the snapshot in use. */
export const PricingSnapshotInfoSchema = z.object({
  date: PricingDateSchema,
  currency: CurrencySchema,
  description: z.string().nullable(),
  source: z.enum(['built-in', 'imported']),
  importedAt: z.string().nullable(),
  importedBy: z.string().nullable(),
  providers: z.array(z.object({ id: z.string(), products: z.number().int(), resources: z.number().int(), free: z.boolean() })),
});
export type PricingSnapshotInfo = z.infer<typeof PricingSnapshotInfoSchema>;

export const ImportPricingInputSchema = z
  .object({ text: z.string().max(16 * 1024 * 1024), source: z.string().max(500).optional() })
  .strict();

/** A usage value: a number, or a purchase option under `purchase_option`. */
const UsageValues = z.record(Key, z.union([Amount, PurchaseOptionSchema]));

/** The optional usage file: usage-based quantities per node id (wins) or per component name. */
export const UsageFileSchema = z
  .object({
    version: z.literal(1),
    nodes: z.record(Key, UsageValues).default({}),
    components: z.record(Key, UsageValues).default({}),
  })
  .strict()
  .superRefine((usage, context) => {
    for (const section of ['nodes', 'components'] as const) {
      for (const [key, values] of Object.entries(usage[section])) {
        for (const [name, value] of Object.entries(values)) {
          if ((name === 'purchase_option') !== (typeof value === 'string'))
            context.addIssue({
              code: 'custom',
              path: [section, key, name],
              message:
                name === 'purchase_option' ? 'must be on_demand, reserved or spot' : 'must be a number (only purchase_option takes a word)',
            });
        }
      }
    }
  });
export type UsageFile = z.infer<typeof UsageFileSchema>;

/** A landing zone's monthly rates, in its currency. */
export const RateCardSchema = z.object({
  landingZone: z.string(),
  landingZoneName: z.string(),
  currency: CurrencySchema,
  perCore: Amount,
  perGbRam: Amount,
  perGbDisk: Amount,
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type RateCard = z.infer<typeof RateCardSchema>;

export const SetRateCardInputSchema = z
  .object({
    landingZone: z.string().min(1).max(200),
    currency: CurrencySchema.default('USD'),
    perCore: Amount,
    perGbRam: Amount,
    perGbDisk: Amount,
  })
  .strict();

/** One cost component of a node, priced. */
export const CostLineSchema = z.object({
  name: z.string(),
  unit: z.string(),
  quantity: z.number(),
  period: z.enum(['hour', 'month']),
  monthlyQuantity: z.number(),
  unitPrice: z.number(),
  purchaseOption: PurchaseOptionSchema.nullable(),
  monthlyCost: z.number(),
  priceSource: z.string(),
});
export type CostLine = z.infer<typeof CostLineSchema>;

/** A node's monthly cost, or why it has none. */
export const NodeCostSchema = z.object({
  nodeId: z.string(),
  label: z.string(),
  component: z.string(),
  provider: z.string(),
  semanticType: z.string().nullable(),
  status: z.enum(['priced', 'free', 'unpriced']),
  monthlyCost: z.number().nullable(),
  lines: z.array(CostLineSchema),
  source: z.string(),
  reason: z.string().nullable(),
});
export type NodeCost = z.infer<typeof NodeCostSchema>;

export const CostEstimateSchema = z.object({
  currency: CurrencySchema,
  pricingDate: PricingDateSchema,
  pricingSource: z.enum(['built-in', 'imported']),
  hoursPerMonth: z.number(),
  environment: z.string().nullable(),
  landingZone: z.string().nullable(),
  nodes: z.array(NodeCostSchema),
  monthlyTotal: z.number(),
  pricedCount: z.number().int(),
  unpricedCount: z.number().int(),
});
export type CostEstimate = z.infer<typeof CostEstimateSchema>;

export const EstimateTopologyCostInputSchema = z
  .object({
    id: z.string().min(1).max(200).optional(),
    document: TopologyDocumentSchema.optional(),
    environment: z.string().min(1).max(200),
    usage: UsageFileSchema.optional(),
  })
  .strict();

export const EstimateEnvironmentCostInputSchema = z
  .object({ environment: z.string().min(1).max(200), usage: UsageFileSchema.optional() })
  .strict();
