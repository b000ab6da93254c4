/**
 * Where a Pulumi program lives and how its state is kept, and the CLI environment that follows from it.
 * Plain data and helpers, free of the Automation API, so the lock and state helpers can share them.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PulumiCli } from './locate-cli.js';

/** Where a program lives and how its state is kept. */
export interface StackTarget {
  cli: PulumiCli;
  /** Directory with Pulumi.yaml and the program. */
  workDir: string;
  stackName: string;
  /** `file://…` by default; any Pulumi backend URL. */
  backendUrl: string;
  passphrase: string;
  /** Isolates Pulumi's own home (plugins, credentials) per data directory. */
  pulumiHome: string;
  config?: Record<string, { value: string; secret?: boolean }>;
  /**
   * A V8 code cache for the Node processes Pulumi starts (program, dynamic provider): `preload`, the
   * script Node loads first (`--require`), keeps compiled code in `dir`. See resources/runtime/compile-cache.cjs.
   */
  codeCache?: { preload: string; dir: string };
  /**
   * More variables for the CLI, such as credentials of an S3 backend (`AWS_ACCESS_KEY_ID`, …) or
   * `PULUMI_ACCESS_TOKEN` for Pulumi Cloud. The fields above win over a variable of the same name.
   */
  extraEnv?: Record<string, string>;
}

/** The environment every CLI run of `target` gets, on top of the engine's own. */
export function cliEnvironment(target: StackTarget): Record<string, string> {
  return {
    ...target.extraEnv,
    ...(target.codeCache ? codeCacheEnvironment(target.codeCache, target.extraEnv?.NODE_OPTIONS ?? process.env.NODE_OPTIONS) : {}),
    PATH: [target.cli.binDir, target.extraEnv?.PATH ?? process.env.PATH ?? ''].join(path.delimiter),
    PULUMI_BACKEND_URL: target.backendUrl,
    PULUMI_CONFIG_PASSPHRASE: target.passphrase,
    PULUMI_HOME: target.pulumiHome,
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: 'true',
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: 'true',
  };
}

/** NODE_OPTIONS that preload the code cache (after any options already set) and where it keeps its files. */
export function codeCacheEnvironment(cache: { preload: string; dir: string }, nodeOptions: string | undefined): Record<string, string> {
  // NODE_OPTIONS splits on spaces outside double quotes and takes backslash escapes inside them, as JSON writes them.
  const preload = `--require ${JSON.stringify(cache.preload)}`;
  return {
    NODE_OPTIONS: nodeOptions?.trim() ? `${nodeOptions.trim()} ${preload}` : preload,
    NIMBUS_COMPILE_CACHE_DIR: cache.dir,
  };
}

/** The state directory of a `file://` backend, or null for any other backend (S3, Pulumi Cloud, …). */
export function fileBackendDir(target: Pick<StackTarget, 'backendUrl'>): string | null {
  return target.backendUrl.startsWith('file://') ? fileURLToPath(target.backendUrl) : null;
}

/** The Pulumi operations Nimbus runs on a stack; `drift` is a refresh preview, which changes nothing. */
export type StackOperation = 'preview' | 'up' | 'destroy' | 'refresh' | 'drift';

/** The housekeeping commands on a stack, named in errors the way operations are. */
export type StackHousekeeping = 'export' | 'import' | 'cancel' | 'outputs' | 'remove' | 'exists';

/** Anything the adapter asks the CLI to do. */
export type PulumiAction = StackOperation | StackHousekeeping;
