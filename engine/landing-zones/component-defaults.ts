import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { excerpt } from '../text/excerpt.js';

/** A JSON value (what a component parameter can hold). */
const JsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]),
);

/**
 * Default parameters of a template's mandatory components: component name → parameter name → JSON
 * value. Environment provisioning deploys each mandatory component with these values.
 */
export const ComponentDefaultsSchema = z.record(z.string().min(1).max(200), z.record(z.string().min(1).max(200), JsonValue));
export type ComponentDefaults = z.infer<typeof ComponentDefaultsSchema>;

/** Refuses (`invalid_input`) defaults for a component that is not one of the template's mandatory ones. */
export function checkComponentDefaults(defaults: ComponentDefaults, mandatory: readonly string[]): ComponentDefaults {
  const issues = Object.keys(defaults)
    .filter((component) => !mandatory.includes(component))
    .map((component) => ({
      path: component,
      message: `${excerpt(component)} is not a mandatory component of the template (mandatory: ${mandatory.length ? mandatory.join(', ') : 'none'})`,
    }));
  if (issues.length > 0) throw new ValidationError('component defaults', issues);
  return defaults;
}
