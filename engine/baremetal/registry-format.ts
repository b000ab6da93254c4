import { z } from 'zod';

/**
 * The format of a bare-metal registry file: one TOML file per provider, listing its machines with their
 * hardware, location and BMC. Shared by the registry parser (which adds line numbers to every
 * problem), the store (which keeps the parsed machines) and the API schemas.
 */

/** Identifiers of providers and machines: what a node's placement and a reservation name. */
export const MACHINE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const name = z.string().regex(MACHINE_ID, 'must be 1–63 letters, digits, ".", "_" or "-", starting with a letter or digit');

/** The name of an environment variable holding a BMC user name or password (never the secret itself). */
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be an environment variable name (letters, digits, "_")');

const Disk = z
  .object({
    name: z.string().min(1).max(64),
    size_gb: z.number().int().min(1).max(1_000_000),
    type: z.enum(['ssd', 'nvme', 'hdd']).optional(),
  })
  .strict();

const Nic = z
  .object({
    name: z.string().min(1).max(64),
    mac: z
      .string()
      .regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/, 'must be a MAC address like 52:54:00:12:34:56')
      .optional(),
    speed_gbps: z.number().positive().max(10_000).optional(),
  })
  .strict();

const Bmc = z
  .object({
    /** The Redfish service root's origin, e.g. `https://10.0.0.21` (no path). */
    address: z
      .string()
      .max(512)
      .url('must be an http(s) URL such as https://10.0.0.21')
      .refine((value) => /^https?:\/\//i.test(value), 'must start with http:// or https://'),
    /** The Redfish system's id under `/redfish/v1/Systems/`. */
    system: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[^/?#\s]+$/, 'must be the system id (no "/", "?", "#" or spaces)'),
    /** Environment variables holding the BMC's user name and password; none when the BMC needs no login. */
    username_env: envName.optional(),
    password_env: envName.optional(),
  })
  .strict()
  .refine((bmc) => (bmc.username_env === undefined) === (bmc.password_env === undefined), {
    message: 'username_env and password_env go together: give both or neither',
    path: ['password_env'],
  });

/** One machine as a registry file describes it. */
export const RegistryMachineSchema = z
  .object({
    id: name,
    location: z.string().min(1).max(128).optional(),
    cpu_cores: z.number().int().min(1).max(65_536),
    memory_gb: z.number().int().min(1).max(1_048_576),
    disks: z.array(Disk).max(256).default([]),
    nics: z.array(Nic).max(256).default([]),
    bmc: Bmc,
  })
  .strict();

/** One registry file: a provider and its machines. */
export const RegistryFileSchema = z
  .object({
    provider: name,
    description: z.string().max(1000).optional(),
    /** The location of machines that name none. */
    location: z.string().min(1).max(128).optional(),
    machines: z.array(RegistryMachineSchema).max(10_000).default([]),
  })
  .strict();
export type RegistryFile = z.infer<typeof RegistryFileSchema>;

export { MachineSchema, RegistryProblemSchema, type Machine, type RegistryProblem } from '../api/schemas/baremetal.js';
