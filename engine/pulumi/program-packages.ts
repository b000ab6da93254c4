/**
 * Which npm packages a Pulumi program may load, and the `node_modules` that gives it exactly those.
 *
 * The Node.js language host looks for resource plugins by walking every package below the program's
 * `node_modules`, and asks for each one it finds on every operation (downloading it when it is not
 * installed). A program that sees the app's whole dependency tree therefore makes Pulumi look for the
 * Proxmox plugin even when it only uses the local provider. Linking only the packages a program imports
 * keeps that lookup to the providers the program really uses.
 */
import { builtinModules, createRequire } from 'node:module';
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';

const requireFromHere = createRequire(import.meta.url);

/** The package every program gets: the Pulumi SDK (the entry and the dynamic-provider shim load it). */
export const PULUMI_SDK = '@pulumi/pulumi';

/**
 * What every program is compiled and run with: the SDK, and Node's types, which the compiler includes by
 * itself from `node_modules/@types` (programs use `require` and `Buffer` inside serialized providers).
 */
export const PROGRAM_BASE_PACKAGES = [PULUMI_SDK, '@types/node'] as const;

/** The DefinitelyTyped package of `name` (`@scope/name` → `@types/scope__name`). */
function typesOf(name: string): string {
  return `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
}

/** The node_modules directory that holds @pulumi/pulumi and the app's other packages. */
export function sharedNodeModulesDir(): string {
  const manifest = requireFromHere.resolve(`${PULUMI_SDK}/package.json`);
  return path.dirname(path.dirname(path.dirname(manifest)));
}

const BUILTINS = new Set(builtinModules);

/** `@scope/name` or `name` from a bare specifier (`lodash/fp` → `lodash`); null for relative paths and Node built-ins. */
export function packageOf(specifier: string): string | null {
  if (!specifier || specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  if (BUILTINS.has(name) || !/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name)) return null;
  return name;
}

// `import … from 'x'`, `export … from 'x'`, `import 'x'`, `import('x')`, `require('x')`, `import x = require('x')`.
// A keyword after a dot is a method (`config.require('name')`), not a module.
const SPECIFIERS = /(?<![.\w$])(?:from|import|require)\s*\(?\s*(['"])([^'"\n]+)\1/g;

/**
 * The packages `code` imports (type-only imports included: the compiler needs their types) and their
 * `@types` packages, plus {@link PROGRAM_BASE_PACKAGES}, sorted. A specifier that only appears in a
 * comment may be listed too; linking it costs nothing, and a package that is not installed is skipped
 * by {@link linkPackages}.
 */
export function packagesUsedBy(code: string): string[] {
  const found = new Set<string>(PROGRAM_BASE_PACKAGES);
  for (const match of code.matchAll(SPECIFIERS)) {
    const name = packageOf(match[2]!);
    if (!name || found.has(name)) continue;
    found.add(name);
    if (!name.startsWith('@types/')) found.add(typesOf(name));
  }
  return [...found].sort();
}

/**
 * Makes `<dir>/node_modules` a directory of links to `packages` in the app's node_modules (those that
 * are installed), replacing the link to the whole tree that older versions made. Idempotent; links to
 * packages no longer listed are left, since a program that is being replaced may still run meanwhile.
 */
export function linkPackages(dir: string, packages: readonly string[]): void {
  const shared = sharedNodeModulesDir();
  const modules = path.join(dir, 'node_modules');
  mkdirSync(dir, { recursive: true });
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) unlinkSync(modules);
  for (const name of packages) {
    const target = path.join(shared, name);
    if (!existsSync(target)) continue;
    const link = path.join(modules, name);
    const current = linkTarget(link);
    if (current === target) continue;
    if (current !== undefined) rmSync(link, { recursive: true, force: true });
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
}

/** Where the link at `file` points; null when it is something else, undefined when there is nothing. */
function linkTarget(file: string): string | null | undefined {
  try {
    return lstatSync(file).isSymbolicLink() ? readlinkSync(file) : null;
  } catch {
    return undefined;
  }
}
