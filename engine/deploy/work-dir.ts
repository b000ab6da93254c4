import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonSchema } from '../components/json-schema.js';
import { resourcesDir } from '../paths.js';
import { linkPackages, packagesUsedBy } from '../pulumi/program-packages.js';
import { excerpt } from '../text/excerpt.js';
import { installRuntimeFiles } from './runtime-files.js';

/** What a work directory is built from: the pinned version of a component. */
export interface ProgramSource {
  component: string;
  version: number;
  code: string;
  /** The contract, so the entry can hand the program typed `args`. */
  inputSchema?: JsonSchema;
  secretInputs?: string[];
}

/** The JSON type of each input (the first non-null one when the schema lists several). */
export function inputTypes(schema: JsonSchema | undefined): Record<string, string> {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  return Object.fromEntries(
    Object.entries(properties).map(([key, property]) => {
      const type = Array.isArray(property.type) ? (property.type as string[]).find((t) => t !== 'null') : property.type;
      return [key, typeof type === 'string' ? type : 'string'];
    }),
  );
}

let entry: string | undefined;
/** The entry script every work directory runs (read once: work directories are written before every operation). */
function entryProgram(): string {
  return (entry ??= readFileSync(path.join(resourcesDir(), 'runtime', 'nimbus-entry.cjs'), 'utf8'));
}

/** The Pulumi project name of a component's programs (state is kept per project and stack). */
export function projectName(component: string): string {
  return `nimbus-${component}`;
}

/** Where Nimbus's `pulumi-nodejs` provider plugin is kept for the work directories under `workRoot`. */
export function dynamicProviderDir(workRoot: string): string {
  return path.join(workRoot, DYNAMIC_PROVIDER_DIR);
}

/**
 * The plugin Pulumi starts for a work directory's dynamic providers (see
 * resources/runtime/dynamic-provider.cjs): the executable and the script it runs.
 */
const DYNAMIC_PROVIDER_FILES = ['pulumi-resource-pulumi-nodejs', 'dynamic-provider.cjs'] as const;
/** Beside the work directories, under a name no work directory key takes (they are ids and `preview-<id>`). */
const DYNAMIC_PROVIDER_DIR = '.dynamic-provider';
let providerChecked = false;

/**
 * Writes the program of a deployment into `<workRoot>/<key>`: Pulumi.yaml (naming Nimbus's plugin in
 * `<workRoot>/.dynamic-provider` as the one that runs its dynamic providers, so Pulumi starts them
 * without the SDK's whole runtime), the program and a
 * package.json that keeps it CommonJS whatever lies above the data directory, and a node_modules that
 * links only the packages the program imports (so Pulumi looks for no provider plugin it does not use).
 * Pulumi runs the JavaScript the engine compiles from index.ts before an operation that runs the
 * program (see program-compiler.ts), not index.ts itself. Everything in it is derived from the pinned
 * component version, so a deleted work directory is simply written again; Pulumi's state lives in the
 * backend, not here.
 */
export function prepareWorkDir(workRoot: string, key: string, source: ProgramSource): string {
  if (!/^[A-Za-z0-9._-]+$/.test(key)) throw new Error(`work directory key ${excerpt(key)} is not a plain name`);
  const dir = path.join(workRoot, key);
  mkdirSync(dir, { recursive: true });
  const providerDir = dynamicProviderDir(workRoot);
  providerChecked = installRuntimeFiles(providerDir, DYNAMIC_PROVIDER_FILES, providerChecked, [DYNAMIC_PROVIDER_FILES[0]]);
  const files: Record<string, string> = {
    // TypeScript off: Pulumi would compile index.ts again in every work directory; the engine compiles it once.
    'Pulumi.yaml':
      `name: ${projectName(source.component)}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\ndescription: ${source.component}@${source.version} deployed by Nimbus\n` +
      `plugins:\n  providers:\n    - name: pulumi-nodejs\n      path: ${JSON.stringify(providerDir)}\n`,
    'index.ts': source.code,
    // The entry defines `args` from the stack config, then runs index.js, compiled from index.ts by the engine.
    'nimbus-entry.js': entryProgram(),
    'nimbus-inputs.json': `${JSON.stringify({ types: inputTypes(source.inputSchema), secretInputs: source.secretInputs ?? [] }, null, 2)}\n`,
    'package.json': `${JSON.stringify({ name: projectName(source.component), private: true, main: 'nimbus-entry.js' }, null, 2)}\n`,
  };
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== content) writeFileSync(file, content);
  }
  linkPackages(dir, packagesUsedBy(source.code));
  return dir;
}

/** Removes a work directory that is no longer needed (a destroyed deployment, a finished preview). */
export function removeWorkDir(workRoot: string, key: string): void {
  rmSync(path.join(workRoot, key), { recursive: true, force: true });
}
