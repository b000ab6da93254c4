import { z } from 'zod';
import { parsePattern } from '../resolvers/naming/pattern.js';

/**
 * Resolver settings of a landing zone; an environment (and its template) may override any of them.
 * Every field is optional so the same shape serves as zone config and as override.
 */
export const ResolverConfigSchema = z
  .object({
    ipam: z
      .object({
        /** Default pool for address and subnet bindings without a pool of their own. */
        pool: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    naming: z
      .object({
        pattern: z
          .string()
          .min(1)
          .superRefine((pattern, ctx) => {
            try {
              parsePattern(pattern);
            } catch (error) {
              ctx.addIssue({ code: 'custom', message: (error as Error).message });
            }
          })
          .optional(),
        /** DNS domain for FQDNs, e.g. `prod.example.internal`. */
        domain: z
          .string()
          .regex(/^[a-z0-9.-]+$/, 'must be a DNS domain (a-z, 0-9, "-", ".")')
          .optional(),
        /** `environment`: names unique per environment; `global`: across the installation. */
        scope: z.enum(['environment', 'global']).optional(),
      })
      .strict()
      .optional(),
    image_catalog: z
      .object({ defaultArch: z.enum(['amd64', 'arm64']).optional() })
      .strict()
      .optional(),
    secret: z
      .object({ length: z.number().int().min(8).max(1024).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type ResolverConfig = z.infer<typeof ResolverConfigSchema>;

/** What resolution uses when neither the environment nor the zone says otherwise. */
export const DEFAULT_RESOLVER_CONFIG = {
  ipam: { pool: undefined as string | undefined },
  naming: { pattern: '{env}-{type}-{seq:03d}', domain: undefined as string | undefined, scope: 'environment' as 'environment' | 'global' },
  image_catalog: { defaultArch: 'amd64' as 'amd64' | 'arm64' },
  secret: { length: 32 },
};
export type EffectiveResolverConfig = typeof DEFAULT_RESOLVER_CONFIG;

/** Where an effective value came from, for the plan view. */
export type ConfigSource = 'environment' | 'template' | 'landing_zone' | 'default';

/**
 * Layers configurations: environment over template over landing zone over defaults, per field.
 * Returns the values and, for each `resolver.field`, the layer that supplied it.
 */
export function effectiveResolverConfig(layers: {
  environment?: ResolverConfig;
  template?: ResolverConfig;
  landingZone?: ResolverConfig;
}): {
  config: EffectiveResolverConfig;
  sources: Record<string, ConfigSource>;
} {
  const ordered: [ConfigSource, ResolverConfig | undefined][] = [
    ['environment', layers.environment],
    ['template', layers.template],
    ['landing_zone', layers.landingZone],
  ];
  const config = structuredClone(DEFAULT_RESOLVER_CONFIG) as EffectiveResolverConfig;
  const sources: Record<string, ConfigSource> = {};
  for (const resolver of Object.keys(DEFAULT_RESOLVER_CONFIG) as (keyof EffectiveResolverConfig)[]) {
    const target = config[resolver] as Record<string, unknown>;
    for (const field of Object.keys(target)) {
      sources[`${resolver}.${field}`] = 'default';
      for (const [source, layer] of ordered) {
        const value = (layer?.[resolver] as Record<string, unknown> | undefined)?.[field];
        if (value !== undefined) {
          target[field] = value;
          sources[`${resolver}.${field}`] = source;
          break;
        }
      }
    }
  }
  return { config, sources };
}
