import type { z } from 'zod';
import { PricingSnapshotSchema, UsageFileSchema, type PricingSnapshot, type UsageFile } from '../api/schemas/cost.js';
import { formatPath } from '../api/validate.js';
import { NimbusError } from '../errors.js';
import { MAX_FILE_BYTES, MAX_NESTING_DEPTH, tooDeepAt } from '../files/input-limits.js';
import { locateZodIssues, readYamlSource, type LocatedIssue } from '../files/yaml-source.js';

/** Most issues one error carries: a file wrong everywhere still gives a short, readable answer. */
const MAX_ISSUES = 50;

/** A pricing snapshot or usage file the engine refuses; `details.issues` name each bad entry's path (and line, for YAML). */
export class CostFileError extends NimbusError {
  override name = 'CostFileError';
  constructor(code: 'invalid_pricing_file' | 'invalid_usage_file', what: string, source: string, issues: LocatedIssue[]) {
    const first = issues[0];
    const where = first ? `${first.path || '(root)'}${first.line ? ` (line ${first.line})` : ''}: ${first.message}` : 'invalid';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(code, `Invalid ${what} ${source} — ${where}${more}`, { source, issues: issues.slice(0, MAX_ISSUES) });
  }
}

/**
 * Parses JSON or YAML text and checks it with `schema`. JSON is read with `JSON.parse` (a pricing
 * export can be megabytes; positions are not kept, the path names the entry); anything else goes
 * through the YAML reader that names lines and refuses alias bombs and deep nesting.
 */
function parseCostFile<S extends z.ZodType>(
  schema: S,
  text: string,
  source: string,
  code: 'invalid_pricing_file' | 'invalid_usage_file',
  what: string,
): z.output<S> {
  const fail = (issues: LocatedIssue[]) => new CostFileError(code, what, source, issues);
  if (text.length > MAX_FILE_BYTES) throw fail([{ path: '', message: `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` }]);
  if (text.trim() === '') throw fail([{ path: '', message: 'the file is empty' }]);
  if (/^\s*[[{]/.test(text)) {
    let raw: unknown;
    try {
      raw = JSON.parse(text) as unknown;
    } catch (error) {
      throw fail([{ path: '', message: `not valid JSON: ${(error as Error).message.split('\n')[0]}` }]);
    }
    const deep = tooDeepAt(raw);
    if (deep !== null) throw fail([{ path: deep, message: `nested more than ${MAX_NESTING_DEPTH} levels deep` }]);
    const result = schema.safeParse(raw);
    if (!result.success)
      throw fail(
        result.error.issues.map((issue) => ({ path: formatPath(issue.path.filter((k) => typeof k !== 'symbol')), message: issue.message })),
      );
    return result.data;
  }
  const yaml = readYamlSource(text);
  if ('errors' in yaml) throw fail(yaml.errors);
  const result = schema.safeParse(yaml.raw);
  if (!result.success) throw fail(locateZodIssues(yaml, result.error.issues));
  return result.data;
}

/** Reads a pricing snapshot file (JSON or YAML), refusing it with every bad entry's path. */
export function parsePricingSnapshot(text: string, source = 'pricing snapshot'): PricingSnapshot {
  return parseCostFile(PricingSnapshotSchema, text, source, 'invalid_pricing_file', 'pricing snapshot');
}

/** Reads a usage file (JSON or YAML), refusing it with every bad entry's path. */
export function parseUsageFile(text: string, source = 'usage file'): UsageFile {
  return parseCostFile(UsageFileSchema, text, source, 'invalid_usage_file', 'usage file');
}
