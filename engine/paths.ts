import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The data directory for CLI, server and tests: `--data`, else NIMBUS_DATA_DIR, else ~/.nimbus. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? env.NIMBUS_DATA_DIR ?? path.join(os.homedir(), '.nimbus'));
}

/** Where everything lives inside one data directory. */
export function dataPaths(dataDir: string) {
  return {
    root: dataDir,
    pulumiState: path.join(dataDir, 'pulumi', 'state'),
    pulumiHome: path.join(dataDir, 'pulumi', 'home'),
    work: path.join(dataDir, 'work'),
    /** Compiled component programs, keyed by their text: a cache, safe to delete. */
    programs: path.join(dataDir, 'programs'),
    /** V8's compiled code for the Node processes Pulumi starts (see compile-cache.cjs): a cache, safe to delete. */
    nodeCodeCache: path.join(dataDir, 'pulumi', 'code-cache'),
    logs: path.join(dataDir, 'logs'),
    keyFile: path.join(dataDir, 'secret.key'),
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository (or installed app) root: the folder holding package.json and resources/. */
export function appRoot(): string {
  // engine/ when run from source, dist/engine/ when compiled.
  const candidates = [path.resolve(here, '..'), path.resolve(here, '..', '..')];
  return candidates.find((dir) => existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'resources'))) ?? candidates[0]!;
}

/** Bundled resources (built-in programs, catalog): NIMBUS_RESOURCES_DIR or `<app>/resources`. */
export function resourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.NIMBUS_RESOURCES_DIR ?? path.join(appRoot(), 'resources');
}

/** The built renderer served by `nimbus serve`. */
export function rendererDir(): string {
  return path.join(appRoot(), 'dist', 'renderer');
}
