import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { NimbusError } from '../errors.js';

const run = promisify(execFile);

/** The binaries a Node.js Pulumi program with dynamic providers needs, all in one directory. */
export const REQUIRED_BINARIES = ['pulumi', 'pulumi-language-nodejs', 'pulumi-resource-pulumi-nodejs'] as const;

/** A usable Pulumi installation. */
export interface PulumiCli {
  /** Directory holding `pulumi`, the Node.js language host and the dynamic-provider shim. */
  binDir: string;
  command: string;
  version: string;
}

/** The Pulumi CLI (or a binary it needs) is not installed where Nimbus looks. */
export class PulumiCliMissingError extends NimbusError {
  override name = 'PulumiCliMissingError';
  constructor(searched: string[], missing: string) {
    super(
      'pulumi_cli_missing',
      `The Pulumi CLI is not installed (${missing} not found in ${searched.join(', ') || 'any directory'}). ` +
        'Run scripts/ensure-pulumi from the Nimbus folder (it installs or builds it), or set NIMBUS_PULUMI_DIR to the directory holding the pulumi binaries.',
      { searched, missing },
    );
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    // Missing or not executable: the answer is no, and the caller names what it searched.
    return false;
  }
}

/** Directories searched, in order: NIMBUS_PULUMI_DIR, each PATH entry, ~/.pulumi/bin. */
export function candidateDirectories(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = [
    env.NIMBUS_PULUMI_DIR,
    ...(env.PATH ?? '').split(path.delimiter),
    path.join(env.HOME ?? os.homedir(), '.pulumi', 'bin'),
  ].filter((dir): dir is string => Boolean(dir));
  return [...new Set(dirs.map((dir) => path.resolve(dir)))];
}

/** Finds a directory with every {@link REQUIRED_BINARIES} and asks the CLI for its version. */
export async function locatePulumiCli(env: NodeJS.ProcessEnv = process.env): Promise<PulumiCli> {
  const dirs = candidateDirectories(env);
  const withCli = dirs.filter((dir) => isExecutable(path.join(dir, 'pulumi')));
  const complete = withCli.find((dir) => REQUIRED_BINARIES.every((name) => isExecutable(path.join(dir, name))));
  if (!complete) {
    const missing =
      withCli.length === 0 ? 'pulumi' : (REQUIRED_BINARIES.find((name) => !isExecutable(path.join(withCli[0] ?? '', name))) ?? 'pulumi');
    throw new PulumiCliMissingError(dirs, missing);
  }
  const command = path.join(complete, 'pulumi');
  const { stdout } = await run(command, ['version'], { env: { ...env, PULUMI_SKIP_UPDATE_CHECK: 'true' }, timeout: 30_000 });
  return { binDir: complete, command, version: stdout.trim().replace(/^v/, '') };
}
