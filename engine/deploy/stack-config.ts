import type { ResolvedValue } from '../planning/resolved-value.js';

/** One Pulumi config entry as the Automation API takes it. */
export interface ConfigEntry {
  value: string;
  secret?: boolean;
}

const SECRET_REFERENCE = /^secret:\/\/./;

/**
 * Turns concrete resolved values into stack config: strings as they are, numbers and booleans as
 * their text, objects and arrays as JSON (what `config.requireObject` reads). A `secret://` reference
 * is revealed here, at the last moment, and passed as secret config, as is every declared secret input.
 */
export async function toStackConfig(
  values: Record<string, ResolvedValue>,
  options: { secretInputs: string[]; reveal: (reference: string) => Promise<string>; extra?: Record<string, string> },
): Promise<Record<string, ConfigEntry>> {
  const config: Record<string, ConfigEntry> = {};
  for (const [key, { value }] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'string' && SECRET_REFERENCE.test(value)) {
      config[key] = { value: await options.reveal(value), secret: true };
      continue;
    }
    const text =
      typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
    config[key] = options.secretInputs.includes(key) ? { value: text, secret: true } : { value: text };
  }
  for (const [key, value] of Object.entries(options.extra ?? {})) config[key] = { value };
  return config;
}
