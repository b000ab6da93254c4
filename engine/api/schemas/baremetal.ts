/** The bare-metal provider registry as the API shows it: registries, machines, reservations and capacity. */
import { z } from 'zod';

/** A machine as the engine keeps it: the file's fields, camel-cased, with where it came from. */
export const MachineSchema = z.object({
  id: z.string(),
  provider: z.string(),
  registry: z.string(),
  file: z.string(),
  location: z.string().nullable(),
  cpuCores: z.number().int(),
  memoryGb: z.number().int(),
  diskGb: z.number().int(),
  disks: z.array(z.object({ name: z.string(), sizeGb: z.number().int(), type: z.string().nullable() })),
  nics: z.array(z.object({ name: z.string(), mac: z.string().nullable(), speedGbps: z.number().nullable() })),
  bmc: z.object({
    address: z.string(),
    system: z.string(),
    usernameEnv: z.string().nullable(),
    passwordEnv: z.string().nullable(),
  }),
});
export type Machine = z.infer<typeof MachineSchema>;

/** One thing wrong with a registry: the file, the line (1-based; 0 when it concerns no line) and what. */
export const RegistryProblemSchema = z.object({
  file: z.string(),
  line: z.number().int().min(0),
  column: z.number().int().min(0).optional(),
  message: z.string(),
});
export type RegistryProblem = z.infer<typeof RegistryProblemSchema>;

export const RegistrySyncResultSchema = z.object({
  at: z.string(),
  status: z.enum(['ok', 'failed']),
  commit: z.string().nullable(),
  problems: z.array(RegistryProblemSchema),
  machines: z.number().int(),
});

export const RegistrySchema = z.object({
  id: z.string(),
  name: z.string(),
  source: z.string(),
  createdAt: z.string(),
  lastSync: RegistrySyncResultSchema.nullable(),
});

export const ReservationSchema = z.object({
  id: z.string(),
  machineId: z.string(),
  owner: z.string(),
  node: z.string(),
  reservedAt: z.string(),
});

const Totals = z.object({ total: z.number(), reserved: z.number(), free: z.number() });

export const BareMetalOverviewSchema = z.object({
  registries: z.array(RegistrySchema),
  machines: z.array(MachineSchema.extend({ reservation: ReservationSchema.nullable() })),
  capacity: z.object({ machines: Totals, cores: Totals, memoryGb: Totals, diskGb: Totals }),
});

export const AddRegistryInputSchema = z
  .object({
    /** A Git URL or a path on the engine's machine. */
    source: z.string().min(1).max(2048),
    /** Defaults to the source's last path segment. */
    name: z.string().min(1).max(63).optional(),
  })
  .strict();

export const SyncRegistriesInputSchema = z
  .object({
    /** One registry (id or name); every registry when absent. */
    registry: z.string().min(1).max(200).optional(),
  })
  .strict();
