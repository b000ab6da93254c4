import { stringify } from 'yaml';
import { z } from 'zod';
import { StackDocumentSchema, type StackDocument } from '../api/schemas/stacks.js';
import { STACK_NAME_PATTERN } from '../common/identifiers.js';
import { NimbusError } from '../errors.js';
import { locateZodIssues, pathKeys, readYamlSource, type LocatedIssue } from '../files/yaml-source.js';

/** A stack as a file (`kind: Stack`): what `nimbus stack publish` reads and `stack export` writes. */
const StackFileSchema = StackDocumentSchema.extend({
  kind: z.literal('Stack'),
  version: z.literal(1),
  name: z.string().regex(STACK_NAME_PATTERN, 'must be lowercase letters, digits and -, starting with a letter'),
  /** Provider-level (every tenant sees it) rather than the tenant's own. */
  shared: z.boolean().optional(),
}).strict();

export interface StackFile {
  name: string;
  shared: boolean;
  document: StackDocument;
}

/** A file that is not a valid stack; each issue names the field path and the line. */
export class StackFileError extends NimbusError {
  override name = 'StackFileError';
  constructor(source: string, issues: LocatedIssue[]) {
    const first = issues[0];
    const where = first ? `${first.line ? `line ${first.line}, ` : ''}${first.path || '(root)'}` : '';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super('invalid_stack_file', `${source}: ${where}: ${first?.message ?? 'invalid'}${more}`, { source, issues });
  }
}

/** Parses a YAML or JSON stack file. */
export function parseStackFile(text: string, source = 'stack file'): StackFile {
  return parseStackFileWithLines(text, source).file;
}

/** {@link parseStackFile}, plus the line of an issue path such as `slots.0.inputs.cores` (the closest existing parent's). */
export function parseStackFileWithLines(
  text: string,
  source = 'stack file',
): { file: StackFile; lineOf(path: string): number | undefined } {
  const yaml = readYamlSource(text);
  if ('errors' in yaml) throw new StackFileError(source, yaml.errors);
  const result = StackFileSchema.safeParse(yaml.raw);
  if (!result.success) throw new StackFileError(source, locateZodIssues(yaml, result.error.issues));
  const { kind: _kind, version: _version, name, shared, ...document } = result.data;
  return { file: { name, shared: shared ?? false, document }, lineOf: (path) => yaml.locate(pathKeys(path), '').line };
}

/** Writes a stack as YAML (default) or JSON with a fixed key order, so files diff well. */
export function formatStackFile(file: StackFile, format: 'yaml' | 'json' = 'yaml'): string {
  const { description, parameters, slots, outputs, stateMachine, operations, routing } = file.document;
  const ordered = {
    kind: 'Stack',
    version: 1,
    name: file.name,
    ...(file.shared ? { shared: true } : {}),
    description,
    parameters,
    slots,
    outputs,
    stateMachine,
    operations,
    routing,
  };
  return format === 'json' ? `${JSON.stringify(ordered, null, 2)}\n` : stringify(ordered, { lineWidth: 0 });
}
