import type { TagTone } from '../ui/Tag';

/** The layer an effective resolver setting came from, as `listEnvironments` reports it. */
export type ConfigSource = 'environment' | 'template' | 'landing_zone' | 'default';

const SOURCES: Record<ConfigSource, { label: string; tone: TagTone; description: string }> = {
  environment: { label: 'environment', tone: 'accent', description: 'Set on this environment; it overrides every other layer' },
  template: { label: 'template', tone: 'violet', description: "From the environment's template" },
  landing_zone: { label: 'landing zone', tone: 'teal', description: 'From the landing zone' },
  default: { label: 'default', tone: 'neutral', description: "Nimbus's default; no layer sets it" },
};

export function describeConfigSource(source: string): { label: string; tone: TagTone; description: string } {
  return source in SOURCES ? SOURCES[source as ConfigSource] : { label: source.replace(/_/g, ' '), tone: 'neutral', description: source };
}

const LABELS: Record<string, string> = {
  'ipam.pool': 'IPAM pool',
  'naming.pattern': 'Naming pattern',
  'naming.domain': 'DNS domain',
  'naming.scope': 'Name uniqueness',
  'image_catalog.defaultArch': 'Image architecture',
  'secret.length': 'Secret length',
};

/** "IPAM pool" for `ipam.pool`; unknown keys are shown as they are. */
export const configLabel = (key: string): string => LABELS[key] ?? key;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{ ipam: { pool: 'lab' } }` as `[['ipam.pool', 'lab']]`: the two-level resolver configuration as flat keys. */
export function flattenConfig(config: Record<string, unknown>): [string, unknown][] {
  return Object.entries(config).flatMap(([resolver, fields]) =>
    isRecord(fields)
      ? Object.entries(fields)
          .filter(([, value]) => value !== undefined)
          .map(([field, value]): [string, unknown] => [`${resolver}.${field}`, value])
      : [],
  );
}

/** Reads `ipam.pool` out of a nested configuration. */
export function configValue(config: Record<string, unknown>, key: string): unknown {
  const [resolver = '', field = ''] = key.split('.');
  const fields = config[resolver];
  return isRecord(fields) ? fields[field] : undefined;
}

/**
 * Builds a resolver configuration from form fields, leaving out what was left empty so the next layer
 * down still applies: `{ 'ipam.pool': 'lab', 'naming.domain': '' }` → `{ ipam: { pool: 'lab' } }`.
 */
export function buildConfig(fields: Record<string, string>): Record<string, Record<string, string>> {
  const config: Record<string, Record<string, string>> = {};
  for (const [key, raw] of Object.entries(fields)) {
    const value = raw.trim();
    const [resolver, field] = key.split('.');
    if (!value || !resolver || !field) continue;
    (config[resolver] ??= {})[field] = value;
  }
  return config;
}
