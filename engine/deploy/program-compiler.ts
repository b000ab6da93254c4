import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { resourcesDir } from '../paths.js';
import { classifyFailure } from '../pulumi/pulumi-errors.js';
import type { StackOperation } from '../pulumi/stack-target.js';

const run = promisify(execFile);
const requireFromHere = createRequire(import.meta.url);

/** Bumped when the way programs are compiled changes, so older cache entries are not used. */
const COMPILE_REVISION = 2;

/** What compiling one program gave: the JavaScript, or ts-node-style diagnostics when it does not compile. */
interface Compiled {
  js: string;
  diagnostics: string;
}

/**
 * Compiles the TypeScript program of each work directory once per distinct program text, instead of
 * Pulumi compiling it again in every work directory (its compile cache is keyed by the file's path, so
 * a new deployment of the same component version paid the whole type check again). The result is
 * cached on disk under `<cacheDir>/<hash>.json`, keyed by the program's text and the TypeScript and
 * Pulumi SDK versions, so it survives restarts and is shared by every deployment of a version; the
 * compilation runs in a child process, off the engine's event loop, and concurrent requests for the
 * same program share one compilation. A program that does not compile fails the operation with
 * `pulumi_compile_error`, as when Pulumi compiled it.
 */
export class ProgramCompiler {
  private readonly pending = new Map<string, Promise<Compiled>>();
  private versions: string | undefined;

  constructor(private readonly cacheDir: string) {}

  /**
   * Writes `<workDir>/index.js` from `<workDir>/index.ts` for an operation that runs the program.
   * Work directories without Nimbus's entry (programs Pulumi compiles itself) are left as they are.
   */
  async prepare(workDir: string, operation: StackOperation): Promise<void> {
    if (operation !== 'up' && operation !== 'preview') return;
    const sourceFile = path.join(workDir, 'index.ts');
    if (!existsSync(path.join(workDir, 'nimbus-entry.js')) || !existsSync(sourceFile)) return;
    const code = readFileSync(sourceFile, 'utf8');
    const key = createHash('sha256').update(`${COMPILE_REVISION}\0${this.toolVersions()}\0${code}`).digest('hex');
    let compiled = this.pending.get(key);
    if (!compiled) {
      compiled = this.compile(key, workDir).finally(() => this.pending.delete(key));
      this.pending.set(key, compiled);
    }
    const { js, diagnostics } = await compiled;
    if (diagnostics) throw classifyFailure({ kind: 'other', text: diagnostics }, operation);
    const target = path.join(workDir, 'index.js');
    if (!existsSync(target) || readFileSync(target, 'utf8') !== js) writeFileSync(target, js);
  }

  /** The TypeScript and Pulumi SDK versions, which decide what a program compiles to. */
  private toolVersions(): string {
    const versionOf = (manifest: { version: string }) => manifest.version;
    return (this.versions ??= [
      versionOf(requireFromHere('typescript/package.json')),
      versionOf(requireFromHere('@pulumi/pulumi/package.json')),
    ].join(' '));
  }

  private async compile(key: string, workDir: string): Promise<Compiled> {
    const file = path.join(this.cacheDir, `${key}.json`);
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as Compiled;
      } catch {
        // A damaged entry is compiled again and replaced.
      }
    }
    const script = path.join(resourcesDir(), 'runtime', 'compile-program.cjs');
    const { stdout } = await run(process.execPath, [script, requireFromHere.resolve('typescript'), workDir], {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 300_000,
    });
    const compiled = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Compiled;
    mkdirSync(this.cacheDir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(compiled));
    renameSync(partial, file);
    return compiled;
  }
}
