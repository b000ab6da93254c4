import { z } from 'zod';

/**
 * How a component version carries the parameters of a deployment made with an earlier version
 * forward: inputs renamed, inputs dropped, inputs set. Declarative on purpose: a published version
 * runs no code inside Nimbus, so an upgrade step is data the engine applies before re-resolving.
 */
export const UpgradeStepSchema = z
  .object({
    renameInputs: z.record(z.string(), z.string()).default({}),
    removeInputs: z.array(z.string()).default([]),
    setInputs: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type UpgradeStep = z.infer<typeof UpgradeStepSchema>;

/** Applies an upgrade step to the parameters a user set: renames, then removals, then values set. */
export function applyUpgradeStep(params: Record<string, unknown>, step: UpgradeStep | undefined): Record<string, unknown> {
  if (!step) return { ...params };
  const renamed = Object.fromEntries(Object.entries(params).map(([key, value]) => [step.renameInputs[key] ?? key, value]));
  for (const key of step.removeInputs) delete renamed[key];
  return { ...renamed, ...step.setInputs };
}
