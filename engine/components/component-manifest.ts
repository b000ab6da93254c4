import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseOrThrow } from '../api/validate.js';
import { COMPONENT_NAME_PATTERN } from '../common/identifiers.js';
import { NimbusError } from '../errors.js';
import { readUserFile } from '../files/read-user-file.js';
import { parseUserYaml } from '../files/yaml-source.js';
import { checkBindings, type ResolverBindings } from './bindings.js';
import { checkContractSchema, type JsonSchema } from './json-schema.js';
import { UpgradeStepSchema, type UpgradeStep } from './upgrade-step.js';

/** Component names are lowercase slugs; they appear in topology files as `name@version`. */
export const ComponentName = z.string().regex(COMPONENT_NAME_PATTERN, 'must be a lowercase slug such as proxmox-vm');

/**
 * `component.yaml` beside a component's program: what the built-in catalog ships and what
 * import/export of components reads and writes. Contracts are JSON Schema 2020-12; the program reads
 * each input as a stack config key of the same name and exports each output under its name.
 */
export const ComponentManifestSchema = z
  .object({
    name: ComponentName,
    provider: z.string().min(1),
    semanticType: z.string().min(1),
    description: z.string().min(1),
    version: z.number().int().positive(),
    changelog: z.string().min(1),
    inputSchema: z.record(z.string(), z.unknown()),
    outputSchema: z.record(z.string(), z.unknown()),
    resolverBindings: z.record(z.string(), z.unknown()).default({}),
    /** Inputs passed to Pulumi as secret config. */
    secretInputs: z.array(z.string()).default([]),
    /** How deployments of earlier versions carry their parameters into this version. */
    upgrade: UpgradeStepSchema.optional(),
    /** Program entry file, relative to the manifest. */
    program: z.string().min(1).default('index.ts'),
  })
  .strict();

export interface ComponentManifest {
  name: string;
  provider: string;
  semanticType: string;
  description: string;
  version: number;
  changelog: string;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  resolverBindings: ResolverBindings;
  secretInputs: string[];
  upgrade?: UpgradeStep;
  /** Absolute path of the program entry file. */
  programFile: string;
  /** The program's source. */
  code: string;
}

/**
 * Name and version of a component folder, from its manifest alone: enough to tell whether it was
 * imported already, without the cost of checking contracts and bindings.
 */
export function readManifestIdentity(dir: string): { name: string; version: number } {
  const file = path.join(dir, 'component.yaml');
  const text = readUserFile(file);
  // Every start reads the identity of each built-in manifest: plain `name:` and `version:` lines are read
  // without parsing the whole YAML (most of a read-only command's start-up otherwise); anything else is parsed.
  const raw = plainIdentity(text) ?? (parseUserYaml(text, file) as unknown);
  return parseOrThrow(z.object({ name: ComponentName, version: z.number().int().positive() }), raw, file);
}

const IDENTITY_LINE = /^(name|version):[ \t]*([a-z][a-z0-9-]*|[1-9][0-9]{0,8})[ \t]*(?:#.*)?$/gm;

/**
 * `{ name, version }` from a single-document manifest whose top-level `name:` and `version:` are each
 * one plain line (`name: local-vm`, `version: 2`), as YAML reads them; null for any other shape.
 */
function plainIdentity(text: string): { name: string; version: number } | null {
  if (/^(---|\.\.\.)/m.test(text)) return null;
  const found = new Map<string, string[]>();
  for (const [, key, value] of text.matchAll(IDENTITY_LINE)) found.set(key!, [...(found.get(key!) ?? []), value!]);
  const [name] = found.get('name') ?? [];
  const [version] = found.get('version') ?? [];
  if (
    found.get('name')?.length !== 1 ||
    found.get('version')?.length !== 1 ||
    !name ||
    !/^[a-z]/.test(name) ||
    !version ||
    !/^[0-9]+$/.test(version)
  )
    return null;
  return { name, version: Number(version) };
}

/** Reads and fully checks a component folder: manifest schema, contracts, bindings, program file. */
export function loadComponentManifest(dir: string): ComponentManifest {
  const file = path.join(dir, 'component.yaml');
  const raw = parseOrThrow(ComponentManifestSchema, parseUserYaml(readUserFile(file), file), file);
  const inputSchema = checkContractSchema(raw.inputSchema, `${file}: inputSchema`);
  const outputSchema = checkContractSchema(raw.outputSchema, `${file}: outputSchema`);
  const resolverBindings = checkBindings(raw.resolverBindings, inputSchema);
  const inputs = Object.keys((inputSchema.properties ?? {}) as object);
  const unknownSecret = raw.secretInputs.find((key) => !inputs.includes(key));
  if (unknownSecret)
    throw new NimbusError('manifest_invalid', `${file}: secretInputs names ${unknownSecret}, which is not an input`, { file });
  const programFile = path.resolve(dir, raw.program);
  if (!existsSync(programFile)) throw new NimbusError('manifest_invalid', `${file}: the program ${raw.program} does not exist`, { file });
  return { ...raw, inputSchema, outputSchema, resolverBindings, programFile, code: readUserFile(programFile) };
}
