/**
 * A template's default parameters as rows a person edits (component, parameter, value as text), and
 * back. A value is read as JSON when it is JSON (`8`, `true`, `["a"]`, `"8"`), otherwise as the text
 * itself (`10.9.0.0/24`), so plain strings need no quotes.
 */

import { rowKey } from '../../ui/editable-rows';

export type ComponentDefaults = Record<string, Record<string, unknown>>;

export interface DefaultRow {
  key: number;
  component: string;
  parameter: string;
  text: string;
}

export function emptyDefaultRow(component: string): DefaultRow {
  return { key: rowKey(), component, parameter: '', text: '' };
}

export function toDefaultRows(defaults: ComponentDefaults): DefaultRow[] {
  return Object.entries(defaults).flatMap(([component, parameters]) =>
    Object.entries(parameters).map(([parameter, value]) => ({ key: rowKey(), component, parameter, text: formatDefault(value) })),
  );
}

/** The text that reads back as `value`: a string as itself, unless it would read as something else. */
export function formatDefault(value: unknown): string {
  if (typeof value === 'string') return parseDefault(value) === value ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

export function parseDefault(text: string): unknown {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return trimmed;
  }
}

/** `local-network: cidr=10.9.0.0/24, mtu=1500; local-dns: zone=lab`, values as the editor shows them. */
export function describeDefaults(defaults: ComponentDefaults): string {
  return Object.entries(defaults)
    .map(
      ([component, parameters]) =>
        `${component}: ${Object.entries(parameters)
          .map(([name, value]) => `${name}=${formatDefault(value)}`)
          .join(', ')}`,
    )
    .join('; ');
}

export type DefaultsResult = { ok: true; defaults: ComponentDefaults } | { ok: false; problems: string[] };

/**
 * The defaults the rows give, for the template's mandatory components only (rows of a component no
 * longer mandatory are dropped), or every mistake, named by component and row.
 */
export function toComponentDefaults(rows: DefaultRow[], mandatory: string[]): DefaultsResult {
  const problems: string[] = [];
  const defaults: ComponentDefaults = {};
  for (const component of mandatory) {
    const own = rows.filter((row) => row.component === component);
    own.forEach((row, index) => {
      const where = `${component}, default ${index + 1}`;
      const parameter = row.parameter.trim();
      if (!parameter) problems.push(`${where}: name the parameter.`);
      if (!row.text.trim()) problems.push(`${where}: give a value.`);
      if (!parameter || !row.text.trim()) return;
      const values = (defaults[component] ??= {});
      if (parameter in values) problems.push(`${where}: ${parameter} is given twice.`);
      values[parameter] = parseDefault(row.text);
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, defaults };
}
