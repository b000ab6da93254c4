import { stringify } from 'yaml';
import { z } from 'zod';
import { NimbusError, type FieldIssue } from '../errors.js';
import { locateZodIssues, pathKeys, readYamlSource, type LocatedIssue, type YamlSource } from '../files/yaml-source.js';
import { checkBindings } from './bindings.js';
import { ComponentName } from './component-manifest.js';
import type { ComponentContent } from './component-service.js';
import { checkContractSchema } from './json-schema.js';
import { UpgradeStepSchema } from './upgrade-step.js';

/**
 * A component as one file (`kind: Component`): what `nimbus component export` writes and `component
 * import` reads. Code, contracts and bindings in one YAML document, so a component can be reviewed,
 * diffed and moved between data directories; the same limits as a draft saved in the editor.
 */
const ComponentFileSchema = z
  .object({
    kind: z.literal('Component'),
    version: z.literal(1),
    name: ComponentName,
    provider: z.string().min(1).max(100),
    semanticType: z.string().min(1).max(100),
    /** Provider-level (every tenant sees it) rather than the tenant's own. */
    shared: z.boolean().optional(),
    description: z.string().max(2000).optional(),
    inputSchema: z.record(z.string(), z.unknown()),
    outputSchema: z.record(z.string(), z.unknown()),
    resolverBindings: z.record(z.string(), z.unknown()).optional(),
    secretInputs: z.array(z.string()).optional(),
    upgrade: UpgradeStepSchema.optional(),
    code: z.string().max(1024 * 1024, 'must be at most 1 MiB'),
  })
  .strict();

/** A component file's identity and the draft content it carries. */
export interface ComponentFile {
  name: string;
  provider: string;
  semanticType: string;
  shared: boolean;
  /** A draft's content, as the editor saves it. */
  content: Omit<ComponentContent, 'resolverBindings'> & { resolverBindings: Record<string, unknown> };
}

/** A file that is not a valid component; each issue names the field path and the line. */
export class ComponentFileError extends NimbusError {
  override name = 'ComponentFileError';
  constructor(source: string, issues: LocatedIssue[]) {
    const first = issues[0];
    const where = first ? `${first.line ? `line ${first.line}, ` : ''}${first.path || '(root)'}` : '';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super('invalid_component_file', `${source}: ${where}: ${first?.message ?? 'invalid'}${more}`, { source, issues });
  }
}

/**
 * Parses and fully checks a component file: its structure, both contracts (JSON Schema, a problem
 * named by its line) and the resolver bindings against the input contract. Nothing is written here,
 * so a file refused is refused before anything changes.
 */
export function parseComponentFile(text: string, source = 'component file'): ComponentFile {
  const yaml = readYamlSource(text);
  if ('errors' in yaml) throw new ComponentFileError(source, yaml.errors);
  const result = ComponentFileSchema.safeParse(yaml.raw);
  if (!result.success) throw new ComponentFileError(source, locateZodIssues(yaml, result.error.issues));
  const file = result.data;
  const inputSchema = contract(yaml, source, 'inputSchema', file.inputSchema);
  const outputSchema = contract(yaml, source, 'outputSchema', file.outputSchema);
  let resolverBindings: Record<string, unknown>;
  try {
    resolverBindings = checkBindings(file.resolverBindings ?? {}, inputSchema);
  } catch (error) {
    if (!(error instanceof NimbusError)) throw error;
    const input = (error.details as { input?: string }).input;
    const issues = (error.details as { issues?: FieldIssue[] }).issues;
    const path =
      input !== undefined
        ? ['resolverBindings', input]
        : issues?.[0]?.path
          ? ['resolverBindings', ...pathKeys(issues[0].path)]
          : ['resolverBindings'];
    throw new ComponentFileError(source, [yaml.locate(path, error.message.replace(/^resolver_bindings\.[^:]*: /, ''))]);
  }
  const secretInputs = file.secretInputs ?? [];
  const inputs = Object.keys((inputSchema.properties ?? {}) as object);
  const unknownSecret = secretInputs.findIndex((key) => !inputs.includes(key));
  if (unknownSecret >= 0)
    throw new ComponentFileError(source, [
      yaml.locate(['secretInputs', unknownSecret], `${secretInputs[unknownSecret]} is not an input of inputSchema`),
    ]);
  return {
    name: file.name,
    provider: file.provider,
    semanticType: file.semanticType,
    shared: file.shared ?? false,
    content: {
      description: file.description ?? '',
      code: file.code,
      inputSchema,
      outputSchema,
      resolverBindings,
      secretInputs,
      ...(file.upgrade ? { upgrade: file.upgrade } : {}),
    },
  };
}

/** A contract checked as JSON Schema; a problem points at its line through the schema's JSON pointer. */
function contract(yaml: YamlSource, source: string, key: 'inputSchema' | 'outputSchema', schema: Record<string, unknown>) {
  try {
    return checkContractSchema(schema, key, key);
  } catch (error) {
    if (!(error instanceof NimbusError)) throw error;
    const issues = ((error.details as { issues?: FieldIssue[] }).issues ?? [{ path: '/', message: error.message }]).map((issue) => {
      const pointer = issue.path
        .split('/')
        .slice(1)
        .filter(Boolean)
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
      return yaml.locate(
        [key, ...pointer.map((part) => (/^\d+$/.test(part) ? Number(part) : part))],
        `not a valid JSON Schema: ${issue.message}`,
      );
    });
    throw new ComponentFileError(source, issues);
  }
}

/** Writes a component as YAML with a fixed key order and the code as a block, so files diff well. */
export function formatComponentFile(file: ComponentFile): string {
  const { content } = file;
  const ordered = {
    kind: 'Component',
    version: 1,
    name: file.name,
    provider: file.provider,
    semanticType: file.semanticType,
    ...(file.shared ? { shared: true } : {}),
    description: content.description,
    inputSchema: content.inputSchema,
    outputSchema: content.outputSchema,
    resolverBindings: content.resolverBindings,
    secretInputs: content.secretInputs,
    ...(content.upgrade ? { upgrade: content.upgrade } : {}),
    code: content.code,
  };
  return stringify(ordered, { lineWidth: 0, blockQuote: 'literal' });
}
