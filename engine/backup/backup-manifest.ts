/**
 * The manifest at the front of a backup archive: what made it, from which schema, every file with
 * its checksums, and the deployments with their Pulumi stacks, so a restore can check what came
 * back before it keeps anything. Read through its schema: the archive is a file from anywhere.
 */
import { z } from 'zod';

/** The name of the sealed master key's entry; it comes first, so a wrong passphrase stops a restore before any file is written. */
export const SEALED_KEY_ENTRY = 'key.sealed.json';

/**
 * A relative path inside the data directory: plain segments, no `..`, no absolute path or drive,
 * no backslash, so no entry can be written outside the directory being restored.
 */
const EntryName = z
  .string()
  .min(1)
  .max(1024)
  .refine((name) => !name.startsWith('/') && !name.includes('\\') && !name.includes('\0'), 'must be a relative POSIX path')
  .refine(
    (name) => name.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'),
    'must not contain empty, . or .. segments',
  );

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const Size = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const BackupEntrySchema = z.object({
  name: EntryName,
  /** Permission bits to restore the file with. */
  mode: z.number().int().min(0).max(0o777),
  size: Size,
  sha256: Sha256,
  storedSize: Size,
  storedSha256: Sha256,
});
export type BackupEntry = z.infer<typeof BackupEntrySchema>;

export const BackupDeploymentSchema = z.object({
  id: z.string().max(200),
  component: z.string().max(200),
  status: z.string().max(40),
  /** The Pulumi project (`nimbus-<component>`) and stack holding its state. */
  project: z.string().max(300),
  stackName: z.string().max(300),
  everDeployed: z.boolean(),
});
export type BackupDeployment = z.infer<typeof BackupDeploymentSchema>;

export const BackupManifestSchema = z.object({
  format: z.literal('nimbus-backup'),
  formatVersion: z.literal(1),
  /** Random; the sealed key is bound to it. */
  id: z.string().uuid(),
  createdAt: z.string().max(40),
  appVersion: z.string().max(40),
  schemaVersion: z.number().int().nonnegative(),
  source: z.object({ dataDir: z.string().max(4096), host: z.string().max(255) }),
  deployments: z.array(BackupDeploymentSchema).max(1_000_000),
  /** The Pulumi stacks whose checkpoints are in the archive (`<project>/<stack>`). */
  stacks: z.array(z.string().max(600)).max(1_000_000),
  entries: z.array(BackupEntrySchema).min(1).max(10_000_000),
});
export type BackupManifest = z.infer<typeof BackupManifestSchema>;
