import { z } from 'zod';
import { EntityId, Timestamp } from './common.js';
import { WireErrorSchema } from './jobs.js';

/** A path on the machine running the engine (the desktop's own, or `nimbus serve`'s). */
const MachinePath = z
  .string()
  .trim()
  .min(1)
  .max(4096)
  .refine((value) => value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value), 'must be an absolute path on the machine running Nimbus');

/** The passphrase that seals (or opens) the backup's key; its minimum length is checked by the engine. */
const Passphrase = z.string().max(1024);

export const StartBackupInputSchema = z.object({
  /** The archive to write; a file that exists is never replaced. */
  file: MachinePath,
  passphrase: Passphrase,
});

export const StartRestoreInputSchema = z.object({
  file: MachinePath,
  /** A new (or empty) data directory; never the one this engine runs on. */
  dataDir: MachinePath,
  passphrase: Passphrase,
});

export const BackupProgressSchema = z.object({
  phase: z.enum(['waiting', 'database', 'pulumi-state', 'files', 'compressing', 'writing', 'reading', 'checking']),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  message: z.string(),
});

export const BackupSummarySchema = z.object({
  file: z.string(),
  bytes: z.number().int().nonnegative(),
  createdAt: Timestamp,
  appVersion: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  deployments: z.number().int().nonnegative(),
  stacks: z.number().int().nonnegative(),
  warnings: z.array(z.string()),
});

export const RestoreSummarySchema = z.object({
  dataDir: z.string(),
  backupCreatedAt: Timestamp,
  appVersion: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  deployments: z.number().int().nonnegative(),
  stacks: z.number().int().nonnegative(),
  movedAside: z.string().nullable(),
  checks: z.array(z.string()),
});

/** A backup or restore this machine runs: followed by polling, as it belongs to this machine even while connected to a server. */
export const BackupRunSchema = z.object({
  id: EntityId,
  kind: z.enum(['backup', 'restore']),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  progress: BackupProgressSchema.nullable(),
  backup: BackupSummarySchema.nullable(),
  restore: RestoreSummarySchema.nullable(),
  error: WireErrorSchema.nullable(),
});
export type BackupRun = z.infer<typeof BackupRunSchema>;
