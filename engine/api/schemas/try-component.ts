import { z } from 'zod';

/** What a component program did under Pulumi mocks: the resources it registered and its outputs. */
export const TryComponentResultSchema = z.object({
  ok: z.boolean(),
  resources: z.array(z.object({ type: z.string(), name: z.string(), inputs: z.record(z.string(), z.unknown()) })),
  outputs: z.record(z.string(), z.unknown()),
  /** What the program printed (console.log/error), in order. */
  logs: z.array(z.string()),
  /** Why the run failed: a compile error with its line, a thrown error, missing config. */
  error: z.object({ message: z.string(), line: z.number().int().optional(), column: z.number().int().optional() }).nullable(),
  durationMs: z.number().nonnegative(),
});
export type TryComponentResult = z.infer<typeof TryComponentResultSchema>;
