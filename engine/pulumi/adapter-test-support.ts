/**
 * Shared set-up of the adapter's integration tests: the real CLI, a file backend in a temporary
 * directory, and programs from `__fixtures__/<name>/program` copied into their own work directories.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tempDir } from '../test-support/temp-dir.js';
import { locatePulumiCli, type PulumiCli } from './locate-cli.js';
import type { StackTarget } from './stack-target.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');

/** A temporary file backend and Pulumi home, and a way to make stack targets in it. */
export interface AdapterHarness {
  dir: string;
  cli: PulumiCli;
  /**
   * A target for stack `stackName` of fixture `program` (copied once into `work/<workName>`), with
   * `config` as plain values.
   */
  target(
    program: string,
    stackName: string,
    config?: Record<string, string>,
    options?: { workName?: string; extraEnv?: Record<string, string> },
  ): StackTarget;
  /** A directory for the files a test's resources write. */
  filesDir(name: string): string;
  remove(): void;
}

/** Sets up a harness; call `remove()` when done. */
export async function createAdapterHarness(prefix: string): Promise<AdapterHarness> {
  const temp = tempDir(prefix);
  const cli = await locatePulumiCli();
  return {
    dir: temp.dir,
    cli,
    target(program, stackName, config = {}, options = {}) {
      const workDir = path.join(temp.dir, 'work', options.workName ?? stackName);
      if (!existsSync(workDir)) cpSync(path.join(fixtures, program, 'program'), workDir, { recursive: true });
      return {
        cli,
        workDir,
        stackName,
        backendUrl: pathToFileURL(path.join(temp.dir, 'state')).href,
        passphrase: 'adapter-integration-test',
        pulumiHome: path.join(temp.dir, 'pulumi-home'),
        config: Object.fromEntries(Object.entries(config).map(([key, value]) => [key, { value }])),
        ...(options.extraEnv ? { extraEnv: options.extraEnv } : {}),
      };
    },
    filesDir(name) {
      const dir = path.join(temp.dir, 'files', name);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    remove: () => temp.remove(),
  };
}

/** Writes a program directory from file contents, for programs too small to keep as fixtures. */
export function writeProgram(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
}

/** Every live descendant of `pid` (Linux /proc), children before grandchildren. */
export function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      // Field 4 of /proc/<pid>/stat is the parent; the command name before it is in parentheses.
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(')').at(-1)!.trim().split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = [];
  let generation = [pid];
  while (generation.length > 0) {
    generation = [...parents].filter(([, parent]) => generation.includes(parent)).map(([child]) => child);
    found.push(...generation);
  }
  return found;
}
