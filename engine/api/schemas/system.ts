import { z } from 'zod';

export const BackendSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local'), dataDir: z.string() }),
  z.object({ kind: z.literal('server'), url: z.string() }),
]);
export type Backend = z.infer<typeof BackendSchema>;

export const SystemInfoSchema = z.object({
  version: z.string(),
  backend: BackendSchema,
  schemaVersion: z.number().int(),
  platform: z.string(),
});
export type SystemInfo = z.infer<typeof SystemInfoSchema>;

export const ThemePreferenceSchema = z.enum(['system', 'light', 'dark']);

export const SettingsSchema = z.object({
  theme: ThemePreferenceSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = { theme: 'system' };

export const PulumiStatusSchema = z.object({
  available: z.boolean(),
  cliPath: z.string().nullable(),
  version: z.string().nullable(),
  problem: z.string().nullable(),
});
export type PulumiStatus = z.infer<typeof PulumiStatusSchema>;
