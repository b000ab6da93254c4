/** Offline leases as the API shows them: addresses and names a shared server set aside for one desktop. */
import { z } from 'zod';

const Name = z.string().min(1).max(200);
const ClientId = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1–100 letters, digits, ".", "_" or "-"');

/** What a desktop asks to have set aside in one environment. */
export const GrantLeaseInputSchema = z
  .object({
    environment: Name,
    client: ClientId,
    /** Addresses per pool: the environment's IPAM pool unless `pools` names others. */
    addresses: z.number().int().min(0).max(256).default(16),
    pools: z.array(Name).min(1).max(10).optional(),
    /** Names per component (`name@version`), in the environment's naming pattern. */
    names: z
      .array(z.object({ component: Name, count: z.number().int().min(1).max(100) }).strict())
      .max(50)
      .default([]),
    /** How long it holds: 72 hours unless asked otherwise (at most 30 days). */
    hours: z.number().int().min(1).max(720).default(72),
  })
  .strict();

export const LeaseSchema = z.object({
  id: z.string(),
  environment: z.string(),
  client: z.string(),
  actor: z.string().nullable(),
  grantedAt: z.string(),
  expiresAt: z.string(),
  endedAt: z.string().nullable(),
  endedReason: z.string().nullable(),
  /** What it still holds (a confirmed use is no longer the lease's). */
  addresses: z.array(z.object({ pool: z.string(), values: z.array(z.string()) })),
  names: z.array(z.object({ name: z.string(), scope: z.string() })),
});

export const ListLeasesInputSchema = z.object({ client: ClientId.optional(), live: z.boolean().optional() }).strict();

const Owner = z.string().min(1).max(500);
export const LeaseUseSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('address'), pool: Name, value: z.string().min(1).max(64), owner: Owner }).strict(),
  z.object({ kind: z.literal('name'), name: z.string().min(1).max(253), owner: Owner }).strict(),
]);

export const ConfirmLeaseUsesInputSchema = z
  .object({ id: z.string().min(1).max(200), uses: z.array(LeaseUseSchema).min(1).max(1000) })
  .strict();

export const LeaseUseOutcomeSchema = z.object({
  use: LeaseUseSchema,
  outcome: z.enum(['confirmed', 'already_confirmed', 'reserved', 'refused']),
  reason: z.string().nullable(),
});
