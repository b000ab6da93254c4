import { z } from 'zod';
import { EnvironmentSchema, IpamPoolSchema, LandingZoneSchema } from './catalog.js';

/**
 * A sandbox's name: the environment's, with `-local` (landing zone) and `-pool` (IPAM pool) added,
 * so it is short enough that every derived name stays a valid 63-character slug.
 */
export const SandboxName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,56}$/, 'must be lowercase letters, digits and "-" (at most 57)');

export const LocalSandboxInputSchema = z.object({ name: SandboxName.optional() }).strict();

/** The sandbox's three records, and which of them this call created (none when it existed already). */
export const LocalSandboxSchema = z.object({
  environment: EnvironmentSchema,
  landingZone: LandingZoneSchema,
  pool: IpamPoolSchema,
  created: z.object({ pool: z.boolean(), landingZone: z.boolean(), environment: z.boolean() }),
});
